//! The forecaster: at a consultation, the 24-h rolling-mean AQI for the coming hours.
//!
//! Owns how forecasts err. The forecast runs a city-scale version of the air model forward from
//! the current state, on forecast weather that departs from what will happen: its timing slips
//! (episodes forecast late), its ventilation and humidity drift further from the truth the
//! further ahead, and the forecast emissions run high (evidence §4: forecasts of PM2.5 are biased
//! high, peaks come late, heavy-pollution threat scores are about 0.1–0.35). It forecasts the air
//! without emergency measures, as forecasters do, and forecasts the AQI of particles (the larger
//! of the PM2.5 and PM10 sub-indices), which decide winter AQI above 150. A perfect forecast (the no-plan truth) is an
//! option. Knows nothing of plans.

use rand_distr::{Distribution, StandardNormal};

use super::boxes::{HourMet, Rates, step};
use super::city::CityRolling;
use super::emission::EmissionTable;
use super::model::{AirModel, AirState};
use super::species::{Conc, N, NOX};
use crate::aqi::{Item, iaqi_approx};
use crate::calendar::Calendar;
use crate::random::{Purpose, stream};
use crate::weather::SeasonWeather;

/// How forecasts are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForecastMode {
    /// The future as it will be without any warning (what `hindcast` uses).
    Perfect,
    /// The city-scale model on forecast weather with errors.
    Model,
}

/// What the forecaster sees at a consultation.
#[derive(Debug, Clone, Copy)]
pub struct ForecastInput<'a> {
    /// Hour of the season.
    pub now: usize,
    pub weather: &'a SeasonWeather,
    pub calendar: &'a Calendar,
    /// Emissions without any warning.
    pub emissions: &'a EmissionTable,
    /// The state of the air now.
    pub state: &'a AirState,
    /// The city's rolling windows up to now.
    pub rolling: &'a CityRolling,
    /// The no-plan rolling AQI of the whole season, for perfect forecasts.
    pub truth: &'a [f64],
    pub seed: u64,
    pub season: u64,
}

/// Four standard normal noises for day `day` of the season (ventilation, RH, model, timing),
/// each the mean of the day's own and its neighbours' draws times √3, so that neighbouring days
/// err alike (correlation 2/3) and every day has unit spread.
fn smoothed_day_noise(seed: u64, season: u64, day: usize) -> [f64; 4] {
    let raw = |d: usize| -> [f64; 4] {
        // Entities above 2^32 keep these streams apart from any keyed by an hour.
        let mut rng = stream(seed, season, Purpose::Forecast, (1u64 << 32) + d as u64);
        std::array::from_fn(|_| StandardNormal.sample(&mut rng))
    };
    // Raw draws are numbered from the day before the season (index 0).
    let (a, b, c) = (raw(day), raw(day + 1), raw(day + 2));
    std::array::from_fn(|k| (a[k] + b[k] + c[k]) / 3f64.sqrt())
}

/// A forecaster for one scenario.
#[derive(Debug, Clone)]
pub struct Forecaster {
    pub mode: ForecastMode,
    pub horizon_hours: usize,
    /// Monitoring-weighted length of the city's box, km.
    city_length_km: f64,
    /// The monitoring-weighted flux of the season's every hour, made once from the scenario's
    /// emission table on first use (every season shares the table).
    city_flux: std::sync::OnceLock<Vec<Conc>>,
}

impl Forecaster {
    pub fn new(model: &AirModel, mode: ForecastMode, horizon_hours: usize) -> Forecaster {
        let g = &model.geometry;
        let city_length_km = g
            .length_km
            .iter()
            .zip(&g.monitor_weight)
            .map(|(l, w)| l * w)
            .sum::<f64>()
            .max(1.0);
        Forecaster {
            mode,
            horizon_hours,
            city_length_km,
            city_flux: std::sync::OnceLock::new(),
        }
    }

    /// Forecast the rolling 24-h AQI for hours `now + 1 ..` up to the horizon or the end of the
    /// season, into `out` (cleared first).
    pub fn forecast(
        &self,
        model: &AirModel,
        input: &ForecastInput<'_>,
        out: &mut Vec<Option<f64>>,
    ) {
        out.clear();
        let hours = input.weather.hours();
        let end = (input.now + 1 + self.horizon_hours).min(hours);
        if input.now + 1 >= end {
            return;
        }
        match self.mode {
            ForecastMode::Perfect => {
                out.extend(input.truth[input.now + 1..end].iter().map(|v| Some(*v)));
            }
            ForecastMode::Model => self.model_forecast(model, input, end, out),
        }
    }

    fn model_forecast(
        &self,
        model: &AirModel,
        input: &ForecastInput<'_>,
        end: usize,
        out: &mut Vec<Option<f64>>,
    ) {
        let e = &model.params.forecast;
        let w = input.weather;
        // The errors belong to the day forecast, not to the consultation: successive
        // consultations see the same day wrong in the same direction, less so as it nears, as
        // forecasters do when the weather models agree with themselves. Each error is a
        // smoothed daily noise scaled by the lead (spread ∝ √lead).
        let first_day = input.now / 24;
        let last_day = end.div_ceil(24) + 1;
        let noise: Vec<[f64; 4]> = (first_day..=last_day)
            .map(|d| smoothed_day_noise(input.seed, input.season, d))
            .collect();
        let at = |t: usize| -> [f64; 4] {
            let d = t / 24 - first_day;
            let f = (t % 24) as f64 / 24.0;
            let (a, b) = (noise[d], noise[(d + 1).min(noise.len() - 1)]);
            std::array::from_fn(|k| a[k] * (1.0 - f) + b[k] * f)
        };
        let lag_per_day = e.lag_hours_per_day + e.lag_sd_hours_per_day * noise[0][3];

        let g = &model.geometry;
        let counties = input.state.counties;
        let city_flux = self.city_flux.get_or_init(|| {
            (0..input.emissions.hours())
                .map(|t| {
                    let hour = input.emissions.hour(t);
                    std::array::from_fn(|k| {
                        (0..counties)
                            .map(|c| g.monitor_weight[c] * hour[k * counties + c])
                            .sum::<f64>()
                            * e.emission_bias
                    })
                })
                .collect()
        });
        let mut local: Conc = [0.0; N];
        for (k, v) in local.iter_mut().enumerate() {
            for c in 0..counties {
                *v += g.monitor_weight[c] * input.state.local(c, k);
            }
        }
        let mut background = input.state.background;
        let mut rolling = input.rolling.clone();
        let zero = [0.0; N];
        let bg_flux = *model.background_flux();
        let clean = *model.clean_air();
        for (t, flux) in city_flux.iter().enumerate().take(end).skip(input.now + 1) {
            let lead = (t - input.now) as f64;
            let lead_days = lead / 24.0;
            let z = at(t);
            let spread = lead_days.sqrt();
            let vent_factor = (e.ventilation_log_sd_per_sqrt_day * spread * z[0]).exp();
            let rh_err = e.rh_sd_per_sqrt_day * spread * z[1];
            let model_error = (e.model_log_sd * z[2]).exp();
            let lagged = (t as f64 - lag_per_day * lead_days)
                .round()
                .clamp(0.0, (w.hours() - 1) as f64) as usize;
            let met = HourMet {
                wind: w.wind[lagged] * vent_factor.sqrt(),
                mixing_height: w.mixing_height[lagged] * vent_factor.sqrt(),
                rh: (w.rh[lagged] + rh_err).clamp(5.0, 100.0),
                temp: w.temp[lagged],
                precip: w.precip[lagged],
            };
            let rates = Rates::new(&model.params, &met);
            let wind_km_h = met.wind.max(0.1) * 3.6;
            step(
                &mut background,
                &bg_flux,
                wind_km_h / model.background_length_km(),
                &clean,
                &rates,
            );
            let flux = *flux;
            step(
                &mut local,
                &flux,
                wind_km_h / self.city_length_km,
                &zero,
                &rates,
            );
            let mut mix = local;
            for (k, v) in mix.iter_mut().enumerate() {
                *v = (*v + background[k]) * model_error;
            }
            let day_of_season = t / 24;
            let city = model.city_hour(
                &mix,
                local[NOX],
                t % 24,
                input.calendar.month[day_of_season],
            );
            // Winter forecasts are of particles: the AQI forecast is the larger of the PM2.5
            // and PM10 sub-indices of the rolling 24-h means.
            let (pm25, pm10) = rolling.push_particles(&city);
            let aqi = [
                iaqi_approx(Item::Pm25_24h, pm25.max(0.0)),
                iaqi_approx(Item::Pm10_24h, pm10.max(0.0)),
            ]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0);
            out.push(Some(f64::from(aqi)));
        }
    }
}
