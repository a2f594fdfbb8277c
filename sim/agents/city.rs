//! All the city's actors together, hour by hour: the counties relay the city's notices, the
//! enterprises respond to the level in force in their county, traffic and dust follow their
//! county's level, and the emissions removed are summed per county and sector.
//!
//! Owns the order of one hour's responses and the per-season random streams of the actors. The
//! enterprises are stepped only when something can change — a relayed notice, a ramp under way,
//! a new day of rotations, an inspection — so that quiet hours cost nothing.

use super::counties::{Counties, CountyBehaviour};
use super::dust::{self, DustBehaviour, DustCut, DustRow};
use super::enterprises::{EMITTED, EnterpriseBehaviour, EnterpriseSpec, Enterprises};
use super::traffic::{self, TrafficBehaviour, VehicleRow};
use crate::plan::{Hour, Level, Plan};
use crate::random::{Purpose, Stream, stream};

/// Indices of the inventory sectors the actors act on (`world::counties` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectorIndex {
    pub onroad: usize,
    pub nonroad: usize,
    pub dust: usize,
    /// How many sectors there are.
    pub count: usize,
}

/// How every actor behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    pub enterprise: EnterpriseBehaviour,
    pub county: CountyBehaviour,
    pub traffic: TrafficBehaviour,
    pub dust: DustBehaviour,
}

/// What the actors did over a season, for the outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeasonTally {
    /// Per county and inventory sector (`[c * sectors + s]`): how the firms asked to cut chose
    /// to comply at the start of each warning in their county (full, partial, evade).
    pub compliance: Vec<[u32; 3]>,
    /// Per county and inventory sector: firms found not complying by an inspection.
    pub detected: Vec<u32>,
    /// Industrial output value lost to the cuts, yuan.
    pub lost_output_yuan: f64,
    /// Vehicle-days and site-days the measures stopped (county level in force).
    pub vehicle_days: f64,
    pub site_days: f64,
}

/// The actors of one scenario, and their state through a season.
#[derive(Debug, Clone)]
pub struct CityAgents {
    pub enterprises: Enterprises,
    pub counties: Counties,
    pub behaviour: Behaviour,
    sectors: SectorIndex,
    /// Per level: traffic removals per county (road, non-road), delivered and on paper.
    traffic: [Vec<([f64; EMITTED], [f64; EMITTED])>; 3],
    pub traffic_on_paper: [Vec<([f64; EMITTED], [f64; EMITTED])>; 3],
    dust: [Vec<DustCut>; 3],
    pub dust_on_paper: [Vec<DustCut>; 3],
    /// Per level and county: vehicles kept off the road, sites and yards stopped.
    restricted_vehicles: [Vec<f64>; 3],
    stopped_sites: [Vec<f64>; 3],
    /// Whether each firm is asked to cut at some level (its compliance draws are tallied).
    asked: Vec<bool>,
    pub tally: SeasonTally,
    /// The enterprises' removals as of their last step, per county and sector.
    enterprise_removed: Vec<[f64; EMITTED]>,
    /// Everything removed this hour, per county and sector.
    removed: Vec<[f64; EMITTED]>,
    started: Vec<bool>,
    /// No firm cuts or ramps; no county is under a warning; `removed` is all zero.
    enterprises_idle: bool,
    quiet: bool,
    zeroed: bool,
    stale: bool,
    ramping: bool,
    last_day: usize,
    compliance_rng: Stream,
    inspection_rng: Stream,
    relay_rng: Stream,
}

impl CityAgents {
    pub fn new(
        plan: &Plan,
        counties: usize,
        sectors: SectorIndex,
        enterprises: &[EnterpriseSpec],
        vehicles: &[VehicleRow],
        dust_rows: &[DustRow],
        behaviour: Behaviour,
    ) -> CityAgents {
        CityAgents {
            enterprises: Enterprises::new(enterprises),
            counties: Counties::new(counties),
            sectors,
            traffic: traffic::reductions(plan, vehicles, counties, &behaviour.traffic, false),
            traffic_on_paper: traffic::reductions(
                plan,
                vehicles,
                counties,
                &behaviour.traffic,
                true,
            ),
            dust: dust::reductions(plan, dust_rows, counties, &behaviour.dust, false),
            dust_on_paper: dust::reductions(plan, dust_rows, counties, &behaviour.dust, true),
            restricted_vehicles: traffic::restricted_vehicles(
                plan,
                vehicles,
                counties,
                &behaviour.traffic,
            ),
            stopped_sites: dust::stopped_sites(plan, dust_rows, counties),
            asked: enterprises
                .iter()
                .map(|e| e.required.iter().any(|r| r.cut > 0.0))
                .collect(),
            tally: SeasonTally {
                compliance: vec![[0; 3]; counties * sectors.count],
                detected: vec![0; counties * sectors.count],
                ..SeasonTally::default()
            },
            behaviour,
            enterprise_removed: vec![[0.0; EMITTED]; counties * sectors.count],
            removed: vec![[0.0; EMITTED]; counties * sectors.count],
            started: Vec::new(),
            enterprises_idle: true,
            quiet: true,
            zeroed: false,
            stale: false,
            ramping: false,
            last_day: usize::MAX,
            compliance_rng: stream(0, 0, Purpose::Compliance, 0),
            inspection_rng: stream(0, 0, Purpose::Inspection, 0),
            relay_rng: stream(0, 0, Purpose::Inspection, 1),
        }
    }

    pub fn sectors(&self) -> SectorIndex {
        self.sectors
    }

    /// A new season: everyone produces and drives normally; the season's own streams.
    pub fn start_season(&mut self, seed: u64, season: u64) {
        self.enterprises.reset();
        self.counties.reset();
        self.enterprise_removed
            .iter_mut()
            .for_each(|r| *r = [0.0; EMITTED]);
        self.stale = false;
        self.ramping = false;
        self.enterprises_idle = true;
        self.quiet = true;
        self.zeroed = false;
        self.last_day = usize::MAX;
        self.tally.compliance.iter_mut().for_each(|t| *t = [0; 3]);
        self.tally.detected.fill(0);
        self.tally.lost_output_yuan = 0.0;
        self.tally.vehicle_days = 0.0;
        self.tally.site_days = 0.0;
        self.compliance_rng = stream(seed, season, Purpose::Compliance, 0);
        self.inspection_rng = stream(seed, season, Purpose::Inspection, 0);
        self.relay_rng = stream(seed, season, Purpose::Inspection, 1);
    }

    /// The city's notice, published at `decided_at`, that from `effective_at` the level is
    /// `level` (`None`: lifted).
    pub fn notice(&mut self, decided_at: Hour, effective_at: Hour, level: Option<Level>) {
        self.counties.notice(
            decided_at,
            effective_at,
            level,
            &self.behaviour.county,
            &mut self.relay_rng,
        );
    }

    /// Advance every actor to hour `hour` (day `day` of the season, air at `temp` °C) and return
    /// the emissions removed now, per county and sector (`[c * sectors + s]`, annual t/yr of the
    /// EMITTED species, to be read with the sector's time profile).
    pub fn hour(&mut self, hour: Hour, day: usize, temp: f64) -> &[[f64; EMITTED]] {
        self.counties.advance(hour, &mut self.started);
        for c in 0..self.started.len() {
            if self.started[c] {
                self.enterprises.draw_compliance(
                    Some(c as u16),
                    &self.behaviour.enterprise,
                    &mut self.compliance_rng,
                );
                self.counties.new_round(c, &self.enterprises);
                let e = &self.enterprises;
                for &i in e.firms_of(c) {
                    let i = i as usize;
                    if self.asked[i] {
                        let slot = c * self.sectors.count + e.sector[i] as usize;
                        self.tally.compliance[slot][e.compliance[i] as usize] += 1;
                    }
                }
            }
        }
        let any_warning = self
            .counties
            .level
            .iter()
            .any(|l| l.is_some_and(Level::is_warning));
        let changed = self.counties.level_changed();
        let new_day = day != self.last_day;
        self.last_day = day;
        if any_warning && hour.rem_euclid(24) == i64::from(self.behaviour.county.inspection_hour) {
            // Inspectors visit firms asked to cut today: those last found with a cut to make.
            let asked = self.enterprises.required_now.clone();
            self.counties.inspect(
                &mut self.enterprises,
                |i| asked[i] > 0.0,
                &self.behaviour.county,
                &mut self.inspection_rng,
            );
            self.stale = true;
        }
        // Only the firms whose requirement can have changed are looked at again: those of a
        // county whose level changed, the rotating ones on a new day, and those just found
        // not complying.
        let rotate = any_warning && new_day;
        let retarget = changed || self.stale || rotate;
        let b = &self.behaviour.enterprise;
        let levels = &self.counties.level;
        for c in 0..levels.len() {
            if self.counties.changed_in.get(c).copied().unwrap_or(false) {
                self.enterprises.retarget_county(c, day, levels, b);
            }
        }
        if self.stale {
            let found = std::mem::take(&mut self.counties.newly_detected);
            for &i in &found {
                let i = i as usize;
                let e = &self.enterprises;
                let slot = usize::from(e.county[i]) * self.sectors.count + e.sector[i] as usize;
                self.tally.detected[slot] += 1;
            }
            self.enterprises.retarget_firms(&found, day, levels, b);
            self.counties.newly_detected = found;
            self.counties.newly_detected.clear();
        }
        if rotate {
            self.enterprises.retarget_rotating(day, levels, b);
        }
        self.stale = false;
        if self.ramping || retarget {
            // Keep stepping while any firm is still ramping towards its target.
            self.ramping = self.enterprises.ramp(
                hour,
                &self.behaviour.enterprise,
                self.sectors.count,
                &mut self.enterprise_removed,
            );
            self.enterprises_idle = !self.ramping
                && self
                    .enterprise_removed
                    .iter()
                    .all(|r| r.iter().all(|v| *v == 0.0));
        }
        self.tally.lost_output_yuan += self.enterprises.lost_per_hour;
        // Most hours of a season nobody acts: then nothing is copied or added.
        self.quiet = self.enterprises_idle && !any_warning;
        if self.quiet {
            if !self.zeroed {
                self.removed.iter_mut().for_each(|r| *r = [0.0; EMITTED]);
                self.zeroed = true;
            }
            return &self.removed;
        }
        self.zeroed = false;
        self.removed.copy_from_slice(&self.enterprise_removed);
        let frost = temp < self.behaviour.dust.washing_min_temperature_c;
        let s = self.sectors;
        for (c, level) in self.counties.level.iter().enumerate() {
            let Some(k) = level.and_then(Level::warning_index) else {
                continue;
            };
            self.tally.vehicle_days += self.restricted_vehicles[k][c] / 24.0;
            self.tally.site_days += self.stopped_sites[k][c] / 24.0;
            let (road, nonroad) = &self.traffic[k][c];
            add(&mut self.removed[c * s.count + s.onroad], road);
            add(&mut self.removed[c * s.count + s.nonroad], nonroad);
            let d = &self.dust[k][c];
            add(&mut self.removed[c * s.count + s.dust], &d.always);
            if !frost {
                add(&mut self.removed[c * s.count + s.dust], &d.washing);
            }
        }
        &self.removed
    }

    /// What the last [`CityAgents::hour`] removed, per county and sector.
    pub fn removed(&self) -> &[[f64; EMITTED]] {
        &self.removed
    }

    /// Whether the last [`CityAgents::hour`] removed nothing anywhere.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// What the plan promises at `level` if every actor complies fully and at once ("on
    /// paper"): the annual emissions removed per county and sector (`[c * sectors + s]`), with
    /// rotations averaged over their cycle and road washing counted (no frost).
    pub fn on_paper(&self, level: Level) -> Vec<[f64; EMITTED]> {
        let s = self.sectors;
        let counties = self.counties.level.len();
        let mut removed = vec![[0.0; EMITTED]; counties * s.count];
        self.enterprises
            .on_paper(level, &self.behaviour.enterprise, s.count, &mut removed);
        if let Some(k) = level.warning_index() {
            for c in 0..counties {
                let (road, nonroad) = &self.traffic_on_paper[k][c];
                add(&mut removed[c * s.count + s.onroad], road);
                add(&mut removed[c * s.count + s.nonroad], nonroad);
                let d = &self.dust_on_paper[k][c];
                add(&mut removed[c * s.count + s.dust], &d.always);
                add(&mut removed[c * s.count + s.dust], &d.washing);
            }
        }
        removed
    }
}

fn add(to: &mut [f64; EMITTED], from: &[f64; EMITTED]) {
    for (t, f) in to.iter_mut().zip(from) {
        *t += f;
    }
}
