//! Verification of yes/no forecasts of an event (e.g. daily AQI > 200).

/// Lead days over which a forecast product is verified: the 24-h means ending 1 … 5 days after
/// it (operational city AQI forecasts cover 5 days).
pub const LEAD_DAYS: usize = 5;

/// Verify one forecast product made at hour `now` against `truth` (hourly rolling AQI): at each
/// lead of k + 1 days, is the 24-h mean ending then forecast, and observed, above `above`?
pub fn verify_product(
    forecast: &[Option<f64>],
    truth: &[f64],
    now: usize,
    above: f64,
    tables: &mut [Contingency; LEAD_DAYS],
) {
    for (k, table) in tables.iter_mut().enumerate() {
        let lead = (k + 1) * 24;
        if let (Some(Some(f)), Some(o)) = (forecast.get(lead - 1), truth.get(now + lead)) {
            table.add(*f > above, *o > above);
        }
    }
}

/// Counts of forecast against observed events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contingency {
    pub hits: u64,
    pub misses: u64,
    pub false_alarms: u64,
    pub correct_negatives: u64,
}

impl Contingency {
    pub fn add(&mut self, forecast: bool, observed: bool) {
        match (forecast, observed) {
            (true, true) => self.hits += 1,
            (false, true) => self.misses += 1,
            (true, false) => self.false_alarms += 1,
            (false, false) => self.correct_negatives += 1,
        }
    }

    pub fn merge(&mut self, other: &Contingency) {
        self.hits += other.hits;
        self.misses += other.misses;
        self.false_alarms += other.false_alarms;
        self.correct_negatives += other.correct_negatives;
    }

    fn ratio(num: u64, den: u64) -> f64 {
        if den == 0 {
            f64::NAN
        } else {
            num as f64 / den as f64
        }
    }

    /// Probability of detection (hit rate): hits / observed events.
    pub fn hit_rate(&self) -> f64 {
        Self::ratio(self.hits, self.hits + self.misses)
    }

    /// False-alarm ratio: false alarms / forecast events.
    pub fn false_alarm_ratio(&self) -> f64 {
        Self::ratio(self.false_alarms, self.hits + self.false_alarms)
    }

    /// Threat score (critical success index): hits / (hits + misses + false alarms).
    pub fn threat_score(&self) -> f64 {
        Self::ratio(self.hits, self.hits + self.misses + self.false_alarms)
    }

    /// Frequency bias: forecast events / observed events.
    pub fn bias(&self) -> f64 {
        Self::ratio(self.hits + self.false_alarms, self.hits + self.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_their_definitions() {
        let mut c = Contingency::default();
        for (f, o, n) in [
            (true, true, 3),
            (false, true, 5),
            (true, false, 2),
            (false, false, 90),
        ] {
            for _ in 0..n {
                c.add(f, o);
            }
        }
        assert_eq!(c.hit_rate(), 3.0 / 8.0);
        assert_eq!(c.false_alarm_ratio(), 2.0 / 5.0);
        assert_eq!(c.threat_score(), 0.3);
        assert_eq!(c.bias(), 5.0 / 8.0);
        assert!(Contingency::default().threat_score().is_nan());
    }
}
