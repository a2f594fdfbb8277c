//! The tables that describe a synthetic list (Markdown), as `smogsim synth list` prints them and
//! `LIST.md` quotes them: firms per county and industry group, grades, guaranteed firms, CEMS,
//! the largest emitting industries, and the check against the county table.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::plan::schema::Grade;
use crate::world::counties::{Counties, Sector};
use crate::world::enterprises::{Enterprises, grade_id, guarantee_mode_id};

use super::list::county_sector_totals_t;
use super::structure::ListStructure;

const GRADES: [Grade; 6] = Grade::ALL;

/// The largest difference, t/yr, between a unit's listed emissions and its `industry` + `power`
/// totals in the county table, over units and pollutants.
pub fn largest_gap_t(list: &Enterprises, counties: &Counties) -> f64 {
    (0..counties.len())
        .flat_map(|c| {
            let listed = list.county_totals(c as u16);
            let ind = county_sector_totals_t(counties, c, Sector::Industry);
            let pow = county_sector_totals_t(counties, c, Sector::Power);
            (0..4).map(move |p| (listed[p] - ind[p] - pow[p]).abs())
        })
        .fold(0.0, f64::max)
}

/// The Markdown tables.
pub fn summary(list: &Enterprises, structure: &ListStructure, counties: &Counties) -> String {
    let mut out = String::new();
    let industries = &structure.industries;
    let n = list.len();
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };

    // Groups in the order they first appear among the industries.
    let mut groups: Vec<&str> = Vec::new();
    for ind in industries {
        if !groups.contains(&ind.group.as_str()) {
            groups.push(&ind.group);
        }
    }
    let _ = writeln!(out, "### Firms per unit and industry group\n");
    let _ = writeln!(out, "| unit | {} | total |", groups.join(" | "));
    let _ = writeln!(out, "|---|{}---:|", "---:|".repeat(groups.len()));
    let mut column_totals = vec![0usize; groups.len()];
    for c in 0..counties.len() {
        let mut row = vec![0usize; groups.len()];
        for k in 0..n {
            if list.county[k] as usize == c {
                let g = &industries[list.industry[k] as usize].group;
                row[groups.iter().position(|x| x == g).expect("known group")] += 1;
            }
        }
        for (t, v) in column_totals.iter_mut().zip(&row) {
            *t += v;
        }
        let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            counties.id[c],
            cells.join(" | "),
            row.iter().sum::<usize>()
        );
    }
    let cells: Vec<String> = column_totals.iter().map(|v| format!("**{v}**")).collect();
    let _ = writeln!(out, "| **city** | {} | **{n}** |", cells.join(" | "));

    let _ = writeln!(out, "\n### Grades\n");
    let _ = writeln!(
        out,
        "| grade | key-industry firms | share | other firms | share |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    let is_key = |k: usize| industries[list.industry[k] as usize].key;
    let key_n = (0..n).filter(|&k| is_key(k)).count();
    for g in GRADES {
        let key = (0..n).filter(|&k| is_key(k) && list.grade[k] == g).count();
        let other = (0..n).filter(|&k| !is_key(k) && list.grade[k] == g).count();
        let _ = writeln!(
            out,
            "| {} | {key} | {:.1} % | {other} | {:.1} % |",
            grade_id(g),
            pct(key, key_n),
            pct(other, n - key_n)
        );
    }
    let _ = writeln!(out, "| **all** | **{key_n}** | | **{}** | |", n - key_n);

    let _ = writeln!(out, "\n### Guaranteed firms\n");
    let _ = writeln!(out, "| industry | mode | guaranteed | of firms |");
    let _ = writeln!(out, "|---|---|---:|---:|");
    let mut guaranteed: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for k in 0..n {
        if let Some(mode) = list.guarantee_mode[k] {
            *guaranteed
                .entry((list.industry[k] as usize, guarantee_mode_id(mode)))
                .or_default() += 1;
        }
    }
    for ((i, mode), count) in &guaranteed {
        let of = (0..n).filter(|&k| list.industry[k] as usize == *i).count();
        let _ = writeln!(out, "| {} | {mode} | {count} | {of} |", industries[*i].id);
    }
    let total_guaranteed = list.guaranteed.iter().filter(|&&g| g).count();
    let _ = writeln!(out, "| **all** | | **{total_guaranteed}** | **{n}** |");

    let totals = list.totals();
    let share_of = |keep: &dyn Fn(usize) -> bool| -> [f64; 4] {
        let mut s = [0.0; 4];
        for k in (0..n).filter(|&k| keep(k)) {
            for (x, e) in s.iter_mut().zip(list.emissions[k]) {
                *x += e;
            }
        }
        [0, 1, 2, 3].map(|p| {
            if totals[p] > 0.0 {
                100.0 * s[p] / totals[p]
            } else {
                0.0
            }
        })
    };
    let _ = writeln!(
        out,
        "\n### Monitoring, small-and-micro emitters, guaranteed share\n"
    );
    let _ = writeln!(
        out,
        "| firms | number | share of firms | SO2 | NOx | PM | VOCs |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    let rows: [(&str, &[bool]); 3] = [
        ("with CEMS", &list.cems),
        ("small-and-micro", &list.small_micro),
        ("guaranteed", &list.guaranteed),
    ];
    for (label, flags) in rows {
        let keep = |k: usize| flags[k];
        let count = (0..n).filter(|&k| keep(k)).count();
        let s = share_of(&keep);
        let _ = writeln!(
            out,
            "| {label} | {count} | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {:.1} % |",
            pct(count, n),
            s[0],
            s[1],
            s[2],
            s[3]
        );
    }

    let _ = writeln!(out, "\n### Emissions by industry (t/yr, the city)\n");
    let _ = writeln!(out, "| industry | firms | SO2 | NOx | PM | VOCs |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    for (i, ind) in industries.iter().enumerate() {
        let firms = (0..n).filter(|&k| list.industry[k] as usize == i).count();
        if firms == 0 {
            continue;
        }
        let e = list.industry_totals(i as u16);
        let _ = writeln!(
            out,
            "| {} | {firms} | {:.0} | {:.0} | {:.0} | {:.0} |",
            ind.id, e[0], e[1], e[2], e[3]
        );
    }
    let _ = writeln!(
        out,
        "| **all** | **{n}** | **{:.0}** | **{:.0}** | **{:.0}** | **{:.0}** |",
        totals[0], totals[1], totals[2], totals[3]
    );

    let _ = writeln!(
        out,
        "\nLargest gap between a unit's listed emissions and its industry + power totals: {:.3} t/yr.",
        largest_gap_t(list, counties)
    );
    out
}
