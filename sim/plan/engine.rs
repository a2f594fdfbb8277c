//! The warning engine (§3.1, §3.3, §4.1–§4.2, §4.8): a pure state machine.
//!
//! At each consultation it is given the observed 24-h rolling-mean AQI so far, the forecast of
//! the same quantity for the coming hours, and any regional warning in force; it decides whether
//! to issue, upgrade, downgrade or lift a warning (or a health advisory). Every threshold and
//! duration comes from [`WarningRules`]. It owns the warning state and the decisions; it knows
//! nothing of weather, emissions, files or clocks — time is an hour index whose hour 0 is a
//! local midnight.
//!
//! Decisions, in the plan's words and this engine's reading of them:
//! - An *episode* is a run of hours with the mean AQI above `heavy_above`; runs less than
//!   `merge_gap_hours` apart are one episode (§3.3.2), judged at its strictest level. The
//!   episode's observed hours count with its forecast hours ("预测或监测").
//! - A level holds when all conditions of one of its criteria hold within the episode (§3.1).
//! - A warning is decided once the forecast onset is at most `lookahead_hours` away, and takes
//!   effect `response_lead_hours` before the onset, never before it is published (§3.3.1, §4.2).
//! - With no warning in force, observed heavy pollution that the forecast does not bring down to
//!   `immediate_improved_at_most` within `immediate_no_improvement_hours` starts a warning at once
//!   (§3.3.1).
//! - A regional warning sets a floor on the level while it is in force (§3.2, §3.3.1).
//! - A warning is upgraded or downgraded as the episode's level changes (§3.3.2); it never falls
//!   below yellow by downgrading: only lifting ends it.
//! - It is lifted when, after its episode has begun, the mean AQI is observed or forecast to
//!   stay at or below `lift_at_most` for at least `lift_for_hours` (§3.3.2), announced in
//!   advance at the last consultation before the improvement; lifting ends the response (§4.8).
//!   A warning whose episode leaves the forecast before it begins is withdrawn.

use super::model::{Level, WarningRules};

/// An hour index; hour 0 is a local midnight.
pub type Hour = i64;

/// What a decision does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A health advisory (提示信息) is published.
    Advisory,
    /// A warning is issued (from nothing or from an advisory).
    Issue,
    Upgrade,
    Downgrade,
    /// The warning or advisory in force ends.
    Lift,
}

impl EventKind {
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Advisory => "advisory",
            EventKind::Issue => "issue",
            EventKind::Upgrade => "upgrade",
            EventKind::Downgrade => "downgrade",
            EventKind::Lift => "lift",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        [
            EventKind::Advisory,
            EventKind::Issue,
            EventKind::Upgrade,
            EventKind::Downgrade,
            EventKind::Lift,
        ]
        .into_iter()
        .find(|k| k.id() == s)
    }
}

/// Why a decision was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// The forecast episode met the level's criteria (§3.1, §3.3.1).
    Forecast,
    /// Heavy pollution was observed and not forecast to improve (§3.3.1).
    Observed,
    /// A national or provincial regional warning (§3.2, §3.3.1).
    Regional,
    /// The air is forecast to stay clean long enough (§3.3.2).
    Improvement,
    /// A warning not yet in effect whose episode left the forecast.
    Withdrawn,
}

/// One decision of the engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    /// The level issued, upgraded or downgraded to; for a lift, the level lifted.
    pub level: Level,
    /// When the approved decision is published to the counties (consultation + approval).
    pub decided_at: Hour,
    /// When it takes effect: the response starts, changes or ends.
    pub effective_at: Hour,
    /// The onset of the episode as seen when deciding (first hour above `heavy_above`), if any.
    pub onset: Option<Hour>,
    pub trigger: Trigger,
}

impl Event {
    /// Hours between publication and the forecast onset (negative when published after it).
    pub fn lead_hours(&self) -> Option<i64> {
        self.onset.map(|o| o - self.decided_at)
    }
}

/// What the engine sees at a consultation.
#[derive(Debug, Clone, Copy)]
pub struct Consultation<'a> {
    pub now: Hour,
    /// Observed rolling-mean AQI for hours `0..=now` (`None` where unknown); may be shorter, in
    /// which case hours before its start are unknown. Its last element is hour `now`.
    pub observed: &'a [Option<f64>],
    /// Forecast rolling-mean AQI for hours `now + 1 ..= now + forecast.len()`.
    pub forecast: &'a [Option<f64>],
    /// The regional warning in force now, if any.
    pub regional: Option<Level>,
}

impl Consultation<'_> {
    /// The value at hour `h`, observed up to `now` and forecast after.
    fn value(&self, h: Hour) -> Option<f64> {
        if h <= self.now {
            let back = self.now - h;
            let len = self.observed.len() as i64;
            if back < len {
                self.observed[(len - 1 - back) as usize]
            } else {
                None
            }
        } else {
            let ahead = (h - self.now - 1) as usize;
            self.forecast.get(ahead).copied().flatten()
        }
    }

    fn last_hour(&self) -> Hour {
        self.now + self.forecast.len() as i64
    }

    fn first_hour(&self) -> Hour {
        self.now + 1 - self.observed.len() as i64
    }
}

/// The current episode as seen at a consultation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Episode {
    onset: Hour,
    end: Hour,
    level: Option<Level>,
}

/// The warning state machine. Create one per season (or replay) and call [`consult`] at every
/// hour for which [`is_consultation`] is true.
///
/// [`consult`]: WarningEngine::consult
/// [`is_consultation`]: WarningEngine::is_consultation
#[derive(Debug, Clone)]
pub struct WarningEngine<'r> {
    rules: &'r WarningRules,
    /// The level decided (in force or pending); `None` when nothing is in force or pending.
    level: Option<Level>,
    /// When the current level takes (or took) effect.
    since: Hour,
    /// The onset of the episode the warning in force was issued for (or its decision time, when
    /// no episode was forecast).
    warned_onset: Option<Hour>,
    last_regional: Option<Level>,
}

impl<'r> WarningEngine<'r> {
    pub fn new(rules: &'r WarningRules) -> Self {
        WarningEngine {
            rules,
            level: None,
            since: Hour::MIN,
            warned_onset: None,
            last_regional: None,
        }
    }

    /// The level decided most recently (in force or pending), if any.
    pub fn level(&self) -> Option<Level> {
        self.level
    }

    /// Whether a consultation is held at hour `now` (§3.2): the daily one; every
    /// `consult_every_hours_during_warning` while an advisory or warning is decided; every
    /// `consult_every_hours_realtime` while heavy pollution is observed with no warning; and
    /// whenever the regional warning changes.
    pub fn is_consultation(
        &self,
        now: Hour,
        observed_now: Option<f64>,
        regional: Option<Level>,
    ) -> bool {
        let r = self.rules;
        let hour_of_day = now.rem_euclid(24);
        let since_daily = (hour_of_day - r.daily_consultation_hour as i64).rem_euclid(24);
        if since_daily == 0 || regional != self.last_regional {
            return true;
        }
        let warning = self.level.is_some_and(Level::is_warning);
        if self.level.is_some()
            && since_daily % r.consult_every_hours_during_warning.max(1) as i64 == 0
        {
            return true;
        }
        let heavy_now = observed_now.is_some_and(|v| v > r.heavy_above);
        !warning && heavy_now && since_daily % r.consult_every_hours_realtime.max(1) as i64 == 0
    }

    /// Hold a consultation and return the decision taken, if any.
    pub fn consult(&mut self, c: &Consultation<'_>) -> Option<Event> {
        let r = self.rules;
        self.last_regional = c.regional;
        let decided_at = c.now + r.approval_hours as i64;
        let episode = self.current_episode(c);
        let regional = if r.adopt_regional_level {
            c.regional
        } else {
            None
        };
        let forecast_level = episode
            .filter(|e| e.onset <= c.now + r.lookahead_hours as i64)
            .and_then(|e| e.level);
        let required = forecast_level.max(regional);

        if let Some(current) = self.level {
            if regional.is_none() {
                let begun = self.warned_onset.is_none_or(|onset| onset <= c.now);
                if !begun {
                    // Before its episode begins a warning can only be withdrawn, when the
                    // episode has left the forecast.
                    let still_needed =
                        required.is_some_and(|l| l.is_warning() || current == Level::Advisory);
                    if !still_needed {
                        return Some(self.lift(
                            current,
                            decided_at,
                            decided_at,
                            episode,
                            Trigger::Withdrawn,
                        ));
                    }
                } else if let Some(clean_from) = self.lift_point(c) {
                    let effective_at = decided_at.max(clean_from);
                    return Some(self.lift(
                        current,
                        decided_at,
                        effective_at,
                        episode,
                        Trigger::Improvement,
                    ));
                }
            }
            let required = required?;
            let trigger = if regional.is_some_and(|l| l >= required) {
                Trigger::Regional
            } else {
                Trigger::Forecast
            };
            if current == Level::Advisory && required.is_warning() {
                return Some(self.issue(c, required, decided_at, episode, trigger));
            }
            if required > current && current.is_warning() && r.upgrade {
                return Some(self.change(
                    EventKind::Upgrade,
                    required,
                    decided_at,
                    episode,
                    trigger,
                ));
            }
            if required < current && required.is_warning() && r.downgrade {
                return Some(self.change(
                    EventKind::Downgrade,
                    required,
                    decided_at,
                    episode,
                    trigger,
                ));
            }
            if regional.is_some() && current.is_warning() && self.since > decided_at {
                // A regional warning in force cannot wait for the city's own start time: the
                // warning already decided is issued again, in effect now.
                return Some(self.change(
                    EventKind::Issue,
                    current,
                    decided_at,
                    episode,
                    Trigger::Regional,
                ));
            }
            return None;
        }

        let required = required?;
        match episode {
            Some(e) if e.onset <= c.now && regional.is_none_or(|l| l < required) => {
                // The episode is already under way with nothing issued: only the §3.3.1
                // immediate rule may start a warning at its level now; a regional warning in
                // force still sets the floor.
                if self.immediate_rule_holds(c) {
                    Some(self.issue(c, required, decided_at, episode, Trigger::Observed))
                } else {
                    regional.map(|l| self.issue(c, l, decided_at, episode, Trigger::Regional))
                }
            }
            _ => {
                let trigger = if regional.is_some_and(|l| l >= required) {
                    Trigger::Regional
                } else {
                    Trigger::Forecast
                };
                Some(self.issue(c, required, decided_at, episode, trigger))
            }
        }
    }

    fn issue(
        &mut self,
        c: &Consultation<'_>,
        level: Level,
        decided_at: Hour,
        episode: Option<Episode>,
        trigger: Trigger,
    ) -> Event {
        let onset = episode.map(|e| e.onset);
        let mut effective_at = decided_at;
        if trigger == Trigger::Forecast
            && let Some(onset) = onset
            && onset > c.now
        {
            effective_at = effective_at.max(onset - self.rules.response_lead_hours as i64);
        }
        let kind = if level.is_warning() {
            EventKind::Issue
        } else {
            EventKind::Advisory
        };
        if self.level.is_none() {
            self.warned_onset = Some(onset.filter(|o| *o > c.now).unwrap_or(c.now));
        }
        self.level = Some(level);
        self.since = effective_at;
        Event {
            kind,
            level,
            decided_at,
            effective_at,
            onset,
            trigger,
        }
    }

    fn change(
        &mut self,
        kind: EventKind,
        level: Level,
        decided_at: Hour,
        episode: Option<Episode>,
        trigger: Trigger,
    ) -> Event {
        // A regional notice acts at once; a forecast change keeps a pending start time.
        let effective_at = if trigger == Trigger::Regional {
            decided_at
        } else {
            decided_at.max(self.since)
        };
        self.level = Some(level);
        self.since = effective_at;
        Event {
            kind,
            level,
            decided_at,
            effective_at,
            onset: episode.map(|e| e.onset),
            trigger,
        }
    }

    fn lift(
        &mut self,
        level: Level,
        decided_at: Hour,
        effective_at: Hour,
        episode: Option<Episode>,
        trigger: Trigger,
    ) -> Event {
        self.level = None;
        self.since = effective_at;
        self.warned_onset = None;
        Event {
            kind: EventKind::Lift,
            level,
            decided_at,
            effective_at,
            onset: episode.map(|e| e.onset),
            trigger,
        }
    }

    /// §3.3.1: observed heavy pollution now, and no forecast improvement within the window.
    fn immediate_rule_holds(&self, c: &Consultation<'_>) -> bool {
        let r = self.rules;
        let heavy_now = c
            .value(c.now)
            .is_some_and(|v| v > r.immediate_observed_above);
        if !heavy_now {
            return false;
        }
        let window = r.immediate_no_improvement_hours as i64;
        if c.forecast.len() < window as usize {
            return false;
        }
        (c.now + 1..=c.now + window)
            .all(|h| c.value(h).is_none_or(|v| v > r.immediate_improved_at_most))
    }

    /// The first hour from which the mean AQI stays at or below `lift_at_most` for
    /// `lift_for_hours`, if it comes before the next consultation: the lift is announced at the
    /// last consultation before the air improves ("提前发布预警解除信息").
    fn lift_point(&self, c: &Consultation<'_>) -> Option<Hour> {
        let r = self.rules;
        let need = r.lift_for_hours as i64;
        let latest_start = c.now + r.consult_every_hours_during_warning.max(1) as i64;
        let mut run_start: Option<Hour> = None;
        for h in c.now..=c.last_hour() {
            match c.value(h) {
                Some(v) if v <= r.lift_at_most => {
                    let start = *run_start.get_or_insert(h);
                    if h - start + 1 >= need {
                        return Some(start);
                    }
                }
                _ => {
                    run_start = None;
                    if h >= latest_start {
                        return None;
                    }
                }
            }
        }
        None
    }

    /// The first (merged) episode that has not ended before `now`, with its level.
    fn current_episode(&self, c: &Consultation<'_>) -> Option<Episode> {
        let r = self.rules;
        let gap = r.merge_gap_hours as i64;
        let heavy = |h: Hour| c.value(h).is_some_and(|v| v > r.heavy_above);

        // Look back from now until a gap long enough to separate episodes.
        let mut start = c.now;
        let mut quiet = 0;
        let mut h = c.now;
        while h >= c.first_hour() {
            if heavy(h) {
                start = h;
                quiet = 0;
            } else {
                quiet += 1;
                if quiet >= gap.max(1) {
                    break;
                }
            }
            h -= 1;
        }

        let mut onset: Option<Hour> = None;
        let mut end: Hour = 0;
        for h in start..=c.last_hour() {
            if !heavy(h) {
                continue;
            }
            match onset {
                Some(_) if h - end - 1 < gap => end = h,
                Some(_) if end >= c.now => break,
                _ => {
                    onset = Some(h);
                    end = h;
                }
            }
        }
        let onset = onset.filter(|_| end >= c.now)?;
        Some(Episode {
            onset,
            end,
            level: self.classify(c, onset, end),
        })
    }

    /// The strictest level whose criteria hold within `[onset, end]`.
    fn classify(&self, c: &Consultation<'_>, onset: Hour, end: Hour) -> Option<Level> {
        self.rules
            .levels
            .iter()
            .rev()
            .find(|rule| {
                rule.criteria.iter().any(|all_of| {
                    all_of.iter().all(|cond| {
                        let mut longest = 0i64;
                        let mut run = 0i64;
                        for h in onset..=end {
                            if c.value(h).is_some_and(|v| cond.holds_for(v)) {
                                run += 1;
                                longest = longest.max(run);
                            } else {
                                run = 0;
                            }
                        }
                        longest >= cond.for_hours as i64
                    })
                })
            })
            .map(|rule| rule.level)
    }
}

/// The level in effect at hour `t` given the events in the order they were decided.
///
/// A decision may supersede one that has not yet taken effect (a regional notice upgrading a
/// warning that was due to start tomorrow): the level in effect is the one set by the most
/// recently decided event that has already taken effect.
pub fn level_at(events: &[Event], t: Hour) -> Option<Level> {
    // The last decided of those in effect: searched from the end, where it usually is.
    events
        .iter()
        .rev()
        .find(|e| e.effective_at <= t)
        .and_then(|e| match e.kind {
            EventKind::Lift => None,
            _ => Some(e.level),
        })
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
