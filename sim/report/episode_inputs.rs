//! The files of a real episode's evaluation besides the observed air quality: the city's
//! warning decisions (EVENTS, `smogsim hindcast`'s columns), the counties' notices (NOTICES) and
//! the inspections of enterprises (INSPECTIONS). Formats and examples: `reports/examples/`.
//!
//! Owns reading and checking these files; every bad cell is an error naming file, line, column
//! and field. Knows nothing of what the evaluation makes of them.

use std::path::Path;

use chrono::NaiveDateTime;

use super::csv_table::CsvTable;
use crate::InputError;
use crate::plan::{Event, EventKind, Hour, Level, Trigger};

/// One county's handling of one city notice (§4.2, §5.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub county: String,
    pub received_at: NaiveDateTime,
    pub notified_at: Option<NaiveDateTime>,
    pub disclosed_at: Option<NaiveDateTime>,
}

/// What an inspection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Compliant,
    Partial,
    Violation,
}

impl Finding {
    fn parse(s: &str) -> Option<Finding> {
        match s.trim().to_lowercase().as_str() {
            "compliant" | "合规" | "落实" => Some(Finding::Compliant),
            "partial" | "部分落实" => Some(Finding::Partial),
            "violation" | "违规" | "未落实" => Some(Finding::Violation),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    pub time: NaiveDateTime,
    pub county: String,
    pub enterprise: String,
    pub industry: String,
    pub finding: Finding,
    pub note: String,
}

/// The decisions of EVENTS.csv as engine events, hours counted from `start`.
pub fn read_events(path: &Path, start: NaiveDateTime) -> Result<Vec<Event>, InputError> {
    let t = CsvTable::read(path)?;
    let c: Vec<usize> = ["decided_at", "effective_at", "event", "level"]
        .iter()
        .map(|n| t.column(n))
        .collect::<Result<_, _>>()?;
    let hour = |at: NaiveDateTime| -> Hour { (at - start).num_hours() };
    let mut out = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        let need = |col: usize| {
            t.time(r, col)?
                .ok_or_else(|| t.error_at(r, col, "a time YYYY-MM-DD HH:MM is required"))
        };
        let (decided, effective) = (need(c[0])?, need(c[1])?);
        if effective < decided {
            return Err(t.error_at(r, c[1], "takes effect before it was decided"));
        }
        let kind = EventKind::parse(t.text(r, c[2])).ok_or_else(|| {
            t.error_at(
                r,
                c[2],
                format!(
                    "`{}` is not advisory, issue, upgrade, downgrade or lift",
                    t.text(r, c[2])
                ),
            )
        })?;
        let level = Level::parse(t.text(r, c[3])).ok_or_else(|| {
            t.error_at(
                r,
                c[3],
                format!(
                    "`{}` is not advisory, yellow, orange or red",
                    t.text(r, c[3])
                ),
            )
        })?;
        if out
            .last()
            .is_some_and(|e: &Event| hour(decided) < e.decided_at)
        {
            return Err(t.error_at(r, c[0], "decisions must be listed in the order made"));
        }
        out.push(Event {
            kind,
            level,
            decided_at: hour(decided),
            effective_at: hour(effective),
            onset: None,
            trigger: Trigger::Forecast,
        });
    }
    Ok(out)
}

/// NOTICES.csv: `county,received_at,notified_at,disclosed_at` (the last two may be empty: not
/// done).
pub fn read_notices(path: &Path) -> Result<Vec<Notice>, InputError> {
    let t = CsvTable::read(path)?;
    let c: Vec<usize> = ["county", "received_at", "notified_at", "disclosed_at"]
        .iter()
        .map(|n| t.column(n))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        if t.text(r, c[0]).is_empty() {
            return Err(t.error_at(r, c[0], "the county is required"));
        }
        let received_at = t
            .time(r, c[1])?
            .ok_or_else(|| t.error_at(r, c[1], "a time YYYY-MM-DD HH:MM is required"))?;
        let notice = Notice {
            county: t.text(r, c[0]).to_string(),
            received_at,
            notified_at: t.time(r, c[2])?,
            disclosed_at: t.time(r, c[3])?,
        };
        for (col, at) in [(c[2], notice.notified_at), (c[3], notice.disclosed_at)] {
            if at.is_some_and(|a| a < received_at) {
                return Err(t.error_at(r, col, "is before the notice was received"));
            }
        }
        out.push(notice);
    }
    Ok(out)
}

/// INSPECTIONS.csv: `time,county,enterprise,industry,finding,note` (`note` optional); finding is
/// compliant, partial or violation (or 合规, 部分落实, 违规).
pub fn read_inspections(path: &Path) -> Result<Vec<Inspection>, InputError> {
    let t = CsvTable::read(path)?;
    let c: Vec<usize> = ["time", "county", "enterprise", "industry", "finding"]
        .iter()
        .map(|n| t.column(n))
        .collect::<Result<_, _>>()?;
    let note = t.find("note");
    let mut out = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        let time = t
            .time(r, c[0])?
            .ok_or_else(|| t.error_at(r, c[0], "a time YYYY-MM-DD HH:MM is required"))?;
        for col in &c[1..3] {
            if t.text(r, *col).is_empty() {
                return Err(t.error_at(r, *col, "is required"));
            }
        }
        let finding = Finding::parse(t.text(r, c[4])).ok_or_else(|| {
            t.error_at(
                r,
                c[4],
                format!(
                    "`{}` is not compliant, partial or violation",
                    t.text(r, c[4])
                ),
            )
        })?;
        out.push(Inspection {
            time,
            county: t.text(r, c[1]).to_string(),
            enterprise: t.text(r, c[2]).to_string(),
            industry: t.text(r, c[3]).to_string(),
            finding,
            note: note.map_or(String::new(), |k| t.text(r, k).to_string()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn events_become_hours_from_the_start() {
        let f = file(
            "decided_at,effective_at,event,level\n2019-02-04 17:00,2019-02-05 00:00,issue,orange\n2019-02-07 12:00,2019-02-07 12:00,lift,orange\n",
        );
        let start = crate::report::csv_table::parse_time("2019-02-04 00:00").unwrap();
        let e = read_events(f.path(), start).unwrap();
        assert_eq!((e[0].decided_at, e[0].effective_at), (17, 24));
        assert_eq!(e[1].kind, EventKind::Lift);
    }

    #[test]
    fn a_bad_level_names_its_cell() {
        let f = file(
            "decided_at,effective_at,event,level\n2019-02-04 17:00,2019-02-05 00:00,issue,purple\n",
        );
        let start = crate::report::csv_table::parse_time("2019-02-04 00:00").unwrap();
        let e = read_events(f.path(), start).unwrap_err().to_string();
        assert!(
            e.ends_with(":2:4: level: `purple` is not advisory, yellow, orange or red"),
            "{e}"
        );
    }

    #[test]
    fn inspections_accept_chinese_findings_and_notices_check_their_order() {
        let f = file(
            "time,county,enterprise,industry,finding\n2019-02-05 10:00,东昌府区,某厂,铸造,违规\n",
        );
        assert_eq!(
            read_inspections(f.path()).unwrap()[0].finding,
            Finding::Violation
        );
        let f = file(
            "county,received_at,notified_at,disclosed_at\n冠县,2019-02-04 18:00,2019-02-04 17:00,\n",
        );
        let e = read_notices(f.path()).unwrap_err().to_string();
        assert!(e.contains(":2:3: notified_at: is before"), "{e}");
    }
}
