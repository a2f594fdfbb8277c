//! The individual air quality index (IAQI) of one concentration, computed exactly.
//!
//! IAQI = IAQI_lo + (IAQI_hi − IAQI_lo)·(C − BP_lo)/(BP_hi − BP_lo), rounded up to an integer
//! (进位取整). The concentration is an exact rational and the breakpoints are integers, so the
//! rounding is a ceiling division in integers: no float can land a hair above a threshold.

use super::breakpoints::{AboveTop, Item};
use super::concentration::{Concentration, ConcentrationError, ONE};

impl Item {
    /// The IAQI of `c` on this item's column. `None` when the standard computes none: above the
    /// last breakpoint of SO2 1 h and O3 8 h (800 µg/m³; Table 1 footnotes 2 and 3). Above the
    /// last breakpoint of any other item the IAQI is 500.
    pub fn iaqi(self, c: Concentration) -> Option<u16> {
        iaqi_of_ratio(self, c.units(), ONE)
    }
}

/// The IAQI of an f64 concentration, taken as its shortest decimal (so 2.2 means 2.2).
/// `Ok(None)` when the standard computes none (see [`Item::iaqi`]); an error for negative or
/// non-finite values.
pub fn iaqi(item: Item, c: f64) -> Result<Option<u16>, ConcentrationError> {
    Ok(item.iaqi(Concentration::from_f64(c)?))
}

/// The IAQI of a concentration written as decimal text (e.g. `"2.2"`, `"35.5"`), exactly.
pub fn iaqi_decimal(item: Item, c: &str) -> Result<Option<u16>, ConcentrationError> {
    Ok(item.iaqi(c.parse()?))
}

/// The IAQI of the concentration `num / den` (in the item's unit), for exact means.
///
/// `den` must be an hour count times 10¹⁹ with the count at most a few million, which keeps the
/// products below inside u128 (limits < 10⁶ and IAQI steps ≤ 500).
pub(crate) fn iaqi_of_ratio(item: Item, num: u128, den: u128) -> Option<u16> {
    let limits = item.limits();
    let levels = item.iaqi_levels();
    let above = |limit: u32| num > u128::from(limit) * den;
    let top = limits.len() - 1;
    if above(limits[top]) {
        return match item.above_top() {
            AboveTop::Cap => Some(levels[top]),
            AboveTop::NotComputed => None,
        };
    }
    // The first segment whose upper limit is at or above C; C = 0 lies in the first one.
    let segment = (0..top).find(|&i| !above(limits[i + 1]))?;
    let (bp_lo, bp_hi) = (u128::from(limits[segment]), u128::from(limits[segment + 1]));
    let (iaqi_lo, iaqi_hi) = (levels[segment], levels[segment + 1]);
    let excess = num - bp_lo * den;
    let rise = (excess * u128::from(iaqi_hi - iaqi_lo)).div_ceil((bp_hi - bp_lo) * den);
    // rise ≤ iaqi_hi − iaqi_lo because C ≤ bp_hi.
    Some(iaqi_lo + rise as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(item: Item, c: &str) -> Option<u16> {
        iaqi_decimal(item, c).unwrap()
    }

    #[test]
    fn pm25_worked_values_of_domain_1_7() {
        for (c, expected) in [
            ("0", 0),
            ("35", 50),
            ("35.5", 51),
            ("36", 52),
            ("40", 57),
            ("75", 100),
            ("75.5", 101),
            ("115.2", 151),
            ("150.4", 201),
            ("250", 300),
            ("500", 500),
        ] {
            assert_eq!(at(Item::Pm25_24h, c), Some(expected), "PM2.5 {c}");
        }
    }

    #[test]
    fn co_2_2_is_exactly_55_where_floats_say_56() {
        // The float formula shows the artefact this module exists to avoid.
        let float = 50.0 + (100.0 - 50.0) * (2.2 - 2.0) / (4.0 - 2.0);
        assert!(float > 55.0);
        assert_eq!(at(Item::Co_24h, "2.2"), Some(55));
        assert_eq!(iaqi(Item::Co_24h, 2.2), Ok(Some(55)));
        assert_eq!(iaqi(Item::Co_1h, 5.5), Ok(Some(55)));
    }

    #[test]
    fn every_breakpoint_maps_to_its_iaqi() {
        for item in Item::ALL {
            for (&limit, &level) in item.limits().iter().zip(item.iaqi_levels()) {
                assert_eq!(
                    iaqi(item, f64::from(limit)),
                    Ok(Some(level)),
                    "{item:?} at {limit}"
                );
            }
        }
    }

    #[test]
    fn just_above_a_breakpoint_rounds_up_to_the_next_integer() {
        for item in Item::ALL {
            let limits = item.limits();
            for (i, &limit) in limits[..limits.len() - 1].iter().enumerate() {
                let c = format!("{limit}.000001");
                assert_eq!(
                    at(item, &c),
                    Some(item.iaqi_levels()[i] + 1),
                    "{item:?} {c}"
                );
            }
        }
    }

    #[test]
    fn above_the_top_breakpoint_is_500() {
        for item in Item::ALL {
            if item.above_top() == AboveTop::Cap {
                let top = *item.limits().last().unwrap();
                assert_eq!(at(item, &format!("{top}.1")), Some(500), "{item:?}");
                assert_eq!(iaqi(item, 1e12), Ok(Some(500)), "{item:?}");
            }
        }
    }

    #[test]
    fn so2_1h_and_o3_8h_above_800_have_no_iaqi() {
        assert_eq!(at(Item::So2_1h, "800"), Some(200));
        assert_eq!(at(Item::So2_1h, "800.1"), None);
        assert_eq!(at(Item::So2_1h, "5000"), None);
        assert_eq!(at(Item::O3_8h, "800"), Some(300));
        assert_eq!(at(Item::O3_8h, "801"), None);
        // The 24-h SO2 and 1-h O3 columns go on above 800.
        assert_eq!(at(Item::So2_24h, "801"), Some(201));
        assert_eq!(at(Item::O3_1h, "801"), Some(301));
    }

    #[test]
    fn interpolates_inside_segments() {
        assert_eq!(at(Item::So2_24h, "312.5"), Some(125));
        assert_eq!(at(Item::No2_24h, "60"), Some(75));
        assert_eq!(at(Item::O3_8h, "187.5"), Some(125));
        assert_eq!(at(Item::Pm10_24h, "385"), Some(250));
        // Tiny positive values still round up to 1.
        assert_eq!(at(Item::Pm25_24h, "1e-30"), Some(1));
        // Digits beyond the 18th decimal place still decide which side of a threshold C is on.
        assert_eq!(at(Item::Pm25_24h, "35.00000000000000000000001"), Some(51));
        assert_eq!(at(Item::Co_24h, "2.2000000000000000000000001"), Some(56));
        assert_eq!(at(Item::Co_24h, "2.1999999999999999999999999"), Some(55));
    }

    #[test]
    fn bad_concentrations_are_errors_not_panics() {
        assert!(iaqi(Item::Pm25_24h, -1.0).is_err());
        assert!(iaqi(Item::Pm25_24h, f64::NAN).is_err());
        assert!(iaqi(Item::Pm25_24h, f64::INFINITY).is_err());
        assert!(iaqi_decimal(Item::Pm25_24h, "-3").is_err());
        assert!(iaqi_decimal(Item::Pm25_24h, "x").is_err());
    }
}
