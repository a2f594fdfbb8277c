//! From the engine's decisions to warnings: each advisory or warning from its first decision to
//! its lift, its peak level and the hours it spent at each level.
//!
//! Owns the reading of an event list as periods. Knows nothing of files or clocks.

use super::engine::{Event, EventKind, Hour, Trigger, level_at};
use super::model::Level;

/// Hour by hour, the warning level in force (as an index of [`Level::WARNINGS`]) and the hours
/// since that level took effect; `None` where no warning is (the advisory is no warning).
pub fn hours_at_level(
    levels: impl IntoIterator<Item = Option<Level>>,
) -> Vec<Option<(usize, u32)>> {
    let mut since: Option<(Level, usize)> = None;
    levels
        .into_iter()
        .enumerate()
        .map(|(t, level)| {
            let level = level.filter(|l| l.is_warning());
            let Some(l) = level else {
                since = None;
                return None;
            };
            let start = match since {
                Some((pl, s)) if pl == l => s,
                _ => {
                    since = Some((l, t));
                    t
                }
            };
            Some((l.warning_index().expect("a warning"), (t - start) as u32))
        })
        .collect()
}

/// One advisory or warning: from the event that started it to the lift that ended it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Index of the first event of the span in the event list.
    pub first_event: usize,
    /// Index of the lift, if the span ended.
    pub lift_event: Option<usize>,
    pub decided_at: Hour,
    /// When it first took effect.
    pub start: Hour,
    /// When it ended (the lift took effect), if it did.
    pub end: Option<Hour>,
    /// The strictest level in effect during the span; the advisory if no warning took effect.
    pub peak: Level,
    /// The first warning level decided (not the advisory), if any.
    pub first_warning: Option<Level>,
    /// Lead of the first decision before the episode onset, in hours.
    pub lead_hours: Option<i64>,
    pub trigger: Trigger,
    /// Whether it was withdrawn before taking effect.
    pub withdrawn: bool,
    /// Hours in effect at each level: advisory, yellow, orange, red.
    pub hours: [i64; 4],
}

impl Span {
    pub fn is_warning(&self) -> bool {
        self.first_warning.is_some()
    }
}

/// The spans of `events` (in decision order); a span still open at `until` ends there for its
/// hour counts but keeps `end = None`.
pub fn spans(events: &[Event], until: Hour) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<Span> = None;
    for (i, e) in events.iter().enumerate() {
        match (e.kind, open.as_mut()) {
            (EventKind::Lift, Some(span)) => {
                span.lift_event = Some(i);
                span.end = Some(e.effective_at);
                span.withdrawn = e.trigger == Trigger::Withdrawn && e.effective_at <= span.start;
                out.push(open.take().expect("open span"));
            }
            (EventKind::Lift, None) => {}
            (_, Some(span)) => {
                // A later decision may bring the start forward (a regional notice).
                span.start = span.start.min(e.effective_at);
                if e.level.is_warning() && span.first_warning.is_none() {
                    span.first_warning = Some(e.level);
                }
            }
            (_, None) => {
                open = Some(Span {
                    first_event: i,
                    lift_event: None,
                    decided_at: e.decided_at,
                    start: e.effective_at,
                    end: None,
                    peak: e.level,
                    first_warning: e.level.is_warning().then_some(e.level),
                    lead_hours: e.lead_hours(),
                    trigger: e.trigger,
                    withdrawn: false,
                    hours: [0; 4],
                });
            }
        }
    }
    out.extend(open);
    for span in &mut out {
        let end = span.end.unwrap_or(until);
        let mut peak = None;
        for t in span.start..end {
            if let Some(level) = level_at(events, t) {
                span.hours[level as usize] += 1;
                peak = peak.max(Some(level));
            }
        }
        if let Some(p) = peak {
            span.peak = p;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, level: Level, decided_at: Hour, effective_at: Hour) -> Event {
        Event {
            kind,
            level,
            decided_at,
            effective_at,
            onset: Some(100),
            trigger: Trigger::Forecast,
        }
    }

    #[test]
    fn a_warning_upgraded_then_lifted_is_one_span_with_hours_per_level() {
        let events = [
            event(EventKind::Advisory, Level::Advisory, 10, 20),
            event(EventKind::Issue, Level::Yellow, 30, 40),
            event(EventKind::Upgrade, Level::Orange, 50, 60),
            event(EventKind::Lift, Level::Orange, 80, 90),
        ];
        let s = spans(&events, 1000);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].hours, [20, 20, 30, 0]);
        assert_eq!(
            (s[0].peak, s[0].first_warning),
            (Level::Orange, Some(Level::Yellow))
        );
        assert_eq!((s[0].start, s[0].end), (20, Some(90)));
        assert_eq!(s[0].lead_hours, Some(90));
    }

    #[test]
    fn an_open_span_counts_hours_until_the_end_of_data() {
        let events = [event(EventKind::Issue, Level::Red, 0, 5)];
        let s = spans(&events, 15);
        assert_eq!((s[0].end, s[0].hours), (None, [0, 0, 0, 10]));
    }

    #[test]
    fn a_withdrawn_warning_has_no_hours() {
        let mut lift = event(EventKind::Lift, Level::Yellow, 12, 12);
        lift.trigger = Trigger::Withdrawn;
        let events = [event(EventKind::Issue, Level::Yellow, 0, 30), lift];
        let s = spans(&events, 100);
        assert!(s[0].withdrawn);
        assert_eq!(s[0].hours, [0; 4]);
        assert_eq!(s[0].peak, Level::Yellow);
    }
}
