//! One box of air, one hour: emission, ventilation, deposition and secondary formation.
//!
//! A box is a well-mixed layer as deep as the mixing height, ventilated by the wind across its
//! length. Each hour is an implicit (backward Euler) step, so a box never goes negative however
//! strong its losses, and every species' steady state is exact: `C = (source + inflow) / loss`.
//! Sulfate, nitrate and secondary organic aerosol form from the box's own SO2, NOx and VOC,
//! faster in humid air.

use super::params::AirParams;
use super::species::{CO, COARSE, Conc, FINE, N, NITRATE, NOX, SO2, SOA, SULFATE, VOC};

/// The meteorology of one hour that the chemistry and deposition depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourMet {
    /// m/s
    pub wind: f64,
    /// m
    pub mixing_height: f64,
    /// %
    pub rh: f64,
    /// °C
    pub temp: f64,
    /// mm in the hour
    pub precip: f64,
}

/// Per-hour rates shared by every box (per hour, except `inv_height` in 1/m).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub inv_height: f64,
    /// Loss rates other than ventilation, per species.
    pub loss: Conc,
    pub sulfate_formation: f64,
    pub nitrate_formation: f64,
    pub soa_formation: f64,
    /// Particle mass formed per precursor mass lost to each pathway.
    pub sulfate_yield: f64,
    pub nitrate_yield: f64,
    pub soa_yield: f64,
}

fn ramp(x: f64, onset: f64, full: f64) -> f64 {
    ((x - onset) / (full - onset)).clamp(0.0, 1.0)
}

impl Rates {
    pub fn new(p: &AirParams, met: &HourMet) -> Rates {
        let h = met.mixing_height.max(10.0);
        let c = &p.chemistry;
        let d = &p.deposition;
        // Aqueous and heterogeneous formation grows steeply with humidity (evidence §3: sulfate
        // formation rises above ~45 % RH and much faster above 80 %): a squared ramp.
        let wet_s = ramp(met.rh, c.sulfate_rh_onset, c.sulfate_rh_full);
        let wet_n = ramp(met.rh, c.nitrate_rh_onset, c.nitrate_rh_full);
        let sulfate_formation = c.sulfate_dry_per_hour + c.sulfate_wet_per_hour * wet_s * wet_s;
        let nitric = c.nitrate_dry_per_hour + c.nitrate_wet_per_hour * wet_n * wet_n;
        // Ammonium nitrate evaporates in warm air: only the particulate share forms nitrate.
        let particulate = p.nitrate_particulate(met.temp);
        let rain = met.precip.max(0.0);
        let wet = |per_mm: f64| (per_mm * rain).min(d.wet_max_per_hour);
        let dry = |v: f64| v * 3600.0 / h;
        let mut loss = [0.0; N];
        loss[SO2] = dry(d.so2) + wet(d.wet_gas_per_mm) + sulfate_formation;
        loss[NOX] = dry(d.nox) + wet(d.wet_gas_per_mm) * 0.2 + nitric;
        loss[CO] = 0.0;
        loss[VOC] = c.soa_per_hour;
        let fine = dry(d.fine) + wet(d.wet_fine_per_mm);
        loss[FINE] = fine;
        loss[SULFATE] = fine;
        loss[NITRATE] = fine;
        loss[SOA] = fine;
        loss[COARSE] = dry(d.coarse) + wet(d.wet_coarse_per_mm);
        Rates {
            inv_height: 1.0 / h,
            loss,
            sulfate_formation,
            nitrate_formation: nitric * particulate,
            soa_formation: c.soa_per_hour,
            sulfate_yield: c.sulfate_mass_per_so2,
            nitrate_yield: c.nitrate_mass_per_no2,
            soa_yield: c.soa_yield,
        }
    }
}

/// Advance `c` by one hour. `flux` is the emission per unit area (µg/m²/h; CO in mg/m²/h),
/// `vent` the ventilation rate (per hour), `inflow` the concentrations of the air ventilating
/// the box.
#[inline]
pub fn step(c: &mut Conc, flux: &Conc, vent: f64, inflow: &Conc, r: &Rates) {
    for s in [SO2, NOX, CO, VOC, FINE, COARSE] {
        c[s] = (c[s] + flux[s] * r.inv_height + vent * inflow[s]) / (1.0 + vent + r.loss[s]);
    }
    let fine_keep = 1.0 / (1.0 + vent + r.loss[FINE]);
    c[SULFATE] =
        (c[SULFATE] + r.sulfate_yield * r.sulfate_formation * c[SO2] + vent * inflow[SULFATE])
            * fine_keep;
    c[NITRATE] =
        (c[NITRATE] + r.nitrate_yield * r.nitrate_formation * c[NOX] + vent * inflow[NITRATE])
            * fine_keep;
    c[SOA] = (c[SOA] + r.soa_yield * r.soa_formation * c[VOC] + vent * inflow[SOA]) * fine_keep;
}
