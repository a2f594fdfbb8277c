//! One season's hourly meteorology, stored as arrays (one value per hour) for the hourly loop.

use ndarray::Array2;

/// The synoptic regime of a day (multi-day weather pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Regime {
    /// Strong, dry (usually northerly) flow: pollution is swept out.
    Ventilated = 0,
    Transitional = 1,
    /// Weak wind, shallow mixing layer, humid: pollution accumulates.
    Stagnant = 2,
}

impl Regime {
    pub const ALL: [Regime; 3] = [Regime::Ventilated, Regime::Transitional, Regime::Stagnant];

    /// The regime's direction in the seasonal tilt and in the stagnation balance: −1 ventilated,
    /// 0 transitional, +1 stagnant.
    pub fn stagnation(self) -> f64 {
        match self {
            Regime::Ventilated => -1.0,
            Regime::Transitional => 0.0,
            Regime::Stagnant => 1.0,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Regime::Ventilated => "ventilated",
            Regime::Transitional => "transitional",
            Regime::Stagnant => "stagnant",
        }
    }
}

/// Hourly city meteorology of a season, with per-county ventilation perturbations. Buffers are
/// reused from season to season: [`SeasonWeather::resize`] allocates only when the shape grows.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonWeather {
    /// Regime of each hour (constant within a day).
    pub regime: Vec<Regime>,
    /// 10-m wind speed, m/s.
    pub wind: Vec<f64>,
    /// Mixing-layer height, m.
    pub mixing_height: Vec<f64>,
    /// Relative humidity, %.
    pub rh: Vec<f64>,
    /// Air temperature, °C.
    pub temp: Vec<f64>,
    /// Precipitation, mm in the hour.
    pub precip: Vec<f64>,
    /// Multiplicative perturbation of ventilation (wind × mixing height) per day and county,
    /// around 1.
    pub county_factor: Array2<f64>,
}

impl SeasonWeather {
    pub fn new(hours: usize, counties: usize) -> Self {
        let mut w = SeasonWeather {
            regime: Vec::new(),
            wind: Vec::new(),
            mixing_height: Vec::new(),
            rh: Vec::new(),
            temp: Vec::new(),
            precip: Vec::new(),
            county_factor: Array2::zeros((0, 0)),
        };
        w.resize(hours, counties);
        w
    }

    /// Set the shape, keeping allocations where possible.
    pub fn resize(&mut self, hours: usize, counties: usize) {
        self.regime.resize(hours, Regime::Transitional);
        self.wind.resize(hours, 0.0);
        self.mixing_height.resize(hours, 0.0);
        self.rh.resize(hours, 0.0);
        self.temp.resize(hours, 0.0);
        self.precip.resize(hours, 0.0);
        let days = hours.div_ceil(24);
        if self.county_factor.dim() != (days, counties) {
            self.county_factor = Array2::ones((days, counties));
        }
    }

    pub fn hours(&self) -> usize {
        self.wind.len()
    }

    pub fn counties(&self) -> usize {
        self.county_factor.ncols()
    }
}
