//! The no-plan baseline of a season.

use crate::air::activity::SeasonFactors;
use crate::air::{AirModel, AirState, CityRolling, EmissionTable, HourInput, HourMet};
use crate::aqi::{DailyMeans, Pollutant, aqi_of_means, aqi_value_of_means};
use crate::calendar::Calendar;
use crate::weather::SeasonWeather;

/// Hours run before the season starts, from clean air, so that the first days do not begin
/// unrealistically clean. The spin-up replays the season's first days.
pub const SPIN_UP_HOURS: usize = 72;

/// What a season is run on.
#[derive(Debug, Clone, Copy)]
pub struct SeasonInputs<'a> {
    pub model: &'a AirModel,
    pub emissions: &'a EmissionTable,
    pub calendar: &'a Calendar,
    pub weather: &'a SeasonWeather,
    /// The season's day-to-day factors (see `air::activity`).
    pub activity: &'a SeasonFactors,
    /// Each county's share of the city's population, for exposure.
    pub population_share: &'a [f64],
}

/// The city's day: the AQI of its 24-h means (00–24 h), its PM2.5 mean and primary pollutants.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DailyRecord {
    pub aqi: u16,
    pub pm25: f64,
    /// Bit `p.index()` is set for each primary pollutant `p` (none when AQI ≤ 50).
    pub primary: u8,
}

impl DailyRecord {
    /// The day ending with these 24-h means, whose hourly PM2.5 averaged `pm25`.
    pub fn of(means: &DailyMeans, pm25: f64) -> DailyRecord {
        let result = aqi_of_means(means);
        DailyRecord {
            aqi: result.aqi.unwrap_or(0),
            pm25,
            primary: result
                .primary()
                .fold(0u8, |bits, p| bits | (1 << p.index())),
        }
    }

    pub fn primaries(&self) -> impl Iterator<Item = Pollutant> + '_ {
        Pollutant::ALL
            .into_iter()
            .filter(|p| self.primary & (1 << p.index()) != 0)
    }

    /// `PM2.5`, `PM10;PM2.5`, … in the fixed pollutant order; empty when none.
    pub fn primary_names(&self) -> String {
        self.primaries()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// The air at one hour of the season, kept so that a forecast can later start from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub hour: usize,
    pub state: AirState,
    pub rolling: CityRolling,
}

/// Buffers of one season's run, reused across seasons.
#[derive(Debug, Clone)]
pub struct SeasonBuffers {
    pub state: AirState,
    pub rolling: CityRolling,
    /// The city's rolling 24-h AQI at every hour.
    pub hourly_aqi: Vec<f64>,
    pub daily: Vec<DailyRecord>,
    /// Population-weighted PM2.5 over the season's hours, µg/m³.
    pub exposure: f64,
    /// When set, the air is kept at this hour of every day (after the hour's step).
    pub snapshot_hour: Option<usize>,
    pub snapshots: Vec<Snapshot>,
}

impl SeasonBuffers {
    pub fn new(model: &AirModel, hours: usize) -> Self {
        SeasonBuffers {
            state: model.clean_state(),
            rolling: CityRolling::new(),
            hourly_aqi: Vec::with_capacity(hours),
            daily: Vec::with_capacity(hours / 24),
            exposure: 0.0,
            snapshot_hour: None,
            snapshots: Vec::new(),
        }
    }
}

pub(super) fn met(w: &SeasonWeather, t: usize) -> HourMet {
    HourMet {
        wind: w.wind[t],
        mixing_height: w.mixing_height[t],
        rh: w.rh[t],
        temp: w.temp[t],
        precip: w.precip[t],
    }
}

/// Population-weighted PM2.5 of the counties now, µg/m³ (the monitors' site factor applied).
pub(super) fn exposure_now(inputs: &SeasonInputs<'_>, state: &AirState, site: f64) -> f64 {
    inputs.model.weighted_pm25(state, inputs.population_share) * site
}

/// What drives hour `t` of the season, without any warning.
pub(super) fn hour_input<'a>(inputs: &SeasonInputs<'a>, t: usize) -> HourInput<'a> {
    let day = t / 24;
    HourInput {
        hour_of_day: t % 24,
        month: inputs.calendar.month[day],
        met: met(inputs.weather, t),
        county_factor: inputs
            .weather
            .county_factor
            .row(day)
            .to_slice()
            .expect("standard layout"),
        flux: inputs.emissions.hour(t),
        local_factor: inputs.activity.local.get(day).copied().unwrap_or(1.0),
        upwind: inputs.activity.upwind.get(day).copied().unwrap_or(1.0),
    }
}

/// Run the season without any warning; fills `out.hourly_aqi` and `out.daily`.
pub fn run_baseline(inputs: &SeasonInputs<'_>, out: &mut SeasonBuffers) {
    let SeasonInputs {
        model,
        emissions,
        calendar,
        weather,
        activity,
        ..
    } = *inputs;
    let hours = calendar.hours().min(weather.hours()).min(emissions.hours());
    out.state = model.clean_state();
    out.rolling.reset();
    out.hourly_aqi.clear();
    out.daily.clear();
    let mut kept = 0;
    for t in 0..SPIN_UP_HOURS.min(hours) {
        model.step(&mut out.state, &hour_input(inputs, t));
    }
    let mut pm25_sum = 0.0;
    let mut exposure = 0.0;
    for t in 0..hours {
        let site = activity.site.get(t).copied().unwrap_or(1.0);
        let city = model
            .step(&mut out.state, &hour_input(inputs, t))
            .scaled(site);
        exposure += exposure_now(inputs, &out.state, site);
        pm25_sum += city.pm25;
        let means = out.rolling.push(&city);
        out.hourly_aqi.push(f64::from(aqi_value_of_means(&means)));
        if out.snapshot_hour == Some(t % 24) {
            // Reuse earlier seasons' snapshot storage rather than allocating anew.
            if kept < out.snapshots.len() {
                let snap = &mut out.snapshots[kept];
                snap.hour = t;
                snap.state.clone_from(&out.state);
                snap.rolling.clone_from(&out.rolling);
            } else {
                out.snapshots.push(Snapshot {
                    hour: t,
                    state: out.state.clone(),
                    rolling: out.rolling.clone(),
                });
            }
            kept += 1;
        }
        if t % 24 == 23 {
            out.daily.push(DailyRecord::of(&means, pm25_sum / 24.0));
            pm25_sum = 0.0;
        }
    }
    out.snapshots.truncate(kept);
    out.exposure = exposure / hours.max(1) as f64;
}
