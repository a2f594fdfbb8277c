//! Drawing one season's hourly weather from a climate.
//!
//! Once per season: the chain is tilted towards stagnant or ventilated days by σ·z, z ~ N(0, 1)
//! (σ is the climate's `interannual_tilt_sd`), then made more or less persistent by τ·w,
//! w ~ N(0, 1) independent of z (τ is `interannual_persistence_sd`), so that whole winters differ
//! in stagnation and in how long their weather lasts as observed winters do. Day by day: the
//! regime follows the season's chain; the daily means of wind (log-normal), RH and the
//! temperature anomaly are the regime's distributions applied to standardised anomalies that
//! persist as AR(1) processes (a regime change moves the means, not the anomaly); a wet day gets
//! one block of precipitation. Hour by hour: the daily means ramp into the next
//! day's around midnight, the regime's diurnal cycles are added, and AR(1) noise on top. The
//! mixing height follows from the hour's wind and the regime's convective range; county factors
//! are separate AR(1) log-normal series.
//!
//! Draws come from five kinds of streams, so that the draws of one kind never shift another's
//! (changing the hourly noise, say, leaves the regimes and daily means as they were):
//! - `(seed, season, Weather, 0)`: the synoptic (daily) draws;
//! - `(seed, season, Weather, 1)`: the hourly noise;
//! - `(seed, season, Weather, 2)`: the season's tilt z, not read when σ = 0, so that a season
//!   without the tilt is bit for bit what it was before the tilt existed;
//! - `(seed, season, Weather, 3)`: the season's persistence w, not read when τ = 0, likewise;
//! - `(seed, season, CountyWeather, county)`: each county's factors.

use rand::RngExt;
use rand_distr::StandardNormal;

use super::climate::{Climate, RegimeChain, RegimeClimate};
use super::cycles::{SeasonalCurve, mixing_shape, ramp, season_position};
use super::season::{Regime, SeasonWeather};
use crate::calendar::Calendar;
use crate::random::{self, Purpose, Stream};

/// RH is kept above this: even the driest winter air over the plain stays above a few percent.
const RH_FLOOR_PCT: f64 = 1.0;
const RH_CEILING_PCT: f64 = 100.0;

/// The daily quantities of one day, after the site adjustment.
#[derive(Debug, Clone, Copy)]
struct Day {
    regime: Regime,
    wind: f64,
    temp: f64,
    rh: f64,
    night_min: f64,
    /// Convective range of the mixing layer today (afternoon maximum − night minimum, scaled).
    convective: f64,
    precip_per_hour: f64,
    precip_from: usize,
    precip_to: usize,
}

/// Standardised daily anomalies, persistent from day to day.
#[derive(Debug, Clone, Copy, Default)]
struct Anomalies {
    wind: f64,
    rh: f64,
    temp: f64,
}

/// Fill `out` with the weather of season `season` under `seed`: `calendar.hours()` hours and
/// `out.counties()` counties (`out` is resized only if its number of hours differs). Allocates
/// nothing when `out` already has the shape; equal arguments give equal arrays.
pub fn generate(
    climate: &Climate,
    calendar: &Calendar,
    seed: u64,
    season: u64,
    out: &mut SeasonWeather,
) {
    let days = calendar.days();
    let hours = calendar.hours();
    if out.hours() != hours || out.county_factor.nrows() != days {
        let counties = out.counties();
        out.resize(hours, counties);
    }
    if days == 0 {
        return;
    }
    let mut synoptic = Synoptic {
        climate,
        chain: season_chain(climate, seed, season),
        calendar,
        curve: SeasonalCurve::new(&climate.monthly_mean_c),
        anomalies: Anomalies::default(),
        rng: random::stream(seed, season, Purpose::Weather, 0),
    };
    let mut noise = random::stream(seed, season, Purpose::Weather, 1);
    let mix_shape = mixing_shape(&climate.mixing);

    let mut cur = synoptic.day(0, None);
    let mut prev = cur;
    let mut hourly = HourlyState::start(&mut noise);
    for d in 0..days {
        let next = if d + 1 < days {
            synoptic.day(d + 1, Some(cur.regime))
        } else {
            cur
        };
        fill_day(
            climate,
            &mix_shape,
            d,
            [&prev, &cur, &next],
            &mut hourly,
            &mut noise,
            out,
        );
        prev = cur;
        cur = next;
    }
    county_factors(climate, seed, season, out);
}

fn normal(rng: &mut Stream) -> f64 {
    rng.sample(StandardNormal)
}

/// One step of a standardised AR(1) process: stays N(0, 1) whatever `phi`.
#[inline]
fn ar1(previous: f64, phi: f64, innovation: f64) -> f64 {
    phi * previous + (1.0 - phi * phi).max(0.0).sqrt() * innovation
}

/// The chain of season `season`: tilted by σ·z, then persisted by τ·w.
fn season_chain(climate: &Climate, seed: u64, season: u64) -> RegimeChain {
    let mut chain = climate.chain;
    let sd = climate.interannual_tilt_sd;
    if sd != 0.0 {
        let z = normal(&mut random::stream(seed, season, Purpose::Weather, 2));
        chain = chain.tilted(sd * z);
    }
    let sd = climate.interannual_persistence_sd;
    if sd != 0.0 {
        let w = normal(&mut random::stream(seed, season, Purpose::Weather, 3));
        chain = chain.persisted(sd * w);
    }
    chain
}

/// The day-by-day draws of a season: its chain, and the persistent anomalies.
struct Synoptic<'a> {
    climate: &'a Climate,
    chain: RegimeChain,
    calendar: &'a Calendar,
    curve: SeasonalCurve,
    anomalies: Anomalies,
    rng: Stream,
}

impl Synoptic<'_> {
    fn day(&mut self, d: usize, yesterday: Option<Regime>) -> Day {
        let Synoptic {
            climate,
            chain,
            calendar,
            curve,
            anomalies: z,
            rng,
        } = self;
        let u: f64 = rng.random();
        let regime = chain.next(yesterday, u);
        let g: &RegimeClimate = climate.regime(regime);
        let site = &climate.site;
        let (ew, er, et) = (normal(rng), normal(rng), normal(rng));
        if yesterday.is_none() {
            *z = Anomalies {
                wind: ew,
                rh: er,
                temp: et,
            };
        } else {
            z.wind = ar1(z.wind, g.wind_ar1, ew);
            z.rh = ar1(z.rh, g.rh_ar1, er);
            z.temp = ar1(z.temp, g.temp_ar1, et);
        }
        let wind = site.wind_scale * g.wind_median_ms * (g.wind_log_sd * z.wind).exp();
        let seasonal = curve.at(season_position(calendar.date(d)));
        let temp = seasonal + site.temp_offset_c + g.temp_anomaly_c + g.temp_sd_c * z.temp;
        let rh = (g.rh_mean_pct + site.rh_offset_pct + g.rh_sd_pct * z.rh)
            .clamp(RH_FLOOR_PCT, RH_CEILING_PCT);

        let m = &climate.mixing;
        let i = regime as usize;
        let sd = m.day_log_sd;
        let factor = (sd * normal(rng) - 0.5 * sd * sd).exp();
        let convective = (m.afternoon_max_m[i] - m.night_min_m[i]) * factor;

        let (wet, amount_u, hours_u, start_u): (f64, f64, f64, f64) =
            (rng.random(), rng.random(), rng.random(), rng.random());
        let (mut precip_per_hour, mut precip_from, mut precip_to) = (0.0, 0, 0);
        if wet < g.precip_probability {
            let amount = -g.precip_mean_mm * (1.0 - amount_u).ln();
            let n = wet_hours(g.precip_mean_hours, hours_u);
            precip_from = ((start_u * (25 - n) as f64) as usize).min(24 - n);
            precip_to = precip_from + n;
            precip_per_hour = amount / n as f64;
        }
        Day {
            regime,
            wind,
            temp,
            rh,
            night_min: m.night_min_m[i],
            convective,
            precip_per_hour,
            precip_from,
            precip_to,
        }
    }
}

/// Geometric number of wet hours (at least 1, at most 24) with the given mean.
fn wet_hours(mean: f64, u: f64) -> usize {
    if mean <= 1.0 {
        return 1;
    }
    let stop = 1.0 / mean;
    let extra = ((1.0 - u).ln() / (1.0 - stop).ln()).floor();
    (1.0 + extra).clamp(1.0, 24.0) as usize
}

/// The hourly AR(1) noise states, standardised.
#[derive(Debug, Clone, Copy)]
struct HourlyState {
    temp: f64,
    wind: f64,
    rh: f64,
}

impl HourlyState {
    fn start(rng: &mut Stream) -> HourlyState {
        HourlyState {
            temp: normal(rng),
            wind: normal(rng),
            rh: normal(rng),
        }
    }
}

fn fill_day(
    climate: &Climate,
    mix_shape: &[f64; 24],
    d: usize,
    [prev, cur, next]: [&Day; 3],
    state: &mut HourlyState,
    rng: &mut Stream,
    out: &mut SeasonWeather,
) {
    let g = climate.regime(cur.regime);
    let n = &climate.noise;
    let m = &climate.mixing;
    let shapes = &climate.diurnal;
    let ramp_hours = climate.ramp_hours;
    let wind_bias = 0.5 * n.wind_log_sd * n.wind_log_sd;
    let base = d * 24;
    for (h, &mix) in mix_shape.iter().enumerate() {
        let t = h as f64;
        state.temp = ar1(state.temp, n.temp_ar1, normal(rng));
        state.wind = ar1(state.wind, n.wind_ar1, normal(rng));
        state.rh = ar1(state.rh, n.rh_ar1, normal(rng));

        let wind_level = ramp(prev.wind, cur.wind, next.wind, t, ramp_hours);
        let diurnal = (1.0 + g.wind_amplitude * shapes.wind[h]).max(0.0);
        let wind = wind_level * diurnal * (n.wind_log_sd * state.wind - wind_bias).exp();

        let temp = ramp(prev.temp, cur.temp, next.temp, t, ramp_hours)
            + g.temp_amplitude_c * shapes.temp[h]
            + n.temp_sd_c * state.temp;
        let rh = (ramp(prev.rh, cur.rh, next.rh, t, ramp_hours)
            - g.rh_amplitude_pct * shapes.temp[h]
            + n.rh_sd_pct * state.rh)
            .clamp(RH_FLOOR_PCT, RH_CEILING_PCT);

        let night_min = ramp(prev.night_min, cur.night_min, next.night_min, t, ramp_hours);
        let convective = night_min + cur.convective * mix;
        let mechanical = m.mechanical_m_per_ms * wind;
        let mixing = convective.max(mechanical).clamp(m.floor_m, m.cap_m);

        let precip = if (cur.precip_from..cur.precip_to).contains(&h) {
            cur.precip_per_hour
        } else {
            0.0
        };

        let i = base + h;
        out.regime[i] = cur.regime;
        out.wind[i] = wind;
        out.temp[i] = temp;
        out.rh[i] = rh;
        out.mixing_height[i] = mixing;
        out.precip[i] = precip;
    }
}

fn county_factors(climate: &Climate, seed: u64, season: u64, out: &mut SeasonWeather) {
    let k = &climate.county;
    let bias = 0.5 * k.log_sd * k.log_sd;
    for (c, mut column) in out.county_factor.columns_mut().into_iter().enumerate() {
        let mut rng = random::stream(seed, season, Purpose::CountyWeather, c as u64);
        let mut x = normal(&mut rng);
        for (d, slot) in column.iter_mut().enumerate() {
            if d > 0 {
                x = ar1(x, k.ar1, normal(&mut rng));
            }
            *slot = (k.log_sd * x - bias).exp();
        }
    }
}
