//! The deterministic cycles the weather varies around: the seasonal temperature curve through the
//! monthly means, the mixing layer's daily growth and collapse, and the change from one day's
//! means to the next. Shared by the generator and the fit, so that both read the same curves.

use chrono::{Datelike, NaiveDate};

use super::climate::MixingHeight;

/// Where a date sits in the season, in months: 0 is the start of October, 6 the end of March.
/// Dates outside October–March are held at the nearer end of the season.
pub fn season_position(date: NaiveDate) -> f64 {
    let index = match date.month() {
        10 => 0,
        11 => 1,
        12 => 2,
        1 => 3,
        2 => 4,
        3 => 5,
        4..=6 => return 6.0,
        _ => return 0.0,
    };
    index as f64 + (date.day() as f64 - 0.5) / days_in_month(date) as f64
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day())
}

/// A smooth seasonal temperature curve whose average over each month is that month's mean.
///
/// The curve is piecewise linear through one knot at the middle of each month and continues the
/// end segments straight. A step per month would put a jump of several degrees at every month's
/// end; plain interpolation through the monthly means would miss them (by about a quarter of the
/// month-to-month change), so the knots are solved for instead: an edge month's average is its
/// knot, an inner month's is `(k[i-1] + 6 k[i] + k[i+1]) / 8`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeasonalCurve {
    knots: [f64; 6],
}

impl SeasonalCurve {
    pub fn new(monthly_means: &[f64; 6]) -> SeasonalCurve {
        let t = monthly_means;
        let mut k = [0.0; 6];
        k[0] = t[0];
        k[5] = t[5];
        // k[i-1] + 6 k[i] + k[i+1] = 8 t[i] for i = 1..=4: a tridiagonal system (Thomas).
        let mut diag = [6.0; 4];
        let mut rhs = [8.0 * t[1] - k[0], 8.0 * t[2], 8.0 * t[3], 8.0 * t[4] - k[5]];
        for i in 1..4 {
            let w = 1.0 / diag[i - 1];
            diag[i] -= w;
            rhs[i] -= w * rhs[i - 1];
        }
        k[4] = rhs[3] / diag[3];
        for i in (0..3).rev() {
            k[i + 1] = (rhs[i] - k[i + 2]) / diag[i];
        }
        SeasonalCurve { knots: k }
    }

    /// The curve at a season position (see [`season_position`]).
    pub fn at(&self, x: f64) -> f64 {
        let x = x.clamp(0.0, 6.0);
        let segment = ((x - 0.5).floor().max(0.0) as usize).min(4);
        let t = x - (segment as f64 + 0.5);
        self.knots[segment] + (self.knots[segment + 1] - self.knots[segment]) * t
    }
}

/// The convective mixing layer's share of its daily range at each local hour: 0 at night,
/// growing to 1 at the peak hour and collapsing by the evening, smoothly (sine-squared) at both
/// ends because the layer grows slowly after sunrise and fastest in the late morning.
pub fn mixing_shape(m: &MixingHeight) -> [f64; 24] {
    use std::f64::consts::FRAC_PI_2;
    std::array::from_fn(|h| {
        let t = h as f64;
        if t <= m.growth_start_hour || t >= m.collapse_hour {
            0.0
        } else if t < m.peak_hour {
            (FRAC_PI_2 * (t - m.growth_start_hour) / (m.peak_hour - m.growth_start_hour))
                .sin()
                .powi(2)
        } else {
            (FRAC_PI_2 * (t - m.peak_hour) / (m.collapse_hour - m.peak_hour))
                .cos()
                .powi(2)
        }
    })
}

/// A daily mean seen at hour `t` (0–23) of its day, changing linearly to the neighbouring days'
/// means over `ramp_hours` centred on midnight: a day's meteorology does not switch at 00:00.
#[inline]
pub fn ramp(prev: f64, cur: f64, next: f64, t: f64, ramp_hours: f64) -> f64 {
    let half = 0.5 * ramp_hours;
    if half <= 0.0 {
        cur
    } else if t < half {
        prev + (cur - prev) * (0.5 + 0.5 * t / half)
    } else if t > 24.0 - half {
        cur + (next - cur) * 0.5 * (t - (24.0 - half)) / half
    } else {
        cur
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seasonal_curve_keeps_every_monthly_mean() {
        let means = [13.0, 5.0, -1.0, -3.0, 0.5, 7.0];
        let curve = SeasonalCurve::new(&means);
        // Average the curve over each month's days of the 2020-21 season.
        let start = NaiveDate::from_ymd_opt(2020, 10, 1).unwrap();
        let mut sums = [0.0; 6];
        let mut counts = [0.0; 6];
        for d in 0..182 {
            let date = start + chrono::Duration::days(d);
            let i = season_position(date).floor() as usize;
            sums[i] += curve.at(season_position(date));
            counts[i] += 1.0;
        }
        for i in 0..6 {
            let mean = sums[i] / counts[i];
            assert!(
                (mean - means[i]).abs() < 0.1,
                "month {i}: {mean} vs {}",
                means[i]
            );
        }
    }

    #[test]
    fn the_seasonal_curve_has_no_jump_at_month_ends() {
        let curve = SeasonalCurve::new(&[13.0, 5.0, -1.0, -3.0, 0.5, 7.0]);
        let start = NaiveDate::from_ymd_opt(2020, 10, 1).unwrap();
        for d in 1..182 {
            let a = curve.at(season_position(start + chrono::Duration::days(d - 1)));
            let b = curve.at(season_position(start + chrono::Duration::days(d)));
            assert!((a - b).abs() < 0.6, "day {d}: {a} -> {b}");
        }
    }

    #[test]
    fn the_ramp_is_continuous_across_midnight() {
        let (a, b, c) = (1.0, 3.0, 2.0);
        let end_of_b = ramp(a, b, c, 24.0, 4.0);
        let start_of_c = ramp(b, c, 7.0, 0.0, 4.0);
        assert!((end_of_b - start_of_c).abs() < 1e-12);
        assert_eq!(ramp(a, b, c, 12.0, 4.0), b);
        assert_eq!(ramp(a, b, c, 0.0, 0.0), b);
    }
}
