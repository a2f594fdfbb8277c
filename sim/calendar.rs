//! The calendar of a simulated season: its dates, months, weekdays, heating season and Spring
//! Festival.
//!
//! Owns the mapping from hour and day indices to dates. Every simulated season of a scenario uses
//! the same calendar (the scenario's nominal winter), so seasons differ only by their weather
//! draws. Knows nothing of weather or emissions.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// A season's days, precomputed for the hourly loop.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub start: NaiveDate,
    /// Month (1–12) of each day.
    pub month: Vec<u8>,
    /// Day of the week of each day, Monday = 0.
    pub weekday: Vec<u8>,
    /// Whether each day is in the heating season.
    pub heating: Vec<bool>,
    /// Whether each day is in the Spring Festival holiday.
    pub festival: Vec<bool>,
}

/// How to build a calendar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalendarSpec {
    /// First day of the season.
    pub start: NaiveDate,
    /// Last day of the season (inclusive).
    pub end: NaiveDate,
    /// First and last day (month, day) of the heating season, which spans the new year.
    pub heating_from: (u32, u32),
    pub heating_to: (u32, u32),
    /// Spring Festival (春节) of the season, and the holiday's days before and after it.
    pub spring_festival: Option<NaiveDate>,
    pub festival_days_before: i64,
    pub festival_days_after: i64,
}

impl Calendar {
    pub fn new(spec: &CalendarSpec) -> Calendar {
        let days = (spec.end - spec.start).num_days().max(0) as usize + 1;
        let mut cal = Calendar {
            start: spec.start,
            month: Vec::with_capacity(days),
            weekday: Vec::with_capacity(days),
            heating: Vec::with_capacity(days),
            festival: Vec::with_capacity(days),
        };
        for d in 0..days {
            let date = spec.start + Duration::days(d as i64);
            cal.month.push(date.month() as u8);
            cal.weekday
                .push(date.weekday().num_days_from_monday() as u8);
            let md = (date.month(), date.day());
            cal.heating
                .push(md >= spec.heating_from || md <= spec.heating_to);
            cal.festival.push(spec.spring_festival.is_some_and(|sf| {
                let offset = (date - sf).num_days();
                -spec.festival_days_before <= offset && offset <= spec.festival_days_after
            }));
        }
        cal
    }

    pub fn days(&self) -> usize {
        self.month.len()
    }

    pub fn hours(&self) -> usize {
        self.days() * 24
    }

    pub fn date(&self, day: usize) -> NaiveDate {
        self.start + Duration::days(day as i64)
    }

    /// Local time of hour `h` of the season.
    pub fn time(&self, h: usize) -> NaiveDateTime {
        self.start.and_time(NaiveTime::MIN) + Duration::hours(h as i64)
    }

    /// The day of a date, if it is in the season.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (0..self.days() as i64).contains(&d).then_some(d as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn winter_2020() -> Calendar {
        Calendar::new(&CalendarSpec {
            start: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2021, 3, 31).unwrap(),
            heating_from: (11, 15),
            heating_to: (3, 15),
            spring_festival: NaiveDate::from_ymd_opt(2021, 2, 12),
            festival_days_before: 1,
            festival_days_after: 6,
        })
    }

    #[test]
    fn october_to_march_is_182_days_in_a_common_year() {
        let c = winter_2020();
        assert_eq!((c.days(), c.hours()), (182, 4368));
        assert_eq!(c.date(181), NaiveDate::from_ymd_opt(2021, 3, 31).unwrap());
        assert_eq!(c.time(25).to_string(), "2020-10-02 01:00:00");
    }

    #[test]
    fn heating_season_runs_15_november_to_15_march() {
        let c = winter_2020();
        let day = |m, d| {
            c.day_of(NaiveDate::from_ymd_opt(if m >= 10 { 2020 } else { 2021 }, m, d).unwrap())
                .unwrap()
        };
        assert!(!c.heating[day(11, 14)]);
        assert!(c.heating[day(11, 15)]);
        assert!(c.heating[day(1, 10)]);
        assert!(c.heating[day(3, 15)]);
        assert!(!c.heating[day(3, 16)]);
    }

    #[test]
    fn weekdays_and_the_festival() {
        let c = winter_2020();
        assert_eq!(c.weekday[0], 3, "1 October 2020 was a Thursday");
        let sf = c
            .day_of(NaiveDate::from_ymd_opt(2021, 2, 12).unwrap())
            .unwrap();
        assert!(c.festival[sf - 1] && c.festival[sf] && c.festival[sf + 6]);
        assert!(!c.festival[sf - 2] && !c.festival[sf + 7]);
        assert_eq!(c.festival.iter().filter(|f| **f).count(), 8);
    }
}
