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
    CO, COARSE, Conc, FINE, N, NOX, SO2, TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR, VOC, pm10, pm25,
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

/// The state of the air: each county's local excess and the regional pool.
#[derive(Debug, Clone, PartialEq)]
pub struct AirState {
    pub local: Vec<Conc>,
    pub background: Conc,
}

/// The air model of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct AirModel {
    pub params: AirParams,
    pub geometry: Geometry,
    background_flux: Conc,
    clean: Conc,
    background_length_km: f64,
}

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
            geometry,
            background_flux: flux,
            clean,
            background_length_km: background.length_km,
        }
    }

    /// Clean air everywhere: the state a season's spin-up starts from.
    pub fn clean_state(&self) -> AirState {
        AirState {
            local: vec![[0.0; N]; self.geometry.counties()],
            background: self.clean,
        }
    }

    /// Advance one hour. `county_factor[c]` perturbs county `c`'s ventilation; `flux[c]` is its
    /// emission flux this hour. Returns the city's concentrations.
    pub fn step(
        &self,
        state: &mut AirState,
        hour_of_day: usize,
        month: u8,
        met: &HourMet,
        county_factor: &[f64],
        flux: &[Conc],
    ) -> CityHour {
        let rates = Rates::new(&self.params, met);
        let wind_km_h = met.wind.max(0.1) * 3.6;
        step(
            &mut state.background,
            &self.background_flux,
            wind_km_h / self.background_length_km,
            &self.clean,
            &rates,
        );
        let zero = [0.0; N];
        let mut city = [0.0; N];
        let mut local_nox = 0.0;
        for c in 0..self.geometry.counties() {
            let vent = wind_km_h * county_factor[c] / self.geometry.length_km[c];
            let local = &mut state.local[c];
            step(local, &flux[c], vent, &zero, &rates);
            let w = self.geometry.monitor_weight[c];
            if w > 0.0 {
                for (k, v) in city.iter_mut().enumerate() {
                    *v += w * local[k];
                }
                local_nox += w * local[NOX];
            }
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
        // Photochemistry follows daylight (about 07–17 h in winter).
        let sun = ((hour_of_day as f64 - 7.0) * std::f64::consts::PI / 10.0)
            .sin()
            .max(0.0);
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
