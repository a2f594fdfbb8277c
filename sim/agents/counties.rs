//! The counties: they relay the city's warning notices to their departments and enterprises with
//! a delay (the plan allows 3 hours, §4.2), and inspect enterprises while a warning is in force.
//!
//! Owns each county's level in force (the city's, once relayed), the record of late relays, and
//! the daily inspections that find evaders and partial compliers (continuous monitoring makes
//! finding them likelier); a firm found is made to comply fully and is recorded for the
//! accountability group (§6.2.4). Knows nothing of files.

use rand::RngExt;

use super::enterprises::{Compliance, Enterprises};
use crate::plan::{Hour, Level};
use crate::random::Stream;
use crate::world::behaviour::{Delay, Triangular};

/// How counties behave, from `behaviour.toml` (and the plan's deadline).
#[derive(Debug, Clone, PartialEq)]
pub struct CountyBehaviour {
    /// How long a county takes to relay the city's notice.
    pub relay: Delay,
    /// The plan's deadline for the relay (§4.2: 3 h).
    pub relay_deadline_hours: f64,
    /// How long a county takes to tell the public, and the plan's deadline (§5.2: 2 h).
    pub disclosure: Delay,
    pub disclosure_deadline_hours: f64,
    /// Enterprises each county inspects per day while a warning is in force, by county.
    pub inspections_per_day: Vec<u32>,
    /// Hour of the day inspections happen.
    pub inspection_hour: u32,
    /// Chance that an inspection finds a firm that is not complying, with and without CEMS.
    pub detect_with_cems: f64,
    pub detect_without_cems: f64,
    /// Share of the day's visits that follow leads rather than chance.
    pub lead_share: f64,
    /// Chance a day that a non-complying firm with CEMS shows up as a lead (an alarm).
    pub cems_lead_per_day: f64,
}

/// A draw from a triangular distribution by its inverse distribution function.
fn triangular(t: &Triangular, u: f64) -> f64 {
    let span = t.max - t.min;
    if span <= 0.0 {
        return t.min;
    }
    let f = (t.mode - t.min) / span;
    if u < f {
        t.min + (u * span * (t.mode - t.min)).sqrt()
    } else {
        t.max - ((1.0 - u) * span * (t.max - t.mode)).sqrt()
    }
}

/// A delay, hours: on time, or late with the delay's probability.
pub fn draw_delay(d: &Delay, rng: &mut Stream) -> f64 {
    let late = rng.random::<f64>() < d.late_probability;
    let u = rng.random::<f64>();
    triangular(if late { &d.late } else { &d.on_time }, u)
}

/// A relayed change of level waiting for its time.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pending {
    at: Hour,
    level: Option<Level>,
}

/// The counties' state through a season.
#[derive(Debug, Clone, Default)]
pub struct Counties {
    /// The level in force in each county.
    pub level: Vec<Option<Level>>,
    pending: Vec<Vec<Pending>>,
    /// Relays later than the deadline, and relays in all (one per county and notice).
    pub late_relays: u32,
    pub relays: u32,
    /// Public disclosures later than the deadline (one disclosure per county and notice).
    pub late_disclosures: u32,
    /// Firms found not complying, per county.
    pub detections: Vec<u32>,
    /// Inspections made, per county.
    pub inspections: Vec<u32>,
    inspected: Vec<bool>,
    candidates: Vec<usize>,
    changed: bool,
    /// Per county, whether the last [`Counties::advance`] changed its level.
    pub changed_in: Vec<bool>,
    /// Firms found not complying since the caller last cleared this.
    pub newly_detected: Vec<u32>,
}

impl Counties {
    pub fn new(counties: usize) -> Counties {
        Counties {
            level: vec![None; counties],
            pending: vec![Vec::new(); counties],
            detections: vec![0; counties],
            inspections: vec![0; counties],
            ..Default::default()
        }
    }

    pub fn reset(&mut self) {
        self.level.fill(None);
        self.pending.iter_mut().for_each(Vec::clear);
        self.late_relays = 0;
        self.relays = 0;
        self.late_disclosures = 0;
        self.detections.fill(0);
        self.inspections.fill(0);
        self.inspected.clear();
    }

    /// The city's notice, published at `decided_at`, that from `effective_at` the level is
    /// `level` (`None`: lifted). Each county relays it to its departments after its own delay
    /// (§4.2) and discloses it to the public after another (§5.2); its measures start when the
    /// notice says, or when the relay arrives if that is later.
    pub fn notice(
        &mut self,
        decided_at: Hour,
        effective_at: Hour,
        level: Option<Level>,
        behaviour: &CountyBehaviour,
        rng: &mut Stream,
    ) {
        for pending in &mut self.pending {
            let delay = draw_delay(&behaviour.relay, rng);
            let disclosure = draw_delay(&behaviour.disclosure, rng);
            self.relays += 1;
            if delay > behaviour.relay_deadline_hours {
                self.late_relays += 1;
            }
            if disclosure > behaviour.disclosure_deadline_hours {
                self.late_disclosures += 1;
            }
            pending.push(Pending {
                at: effective_at.max(decided_at + delay.ceil() as Hour),
                level,
            });
        }
    }

    /// Apply the relays due by `hour`. Returns, per county, whether a new warning started there
    /// (from no warning to a warning level), so that its firms draw how they will comply.
    pub fn advance(&mut self, hour: Hour, started: &mut Vec<bool>) {
        started.clear();
        self.changed = false;
        self.changed_in.clear();
        self.changed_in.resize(self.level.len(), false);
        for (c, pending) in self.pending.iter_mut().enumerate() {
            let mut begun = false;
            // Relays take effect in the order the city issued them.
            while let Some(p) = pending.first().copied() {
                if p.at > hour {
                    break;
                }
                pending.remove(0);
                let before = self.level[c].is_some_and(Level::is_warning);
                let after = p.level.is_some_and(Level::is_warning);
                begun |= !before && after;
                // Only a change of warning level changes what anyone must do (an advisory asks
                // nothing of emitters).
                let warning = |l: Option<Level>| l.filter(|l| l.is_warning());
                let differs = warning(self.level[c]) != warning(p.level);
                self.changed |= differs;
                self.changed_in[c] |= differs;
                self.level[c] = p.level;
            }
            started.push(begun);
        }
    }

    /// Whether the last [`Counties::advance`] changed any county's warning level.
    pub fn level_changed(&self) -> bool {
        self.changed
    }

    /// The daily inspections: in every county with a warning in force, up to the day's capacity
    /// of firms asked to cut and not yet inspected during this warning are visited at random.
    pub fn inspect(
        &mut self,
        enterprises: &mut Enterprises,
        asked: impl Fn(usize) -> bool,
        behaviour: &CountyBehaviour,
        rng: &mut Stream,
    ) {
        if self.inspected.len() != enterprises.len() {
            self.inspected = vec![false; enterprises.len()];
        }
        for c in 0..self.level.len() {
            if !self.level[c].is_some_and(Level::is_warning) {
                continue;
            }
            self.candidates.clear();
            self.candidates.extend(
                enterprises
                    .firms_of(c)
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|&i| !self.inspected[i] && asked(i)),
            );
            let capacity = behaviour.inspections_per_day.get(c).copied().unwrap_or(0) as usize;
            // Leads first: CEMS alarms of firms not complying, up to the leads' share of visits.
            let lead_visits = (capacity as f64 * behaviour.lead_share).round() as usize;
            let mut visits: Vec<usize> = Vec::with_capacity(capacity);
            let mut k = 0;
            while k < self.candidates.len() && visits.len() < lead_visits {
                let i = self.candidates[k];
                let lead = enterprises.cems[i]
                    && enterprises.compliance[i] != Compliance::Full
                    && !enterprises.detected[i]
                    && rng.random_bool(behaviour.cems_lead_per_day.clamp(0.0, 1.0));
                if lead {
                    visits.push(self.candidates.swap_remove(k));
                } else {
                    k += 1;
                }
            }
            while visits.len() < capacity && !self.candidates.is_empty() {
                let pick = rng.random_range(0..self.candidates.len());
                visits.push(self.candidates.swap_remove(pick));
            }
            for i in visits {
                self.inspected[i] = true;
                self.inspections[c] += 1;
                if enterprises.compliance[i] != Compliance::Full && !enterprises.detected[i] {
                    let p = if enterprises.cems[i] {
                        behaviour.detect_with_cems
                    } else {
                        behaviour.detect_without_cems
                    };
                    if rng.random_bool(p.clamp(0.0, 1.0)) {
                        enterprises.detected[i] = true;
                        self.detections[c] += 1;
                        self.newly_detected.push(i as u32);
                    }
                }
            }
        }
    }

    /// Forget who was inspected: a new warning in county `c` starts a new round.
    pub fn new_round(&mut self, county: usize, enterprises: &Enterprises) {
        for &i in enterprises.firms_of(county) {
            if let Some(seen) = self.inspected.get_mut(i as usize) {
                *seen = false;
            }
        }
    }
}
