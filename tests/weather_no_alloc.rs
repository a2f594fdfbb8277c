//! `weather::generate` allocates nothing once its buffer has the season's shape: the hourly loop
//! of thousands of seasons must not touch the allocator. Counted with a wrapping global allocator
//! (this test binary's own).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use smogsim::calendar::{Calendar, CalendarSpec};
use smogsim::weather::{Climate, SeasonWeather, generate};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn generating_into_a_shaped_buffer_allocates_nothing() {
    let climate = Climate::from_toml(
        include_str!("../scenarios/liaocheng-2020/climate.toml"),
        Path::new("climate.toml"),
    )
    .unwrap();
    let calendar = Calendar::new(&CalendarSpec {
        start: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2021, 3, 31).unwrap(),
        heating_from: (11, 15),
        heating_to: (3, 15),
        spring_festival: None,
        festival_days_before: 0,
        festival_days_after: 0,
    });
    let mut out = SeasonWeather::new(calendar.hours(), 11);
    generate(&climate, &calendar, 3, 0, &mut out);
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for season in 1..20 {
        generate(&climate, &calendar, 3, season, &mut out);
    }
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst) - before, 0);
}
