//! A readable summary of a validated plan: levels and criteria, timing rules, targets, measures
//! per level and kind, standing rules and assumptions.
//!
//! Owns the wording of `smogsim check`. Returns text; prints nothing.

use std::fmt::Write;

use super::model::{Condition, Level, Plan};
use super::schema::{Action, Advice, EmissionStandard, MeasureKind, PopulationGroup};

/// Options for [`summary`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryOptions {
    /// Also print each measure's text as the plan words it.
    pub full_text: bool,
}

const KINDS: [MeasureKind; 4] = [
    MeasureKind::PublicProtection,
    MeasureKind::Advocacy,
    MeasureKind::Mandatory,
    MeasureKind::Guiding,
];

fn kind_name(k: MeasureKind) -> &'static str {
    match k {
        MeasureKind::PublicProtection => "public protection",
        MeasureKind::Advocacy => "advocacy",
        MeasureKind::Mandatory => "mandatory",
        MeasureKind::Guiding => "guiding",
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn condition(c: &Condition) -> String {
    if c.inclusive && c.for_hours <= 1 {
        format!("reaches {}", c.threshold)
    } else if c.inclusive {
        format!(">= {} for >= {} h", c.threshold, c.for_hours)
    } else {
        format!("> {} for >= {} h", c.threshold, c.for_hours)
    }
}

fn standard(s: EmissionStandard) -> &'static str {
    match s {
        EmissionStandard::China0 => "China 0",
        EmissionStandard::China1 => "China I",
        EmissionStandard::China2 => "China II",
        EmissionStandard::China3 => "China III",
        EmissionStandard::China4 => "China IV",
        EmissionStandard::China5 => "China V",
        EmissionStandard::China6 => "China VI",
    }
}

fn snake(v: &impl std::fmt::Debug) -> String {
    let s = format!("{v:?}");
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

fn list(v: &[impl std::fmt::Debug]) -> String {
    v.iter().map(snake).collect::<Vec<_>>().join(", ")
}

/// One line describing what an action makes someone do.
pub fn describe(a: &Action) -> String {
    match a {
        Action::Inform => "publicity and health information".into(),
        Action::ProtectGroup { group, advice } => {
            let who = match group {
                PopulationGroup::Sensitive => "sensitive groups",
                PopulationGroup::General => "the general public",
                PopulationGroup::OutdoorWorkers => "outdoor workers",
                PopulationGroup::Students => "schools and kindergartens",
            };
            let what = match advice {
                Advice::StayIndoors => "stay indoors",
                Advice::ReduceOutdoor => "reduce outdoor activity",
                Advice::AvoidOutdoor => "reduce or avoid outdoor activity",
                Advice::WearMasks => "masks and shorter outdoor work",
            };
            format!("{who}: {what}")
        }

        Action::MedicalSupport { scale } => format!("medical support: {}", snake(scale)),
        Action::StopOutdoorEvents { scope } => {
            format!("stop {} outdoor public events", snake(scope))
        }
        Action::FlexibleTeaching => "flexible teaching".into(),
        Action::SchoolClosure { at_aqi } => {
            format!("schools may close when the daily AQI reaches {at_aqi}")
        }
        Action::VoluntaryReduction { who } => format!("voluntary reductions by {}", snake(who)),
        Action::MorePublicTransport => "more public transport".into(),
        Action::FollowEmissionList { alternatives } => format!(
            "listed enterprises stop or limit production as listed (or: {})",
            list(alternatives)
        ),
        Action::FollowTechnicalGuide { scope } => {
            format!(
                "{} graded and cut per the Technical Guide for this level",
                snake(scope)
            )
        }
        Action::EnterpriseTransportPerGuide => {
            "enterprise transport per the Technical Guide and the list".into()
        }
        Action::VehicleBan {
            vehicles,
            zone,
            exempt,
        } => {
            let mut s = format!("ban {} in {}", list(vehicles), snake(zone));
            if !exempt.is_empty() {
                let _ = write!(s, " (except {})", list(exempt));
            }
            s
        }
        Action::HeavyTruckBan {
            sector,
            max_standard,
            gas_max_standard,
            operators,
            more_than_daily_trips,
            exempt,
        } => {
            let who = match (sector, operators, more_than_daily_trips) {
                (Some(s), _, _) => format!("sector {s}"),
                (None, Some(o), Some(n)) => {
                    format!("{} with more than {n} truck trips a day", snake(o))
                }
                (None, Some(o), None) => snake(o),
                (None, None, _) => "all operators".into(),
            };
            let mut s = format!(
                "{who}: no heavy trucks of {} or below (gas: {} or below)",
                standard(*max_standard),
                standard(*gas_max_standard)
            );
            if !exempt.is_empty() {
                let _ = write!(s, " (except {})", list(exempt));
            }
            s
        }
        Action::NonRoadBan {
            max_standard,
            places,
            exempt,
        } => format!(
            "no non-road machinery of {} or below in {} (except {})",
            standard(*max_standard),
            list(places),
            list(exempt)
        ),
        Action::OddEven { zone, exempt, .. } => format!(
            "odd-even plate rule in {} for local and transit vehicles (except {})",
            snake(zone),
            list(exempt)
        ),
        Action::StopOpenAirWork { sources } => format!("stop open-air work: {}", list(sources)),
        Action::StopSiteOperations {
            operations,
            except_guaranteed,
        } => format!(
            "construction sites{} stop {}",
            if *except_guaranteed {
                " (not guaranteed)"
            } else {
                ""
            },
            list(operations)
        ),
        Action::RoadWashing {
            extra_per_day,
            not_when_freezing,
            ..
        } => format!(
            "wash arterial and dusty roads {extra_per_day} more times a day{}",
            if *not_when_freezing {
                " unless freezing"
            } else {
                ""
            }
        ),
        Action::BanUnsealedHaulage { cargo } => {
            format!("no unsealed trucks carrying {}", list(cargo))
        }
        Action::CoverStockpiles { .. } => {
            "cover all open stockpiles; more watering unless freezing".into()
        }
        Action::BanFireworks { zone } => format!("no fireworks in {}", snake(zone)),
        Action::LimitProduction {
            sector,
            process,
            at_least,
            basis,
            rotation,
            safety_first,
        } => {
            let mut s = sector.to_string();
            if let Some(p) = process {
                let _ = write!(s, " / {p}");
            }
            let _ = write!(
                s,
                ": cut production by at least {} (by {})",
                pct(*at_least),
                snake(basis)
            );
            if let Some(r) = rotation {
                let _ = write!(s, ", rotation allowed ({})", snake(r));
            }
            if *safety_first {
                s.push_str(", safety permitting");
            }
            s
        }
        Action::StopProduction { sector, process } => match process {
            Some(p) => format!("{sector} / {p}: stop"),
            None => format!("{sector}: stop"),
        },
        Action::StopRoadTransport { sector } => format!("{sector}: no road transport"),
        Action::HeatDeterminedProduction { sector } => {
            format!("{sector}: produce only for heat demand")
        }
        Action::UniformMeasures => "take the uniform emergency measures announced".into(),
    }
}

/// The summary `smogsim check` prints.
pub fn summary(plan: &Plan, options: SummaryOptions) -> String {
    let f = &plan.file;
    let w = &plan.warning;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}), issued {}",
        f.plan.title_zh, f.plan.document, f.plan.issued
    );
    if !f.plan.title_en.is_empty() {
        let _ = writeln!(s, "{}", f.plan.title_en);
    }
    let _ = writeln!(
        s,
        "plan `{}` for {} ({}); AQI by {}",
        f.plan.id, f.plan.city_en, f.plan.city_zh, f.plan.aqi_standard
    );

    let _ = writeln!(
        s,
        "\nWarning levels (§3.1): on the {}-h continuous mean AQI; heavy pollution > {}, severe > {}",
        w.rolling_hours, w.heavy_above, w.severe_above
    );
    for l in &f.levels {
        let rule = w.level(l.id).expect("validated");
        let criteria = rule
            .criteria
            .iter()
            .map(|all| all.iter().map(condition).collect::<Vec<_>>().join(" and "))
            .collect::<Vec<_>>()
            .join("; or ");
        let response = match l.id {
            Level::Advisory => "no response (public information)".to_string(),
            Level::Yellow => format!("response {}", f.response.yellow),
            Level::Orange => format!("response {}", f.response.orange),
            Level::Red => format!("response {}", f.response.red),
        };
        let _ = writeln!(
            s,
            "  {:<9} {} {:<4} {}; {}",
            l.id.id(),
            l.name_zh,
            l.grade,
            criteria,
            response
        );
    }

    let _ = writeln!(
        s,
        "\nIssuance, adjustment and lifting (§3.2, §3.3, §4.2, §5.2)"
    );
    let _ = writeln!(
        s,
        "  consultations: daily at {:02}:00; every {} h while a warning is in force; every {} h while heavy pollution is observed without one",
        w.daily_consultation_hour,
        w.consult_every_hours_during_warning,
        w.consult_every_hours_realtime
    );
    let _ = writeln!(
        s,
        "  issue at least {} h before the forecast onset; decided once the onset is <= {} h ahead; the response starts {} h before the onset; approval takes {} h",
        w.min_lead_hours, w.lookahead_hours, w.response_lead_hours, w.approval_hours
    );
    let _ = writeln!(
        s,
        "  start at once when the observed mean AQI is > {} and not forecast to fall to <= {} within {} h",
        w.immediate_observed_above, w.immediate_improved_at_most, w.immediate_no_improvement_hours
    );
    let _ = writeln!(
        s,
        "  regional warnings: {}",
        if w.adopt_regional_level {
            "adopted as a floor on the level"
        } else {
            "not adopted"
        }
    );
    let _ = writeln!(
        s,
        "  episodes less than {} h apart are one, at the stricter level; upgrade: {}; downgrade: {}",
        w.merge_gap_hours,
        if w.upgrade { "yes" } else { "no" },
        if w.downgrade { "yes" } else { "no" }
    );
    let _ = writeln!(
        s,
        "  lift when the mean AQI is <= {} for >= {} h; the response ends with the warning",
        w.lift_at_most, w.lift_for_hours
    );
    let _ = writeln!(
        s,
        "  counties notify their departments within {} h; the public is told within {} h",
        w.county_notice_hours, w.disclosure_within_hours
    );

    let _ = writeln!(s, "\nReduction targets (§4.3): whole-society cuts");
    let _ = writeln!(
        s,
        "  {:<8} {:>5} {:>5} {:>5} {:>5}  SO2+NOx",
        "level", "SO2", "NOx", "PM", "VOCs"
    );
    for t in &plan.targets {
        let _ = writeln!(
            s,
            "  {:<8} {:>5} {:>5} {:>5} {:>5}  >= {}{}   (§{})",
            t.level.id(),
            pct(t.so2),
            pct(t.nox),
            pct(t.pm),
            pct(t.vocs),
            pct(t.so2_plus_nox_at_least),
            if t.so2_nox_adjustable {
                ", SO2/NOx adjustable"
            } else {
                ""
            },
            t.section
        );
    }

    let _ = writeln!(s, "\nMeasures per level and kind (§4.4)");
    let _ = writeln!(
        s,
        "  {:<8} {:>17} {:>9} {:>10} {:>8}",
        "level", "public protection", "advocacy", "mandatory", "guiding"
    );
    for level in Level::ALL {
        let counts = KINDS.map(|k| plan.measures_at(level).filter(|m| m.kind == k).count());
        let _ = writeln!(
            s,
            "  {:<8} {:>17} {:>9} {:>10} {:>8}",
            level.id(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
    }
    for level in Level::ALL {
        if plan.measures_at(level).next().is_none() {
            continue;
        }
        let _ = writeln!(s, "\n  {level}:");
        for kind in KINDS {
            let measures: Vec<_> = plan.measures_at(level).filter(|m| m.kind == kind).collect();
            if measures.is_empty() {
                continue;
            }
            let _ = writeln!(s, "    {}:", kind_name(kind));
            for m in measures {
                let what = m
                    .actions
                    .iter()
                    .map(describe)
                    .collect::<Vec<_>>()
                    .join("; ");
                let may = if m.discretionary { " [may]" } else { "" };
                let _ = writeln!(s, "      §{:<14} {what}{may}", m.section);
                if options.full_text {
                    let _ = writeln!(s, "      {:<15} {}", "", m.text);
                }
            }
        }
    }

    let r = &f.rules;
    let _ = writeln!(s, "\nStanding rules (§2.2, §4.4.1, §4.5–§4.7)");
    let _ = writeln!(
        s,
        "  §{}: grades {} act on their own; grades {} cut at least as the Technical Guide says",
        r.graded_control.section,
        list(&r.graded_control.autonomous_grades),
        list(&r.graded_control.guide_minimum_grades)
    );
    let _ = writeln!(
        s,
        "  §{}: treatment facilities run >= {} h after a stop",
        r.treatment_after_stop.section, r.treatment_after_stop.min_hours
    );
    let _ = writeln!(
        s,
        "  §{}: rotating shutdowns in at most {} batches",
        r.rotation.section, r.rotation.max_batches
    );
    let _ = writeln!(
        s,
        "  §{}: cutting by efficiency or load needs CEMS and >= {} year of DCS records",
        r.efficiency_route.section, r.efficiency_route.dcs_record_years
    );
    let _ = writeln!(
        s,
        "  §{}: guaranteed enterprises produce by {} only for their guaranteed tasks, are never stopped, and in key industries are graded {:?} or better",
        r.guaranteed.section,
        list(&r.guaranteed.production),
        r.guaranteed.min_grade_in_key_industries
    );
    let _ = writeln!(
        s,
        "  §{}: key projects are never stopped outright",
        r.key_projects.section
    );
    let _ = writeln!(
        s,
        "  §{}: unlisted emitters from {}: {}",
        r.unlisted_emitters.section,
        r.unlisted_emitters.from_level,
        r.unlisted_emitters
            .actions
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join("; ")
    );
    let _ = writeln!(
        s,
        "  §{}: small-and-micro emitters (< {} kg a year) are cut only if the targets cannot otherwise be met",
        r.small_micro.section, r.small_micro.max_annual_kg
    );
    let _ = writeln!(
        s,
        "  §{}: {} key industries graded under the Technical Guide",
        f.key_industries.section,
        f.key_industries.names.len()
    );

    if !plan.assumptions.is_empty() {
        let _ = writeln!(s, "\nAssumptions (values the plan does not state)");
        for a in &plan.assumptions {
            let _ = writeln!(s, "  {}: {}", a.field, a.reason);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn summary_lists_levels_targets_measures_and_assumptions() {
        let text = include_str!("../../scenarios/liaocheng-2020/plan.toml");
        let plan = Plan::from_toml(text, Path::new("plan.toml")).unwrap();
        let s = summary(&plan, SummaryOptions::default());
        for needle in [
            "聊政办字〔2020〕49号",
            "red       红色预警 Ⅰ级   > 200 for >= 96 h and > 300 for >= 48 h; or reaches 500",
            "  yellow     10%   10%   10%   10%  >= 20%",
            "odd-even plate rule",
            "Assumptions",
            "issuance.approval_hours",
        ] {
            assert!(s.contains(needle), "missing `{needle}` in\n{s}");
        }
        assert!(!s.contains("提示儿童"), "texts only with full_text");
        let full = summary(&plan, SummaryOptions { full_text: true });
        assert!(full.contains("提示儿童"));
    }
}
