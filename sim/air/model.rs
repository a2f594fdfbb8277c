//! The city's air hour by hour: a box per county over a regional pool, and the city's
//! concentrations at its monitoring sites.
//!
//! Each county box carries its local excess over the regional pool, ventilated by the wind
//! across the county; the regional box accumulates the region's emissions when the air stagnates
//! and is flushed by clean air when it is ventilated — which is what makes multi-day episodes,
//! and makes a large share of episode PM2.5 transported (evidence §2). The city's value is the
//! monitoring-weighted mean of the counties' totals (local + regional).

use super::boxes::{HourMet, Rates, step};
use super::params::{AirParams, Background};
use super::species::{
    CO, COARSE, Conc, FINE, N, NITRATE, NOX, SO2, SOA, SULFATE, TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR,
    VOC, pm10, pm25,
};

/// Where the counties are and how much each weighs in the city's monitoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Length of each county's box along the wind (√area), km.
    pub length_km: Vec<f64>,
    /// Share of the city's monitoring sites in each county; sums to 1.
    pub monitor_weight: Vec<f64>,
}

impl Geometry {
    pub fn new(area_km2: &[f64], monitor_weight: &[f64]) -> Geometry {
        Geometry {
            length_km: area_km2.iter().map(|a| a.max(1.0).sqrt()).collect(),
            monitor_weight: monitor_weight.to_vec(),
        }
    }

    pub fn counties(&self) -> usize {
        self.length_km.len()
    }
}

/// The city's hourly concentrations at its monitoring sites (CO mg/m³, the rest µg/m³).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CityHour {
    pub so2: f64,
    pub no2: f64,
    pub co: f64,
    pub o3: f64,
    pub pm25: f64,
    pub pm10: f64,
}

/// What drives one hour of the model.
#[derive(Debug, Clone, Copy)]
pub struct HourInput<'a> {
    pub hour_of_day: usize,
    pub month: u8,
    pub met: HourMet,
    /// Per county: the ventilation perturbation of the day.
    pub county_factor: &'a [f64],
    /// The counties' emission fluxes, species by species: `flux[s * counties + c]`, as
    /// [`crate::air::EmissionTable::hour`] gives them.
    pub flux: &'a [f64],
    /// Scales the local fluxes (the day's activity).
    pub local_factor: f64,
    /// Scales the regional pool's sources (which part of the plain the air comes from).
    pub upwind: f64,
}

impl CityHour {
    /// Every concentration times `f` (what the monitors report of the model's mean).
    pub fn scaled(self, f: f64) -> CityHour {
        CityHour {
            so2: self.so2 * f,
            no2: self.no2 * f,
            co: self.co * f,
            o3: self.o3 * f,
            pm25: self.pm25 * f,
            pm10: self.pm10 * f,
        }
    }
}

/// The state of the air: each county's local excess and the regional pool.
///
/// The local excess is stored species by species (`local[s * counties + c]`), so that the hourly
/// step runs over the counties of one species at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct AirState {
    pub local: Vec<f64>,
    pub counties: usize,
    pub background: Conc,
    /// Scratch: each county's ventilation rate this hour.
    vent: Vec<f64>,
}

impl AirState {
    /// County `c`'s local excess of species `s`.
    #[inline]
    pub fn local(&self, c: usize, s: usize) -> f64 {
        self.local[s * self.counties + c]
    }

    /// County `c`'s local excess of every species.
    pub fn county(&self, c: usize) -> Conc {
        std::array::from_fn(|s| self.local(c, s))
    }
}

/// The air model of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct AirModel {
    pub params: AirParams,
    pub geometry: Geometry,
    /// 1 / box length per county, km⁻¹.
    inverse_length: Vec<f64>,
    /// Counties with monitoring sites.
    monitored: Vec<usize>,
    background_flux: Conc,
    clean: Conc,
    background_length_km: f64,
}

/// Photochemistry follows daylight (about 07–17 h in winter): sin((h − 7) π / 10), 0 at night.
#[rustfmt::skip]
const SUN: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.309_016_994_374_947_4, 0.587_785_252_292_473_1, 0.809_016_994_374_947_5, 0.951_056_516_295_153_5,
    1.0, 0.951_056_516_295_153_5, 0.809_016_994_374_947_5, 0.587_785_252_292_473_2,
    0.309_016_994_374_947_5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
];

/// Index of a month in the ozone table (October first); months outside the winter take the
/// nearest end.
fn ozone_month(month: u8) -> usize {
    match month {
        10 => 0,
        11 => 1,
        12 => 2,
        1 => 3,
        2 => 4,
        3 => 5,
        4..=6 => 5,
        _ => 0,
    }
}

impl AirModel {
    pub fn new(params: AirParams, background: &Background, geometry: Geometry) -> AirModel {
        let mut flux = [0.0; N];
        let to_flux = TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR;
        flux[SO2] = background.so2 * to_flux;
        flux[NOX] = background.nox * to_flux;
        flux[CO] = background.co * to_flux / 1000.0;
        flux[VOC] = background.vocs * to_flux;
        flux[FINE] = background.pm25 * to_flux;
        flux[COARSE] = (background.pm10 - background.pm25).max(0.0) * to_flux;
        let mut clean = [0.0; N];
        clean[SO2] = background.clean_so2;
        clean[NOX] = background.clean_nox;
        clean[CO] = background.clean_co;
        clean[FINE] = background.clean_pm25;
        clean[COARSE] = background.clean_coarse;
        AirModel {
            params,
            inverse_length: geometry.length_km.iter().map(|l| 1.0 / l).collect(),
            monitored: (0..geometry.counties())
                .filter(|&c| geometry.monitor_weight[c] > 0.0)
                .collect(),
            geometry,
            background_flux: flux,
            clean,
            background_length_km: background.length_km,
        }
    }

    /// Clean air everywhere: the state a season's spin-up starts from.
    pub fn clean_state(&self) -> AirState {
        let counties = self.geometry.counties();
        AirState {
            local: vec![0.0; N * counties],
            counties,
            background: self.clean,
            vent: vec![0.0; counties],
        }
    }

    /// Advance one hour; returns the city's concentrations.
    pub fn step(&self, state: &mut AirState, input: &HourInput<'_>) -> CityHour {
        let HourInput {
            hour_of_day,
            month,
            ref met,
            county_factor,
            flux,
            local_factor,
            upwind,
        } = *input;
        let rates = Rates::new(&self.params, met);
        let wind_km_h = met.wind.max(0.1) * 3.6;
        let mut background_flux = self.background_flux;
        for v in &mut background_flux {
            *v *= upwind;
        }
        step(
            &mut state.background,
            &background_flux,
            wind_km_h / self.background_length_km,
            &self.clean,
            &rates,
        );
        let n = self.geometry.counties();
        for (c, vent) in state.vent.iter_mut().enumerate() {
            *vent = wind_km_h * county_factor[c] * self.inverse_length[c];
        }
        let scale = local_factor * rates.inv_height;
        let AirState { local, vent, .. } = state;
        // Primary species: x = (x + emission + 0) / (1 + ventilation + losses); the local box's
        // inflow is the regional pool, so its excess flows in at zero.
        for s in [SO2, NOX, CO, VOC, FINE, COARSE] {
            let keep = 1.0 + rates.loss[s];
            let x = &mut local[s * n..(s + 1) * n];
            let f = &flux[s * n..(s + 1) * n];
            // Zipped so that the compiler sees no bounds and divides two counties at a time.
            for ((x, f), v) in x.iter_mut().zip(f).zip(vent.iter()) {
                *x = (*x + f * scale) / (keep + v);
            }
        }
        // Secondary particles form from the precursors just updated and share the fine loss.
        let fine_keep = 1.0 + rates.loss[FINE];
        let sulfate_from = rates.sulfate_yield * rates.sulfate_formation;
        let nitrate_from = rates.nitrate_yield * rates.nitrate_formation;
        let soa_from = rates.soa_yield * rates.soa_formation;
        let (precursors, rest) = local.split_at_mut(FINE * n);
        let (so2, nox, voc) = (
            &precursors[SO2 * n..(SO2 + 1) * n],
            &precursors[NOX * n..(NOX + 1) * n],
            &precursors[VOC * n..(VOC + 1) * n],
        );
        let (sulfate, rest) = rest[(SULFATE - FINE) * n..].split_at_mut(n);
        let (nitrate, soa) = rest.split_at_mut(n);
        for c in 0..n {
            let inv = 1.0 / (fine_keep + vent[c]);
            sulfate[c] = (sulfate[c] + sulfate_from * so2[c]) * inv;
            nitrate[c] = (nitrate[c] + nitrate_from * nox[c]) * inv;
            soa[c] = (soa[c] + soa_from * voc[c]) * inv;
        }
        let mut city = [0.0; N];
        let mut local_nox = 0.0;
        for &c in &self.monitored {
            let w = self.geometry.monitor_weight[c];
            for (k, v) in city.iter_mut().enumerate() {
                *v += w * local[k * n + c];
            }
            local_nox += w * local[NOX * n + c];
        }
        for (k, v) in city.iter_mut().enumerate() {
            *v += state.background[k];
        }
        self.city_hour(&city, local_nox, hour_of_day, month)
    }

    /// The reported concentrations of a box mix: NO2 from NOx, PM from its components, and O3
    /// from the regional level less what local NO titrates.
    pub fn city_hour(&self, mix: &Conc, local_nox: f64, hour_of_day: usize, month: u8) -> CityHour {
        let o = &self.params.ozone;
        let afternoon = o.afternoon_by_month[ozone_month(month)];
        let sun = SUN[hour_of_day % 24];
        let regional = afternoon * (o.night_fraction + (1.0 - o.night_fraction) * sun);
        CityHour {
            so2: mix[SO2],
            no2: mix[NOX] * self.params.no2_fraction,
            co: mix[CO],
            o3: (regional - o.titration_per_nox * local_nox).max(0.0),
            pm25: pm25(mix),
            pm10: pm10(mix),
        }
    }

    /// PM2.5 averaged over the counties with `weights` (summing to 1), µg/m³: the
    /// population-weighted exposure, species by species over the counties.
    pub fn weighted_pm25(&self, state: &AirState, weights: &[f64]) -> f64 {
        let n = state.counties;
        let mut local = 0.0;
        for s in [FINE, SULFATE, NITRATE, SOA] {
            local += state.local[s * n..(s + 1) * n]
                .iter()
                .zip(weights)
                .map(|(x, w)| x * w)
                .sum::<f64>();
        }
        local + pm25(&state.background) * weights.iter().sum::<f64>()
    }

    pub fn background_length_km(&self) -> f64 {
        self.background_length_km
    }

    pub fn background_flux(&self) -> &Conc {
        &self.background_flux
    }

    pub fn clean_air(&self) -> &Conc {
        &self.clean
    }
}
