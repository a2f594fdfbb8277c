//! The fugitive-dust sources of each county, from a scenario's `dust.csv`: one row per county
//! and source kind, with the number of sources, their yearly PM10 and PM2.5, the share that is a
//! guaranteed key project and whether the plan's extra road washing reaches it.
//!
//! Owns the file's format and validation, the vocabulary of source kinds (and which of them the
//! plan's `DustSource` names) and the struct-of-arrays [`DustSources`]. Knows nothing of
//! warnings, weather or compliance, nor of where the numbers came from
//! (`scenarios/*/TRAFFIC-DUST.md`). Fireworks are not dust sources: the air model has them.

use std::collections::HashMap;
use std::path::Path;

use super::csv_rows::{Cell, read_rows};
use crate::InputError;
use crate::plan::schema::DustSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DustKind {
    /// Construction and demolition sites; `count` is active sites.
    ConstructionSite,
    /// 砂石料场; `count` is yards.
    AggregateYard,
    /// 石材厂; `count` is works.
    StoneWorks,
    /// 石板厂; `count` is works.
    SlateWorks,
    /// Arterial roads and the designated dusty sections the plan washes more often; `count` is
    /// km.
    RoadArterial,
    /// All other paved roads; `count` is km.
    RoadOther,
    /// Enterprises' open-air stockpiles of bulk material; `count` is stockpiles.
    BulkStorage,
    /// Spillage from coal, muck and sand-gravel haul trucks; `count` is trucks.
    HaulVehicles,
    /// Wind erosion of bare farmland in winter, which no measure reaches; `count` is km².
    Soil,
}

impl DustKind {
    pub const ALL: [DustKind; 9] = [
        DustKind::ConstructionSite,
        DustKind::AggregateYard,
        DustKind::StoneWorks,
        DustKind::SlateWorks,
        DustKind::RoadArterial,
        DustKind::RoadOther,
        DustKind::BulkStorage,
        DustKind::HaulVehicles,
        DustKind::Soil,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DustKind::ConstructionSite => "construction_site",
            DustKind::AggregateYard => "aggregate_yard",
            DustKind::StoneWorks => "stone_works",
            DustKind::SlateWorks => "slate_works",
            DustKind::RoadArterial => "road_arterial",
            DustKind::RoadOther => "road_other",
            DustKind::BulkStorage => "bulk_storage",
            DustKind::HaulVehicles => "haul_vehicles",
            DustKind::Soil => "soil",
        }
    }

    /// Whether the plan's open-air-work stop for `source` reaches this kind.
    pub fn is(self, source: DustSource) -> bool {
        matches!(
            (self, source),
            (DustKind::AggregateYard, DustSource::AggregateYard)
                | (DustKind::StoneWorks, DustSource::StoneWorks)
                | (DustKind::SlateWorks, DustSource::SlateWorks)
        )
    }
}

/// The dust sources of every county, validated, one entry per row in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct DustSources {
    /// Index into the known counties the file was loaded against.
    pub county: Vec<u16>,
    pub source: Vec<DustKind>,
    /// Sites, yards, works, km, stockpiles, trucks or km², by kind (see [`DustKind`]).
    pub count: Vec<f64>,
    /// Yearly PM10 and PM2.5 without any warning, t/yr.
    pub pm10_t: Vec<f64>,
    pub pm25_t: Vec<f64>,
    /// Share of the source that is a guaranteed key project (plan §4.4.1.3), never stopped.
    pub guaranteed_share: Vec<f64>,
    /// Whether the plan's extra washing of arterial and dusty roads reaches the source.
    pub washable: Vec<bool>,
}

impl DustSources {
    pub fn len(&self) -> usize {
        self.county.len()
    }

    pub fn is_empty(&self) -> bool {
        self.county.is_empty()
    }

    /// Yearly PM10 and PM2.5 by county, t/yr: `[county] = [pm10, pm25]`.
    pub fn totals(&self, n_counties: usize) -> Vec<[f64; 2]> {
        let mut out = vec![[0.0; 2]; n_counties];
        for row in 0..self.len() {
            let c = usize::from(self.county[row]);
            out[c][0] += self.pm10_t[row];
            out[c][1] += self.pm25_t[row];
        }
        out
    }
}

/// The columns of `dust.csv`, in order.
pub const DUST_HEADER: [&str; 7] = [
    "county",
    "source",
    "count",
    "pm10_t",
    "pm25_t",
    "guaranteed_share",
    "washable",
];

/// Load and validate the dust file at `path`; `known_counties` are the ids of `counties.csv`,
/// in its order.
pub fn load_dust(path: &Path, known_counties: &[&str]) -> Result<DustSources, InputError> {
    let text = super::read_text(path)?;
    parse_dust(&text, path, known_counties)
}

/// Parse and validate dust CSV `text`, naming `path` in messages.
pub fn parse_dust(
    text: &str,
    path: &Path,
    known_counties: &[&str],
) -> Result<DustSources, InputError> {
    let rows = read_rows(text, path, &DUST_HEADER)?;
    let mut dust = DustSources {
        county: Vec::new(),
        source: Vec::new(),
        count: Vec::new(),
        pm10_t: Vec::new(),
        pm25_t: Vec::new(),
        guaranteed_share: Vec::new(),
        washable: Vec::new(),
    };
    let mut first_line: HashMap<(usize, DustKind), usize> = HashMap::new();
    for row in &rows {
        let cell = |col: usize| Cell::of(path, row, &DUST_HEADER, col);
        let county = cell(0).known("county", known_counties)?;
        let source = cell(1).one_of("dust source", &DustKind::ALL, DustKind::id)?;
        if let Some(&other) = first_line.get(&(county, source)) {
            return Err(cell(1).error(format!(
                "{} {} repeats line {other}: one row per county and source",
                known_counties[county],
                source.id()
            )));
        }
        first_line.insert((county, source), row.line);
        let count = cell(2).non_negative()?;
        let pm10 = cell(3).non_negative()?;
        let pm25 = cell(4).non_negative()?;
        if pm10 < pm25 {
            return Err(cell(3).error(format!(
                "PM10 ({pm10}) is less than PM2.5 ({pm25}); PM2.5 is part of PM10"
            )));
        }
        let guaranteed = cell(5).fraction()?;
        // §4.4.1.3 guarantees key construction projects; no other dust source is guaranteed.
        if guaranteed > 0.0 && source != DustKind::ConstructionSite {
            return Err(cell(5).error(format!(
                "only construction sites can be guaranteed key projects (plan §4.4.1.3), not `{}`",
                source.id()
            )));
        }
        let washable = cell(6).flag()?;
        dust.county
            .push(u16::try_from(county).expect("fewer than 65,536 counties"));
        dust.source.push(source);
        dust.count.push(count);
        dust.pm10_t.push(pm10);
        dust.pm25_t.push(pm25);
        dust.guaranteed_share.push(guaranteed);
        dust.washable.push(washable);
    }
    if dust.is_empty() {
        return Err(InputError::new(
            path,
            "no dust rows: at least one source is required",
        ));
    }
    Ok(dust)
}

#[cfg(test)]
#[path = "dust_tests.rs"]
mod tests;
