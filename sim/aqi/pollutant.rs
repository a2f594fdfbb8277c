//! The seven sub-indices that make up an AQI.

use std::fmt;

/// A sub-index of the AQI, in the fixed order used everywhere in smogsim (arrays, output
/// columns, lists of primary pollutants). O3 has two: its 1-hour and its 8-hour value.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pollutant {
    So2,
    No2,
    Pm10,
    Co,
    O3_1h,
    O3_8h,
    Pm25,
}

impl Pollutant {
    pub const ALL: [Pollutant; 7] = [
        Pollutant::So2,
        Pollutant::No2,
        Pollutant::Pm10,
        Pollutant::Co,
        Pollutant::O3_1h,
        Pollutant::O3_8h,
        Pollutant::Pm25,
    ];

    /// `SO2`, `NO2`, `PM10`, `CO`, `O3_1h`, `O3_8h`, `PM2.5`.
    pub fn name(self) -> &'static str {
        ["SO2", "NO2", "PM10", "CO", "O3_1h", "O3_8h", "PM2.5"][self as usize]
    }

    /// Position in [`Pollutant::ALL`] and in sub-index arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Pollutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_fixed_order() {
        let names: Vec<String> = Pollutant::ALL.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            names,
            ["SO2", "NO2", "PM10", "CO", "O3_1h", "O3_8h", "PM2.5"]
        );
        assert!(
            Pollutant::ALL
                .iter()
                .enumerate()
                .all(|(i, p)| p.index() == i)
        );
    }
}
