//! Exact non-negative concentrations.
//!
//! IAQI is rounded up, so the last bit of a binary float decides the answer whenever a value sits
//! on a rounding threshold (CO 2.2 mg/m³ is 55 exactly, but 2.2 as f64 computes to 55.000…014
//! and would round up to 56). A [`Concentration`] therefore holds a decimal as an integer count of
//! 10⁻¹⁹ units; an f64 enters through its shortest round-trip decimal, which is the number the
//! user wrote.

use std::fmt::{self, Write as _};
use std::str::FromStr;

/// Decimal places held exactly. A 19th, "sticky", place records that non-zero digits were cut.
///
/// Cutting is exact for IAQI: every breakpoint is an integer and every rounding threshold a
/// multiple of 10⁻¹⁸ (checked when the table loads), so a value strictly between two multiples
/// of 10⁻¹⁸ can stand for any other value strictly between the same two.
pub(crate) const EXACT_PLACES: u32 = 18;
const PLACES: u32 = EXACT_PLACES + 1;
/// The unit count of 1 (µg/m³ or mg/m³).
pub(crate) const ONE: u128 = 10u128.pow(PLACES);
/// Integer parts with more digits than this saturate to 10^SATURATION_DIGITS: far above every
/// breakpoint (which the table keeps below 10⁶), and small enough that sums of many hours still
/// fit a u128.
const SATURATION_DIGITS: u32 = 15;

/// A non-negative concentration held exactly as a decimal (up to 18 decimal places). Units are
/// those of the item it is used with: mg/m³ for CO, µg/m³ otherwise.
///
/// Build one from text with [`str::parse`] or from an f64 with [`Concentration::from_f64`] (or
/// `TryFrom<f64>`). Digits below the 18th decimal place and integer parts of 10¹⁵ or more are
/// not kept exactly; neither can change an IAQI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Concentration {
    units: u128,
}

/// Why a number is not a concentration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConcentrationError {
    #[error("not a number: {0:?}")]
    NotANumber(String),
    #[error("negative concentration: {0}")]
    Negative(String),
    #[error("not a finite number: {0}")]
    NotFinite(String),
}

impl Concentration {
    pub const ZERO: Concentration = Concentration { units: 0 };

    /// The exact decimal an f64 stands for: its shortest round-trip representation, so
    /// `from_f64(2.2)` is exactly 2.2. Negative and non-finite values are errors; −0 is 0.
    pub fn from_f64(value: f64) -> Result<Self, ConcentrationError> {
        if !value.is_finite() {
            return Err(ConcentrationError::NotFinite(value.to_string()));
        }
        if value < 0.0 {
            return Err(ConcentrationError::Negative(value.to_string()));
        }
        // Display of f64 is the shortest round-trip decimal and never uses an exponent; the
        // longest (5e-324) has 326 characters. A stack buffer keeps hot loops allocation-free.
        let mut text = StackText::new();
        write!(text, "{value}").map_err(|_| ConcentrationError::NotANumber(value.to_string()))?;
        parse_decimal(text.as_str())
    }

    /// The value in 10⁻¹⁹ units, for exact arithmetic elsewhere in the module.
    pub(crate) fn units(self) -> u128 {
        self.units
    }

    /// The nearest f64.
    pub fn to_f64(self) -> f64 {
        ratio_to_f64(self.units, ONE)
    }
}

impl TryFrom<f64> for Concentration {
    type Error = ConcentrationError;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Concentration::from_f64(value)
    }
}

/// Accepts `[+]digits[.digits][e[+-]digits]` (at least one digit before the exponent). A minus
/// sign is accepted only on zero.
impl FromStr for Concentration {
    type Err = ConcentrationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_decimal(text)
    }
}

/// The value as a plain decimal, trailing zeros removed.
impl fmt::Display for Concentration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.units / ONE;
        let mut fraction = self.units % ONE;
        write!(f, "{whole}")?;
        if fraction != 0 {
            let mut places = PLACES;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                places -= 1;
            }
            write!(f, ".{fraction:0width$}", width = places as usize)?;
        }
        Ok(())
    }
}

fn parse_decimal(text: &str) -> Result<Concentration, ConcentrationError> {
    let not_a_number = || ConcentrationError::NotANumber(text.to_string());
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let digit_run = |from: usize| {
        rest[from..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(rest.len(), |n| from + n)
    };
    let int_end = digit_run(0);
    let int_digits = &rest[..int_end];
    let mut pos = int_end;
    let mut frac_digits: &[u8] = &[];
    if rest.get(pos) == Some(&b'.') {
        let end = digit_run(pos + 1);
        frac_digits = &rest[pos + 1..end];
        pos = end;
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(not_a_number());
    }
    let mut exponent: i64 = 0;
    if matches!(rest.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        let exp_negative = match rest.get(pos) {
            Some(b'-') => {
                pos += 1;
                true
            }
            Some(b'+') => {
                pos += 1;
                false
            }
            _ => false,
        };
        let end = digit_run(pos);
        if end == pos {
            return Err(not_a_number());
        }
        // Beyond a million the exponent only saturates or empties the value, so cap it there
        // instead of overflowing.
        for &d in &rest[pos..end] {
            exponent = (exponent * 10 + i64::from(d - b'0')).min(1_000_000);
        }
        if exp_negative {
            exponent = -exponent;
        }
        pos = end;
    }
    if pos != rest.len() {
        return Err(not_a_number());
    }

    // The value is 0.DIGITS × 10^point, DIGITS being the integer digits then the fraction digits.
    let digits = int_digits.iter().chain(frac_digits).map(|d| d - b'0');
    let point = int_digits.len() as i64 + exponent;
    let Some(first_nonzero) = digits.clone().position(|d| d != 0) else {
        return Ok(Concentration::ZERO);
    };
    if negative {
        return Err(ConcentrationError::Negative(text.to_string()));
    }
    if point - first_nonzero as i64 > i64::from(SATURATION_DIGITS) {
        return Ok(Concentration {
            units: 10u128.pow(SATURATION_DIGITS) * ONE,
        });
    }
    let mut units: u128 = 0;
    let mut cut_nonzero = false;
    for (k, d) in digits.enumerate().skip(first_nonzero) {
        // Digit k has place value 10^(point - 1 - k); in 10⁻¹⁹ units that is 10^(power).
        let power = point - 1 - k as i64 + i64::from(PLACES);
        if power >= 1 {
            units += u128::from(d) * 10u128.pow(power as u32);
        } else if d != 0 {
            cut_nonzero = true;
        }
    }
    if cut_nonzero {
        units += 1;
    }
    Ok(Concentration { units })
}

/// The f64 nearest to `num / den`, correctly rounded.
///
/// Writes the quotient as a decimal with 160 places plus a sticky digit and lets the standard
/// library's correctly rounded parser finish. That is exact whenever `den ≤ 10³⁰` (here `den` is
/// an hour count times 10¹⁹): the quotient is then 0 or above 2⁻¹⁰⁰, where every halfway point
/// between neighbouring f64 values is a multiple of 2⁻¹⁵³ and so has at most 153 decimal places;
/// none can fall strictly inside the 10⁻¹⁶⁰ interval the digits are cut to.
pub(crate) fn ratio_to_f64(num: u128, den: u128) -> f64 {
    const FRACTION_DIGITS: usize = 160;
    let mut text = StackText::new();
    let whole = num / den;
    let mut rem = num % den;
    // Integer part of a u128 has at most 39 digits; the buffer holds them all.
    let _ = write!(text, "{whole}.");
    for _ in 0..FRACTION_DIGITS {
        rem *= 10;
        let _ = text.push((b'0' + (rem / den) as u8) as char);
        rem %= den;
        if rem == 0 {
            break;
        }
    }
    if rem != 0 {
        let _ = text.push('1');
    }
    text.as_str().parse().unwrap_or(f64::NAN)
}

/// A fixed-size text buffer, so number formatting does not allocate.
struct StackText {
    buf: [u8; 400],
    len: usize,
}

impl StackText {
    fn new() -> Self {
        StackText {
            buf: [0; 400],
            len: 0,
        }
    }

    fn push(&mut self, c: char) -> fmt::Result {
        self.write_char(c)
    }

    fn as_str(&self) -> &str {
        // Only whole &str slices are ever copied in, so the prefix is valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Concentration {
        text.parse().unwrap()
    }

    #[test]
    fn parses_plain_decimals_exactly() {
        assert_eq!(c("2.2").units(), 22 * ONE / 10);
        assert_eq!(c("35").units(), 35 * ONE);
        assert_eq!(c("+0.5"), c(".5"));
        assert_eq!(c("7."), c("7"));
        assert_eq!(c("007.500"), c("7.5"));
        assert_eq!(c("1.5e2"), c("150"));
        assert_eq!(c("1500E-1"), c("150"));
        assert_eq!(c("-0"), Concentration::ZERO);
        assert_eq!(c("-0.000"), Concentration::ZERO);
    }

    #[test]
    fn f64_enters_through_its_shortest_decimal() {
        assert_eq!(Concentration::from_f64(2.2).unwrap(), c("2.2"));
        assert_eq!(
            Concentration::from_f64(0.1 + 0.2).unwrap(),
            c("0.30000000000000004")
        );
        assert_eq!(Concentration::from_f64(-0.0).unwrap(), Concentration::ZERO);
        assert_eq!(Concentration::from_f64(1e300).unwrap(), c("1e300"));
        assert!(Concentration::from_f64(5e-324).unwrap() > Concentration::ZERO);
    }

    #[test]
    fn rejects_what_is_not_a_non_negative_number() {
        for bad in [
            "", " ", "abc", ".", "e5", "1e", "1.2.3", "1,5", "NaN", "inf", "1 2", "--1",
        ] {
            assert!(
                matches!(
                    bad.parse::<Concentration>(),
                    Err(ConcentrationError::NotANumber(_))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            "-0.1".parse::<Concentration>(),
            Err(ConcentrationError::Negative(_))
        ));
        assert!(matches!(
            Concentration::from_f64(-1.0),
            Err(ConcentrationError::Negative(_))
        ));
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                Concentration::from_f64(bad),
                Err(ConcentrationError::NotFinite(_))
            ));
        }
    }

    #[test]
    fn cut_digits_leave_a_sticky_unit_and_huge_values_saturate() {
        assert_eq!(c("0.0000000000000000001").units(), 1);
        assert_eq!(c("35.00000000000000000000001").units(), 35 * ONE + 1);
        assert_eq!(c("1e-300").units(), 1);
        assert_eq!(c("1e15"), c("99999999999999999999"));
        assert!(c("999999999999999") < c("1e15"));
        assert_eq!(c("1e1000000000000"), c("1e15"));
        assert_eq!(c("1e-1000000000000").units(), 1);
    }

    #[test]
    fn displays_the_decimal() {
        assert_eq!(c("2.20").to_string(), "2.2");
        assert_eq!(c("150").to_string(), "150");
        assert_eq!(c("0.05").to_string(), "0.05");
    }

    #[test]
    fn ratio_to_f64_rounds_correctly() {
        assert_eq!(ratio_to_f64(22 * ONE, 10 * ONE), 2.2);
        assert_eq!(ratio_to_f64(1, 3), 1.0 / 3.0);
        assert_eq!(ratio_to_f64(0, 7), 0.0);
        assert_eq!(c("75.1").to_f64(), 75.1);
        assert_eq!(ratio_to_f64(2 * ONE, 24 * ONE), 2.0 / 24.0);
    }

    proptest::proptest! {
        // Below 2⁵³ both operands are exact f64 values, and IEEE division rounds correctly.
        #[test]
        fn ratio_to_f64_agrees_with_correctly_rounded_division(
            num in 0u64..1 << 53,
            den in 1u64..1 << 53,
        ) {
            proptest::prop_assert_eq!(
                ratio_to_f64(u128::from(num), u128::from(den)),
                num as f64 / den as f64
            );
        }

        #[test]
        fn display_round_trips(text in "[0-9]{1,6}(\\.[0-9]{1,18})?") {
            let c: Concentration = text.parse().unwrap();
            proptest::prop_assert_eq!(c.to_string().parse::<Concentration>().unwrap(), c);
        }
    }
}
