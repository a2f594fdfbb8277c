//! The plan run of every season beside its baseline: what the plan runs share (the agents'
//! template, the forecaster, the accounting weights), each worker's reusable state, and one
//! season's results.
//!
//! Owns the assembly of a season's plan run and outcomes from the prepared scenario. Knows
//! nothing of files: results are handed to the caller.

use super::{Prepared, SeasonRun};
use crate::agents::city::CityAgents;
use crate::agents::enterprises::EMITTED;
use crate::agents::on_paper::{baseline, city_agents};
use crate::air::{ForecastMode, Forecaster};
use crate::plan::{Level, level_at};
use crate::season::episodes::{Episode, episodes, runs_above, verify};
use crate::season::outcome::{Cell, Health, PlanSide, outcomes};
use crate::season::{PlanBuffers, PlanSetup, SeasonBuffers, WarningRecord, run_plan};
use crate::world::counties::SECTORS;

/// What every season's plan run shares.
pub struct PlanModel {
    agents: CityAgents,
    forecaster: Forecaster,
    /// The city's annual emissions per sector, t/yr.
    sector_totals: Vec<[f64; EMITTED]>,
    /// Per level, what the measures remove on paper per sector, t/yr.
    on_paper: [Vec<[f64; EMITTED]>; 3],
    pub health: Health,
}

/// How forecasts are made in the plan run.
pub const FORECAST: ForecastMode = ForecastMode::Model;

impl PlanModel {
    /// The plan side of a prepared scenario; `None` when the scenario has no city files.
    pub fn new(prepared: &Prepared<'_>) -> Option<PlanModel> {
        let sc = prepared.scenario;
        let city = sc.city.as_ref()?;
        let agents = city_agents(&sc.plan, &sc.counties, city);
        let n = SECTORS.len();
        let per_county = baseline(&sc.counties);
        let sum_sectors = |rows: &[[f64; EMITTED]]| -> Vec<[f64; EMITTED]> {
            let mut out = vec![[0.0; EMITTED]; n];
            for (k, r) in rows.iter().enumerate() {
                for (o, v) in out[k % n].iter_mut().zip(r) {
                    *o += v;
                }
            }
            out
        };
        let sector_totals = sum_sectors(&per_county);
        let on_paper = Level::WARNINGS.map(|l| sum_sectors(&agents.on_paper(l)));
        let health = sc.health.map_or(
            Health {
                population: 0.0,
                deaths_per_person_day: 0.0,
                beta_per_ug: 0.0,
            },
            |h| Health {
                population: sc.counties.population.iter().sum(),
                deaths_per_person_day: h.deaths_per_person_day,
                beta_per_ug: h.beta_per_ug,
            },
        );
        Some(PlanModel {
            agents,
            forecaster: Forecaster::new(
                &prepared.model,
                FORECAST,
                sc.plan.warning.forecast_horizon_hours as usize,
            ),
            sector_totals,
            on_paper,
            health,
        })
    }

    /// A worker's state: its own agents and buffers.
    pub fn worker(&self, prepared: &Prepared<'_>) -> PlanWorker {
        PlanWorker {
            agents: self.agents.clone(),
            buffers: PlanBuffers::new(SeasonBuffers::new(
                &prepared.model,
                prepared.calendar.hours(),
            )),
        }
    }
}

/// One worker's reusable plan-run state.
pub struct PlanWorker {
    agents: CityAgents,
    buffers: PlanBuffers,
}

/// One season's results.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonResult {
    pub outcomes: Vec<Cell>,
    pub warnings: Vec<WarningRecord>,
    pub episodes: Vec<Episode>,
    /// Per county and sector: firms complying fully, partly, evading (summed over warnings),
    /// and found not complying by inspections.
    pub compliance: Vec<[u32; 4]>,
    /// Per day: AQI and PM2.5 of the baseline and the plan run, and the city level at noon.
    pub daily: Option<Vec<DailyRow>>,
    /// Per hour: the rolling AQI of the baseline and the plan run, and the city's level.
    pub hourly: Option<Vec<(f64, f64, Option<Level>)>>,
}

/// Which detail tables a season keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    pub daily: bool,
    pub hourly: bool,
}

/// One day of a season for `daily.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyRow {
    pub aqi_baseline: u16,
    pub aqi_plan: u16,
    pub pm25_baseline: f64,
    pub pm25_plan: f64,
    /// The warning level in force at the day's noon, if any.
    pub level: Option<Level>,
    /// The baseline's primary pollutants, `;`-joined.
    pub primary_baseline: String,
}

/// The baseline-only results of a season (`--no-plan`).
pub fn baseline_result(
    prepared: &Prepared<'_>,
    run: &SeasonRun<'_>,
    health: &Health,
    keep: Keep,
) -> SeasonResult {
    let rules = &prepared.scenario.plan.warning;
    let eps = runs_above(
        &run.baseline.hourly_aqi,
        rules.heavy_above,
        rules.merge_gap_hours as usize,
    )
    .len();
    SeasonResult {
        outcomes: outcomes(run.baseline, eps, None, rules, health),
        warnings: Vec::new(),
        episodes: Vec::new(),
        compliance: Vec::new(),
        daily: keep.daily.then(|| {
            run.baseline
                .daily
                .iter()
                .map(|d| DailyRow {
                    aqi_baseline: d.aqi,
                    aqi_plan: d.aqi,
                    pm25_baseline: d.pm25,
                    pm25_plan: d.pm25,
                    level: None,
                    primary_baseline: d.primary_names(),
                })
                .collect()
        }),
        hourly: keep.hourly.then(|| {
            run.baseline
                .hourly_aqi
                .iter()
                .map(|v| (*v, *v, None))
                .collect()
        }),
    }
}

/// The plan run of a season beside its baseline, and the outcomes of both.
pub fn plan_result(
    model: &PlanModel,
    worker: &mut PlanWorker,
    prepared: &Prepared<'_>,
    run: &SeasonRun<'_>,
    seed: u64,
    keep: Keep,
) -> SeasonResult {
    let sc = prepared.scenario;
    let rules = &sc.plan.warning;
    let setup = PlanSetup {
        plan: &sc.plan,
        forecaster: &model.forecaster,
        sectors: SECTORS.len(),
        sector_totals: &model.sector_totals,
        on_paper: &model.on_paper,
    };
    let inputs = prepared.inputs(run.weather, run.activity);
    worker.agents.start_season(seed, run.season);
    run_plan(
        &inputs,
        &setup,
        &run.baseline.hourly_aqi,
        seed,
        run.season,
        &mut worker.agents,
        &mut worker.buffers,
    );
    let out = &worker.buffers;
    let eps = episodes(
        &run.baseline.hourly_aqi,
        &out.air.hourly_aqi,
        &out.events,
        rules.heavy_above,
        rules.merge_gap_hours as usize,
    );
    let verification = verify(&eps, &out.warnings, out.air.hourly_aqi.len());
    let counties = &worker.agents.counties;
    let side = PlanSide {
        plan: &sc.plan,
        run: out,
        tally: &worker.agents.tally,
        episodes: &eps,
        verification,
        relays: counties.relays,
        late_relays: counties.late_relays,
        late_disclosures: counties.late_disclosures,
        inspections: counties.inspections.iter().sum(),
        detections: counties.detections.iter().sum(),
    };
    let cells = outcomes(run.baseline, eps.len(), Some(&side), rules, &model.health);
    let daily = keep.daily.then(|| {
        run.baseline
            .daily
            .iter()
            .zip(&out.air.daily)
            .enumerate()
            .map(|(d, (b, p))| DailyRow {
                aqi_baseline: b.aqi,
                aqi_plan: p.aqi,
                pm25_baseline: b.pm25,
                pm25_plan: p.pm25,
                level: level_at(&out.events, (d * 24 + 12) as i64),
                primary_baseline: b.primary_names(),
            })
            .collect()
    });
    let hourly = keep.hourly.then(|| {
        run.baseline
            .hourly_aqi
            .iter()
            .zip(&out.air.hourly_aqi)
            .enumerate()
            .map(|(h, (b, p))| (*b, *p, level_at(&out.events, h as i64)))
            .collect()
    });
    SeasonResult {
        outcomes: cells,
        warnings: out.warnings.clone(),
        episodes: eps,
        compliance: worker
            .agents
            .tally
            .compliance
            .iter()
            .zip(&worker.agents.tally.detected)
            .map(|(c, d)| [c[0], c[1], c[2], *d])
            .collect(),
        daily,
        hourly,
    }
}

/// The seasons table's outcome columns (name, whether a count) for a run with or without the
/// plan, as [`outcomes`] names them.
pub fn outcome_columns(prepared: &Prepared<'_>, model: Option<&PlanModel>) -> Vec<(String, bool)> {
    let sc = prepared.scenario;
    let rules = &sc.plan.warning;
    let empty = SeasonBuffers::new(&prepared.model, 0);
    let health = model.map_or(
        Health {
            population: 0.0,
            deaths_per_person_day: 0.0,
            beta_per_ug: 0.0,
        },
        |m| m.health,
    );
    let cells = match model {
        None => outcomes(&empty, 0, None, rules, &health),
        Some(m) => {
            let run = PlanBuffers::new(SeasonBuffers::new(&prepared.model, 0));
            let side = PlanSide {
                plan: &sc.plan,
                run: &run,
                tally: &m.agents.tally,
                episodes: &[],
                verification: Default::default(),
                relays: 0,
                late_relays: 0,
                late_disclosures: 0,
                inspections: 0,
                detections: 0,
            };
            outcomes(&empty, 0, Some(&side), rules, &health)
        }
    };
    cells.into_iter().map(|c| (c.name, c.integer)).collect()
}
