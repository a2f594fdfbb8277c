//! HJ 633-2012 Table 1, the IAQI breakpoints, read once from the embedded data file
//! `scenarios/standards/hj633-2012.toml` (sources in the README beside it).
//!
//! The code knows which columns the table has ([`Item`]) and checks the file against what the
//! exact arithmetic of [`crate::aqi::index`] relies on; the numbers themselves live only in the
//! data file.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::concentration::EXACT_PLACES;

const TABLE_TOML: &str = include_str!("../../scenarios/standards/hj633-2012.toml");

/// Limits must stay below this: far below the point where concentrations saturate (10¹⁵), and
/// small enough that limit × (hours × 10¹⁹) × ΔIAQI stays inside u128 for day-long means.
const MAX_LIMIT: u32 = 1_000_000;

/// A column of HJ 633-2012 Table 1: a pollutant with its averaging period.
///
/// The 1-hour SO2, NO2 and CO columns are for the real-time report only (Table 1, footnote 1).
/// PM10 and PM2.5 have no 1-hour column; their 1-hour concentrations use the 24-hour ones.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    So2_24h,
    So2_1h,
    No2_24h,
    No2_1h,
    Pm10_24h,
    Co_24h,
    Co_1h,
    O3_1h,
    O3_8h,
    Pm25_24h,
}

/// What a concentration above an item's last breakpoint gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AboveTop {
    /// The IAQI of the last breakpoint (500).
    Cap,
    /// No IAQI (Table 1, footnotes 2 and 3).
    NotComputed,
}

impl Item {
    pub const ALL: [Item; 10] = [
        Item::So2_24h,
        Item::So2_1h,
        Item::No2_24h,
        Item::No2_1h,
        Item::Pm10_24h,
        Item::Co_24h,
        Item::Co_1h,
        Item::O3_1h,
        Item::O3_8h,
        Item::Pm25_24h,
    ];

    /// The item's key in the data file, e.g. `so2_24h`.
    pub fn id(self) -> &'static str {
        match self {
            Item::So2_24h => "so2_24h",
            Item::So2_1h => "so2_1h",
            Item::No2_24h => "no2_24h",
            Item::No2_1h => "no2_1h",
            Item::Pm10_24h => "pm10_24h",
            Item::Co_24h => "co_24h",
            Item::Co_1h => "co_1h",
            Item::O3_1h => "o3_1h",
            Item::O3_8h => "o3_8h",
            Item::Pm25_24h => "pm25_24h",
        }
    }

    /// The unit concentrations of this item are given in.
    pub fn unit(self) -> &'static str {
        match self {
            Item::Co_24h | Item::Co_1h => "mg/m³",
            _ => "µg/m³",
        }
    }

    /// The item's breakpoints (concentration limits), from 0 upwards.
    pub fn limits(self) -> &'static [u32] {
        &table().columns[self as usize].limits
    }

    /// The IAQI at each of [`Item::limits`].
    pub fn iaqi_levels(self) -> &'static [u16] {
        let table = table();
        &table.iaqi[..table.columns[self as usize].limits.len()]
    }

    /// What a concentration above the last breakpoint gives.
    pub fn above_top(self) -> AboveTop {
        table().columns[self as usize].above_top
    }
}

#[derive(Debug)]
struct Table {
    iaqi: Vec<u16>,
    /// Indexed by `Item as usize`.
    columns: Vec<Column>,
}

#[derive(Debug)]
struct Column {
    limits: Vec<u32>,
    above_top: AboveTop,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[allow(dead_code)]
    standard: String,
    iaqi: Vec<u16>,
    items: BTreeMap<String, ColumnFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFile {
    unit: String,
    limits: Vec<u32>,
    above_top: AboveTop,
}

fn table() -> &'static Table {
    static TABLE: LazyLock<Table> = LazyLock::new(|| {
        // The file is compiled in and checked by the tests, so failing here is a build defect.
        parse_table(TABLE_TOML).unwrap_or_else(|e| panic!("embedded HJ 633-2012 table: {e}"))
    });
    &TABLE
}

fn parse_table(text: &str) -> Result<Table, String> {
    let file: TableFile = toml::from_str(text).map_err(|e| e.to_string())?;
    check_increasing("iaqi", &file.iaqi)?;
    // The exactness argument of `concentration` needs every rounding threshold
    // lo + j·ΔBP/ΔIAQI to be a multiple of 10⁻¹⁸; integer limits and ΔIAQI | 10¹⁸ guarantee it.
    let exact_denominator = 10u128.pow(EXACT_PLACES);
    for step in file.iaqi.windows(2) {
        let delta = u128::from(step[1] - step[0]);
        if !exact_denominator.is_multiple_of(delta) {
            return Err(format!(
                "iaqi step {} → {} does not divide 10^{EXACT_PLACES}",
                step[0], step[1]
            ));
        }
    }
    let mut columns = Vec::with_capacity(Item::ALL.len());
    for item in Item::ALL {
        let column = file
            .items
            .get(item.id())
            .ok_or_else(|| format!("items.{} is missing", item.id()))?;
        let context = format!("items.{}", item.id());
        if column.unit != item.unit() {
            return Err(format!(
                "{context}.unit is {:?}, the code expects {:?}",
                column.unit,
                item.unit()
            ));
        }
        check_increasing(&format!("{context}.limits"), &column.limits)?;
        if column.limits.len() > file.iaqi.len() {
            return Err(format!("{context}.limits has more entries than iaqi"));
        }
        if column.limits.iter().any(|&limit| limit >= MAX_LIMIT) {
            return Err(format!("{context}.limits must stay below {MAX_LIMIT}"));
        }
        columns.push(Column {
            limits: column.limits.clone(),
            above_top: column.above_top,
        });
    }
    if let Some(unknown) = file
        .items
        .keys()
        .find(|key| !Item::ALL.iter().any(|item| item.id() == key.as_str()))
    {
        return Err(format!(
            "items.{unknown} is not a column of HJ 633-2012 Table 1"
        ));
    }
    Ok(Table {
        iaqi: file.iaqi,
        columns,
    })
}

fn check_increasing<T: PartialOrd + Copy + Into<u32>>(
    what: &str,
    values: &[T],
) -> Result<(), String> {
    if values.len() < 2 {
        return Err(format!("{what} needs at least two entries"));
    }
    if values[0].into() != 0 {
        return Err(format!("{what} must start at 0"));
    }
    if values.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("{what} must increase strictly"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads_and_every_column_increases_strictly() {
        let table = parse_table(TABLE_TOML).unwrap();
        assert_eq!(table.iaqi, [0, 50, 100, 150, 200, 300, 400, 500]);
        for item in Item::ALL {
            let limits = item.limits();
            assert!(limits.windows(2).all(|w| w[0] < w[1]), "{item:?}");
            assert_eq!(limits[0], 0);
            assert_eq!(item.iaqi_levels().len(), limits.len());
        }
    }

    #[test]
    fn cells_equal_the_standard() {
        // Spot checks against HJ 633-2012 Table 1 (domain.md §1.1), including the cells other
        // implementations get wrong (domain.md §1.8).
        assert_eq!(
            Item::So2_24h.limits(),
            [0, 50, 150, 475, 800, 1600, 2100, 2620]
        );
        assert_eq!(Item::So2_1h.limits(), [0, 150, 500, 650, 800]);
        assert_eq!(Item::Pm25_24h.limits()[2], 75);
        assert_eq!(Item::Pm10_24h.limits()[2], 150);
        assert_eq!(Item::Co_24h.limits()[1], 2);
        assert_eq!(Item::Co_1h.limits()[7], 150);
        assert_eq!(Item::No2_1h.limits()[5], 2340);
        assert_eq!(Item::O3_1h.limits()[5], 800);
        assert_eq!(Item::O3_8h.limits(), [0, 100, 160, 215, 265, 800]);
        assert_eq!(Item::O3_8h.iaqi_levels().last(), Some(&300));
        assert_eq!(Item::So2_1h.iaqi_levels().last(), Some(&200));
        assert_eq!(Item::So2_1h.above_top(), AboveTop::NotComputed);
        assert_eq!(Item::O3_8h.above_top(), AboveTop::NotComputed);
        assert_eq!(Item::Pm25_24h.above_top(), AboveTop::Cap);
    }

    fn with_replaced(from: &str, to: &str) -> Result<Table, String> {
        assert!(TABLE_TOML.contains(from), "{from}");
        parse_table(&TABLE_TOML.replacen(from, to, 1))
    }

    #[test]
    fn rejects_tables_the_arithmetic_cannot_trust() {
        let not_increasing = with_replaced("[0, 35, 75, 115", "[0, 35, 35, 115").unwrap_err();
        assert!(
            not_increasing.contains("pm25_24h.limits must increase"),
            "{not_increasing}"
        );
        let step = with_replaced("iaqi = [0, 50,", "iaqi = [0, 30,").unwrap_err();
        assert!(step.contains("does not divide"), "{step}");
        let unit = with_replaced("unit = \"mg/m³\"", "unit = \"µg/m³\"").unwrap_err();
        assert!(unit.contains("co_24h.unit"), "{unit}");
        let missing = with_replaced("[items.o3_8h]", "[items.o3_8h_x]").unwrap_err();
        assert!(missing.contains("items.o3_8h is missing"), "{missing}");
        let behaviour =
            with_replaced("above_top = \"not_computed\"", "above_top = \"drop\"").unwrap_err();
        assert!(behaviour.contains("drop"), "{behaviour}");
    }
}
