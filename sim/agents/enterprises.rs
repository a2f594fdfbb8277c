//! Enterprises on the emission-reduction list, as arrays: what each must do at the level in force
//! in its county, what it actually does, and the emissions it removes.
//!
//! Each warning, every enterprise draws how it will comply — fully, partly or not at all (evading)
//! — with probabilities that depend on its grade and its monitoring (CEMS). Production then ramps
//! towards the delivered cut over hours (a shutdown takes hours, a restart longer), rotating
//! shutdowns follow their batch, guaranteed firms never stop outright, and a stopped process's
//! treatment facilities keep running for the plan's run-on hours. Inspections (see `counties`)
//! find evaders and partial compliers, who then comply fully. Knows nothing of files; the
//! requirements come already resolved from the plan, the guide and the list.

use rand::RngExt;

use crate::plan::Level;
use crate::plan::schema::Grade;
use crate::random::Stream;

/// Model species an enterprise emits, in this order: SO2, NOx, CO, VOCs, fine PM, coarse PM
/// (the air model's first six, which `EmissionTable::reduced_hour` reads in this order).
pub const EMITTED: usize = 6;
/// Positions of the species in [`EMITTED`] arrays.
pub const SO2: usize = 0;
pub const NOX: usize = 1;
pub const CO: usize = 2;
pub const VOC: usize = 3;
pub const FINE: usize = 4;
pub const COARSE: usize = 5;

/// What one enterprise must do at one warning level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// Required production cut, a fraction of normal output.
    pub cut: f64,
    /// Rotating shutdown in this many batches (0: none); the cut is then delivered by stopping
    /// outright on the batch's share of days.
    pub batches: u8,
}

impl Requirement {
    pub const NONE: Requirement = Requirement {
        cut: 0.0,
        batches: 0,
    };

    /// Of every `batches` days, how many a rotating firm stops: enough for at least the
    /// required cut (§4.5: the cut is a minimum), in whole days.
    pub fn stopped_days(&self) -> u32 {
        let b = f64::from(self.batches.max(1));
        ((self.cut * b - 1e-9).ceil().max(0.0) as u32).min(u32::from(self.batches.max(1)))
    }

    /// The cut averaged over a rotation cycle (the cut itself when the firm does not rotate).
    pub fn mean_cut(&self) -> f64 {
        if self.batches > 1 {
            f64::from(self.stopped_days()) / f64::from(self.batches)
        } else {
            self.cut
        }
    }
}

/// How an enterprise complies during one warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compliance {
    Full,
    Partial,
    Evade,
}

/// Probabilities of full and partial compliance (the rest evades).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComplianceOdds {
    pub full: f64,
    pub partial: f64,
}

/// How enterprises behave, from `behaviour.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseBehaviour {
    /// Compliance odds by grade (indexed by [`grade_index`]), without and with CEMS
    /// (continuous monitoring makes evasion riskier).
    pub odds: [[ComplianceOdds; 2]; 6],
    /// The share of the required cut a partial complier delivers.
    pub partial_share: f64,
    /// Hours to go from full production to a stop, and from a stop back to full production.
    pub shutdown_hours: f64,
    pub restart_hours: f64,
    /// Hours treatment facilities keep running after a process stops (plan §4.4.1.1).
    pub treatment_run_on_hours: u32,
    /// The largest cut a guaranteed firm makes (it produces by heat or quota, never stops).
    pub guaranteed_max_cut: f64,
}

pub use crate::world::behaviour::grade_index;

/// A firm on its way to a new cut: from `from`, by `rate` an hour from hour `start`, reaching
/// `target` at hour `end` (the last step being what is left). A ramp waiting for the next step
/// to begin has `start == PENDING`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ramp {
    firm: u32,
    slot: u32,
    from: f64,
    target: f64,
    rate: f64,
    start: i64,
    end: i64,
    emissions: [f64; EMITTED],
    output_per_hour: f64,
}

const PENDING: i64 = i64::MAX;

impl Ramp {
    /// The cut after the steps up to and including hour `h`.
    fn cut_after(&self, h: i64) -> f64 {
        if self.start == PENDING || h < self.start {
            self.from
        } else if h >= self.end {
            self.target
        } else {
            self.from + self.rate * (h - self.start + 1) as f64
        }
    }
}

/// The list as the agents need it: one entry per enterprise.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseSpec {
    pub county: u16,
    /// Index of the inventory sector the firm's emissions belong to (industry or power).
    pub sector: u8,
    /// Annual emissions of the [`EMITTED`] species, t/yr (CO in t).
    pub emissions: [f64; EMITTED],
    /// Requirements at yellow, orange, red.
    pub required: [Requirement; 3],
    pub grade: Grade,
    pub cems: bool,
    pub guaranteed: bool,
    /// Output value per hour of normal production, yuan.
    pub output_per_hour: f64,
}

/// The enterprises of the list, static and dynamic state in parallel arrays.
#[derive(Debug, Clone)]
pub struct Enterprises {
    pub county: Vec<u16>,
    pub sector: Vec<u8>,
    pub emissions: Vec<[f64; EMITTED]>,
    pub required: Vec<[Requirement; 3]>,
    pub grade: Vec<Grade>,
    pub cems: Vec<bool>,
    pub guaranteed: Vec<bool>,
    /// Output value per hour of normal production, yuan.
    pub output_per_hour: Vec<f64>,
    /// The rotation batch each firm belongs to (by position within its county).
    pub batch: Vec<u8>,
    // --- dynamic
    pub compliance: Vec<Compliance>,
    pub detected: Vec<bool>,
    /// The production cut of each firm not ramping (see [`Enterprises::cut_now`]), 0..=1.
    cut: Vec<f64>,
    /// The hour until which a stopped firm's treatment facilities still run.
    pub treatment_until: Vec<i64>,
    /// The hour production stopped outright, while it stays stopped (`i64::MAX` otherwise).
    pub stopped_since: Vec<i64>,
    /// The cut each firm is heading for.
    pub target: Vec<f64>,
    /// Where each ramping firm sits in `active` (`u32::MAX` when it is not ramping).
    active_at: Vec<u32>,
    /// Firms whose cut is not yet at its target.
    active: Vec<Ramp>,
    /// Ramps to begin (or begin again, towards a new target) at the next step.
    pending: Vec<u32>,
    /// Per county and sector, what the ramps under way change the removals by each hour (the
    /// sum of their rates times emissions), and the same for lost output: ramps cost a few
    /// operations when they start and end, not one per firm and hour.
    slope: Vec<[f64; EMITTED]>,
    slope_lost: f64,
    /// Ramp ends by hour, in a ring of buckets longer than any ramp (an entry whose ramp was
    /// redirected is dropped when its hour comes).
    ends: Vec<Vec<(i64, u32)>>,
    /// The hour of the last step.
    last_step: i64,
    /// Output value lost per hour at the cuts now in effect, yuan.
    pub lost_per_hour: f64,
    /// The cut each firm was last found to be asked for (at its last retargeting).
    pub required_now: Vec<f64>,
    /// Firms whose cut is above zero.
    cutting: usize,
    /// The firms of each county, and the firms that rotate at some level.
    by_county: Vec<Vec<u32>>,
    rotating: Vec<u32>,
}

impl Enterprises {
    pub fn new(specs: &[EnterpriseSpec]) -> Enterprises {
        let n = specs.len();
        let mut batch = vec![0u8; n];
        let mut seen_in_county: Vec<u32> = Vec::new();
        for (i, s) in specs.iter().enumerate() {
            let c = s.county as usize;
            if seen_in_county.len() <= c {
                seen_in_county.resize(c + 1, 0);
            }
            // Spread each county's firms over the batches in list order: the plan lets counties
            // arrange rotations (§4.4.2.4 "可在县域内安排轮流停产").
            batch[i] = (seen_in_county[c] % 3) as u8;
            seen_in_county[c] += 1;
        }
        Enterprises {
            county: specs.iter().map(|s| s.county).collect(),
            sector: specs.iter().map(|s| s.sector).collect(),
            emissions: specs.iter().map(|s| s.emissions).collect(),
            required: specs.iter().map(|s| s.required).collect(),
            grade: specs.iter().map(|s| s.grade).collect(),
            cems: specs.iter().map(|s| s.cems).collect(),
            guaranteed: specs.iter().map(|s| s.guaranteed).collect(),
            output_per_hour: specs.iter().map(|s| s.output_per_hour).collect(),
            batch,
            compliance: vec![Compliance::Full; n],
            detected: vec![false; n],
            cut: vec![0.0; n],
            treatment_until: vec![i64::MIN; n],
            stopped_since: vec![i64::MAX; n],
            target: vec![0.0; n],
            active_at: vec![u32::MAX; n],
            active: Vec::with_capacity(n),
            pending: Vec::new(),
            slope: Vec::new(),
            slope_lost: 0.0,
            ends: Vec::new(),
            last_step: i64::MIN,
            lost_per_hour: 0.0,
            required_now: vec![0.0; n],
            cutting: 0,
            by_county: {
                let counties = specs
                    .iter()
                    .map(|s| s.county as usize + 1)
                    .max()
                    .unwrap_or(0);
                let mut v = vec![Vec::new(); counties];
                for (i, s) in specs.iter().enumerate() {
                    v[s.county as usize].push(i as u32);
                }
                v
            },
            rotating: (0..n as u32)
                .filter(|&i| specs[i as usize].required.iter().any(|r| r.batches > 1))
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.county.len()
    }

    pub fn is_empty(&self) -> bool {
        self.county.is_empty()
    }

    /// Back to the start of a season: producing normally, nothing detected.
    pub fn reset(&mut self) {
        self.cut.fill(0.0);
        self.detected.fill(false);
        self.compliance.fill(Compliance::Full);
        self.treatment_until.fill(i64::MIN);
        self.stopped_since.fill(i64::MAX);
        self.target.fill(0.0);
        self.active_at.fill(u32::MAX);
        self.active.clear();
        self.pending.clear();
        self.slope.iter_mut().for_each(|v| *v = [0.0; EMITTED]);
        self.slope_lost = 0.0;
        self.ends.iter_mut().for_each(Vec::clear);
        self.last_step = i64::MIN;
        self.lost_per_hour = 0.0;
        self.required_now.fill(0.0);
        self.cutting = 0;
    }

    /// Each firm of `county` (or of every county when `None`) draws how it will comply with the
    /// warning just relayed to it, and forgets earlier detections.
    pub fn draw_compliance(
        &mut self,
        county: Option<u16>,
        behaviour: &EnterpriseBehaviour,
        rng: &mut Stream,
    ) {
        let firms: Vec<u32> = match county {
            Some(c) => self.firms_of(usize::from(c)).to_vec(),
            None => (0..self.len() as u32).collect(),
        };
        for i in firms.into_iter().map(|i| i as usize) {
            let odds = behaviour.odds[grade_index(self.grade[i])][usize::from(self.cems[i])];
            let full = odds.full;
            let u: f64 = rng.random();
            self.compliance[i] = if u < full {
                Compliance::Full
            } else if u < full + odds.partial {
                Compliance::Partial
            } else {
                Compliance::Evade
            };
            self.detected[i] = false;
        }
    }

    /// The cut firm `i` is asked for at `level` on day `day` of the season (rotations stop a
    /// firm outright on its batch's share of days).
    pub fn required_cut(
        &self,
        i: usize,
        level: Option<Level>,
        day: usize,
        behaviour: &EnterpriseBehaviour,
    ) -> f64 {
        let Some(k) = level.and_then(Level::warning_index) else {
            return 0.0;
        };
        let r = self.required[i][k];
        let cut = if r.batches > 1 {
            let b = u32::from(r.batches);
            if ((day as u32 + u32::from(self.batch[i])) % b) < r.stopped_days() {
                1.0
            } else {
                0.0
            }
        } else {
            r.cut
        };
        if self.guaranteed[i] {
            cut.min(behaviour.guaranteed_max_cut)
        } else {
            cut
        }
    }

    /// The cut firm `i` delivers when asked for `required`.
    pub fn delivered(&self, i: usize, required: f64, behaviour: &EnterpriseBehaviour) -> f64 {
        if self.detected[i] {
            return required;
        }
        match self.compliance[i] {
            Compliance::Full => required,
            Compliance::Partial => required * behaviour.partial_share,
            Compliance::Evade => 0.0,
        }
    }

    /// Set every firm's target cut for the level in force in its county (`level_of_county[c]`) on
    /// day `day`: call when a county's level changes, on each new day of a warning (rotations),
    /// and after inspections. Firms whose cut differs from the new target start ramping.
    pub fn retarget(
        &mut self,
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
    ) {
        for i in 0..self.len() {
            self.retarget_one(i, day, level_of_county, behaviour);
        }
    }

    /// As [`Enterprises::retarget`], for the firms of county `c` only.
    pub fn retarget_county(
        &mut self,
        c: usize,
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
    ) {
        for k in 0..self.by_county.get(c).map_or(0, Vec::len) {
            let i = self.by_county[c][k] as usize;
            self.retarget_one(i, day, level_of_county, behaviour);
        }
    }

    /// As [`Enterprises::retarget`], for the firms listed.
    pub fn retarget_firms(
        &mut self,
        firms: &[u32],
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
    ) {
        for &i in firms {
            self.retarget_one(i as usize, day, level_of_county, behaviour);
        }
    }

    /// The firms of county `c`.
    pub fn firms_of(&self, c: usize) -> &[u32] {
        self.by_county.get(c).map_or(&[], Vec::as_slice)
    }

    /// As [`Enterprises::retarget`], for the firms that rotate (their cut changes by the day).
    pub fn retarget_rotating(
        &mut self,
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
    ) {
        for k in 0..self.rotating.len() {
            let i = self.rotating[k] as usize;
            self.retarget_one(i, day, level_of_county, behaviour);
        }
    }

    fn retarget_one(
        &mut self,
        i: usize,
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
    ) {
        let c = self.county[i] as usize;
        let required = self.required_cut(i, level_of_county[c], day, behaviour);
        self.required_now[i] = required;
        let target = self.delivered(i, required, behaviour);
        if target != self.target[i] {
            self.target[i] = target;
        }
        let at = self.active_at[i];
        if at != u32::MAX {
            let r = &mut self.active[at as usize];
            if r.target != target {
                if r.start != PENDING {
                    // Redirected mid-ramp: stop its slope, start again from where it is.
                    let slot = &mut self.slope[r.slot as usize];
                    for (x, e) in slot.iter_mut().zip(&r.emissions) {
                        *x -= r.rate * e;
                    }
                    self.slope_lost -= r.rate * r.output_per_hour;
                    r.from = r.cut_after(self.last_step);
                    r.start = PENDING;
                    self.pending.push(i as u32);
                }
                r.target = target;
            }
        } else if self.cut[i] != target {
            self.active_at[i] = self.active.len() as u32;
            self.active.push(Ramp {
                firm: i as u32,
                slot: 0,
                from: self.cut[i],
                target,
                rate: 0.0,
                start: PENDING,
                end: PENDING,
                emissions: self.emissions[i],
                output_per_hour: self.output_per_hour[i],
            });
            self.pending.push(i as u32);
        }
    }

    /// Firm `i`'s production cut now, 0..=1.
    pub fn cut_now(&self, i: usize) -> f64 {
        match self.active_at[i] {
            u32::MAX => self.cut[i],
            at => self.active[at as usize].cut_after(self.last_step),
        }
    }

    /// Take ramp `at` out of the active set: the firm rests at `cut`.
    fn finish(&mut self, at: usize, cut: f64) {
        let i = self.active[at].firm as usize;
        self.cut[i] = cut;
        self.active_at[i] = u32::MAX;
        self.active.swap_remove(at);
        if let Some(moved) = self.active.get(at) {
            self.active_at[moved.firm as usize] = at as u32;
        }
    }

    /// Advance the firms that are ramping by one hour, adding the change in what they remove to
    /// `removed[c * sectors + s]` (per county and sector, annual t/yr of each species). Returns
    /// whether any firm is still ramping.
    pub fn ramp(
        &mut self,
        hour: i64,
        behaviour: &EnterpriseBehaviour,
        sectors: usize,
        removed: &mut [[f64; EMITTED]],
    ) -> bool {
        if self.active.is_empty() {
            return false;
        }
        let down = 1.0 / behaviour.shutdown_hours.max(1e-9);
        let up = 1.0 / behaviour.restart_hours.max(1e-9);
        if self.slope.len() != removed.len() {
            self.slope = vec![[0.0; EMITTED]; removed.len()];
        }
        let longest = (1.0 / down.min(up)).ceil() as usize + 2;
        if self.ends.len() < longest {
            self.ends.resize(longest, Vec::new());
        }
        let ring = self.ends.len() as i64;
        self.last_step = hour;
        // Ramps that begin now: their slope starts this hour; each ends where it lands.
        let pending = std::mem::take(&mut self.pending);
        for &i in &pending {
            let at = self.active_at[i as usize];
            if at == u32::MAX {
                continue;
            }
            let r = &mut self.active[at as usize];
            if r.start != PENDING {
                continue;
            }
            if r.from == r.target {
                let cut = r.target;
                self.finish(at as usize, cut);
                continue;
            }
            let i = i as usize;
            let rate = if r.target > r.from { down } else { -up };
            // Ramps of 1/n per hour land on their target in n steps despite rounding.
            let steps = (((r.target - r.from).abs() - 1e-9) / rate.abs())
                .ceil()
                .max(1.0);
            r.slot = (self.county[i] as usize * sectors + self.sector[i] as usize) as u32;
            r.rate = rate;
            r.start = hour;
            r.end = hour + steps as i64 - 1;
            let slot = &mut self.slope[r.slot as usize];
            for (x, e) in slot.iter_mut().zip(&r.emissions) {
                *x += rate * e;
            }
            self.slope_lost += rate * r.output_per_hour;
            self.ends[r.end.rem_euclid(ring) as usize].push((r.end, i as u32));
            if r.from == 0.0 {
                self.cutting += 1;
            }
            if r.from >= 1.0 {
                self.stopped_since[i] = i64::MAX;
            }
        }
        self.pending = pending;
        self.pending.clear();
        for (x, v) in removed.iter_mut().zip(&self.slope) {
            for (a, b) in x.iter_mut().zip(v) {
                *a += b;
            }
        }
        self.lost_per_hour += self.slope_lost;
        // Ramps that land now: their last step is what was left, not a whole rate.
        let mut landing = std::mem::take(&mut self.ends[hour.rem_euclid(ring) as usize]);
        for &(end, i) in &landing {
            if end != hour {
                continue;
            }
            let at = self.active_at[i as usize];
            if at == u32::MAX {
                continue;
            }
            let r = self.active[at as usize];
            if r.start == PENDING || r.end != end {
                continue;
            }
            let before = r.from + r.rate * (r.end - r.start) as f64;
            let correction = (r.target - before) - r.rate;
            let slot = &mut self.slope[r.slot as usize];
            let out = &mut removed[r.slot as usize];
            for k in 0..EMITTED {
                slot[k] -= r.rate * r.emissions[k];
                out[k] += correction * r.emissions[k];
            }
            self.slope_lost -= r.rate * r.output_per_hour;
            self.lost_per_hour += correction * r.output_per_hour;
            let i = i as usize;
            if r.target >= 1.0 && r.from < 1.0 {
                // Treatment facilities run on after the process stops (§4.4.1.1).
                self.treatment_until[i] = hour + i64::from(behaviour.treatment_run_on_hours);
                self.stopped_since[i] = hour;
            }
            if r.target == 0.0 {
                self.cutting -= 1;
            }
            self.finish(at as usize, r.target);
        }
        landing.clear();
        self.ends[hour.rem_euclid(ring) as usize] = landing;
        if self.active.is_empty() {
            // No ramp under way: no slope, exactly.
            self.slope.iter_mut().for_each(|v| *v = [0.0; EMITTED]);
            self.slope_lost = 0.0;
        }
        if self.active.is_empty() && self.cutting == 0 {
            // Everyone back to normal: the running sums of many small changes may have drifted
            // by rounding, but what is removed now is exactly nothing.
            removed.iter_mut().for_each(|r| *r = [0.0; EMITTED]);
            self.lost_per_hour = 0.0;
        }
        !self.active.is_empty()
    }

    /// One hour for tests and simple uses: [`Enterprises::retarget`] then [`Enterprises::ramp`].
    pub fn step(
        &mut self,
        hour: i64,
        day: usize,
        level_of_county: &[Option<Level>],
        behaviour: &EnterpriseBehaviour,
        sectors: usize,
        removed: &mut [[f64; EMITTED]],
    ) -> bool {
        self.retarget(day, level_of_county, behaviour);
        self.ramp(hour, behaviour, sectors, removed)
    }

    /// Whether firm `i`'s treatment facilities are still running at `hour` after a stop.
    pub fn treatment_running(&self, i: usize, hour: i64) -> bool {
        self.cut_now(i) < 1.0 || hour <= self.treatment_until[i]
    }

    /// The cuts the list promises at `level` if every firm complies fully and at once ("on
    /// paper"), as annual emissions removed per county and sector, averaged over a rotation cycle.
    pub fn on_paper(
        &self,
        level: Level,
        behaviour: &EnterpriseBehaviour,
        sectors: usize,
        removed: &mut [[f64; EMITTED]],
    ) {
        let Some(k) = level.warning_index() else {
            return;
        };
        for i in 0..self.len() {
            let mut cut = self.required[i][k].mean_cut();
            if self.guaranteed[i] {
                cut = cut.min(behaviour.guaranteed_max_cut);
            }
            let slot = &mut removed[self.county[i] as usize * sectors + self.sector[i] as usize];
            for (r, e) in slot.iter_mut().zip(&self.emissions[i]) {
                *r += cut * e;
            }
        }
    }
}
