//! Replaying an observed series through the warning engine with a perfect forecast.
//!
//! Owns the replay loop of `smogsim hindcast`: at every consultation hour the forecast is what
//! was later observed. Knows nothing of files or of how the series was measured.

use super::engine::{Consultation, Event, Hour, WarningEngine};
use super::model::{Level, WarningRules};

/// Replay `series` (24-h rolling-mean AQI per hour, hour 0 a local midnight; `None` unknown)
/// through the engine, forecasting perfectly. `regional[h]`, where given, is the regional
/// warning in force at hour `h`. Returns the decisions in order.
pub fn hindcast(
    rules: &WarningRules,
    series: &[Option<f64>],
    regional: &[Option<Level>],
) -> Vec<Event> {
    let mut engine = WarningEngine::new(rules);
    let mut events = Vec::new();
    let horizon = rules.forecast_horizon_hours as usize;
    for now in 0..series.len() {
        let region = regional.get(now).copied().flatten();
        if !engine.is_consultation(now as Hour, series[now], region) {
            continue;
        }
        let end = (now + 1 + horizon).min(series.len());
        let consultation = Consultation {
            now: now as Hour,
            observed: &series[..=now],
            forecast: &series[now + 1..end],
            regional: region,
        };
        if let Some(event) = engine.consult(&consultation) {
            events.push(event);
        }
    }
    events
}
