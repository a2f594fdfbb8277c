//! Running many seasons: preparation shared by all seasons, and the parallel runner.
//!
//! Owns how seasons are spread over threads (rayon) so that the results do not depend on the
//! thread count: every season draws from its own keyed random streams, seasons run in chunks,
//! and each chunk's results reach the caller in season order. Memory stays flat: a season's
//! results are handed over and dropped. Knows nothing of files or plotting.

pub mod counterfactual;
pub mod plan_side;
pub mod shard;

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::air::activity::SeasonFactors;
use crate::air::{AirModel, EmissionTable, Geometry};
use crate::calendar::Calendar;
use crate::season::{SeasonBuffers, SeasonInputs, run_baseline};
use crate::weather::{self, SeasonWeather};
use crate::world::scenario::Scenario;

/// What every season of a scenario shares, built once.
pub struct Prepared<'s> {
    pub scenario: &'s Scenario,
    pub calendar: Calendar,
    pub model: AirModel,
    pub emissions: EmissionTable,
    /// Each county's share of the population.
    pub population_share: Vec<f64>,
}

impl<'s> Prepared<'s> {
    pub fn new(scenario: &'s Scenario) -> Prepared<'s> {
        let calendar = Calendar::new(&scenario.season);
        let c = &scenario.counties;
        let geometry = Geometry::new(&c.area_km2, &c.monitor_weight);
        let model = AirModel::new(scenario.air.clone(), &scenario.background, geometry);
        let emissions = EmissionTable::build(
            c.emissions.view(),
            &c.area_km2,
            &c.population,
            &scenario.air,
            &calendar,
        );
        let people: f64 = c.population.iter().sum();
        Prepared {
            scenario,
            calendar,
            model,
            emissions,
            population_share: c.population.iter().map(|p| p / people.max(1.0)).collect(),
        }
    }

    pub fn inputs<'a>(
        &'a self,
        weather: &'a SeasonWeather,
        activity: &'a SeasonFactors,
    ) -> SeasonInputs<'a> {
        SeasonInputs {
            model: &self.model,
            emissions: &self.emissions,
            calendar: &self.calendar,
            weather,
            activity,
            population_share: &self.population_share,
        }
    }
}

/// One season as a job sees it: its weather and its no-plan baseline.
pub struct SeasonRun<'a> {
    pub season: u64,
    pub weather: &'a SeasonWeather,
    pub activity: &'a SeasonFactors,
    pub baseline: &'a SeasonBuffers,
}

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub seed: u64,
    pub threads: usize,
    /// Keep the air at this hour of every day of the baseline (for forecasts made later).
    pub snapshot_hour: Option<usize>,
}

/// Seasons run per chunk and thread: large enough to keep threads busy, small enough to keep
/// memory flat and stop quickly when asked to.
const CHUNK_PER_THREAD: usize = 32;

/// Run `seasons`: for each, generate the weather and the baseline, apply `job` (in parallel),
/// and hand the results to `sink` in season order. Stops between chunks when `stop` is set;
/// returns the number of seasons completed.
pub fn for_each_season<R, J, S>(
    prepared: &Prepared<'_>,
    options: RunOptions,
    seasons: Range<u64>,
    stop: &AtomicBool,
    job: J,
    sink: S,
) -> anyhow::Result<u64>
where
    R: Send,
    J: Fn(&Prepared<'_>, &SeasonRun<'_>) -> R + Sync,
    S: FnMut(u64, R) -> anyhow::Result<()>,
{
    for_each_season_with(
        prepared,
        options,
        seasons,
        stop,
        || (),
        |_, prepared, run| job(prepared, run),
        sink,
    )
}

/// As [`for_each_season`], with per-thread state for the job: `init` makes one for each worker
/// (the plan run's agents and buffers), reused from season to season.
pub fn for_each_season_with<T, R, I, J, S>(
    prepared: &Prepared<'_>,
    options: RunOptions,
    seasons: Range<u64>,
    stop: &AtomicBool,
    init: I,
    job: J,
    mut sink: S,
) -> anyhow::Result<u64>
where
    T: Send,
    R: Send,
    I: Fn() -> T + Sync,
    J: Fn(&mut T, &Prepared<'_>, &SeasonRun<'_>) -> R + Sync,
    S: FnMut(u64, R) -> anyhow::Result<()>,
{
    let threads = options.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let hours = prepared.calendar.hours();
    let counties = prepared.scenario.counties.len();
    let chunk = (CHUNK_PER_THREAD * threads) as u64;
    // One set of buffers per worker, kept from chunk to chunk.
    let workers: Vec<Mutex<Worker<T>>> = (0..threads)
        .map(|_| {
            let mut buffers = SeasonBuffers::new(&prepared.model, hours);
            buffers.snapshot_hour = options.snapshot_hour;
            Mutex::new(Worker {
                weather: SeasonWeather::new(hours, counties),
                buffers,
                activity: SeasonFactors::default(),
                state: init(),
            })
        })
        .collect();
    let one = |w: &mut Worker<T>, season: u64| -> R {
        let Worker {
            weather,
            buffers,
            activity,
            state,
        } = w;
        weather::generate(
            &prepared.scenario.climate,
            &prepared.calendar,
            options.seed,
            season,
            weather,
        );
        activity.draw(
            &prepared.model.params,
            options.seed,
            season,
            prepared.calendar.days(),
        );
        run_baseline(&prepared.inputs(weather, activity), buffers);
        job(
            state,
            prepared,
            &SeasonRun {
                season,
                weather,
                activity,
                baseline: buffers,
            },
        )
    };
    // Worker `k` takes the chunk's seasons k, k + threads, …: neighbouring seasons cost alike,
    // so the workers finish together. Results come back in season order.
    let compute = |range: Range<u64>| -> Vec<R> {
        pool.install(|| {
            let parts: Vec<Vec<(u64, R)>> = (0..threads)
                .into_par_iter()
                .map(|k| {
                    let mut w = workers[k].lock().unwrap_or_else(|e| e.into_inner());
                    (range.start + k as u64..range.end)
                        .step_by(threads)
                        .map(|season| (season, one(&mut w, season)))
                        .collect()
                })
                .collect();
            let mut all: Vec<(u64, R)> = parts.into_iter().flatten().collect();
            all.sort_by_key(|(season, _)| *season);
            all.into_iter().map(|(_, r)| r).collect()
        })
    };
    // The next chunk is computed while the last one is handed to the sink (which writes).
    let mut done = 0;
    let mut start = seasons.start;
    let mut ready: Option<(u64, Vec<R>)> = None;
    loop {
        let next = (!stop.load(Ordering::Relaxed) && start < seasons.end)
            .then(|| start..(start + chunk).min(seasons.end));
        if next.is_none() && ready.is_none() {
            break;
        }
        let (computed, sunk) = std::thread::scope(|scope| {
            let handle = next.clone().map(|r| scope.spawn(|| compute(r)));
            let mut sunk: anyhow::Result<u64> = Ok(0);
            if let Some((first, results)) = ready.take() {
                let mut n = 0;
                for (season, result) in (first..).zip(results) {
                    if let Err(e) = sink(season, result) {
                        sunk = Err(e);
                        break;
                    }
                    n += 1;
                }
                if sunk.is_ok() {
                    sunk = Ok(n);
                }
            }
            let computed = handle.map(|h| h.join().expect("a season worker panicked"));
            (computed, sunk)
        });
        done += sunk?;
        if let (Some(r), Some(results)) = (next, computed) {
            ready = Some((r.start, results));
            start = r.end;
        }
    }
    Ok(done)
}

/// One worker's reusable season buffers and job state.
struct Worker<T> {
    weather: SeasonWeather,
    buffers: SeasonBuffers,
    activity: SeasonFactors,
    state: T,
}
