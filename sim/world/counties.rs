//! The county-level units of a city and their annual emissions, from a scenario's
//! `counties.csv`.
//!
//! Owns the file's format and its validation: one row per unit (`id, name_zh, name_en, kind,
//! population, area_km2, urban_share, monitor_weight`, then 56 columns `{sector}_{species}` in
//! tonnes a year, sectors and species in the order of [`SECTORS`] and [`POLLUTANTS`]), and the
//! typed, struct-of-arrays [`Counties`] the rest of the model reads. Every problem is an
//! [`InputError`] naming the file, the line and the column. Knows nothing of how the emissions
//! are turned into concentrations, nor of where the numbers came from (that is
//! `scenarios/*/EMISSIONS.md`).

use std::collections::HashMap;
use std::path::Path;

use ndarray::Array3;

use crate::InputError;

/// An emitting sector, as the inventory splits emissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    /// Coal power and heat plants, public and captive.
    Power,
    /// Industrial processes and industrial boilers.
    Industry,
    /// Household heating and cooking.
    Residential,
    /// Road vehicles.
    Onroad,
    /// Non-road machinery: farm and construction machinery, rail.
    Nonroad,
    /// Fugitive dust: roads, construction, yards.
    Dust,
    /// Fertiliser, livestock and open burning of crop residue.
    Agriculture,
    /// Solvent use (coatings, printing, adhesives).
    Solvent,
}

/// The sectors in the order of the file's columns and of the emission array's second axis.
pub const SECTORS: [Sector; 8] = [
    Sector::Power,
    Sector::Industry,
    Sector::Residential,
    Sector::Onroad,
    Sector::Nonroad,
    Sector::Dust,
    Sector::Agriculture,
    Sector::Solvent,
];

impl Sector {
    /// The identifier used in column names.
    pub fn id(self) -> &'static str {
        match self {
            Sector::Power => "power",
            Sector::Industry => "industry",
            Sector::Residential => "residential",
            Sector::Onroad => "onroad",
            Sector::Nonroad => "nonroad",
            Sector::Dust => "dust",
            Sector::Agriculture => "agriculture",
            Sector::Solvent => "solvent",
        }
    }

    /// Position in [`SECTORS`] and on the emission array's second axis.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The sector's name in Chinese, as emission inventories name it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Sector::Power => "电力供热",
            Sector::Industry => "工业",
            Sector::Residential => "民用",
            Sector::Onroad => "道路移动源",
            Sector::Nonroad => "非道路移动源",
            Sector::Dust => "扬尘",
            Sector::Agriculture => "农业",
            Sector::Solvent => "溶剂使用",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Sector::Power => "power and heat",
            Sector::Industry => "industry",
            Sector::Residential => "residential",
            Sector::Onroad => "on-road vehicles",
            Sector::Nonroad => "non-road machinery",
            Sector::Dust => "dust",
            Sector::Agriculture => "agriculture",
            Sector::Solvent => "solvent use",
        }
    }
}

/// An emitted species.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Species {
    So2,
    Nox,
    Pm25,
    Pm10,
    Vocs,
    Co,
    Nh3,
}

/// The species in the order of the file's columns and of the emission array's third axis.
pub const POLLUTANTS: [Species; 7] = [
    Species::So2,
    Species::Nox,
    Species::Pm25,
    Species::Pm10,
    Species::Vocs,
    Species::Co,
    Species::Nh3,
];

impl Species {
    /// The identifier used in column names.
    pub fn id(self) -> &'static str {
        match self {
            Species::So2 => "so2",
            Species::Nox => "nox",
            Species::Pm25 => "pm25",
            Species::Pm10 => "pm10",
            Species::Vocs => "vocs",
            Species::Co => "co",
            Species::Nh3 => "nh3",
        }
    }

    /// Position in [`POLLUTANTS`] and on the emission array's third axis.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The kind of a county-level unit (县级行政区 or municipal zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountyKind {
    /// 市辖区.
    District,
    /// 县.
    County,
    /// 县级市.
    City,
    /// 市属功能区 (development zone, high-tech zone, resort).
    Zone,
}

impl CountyKind {
    pub const ALL: [CountyKind; 4] = [
        CountyKind::District,
        CountyKind::County,
        CountyKind::City,
        CountyKind::Zone,
    ];

    pub fn id(self) -> &'static str {
        match self {
            CountyKind::District => "district",
            CountyKind::County => "county",
            CountyKind::City => "city",
            CountyKind::Zone => "zone",
        }
    }

    fn parse(s: &str) -> Option<CountyKind> {
        CountyKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// The county-level units of a city, validated, one entry per unit in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Counties {
    pub id: Vec<String>,
    pub name_zh: Vec<String>,
    pub name_en: Vec<String>,
    pub kind: Vec<CountyKind>,
    /// Resident population, people.
    pub population: Vec<f64>,
    pub area_km2: Vec<f64>,
    /// Fraction of the population that is urban, in [0, 1].
    pub urban_share: Vec<f64>,
    /// The unit's share of the national monitoring sites behind the official city AQI; the
    /// weights sum to 1.
    pub monitor_weight: Vec<f64>,
    /// Annual emissions, t/yr, indexed `[county, sector, species]` in the order of [`SECTORS`]
    /// and [`POLLUTANTS`].
    pub emissions: Array3<f64>,
}

impl Counties {
    /// Number of units.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Never true for a loaded table (the loader requires a unit); here for completeness.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Position of the unit `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.id.iter().position(|x| x == id)
    }

    /// One cell of the inventory, t/yr.
    pub fn emission(&self, county: usize, sector: Sector, species: Species) -> f64 {
        self.emissions[[county, sector.index(), species.index()]]
    }

    /// The city's total of `species` over all units and sectors, t/yr.
    pub fn total(&self, species: Species) -> f64 {
        self.emissions
            .slice(ndarray::s![.., .., species.index()])
            .sum()
    }

    /// The city's total of `species` from `sector`, t/yr.
    pub fn sector_total(&self, sector: Sector, species: Species) -> f64 {
        self.emissions
            .slice(ndarray::s![.., sector.index(), species.index()])
            .sum()
    }

    /// The unit's total of `species` over all sectors, t/yr.
    pub fn county_total(&self, county: usize, species: Species) -> f64 {
        self.emissions
            .slice(ndarray::s![county, .., species.index()])
            .sum()
    }

    /// The city's resident population.
    pub fn total_population(&self) -> f64 {
        self.population.iter().sum()
    }
}

/// The fixed columns before the emissions.
const FIXED: [&str; 8] = [
    "id",
    "name_zh",
    "name_en",
    "kind",
    "population",
    "area_km2",
    "urban_share",
    "monitor_weight",
];

/// How far the monitor weights may miss 1 (they are written with a few decimals).
const WEIGHT_TOLERANCE: f64 = 1e-6;

/// The header a counties file must have, column by column.
pub fn expected_header() -> Vec<String> {
    let mut names: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    for sector in SECTORS {
        for species in POLLUTANTS {
            names.push(emission_column(sector, species));
        }
    }
    names
}

fn emission_column(sector: Sector, species: Species) -> String {
    format!("{}_{}", sector.id(), species.id())
}

/// Load and validate the counties file at `path`.
pub fn load_counties(path: &Path) -> Result<Counties, InputError> {
    let text = super::read_text(path)?;
    parse_counties(&text, path)
}

/// Parse and validate counties CSV `text`, naming `path` in messages.
pub fn parse_counties(text: &str, path: &Path) -> Result<Counties, InputError> {
    let (mut reader, header) = super::csv_rows::reader(text, path)?;
    check_header(&header, path)?;

    let n_sectors = SECTORS.len();
    let n_species = POLLUTANTS.len();
    let mut table = Table::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut cells: Vec<f64> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| super::csv_rows::csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(super::csv_rows::length_error(
                path,
                line,
                record.len(),
                header.len(),
            ));
        }
        let cell = |col: usize| Cell {
            path,
            line,
            col,
            name: &header[col],
            raw: record.get(col).unwrap_or(""),
        };

        let id = cell(0).snake_case_id()?;
        if let Some(&other) = first_line.get(&id) {
            return Err(cell(0).error(format!("`{id}` repeats the id of line {other}")));
        }
        first_line.insert(id.clone(), line);
        table.id.push(id);
        table.name_zh.push(cell(1).text()?);
        table.name_en.push(cell(2).text()?);
        table.kind.push(cell(3).kind()?);
        table.population.push(cell(4).non_negative()?);
        table.area_km2.push(cell(5).positive()?);
        table.urban_share.push(cell(6).fraction()?);
        table.monitor_weight.push(cell(7).fraction()?);

        let start = cells.len();
        for col in FIXED.len()..header.len() {
            cells.push(cell(col).non_negative()?);
        }
        // PM2.5 is part of PM10, so a row with less PM10 than PM2.5 has its columns mixed up.
        let row = &cells[start..];
        for (s, sector) in SECTORS.iter().enumerate() {
            let pm25 = row[s * n_species + Species::Pm25.index()];
            let pm10_at = s * n_species + Species::Pm10.index();
            let pm10 = row[pm10_at];
            if pm10 < pm25 {
                return Err(cell(FIXED.len() + pm10_at).error(format!(
                    "{} PM10 ({pm10}) is less than its PM2.5 ({pm25}); PM2.5 is part of PM10",
                    sector.id()
                )));
            }
        }
    }

    let n = table.id.len();
    if n == 0 {
        return Err(InputError::new(
            path,
            "no county rows: at least one unit is required",
        ));
    }
    let weights: f64 = table.monitor_weight.iter().sum();
    if (weights - 1.0).abs() > WEIGHT_TOLERANCE {
        return Err(InputError::new(
            path,
            format!(
                "the monitor weights sum to {weights}, not 1: they are each unit's share of the city's monitoring sites"
            ),
        )
        .field("monitor_weight"));
    }
    let emissions = Array3::from_shape_vec((n, n_sectors, n_species), cells)
        .expect("one cell per sector and species in every row");
    Ok(Counties {
        id: table.id,
        name_zh: table.name_zh,
        name_en: table.name_en,
        kind: table.kind,
        population: table.population,
        area_km2: table.area_km2,
        urban_share: table.urban_share,
        monitor_weight: table.monitor_weight,
        emissions,
    })
}

/// The fixed columns gathered while reading, before they become [`Counties`].
#[derive(Default)]
struct Table {
    id: Vec<String>,
    name_zh: Vec<String>,
    name_en: Vec<String>,
    kind: Vec<CountyKind>,
    population: Vec<f64>,
    area_km2: Vec<f64>,
    urban_share: Vec<f64>,
    monitor_weight: Vec<f64>,
}

/// The header must be exactly [`expected_header`]: the simulator reads columns by position, and a
/// renamed or shuffled column is far more often a mistake than an intent.
fn check_header(header: &[String], path: &Path) -> Result<(), InputError> {
    if header.iter().all(String::is_empty) {
        return Err(
            InputError::new(path, "the file is empty: the header row is required").at_line(1),
        );
    }
    let expected = expected_header();
    let mut problems: Vec<String> = Vec::new();
    // The first column at fault, 1-based, for the location.
    let mut first_col: Option<usize> = None;

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(&j) = seen.get(name.as_str()) {
            problems.push(format!(
                "column `{name}` appears twice (columns {} and {})",
                j + 1,
                i + 1
            ));
            note(&mut first_col, i + 1);
        } else {
            seen.insert(name, i);
        }
    }
    let unknown: Vec<(usize, &String)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| !expected.contains(h))
        .collect();
    if !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|(i, h)| {
                let lower = h.to_lowercase();
                if h.as_str() != lower && expected.contains(&lower) {
                    format!("`{h}` (column {}; names are lower case: `{lower}`)", i + 1)
                } else {
                    format!("`{h}` (column {})", i + 1)
                }
            })
            .collect();
        problems.push(format!("unknown columns: {}", list.join(", ")));
        note(&mut first_col, unknown[0].0 + 1);
    }
    let missing: Vec<&String> = expected.iter().filter(|e| !header.contains(e)).collect();
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        problems.push(format!("missing columns: {}", list.join(", ")));
    }
    if problems.is_empty()
        && let Some(i) = header.iter().zip(&expected).position(|(h, e)| h != e)
    {
        problems.push(format!(
            "column {} is `{}` where `{}` belongs: the columns must be in the documented order",
            i + 1,
            header[i],
            expected[i]
        ));
        note(&mut first_col, i + 1);
    }
    if problems.is_empty() {
        return Ok(());
    }
    let err = InputError::new(path, format!("bad header: {}", problems.join("; ")));
    Err(match first_col {
        Some(col) => err.at(1, col).field(header[col - 1].clone()),
        None => err.at_line(1),
    })
}

/// Remember `col` if it is the leftmost column at fault so far.
fn note(first: &mut Option<usize>, col: usize) {
    *first = Some(first.map_or(col, |c| c.min(col)));
}

/// One cell being read, for located errors.
struct Cell<'a> {
    path: &'a Path,
    line: usize,
    /// 0-based column.
    col: usize,
    name: &'a str,
    raw: &'a str,
}

impl Cell<'_> {
    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.path, message)
            .at(self.line, self.col + 1)
            .field(self.name)
    }

    fn text(&self) -> Result<String, InputError> {
        if self.raw.is_empty() {
            return Err(self.error("is empty"));
        }
        Ok(self.raw.to_string())
    }

    fn snake_case_id(&self) -> Result<String, InputError> {
        let s = self.raw;
        let ok = s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !s.ends_with('_')
            && !s.contains("__");
        if !ok {
            return Err(self.error(format!(
                "`{s}` is not a snake_case id (a-z, 0-9 and single underscores, starting with a letter)"
            )));
        }
        Ok(s.to_string())
    }

    fn kind(&self) -> Result<CountyKind, InputError> {
        CountyKind::parse(self.raw).ok_or_else(|| {
            let kinds: Vec<&str> = CountyKind::ALL.iter().map(|k| k.id()).collect();
            self.error(format!(
                "`{}` is not a kind: expected one of {}",
                self.raw,
                kinds.join(", ")
            ))
        })
    }

    /// A finite number. An empty cell is an error, never zero: a missing figure must be said.
    fn number(&self) -> Result<f64, InputError> {
        if self.raw.is_empty() {
            return Err(self.error("is empty: write 0 if there is none"));
        }
        let v: f64 = self
            .raw
            .parse()
            .map_err(|_| self.error(format!("`{}` is not a number", self.raw)))?;
        if !v.is_finite() {
            return Err(self.error(format!("`{}` is not a finite number", self.raw)));
        }
        Ok(v)
    }

    fn non_negative(&self) -> Result<f64, InputError> {
        let v = self.number()?;
        if v < 0.0 {
            return Err(self.error(format!("`{}` is negative: must be >= 0", self.raw)));
        }
        // `-0` parses as negative zero: store it as 0 so that it prints as 0.
        Ok(v + 0.0)
    }

    /// Area must be positive: densities and box volumes divide by it.
    fn positive(&self) -> Result<f64, InputError> {
        let v = self.number()?;
        if v <= 0.0 {
            return Err(self.error(format!("`{}` must be > 0", self.raw)));
        }
        Ok(v)
    }

    fn fraction(&self) -> Result<f64, InputError> {
        let v = self.number()?;
        if !(0.0..=1.0).contains(&v) {
            return Err(self.error(format!("`{}` must lie in [0, 1]", self.raw)));
        }
        Ok(v + 0.0)
    }
}

#[cfg(test)]
#[path = "counties_tests.rs"]
mod tests;
