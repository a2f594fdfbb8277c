//! The model's species: what each box carries.
//!
//! Gases and primary particles are emitted; sulfate, nitrate and secondary organic aerosol form
//! from them. CO is in mg/m³, everything else in µg/m³ (sulfate and nitrate as their ammonium
//! salts, since ammonia is abundant on the North China Plain).

pub const SO2: usize = 0;
/// NOx as NO2 mass.
pub const NOX: usize = 1;
pub const CO: usize = 2;
pub const VOC: usize = 3;
/// Primary PM2.5.
pub const FINE: usize = 4;
/// Primary PM10 − PM2.5.
pub const COARSE: usize = 5;
pub const SULFATE: usize = 6;
pub const NITRATE: usize = 7;
pub const SOA: usize = 8;
/// Number of species.
pub const N: usize = 9;

/// Concentrations of every species in one box.
pub type Conc = [f64; N];

/// µg/m³ of concentration change per hour in a 1 m deep layer from 1 t/km²/yr:
/// 10¹² µg / (10⁶ m² × 8760 h).
pub const TONNES_PER_KM2_YEAR_TO_UG_M2_HOUR: f64 = 1e12 / (1e6 * 8760.0);

/// PM2.5 of a box.
pub fn pm25(c: &Conc) -> f64 {
    c[FINE] + c[SULFATE] + c[NITRATE] + c[SOA]
}

/// PM10 of a box.
pub fn pm10(c: &Conc) -> f64 {
    pm25(c) + c[COARSE]
}
