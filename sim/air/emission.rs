//! Hourly emission fluxes of every county through a season, without any warning in force.
//!
//! Owns the time profiles: each sector's annual emissions spread over hours by its diurnal,
//! weekly, heating-season and Spring Festival factors, plus the fireworks of the festival eve.
//! The table depends only on the scenario and its calendar, so it is built once and shared by
//! every season.

use ndarray::ArrayView3;

use super::params::{AirParams, SECTOR_IDS};
use super::species::{CO, COARSE, Conc, FINE, N, NOX, SO2, TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR, VOC};
use crate::calendar::Calendar;

/// Column of each inventory pollutant (so2, nox, pm25, pm10, vocs, co, nh3) in the counties
/// file; NH3 is not a model species (ammonia is abundant: sulfate and nitrate are not limited
/// by it).
pub mod inventory {
    pub const SO2: usize = 0;
    pub const NOX: usize = 1;
    pub const PM25: usize = 2;
    pub const PM10: usize = 3;
    pub const VOCS: usize = 4;
    pub const CO: usize = 5;
    pub const NH3: usize = 6;
    pub const COUNT: usize = 7;
}

/// The model species' annual emissions (t/yr) from one inventory row.
pub fn species_of(row: &[f64]) -> Conc {
    let mut c = [0.0; N];
    c[SO2] = row[inventory::SO2];
    c[NOX] = row[inventory::NOX];
    c[CO] = row[inventory::CO];
    c[VOC] = row[inventory::VOCS];
    c[FINE] = row[inventory::PM25];
    c[COARSE] = (row[inventory::PM10] - row[inventory::PM25]).max(0.0);
    c
}

/// Emission flux per county and hour of the season (µg/m²/h; CO mg/m²/h), hour by hour and
/// within an hour species by species: `flux[(t * N + s) * counties + c]`.
#[derive(Debug, Clone, PartialEq)]
pub struct EmissionTable {
    counties: usize,
    flux: Vec<f64>,
    /// Each sector's time factor at each hour: `profile[s * hours + t]`.
    profile: Vec<f64>,
    /// Flux (µg/m²/h) per t/yr in each county: 1 t/yr over its area.
    to_flux: Vec<f64>,
}

impl EmissionTable {
    /// `emissions[[county, sector, pollutant]]` in t/yr (sectors in [`SECTOR_IDS`] order,
    /// pollutants in [`inventory`] order); `area_km2` and `population` per county.
    pub fn build(
        emissions: ArrayView3<f64>,
        area_km2: &[f64],
        population: &[f64],
        params: &AirParams,
        calendar: &Calendar,
    ) -> EmissionTable {
        let counties = area_km2.len();
        let hours = calendar.hours();
        let mut flux = vec![0.0; hours * N * counties];
        let mut sector_profile = vec![0.0; SECTOR_IDS.len() * hours];
        let per_sector: Vec<Vec<Conc>> = (0..counties)
            .map(|c| {
                (0..SECTOR_IDS.len())
                    .map(|s| {
                        let row: Vec<f64> = (0..inventory::COUNT)
                            .map(|p| emissions[[c, s, p]])
                            .collect();
                        let mut e = species_of(&row);
                        // t/yr over the county's area → µg/m²/h (CO: mg/m²/h).
                        for (k, v) in e.iter_mut().enumerate() {
                            *v *= TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR / area_km2[c];
                            if k == CO {
                                *v /= 1000.0;
                            }
                        }
                        e
                    })
                    .collect()
            })
            .collect();
        for day in 0..calendar.days() {
            let weekday = calendar.weekday[day] as usize;
            for (s, profile) in params.profiles.iter().enumerate() {
                let season = if calendar.heating[day] {
                    profile.heating
                } else {
                    profile.non_heating
                };
                let festival = if calendar.festival[day] {
                    profile.festival
                } else {
                    1.0
                };
                let daily = profile.weekly[weekday] * season * festival;
                for hour in 0..24 {
                    let factor = daily * profile.diurnal[hour];
                    let t = day * 24 + hour;
                    sector_profile[s * hours + t] = factor;
                    for c in 0..counties {
                        for (k, v) in per_sector[c][s].iter().enumerate() {
                            flux[(t * N + k) * counties + c] += v * factor;
                        }
                    }
                }
            }
        }
        add_fireworks(&mut flux, counties, area_km2, population, params, calendar);
        EmissionTable {
            counties,
            flux,
            profile: sector_profile,
            to_flux: area_km2
                .iter()
                .map(|a| TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR / a)
                .collect(),
        }
    }

    /// Sector `s`'s time factor at hour `t`: its emission rate over its annual mean.
    #[inline]
    pub fn profile(&self, s: usize, t: usize) -> f64 {
        self.profile[s * self.hours() + t]
    }

    /// The fluxes of hour `t` once `removed` is taken away: `removed[c * sectors + s]` holds, per
    /// county and sector, the annual emissions (t/yr of species 0..EMITTED: SO2, NOx, CO, VOCs,
    /// fine, coarse) a response removes; they follow the sector's time profile. Writes `out` in
    /// the layout of [`EmissionTable::hour`]; never below zero.
    pub fn reduced_hour(&self, t: usize, removed: &[[f64; 6]], sectors: usize, out: &mut Vec<f64>) {
        out.clear();
        out.extend_from_slice(self.hour(t));
        let n = self.counties;
        for c in 0..n {
            for s in 0..sectors {
                let r = &removed[c * sectors + s];
                if r.iter().all(|v| *v == 0.0) {
                    continue;
                }
                let f = self.profile(s, t) * self.to_flux[c];
                for (k, v) in r.iter().enumerate() {
                    let unit = if k == CO { f / 1000.0 } else { f };
                    let slot = &mut out[k * n + c];
                    *slot = (*slot - v * unit).max(0.0);
                }
            }
        }
    }

    /// The fluxes of every county in hour `t` of the season, species by species:
    /// `hour(t)[s * counties + c]`.
    #[inline]
    pub fn hour(&self, t: usize) -> &[f64] {
        let size = N * self.counties;
        &self.flux[t * size..(t + 1) * size]
    }

    pub fn counties(&self) -> usize {
        self.counties
    }

    pub fn hours(&self) -> usize {
        self.flux.len() / (N * self.counties).max(1)
    }
}

/// Fireworks on the Spring Festival eve, spread by population from 18:00.
fn add_fireworks(
    flux: &mut [f64],
    counties: usize,
    area_km2: &[f64],
    population: &[f64],
    params: &AirParams,
    calendar: &Calendar,
) {
    let fw = &params.fireworks;
    let Some(first_festival_day) = calendar.festival.iter().position(|f| *f) else {
        return;
    };
    // The holiday starts on the eve (除夕): fireworks peak that night.
    let start = first_festival_day * 24 + 18;
    let total_population: f64 = population.iter().sum();
    if total_population <= 0.0 {
        return;
    }
    let per_hour_as_annual = 8760.0 / fw.hours as f64;
    let hours = flux.len() / (N * counties).max(1);
    for t in start..(start + fw.hours as usize).min(hours) {
        for c in 0..counties {
            let share = population[c] / total_population;
            let to_flux = |tonnes: f64| {
                tonnes * share * per_hour_as_annual * TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR
                    / area_km2[c]
            };
            flux[(t * N + FINE) * counties + c] += to_flux(fw.pm25_tonnes);
            flux[(t * N + COARSE) * counties + c] += to_flux(fw.coarse_tonnes);
            flux[(t * N + SO2) * counties + c] += to_flux(fw.so2_tonnes);
        }
    }
}
