//! Emission accounting (§4.3): what the city emits with and without the plan, per county, sector
//! and pollutant, and the whole-society cut against the level's targets.
//!
//! Owns the arithmetic of cuts: removed over emitted, summed over counties and sectors, with PM
//! the sum of fine and coarse particles, and the §4.4 SO2 + NOx rule applied through
//! [`crate::plan::Targets::met_by`]. Knows nothing of files or of how removals were decided.

use super::enterprises::{COARSE, EMITTED, FINE, NOX, SO2, VOC};
use crate::plan::{Cuts, Targets};

/// Emissions of the plan's four pollutants (SO2, NOx, PM, VOCs) from an [`EMITTED`] array.
pub fn plan_pollutants(e: &[f64; EMITTED]) -> [f64; 4] {
    [e[SO2], e[NOX], e[FINE] + e[COARSE], e[VOC]]
}

/// A cut per pollutant as a fraction, with the target check.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CutCheck {
    /// SO2, NOx, PM, VOCs.
    pub cut: [f64; 4],
    pub meets_target: bool,
}

impl CutCheck {
    pub fn cuts(&self) -> Cuts {
        Cuts {
            so2: self.cut[0],
            nox: self.cut[1],
            pm: self.cut[2],
            vocs: self.cut[3],
        }
    }

    pub fn so2_plus_nox(&self) -> f64 {
        self.cut[0] + self.cut[1]
    }

    /// Which pollutants fall short of the target (by name), the SO2 + NOx rule included.
    pub fn shortfalls(&self, t: &Targets) -> Vec<&'static str> {
        let mut out = Vec::new();
        if t.so2_nox_adjustable {
            if self.so2_plus_nox() < t.so2_plus_nox_at_least {
                out.push("SO2+NOx");
            }
        } else {
            if self.cut[0] < t.so2 {
                out.push("SO2");
            }
            if self.cut[1] < t.nox {
                out.push("NOx");
            }
        }
        if self.cut[2] < t.pm {
            out.push("PM");
        }
        if self.cut[3] < t.vocs {
            out.push("VOCs");
        }
        out
    }
}

/// The cut `removed` makes in `emitted` (both sums of [`EMITTED`] arrays), checked against `t`.
pub fn check(removed: &[f64; EMITTED], emitted: &[f64; EMITTED], t: &Targets) -> CutCheck {
    let r = plan_pollutants(removed);
    let e = plan_pollutants(emitted);
    let cut = std::array::from_fn(|k| {
        if e[k] > 0.0 {
            (r[k] / e[k]).clamp(0.0, 1.0)
        } else {
            0.0
        }
    });
    let mut c = CutCheck {
        cut,
        meets_target: false,
    };
    c.meets_target = t.met_by(&c.cuts());
    c
}

/// Running totals of emissions with and without the plan over a period (a warning), in any
/// consistent unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ledger {
    pub baseline: [f64; EMITTED],
    pub removed: [f64; EMITTED],
}

impl Ledger {
    pub fn add(&mut self, baseline: &[f64; EMITTED], removed: &[f64; EMITTED]) {
        for k in 0..EMITTED {
            self.baseline[k] += baseline[k];
            self.removed[k] += removed[k];
        }
    }

    pub fn check(&self, t: &Targets) -> CutCheck {
        check(&self.removed, &self.baseline, t)
    }
}

/// A level's cuts over a typical heating-season hour: for the whole city and for each county,
/// removed against emitted, each sector weighted by its heating-season emission rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub city: CutCheck,
    pub counties: Vec<CutCheck>,
    /// The city's emissions of SO2, NOx, PM, VOCs at that rate and what the measures remove,
    /// t/yr equivalent.
    pub emitted: [f64; 4],
    pub removed: [f64; 4],
}

/// Weigh per-county, per-sector removals (`[c * sectors + s]`) against the emissions without
/// the plan in the same layout; `weights[s]` is sector `s`'s emission rate in the period of
/// interest over its annual mean.
pub fn assess(
    removed: &[[f64; EMITTED]],
    emitted: &[[f64; EMITTED]],
    weights: &[f64],
    targets: &Targets,
) -> Assessment {
    let sectors = weights.len();
    let counties = emitted.len() / sectors.max(1);
    let mut city = Ledger::default();
    let mut per_county = Vec::with_capacity(counties);
    for c in 0..counties {
        let mut ledger = Ledger::default();
        for (s, w) in weights.iter().enumerate() {
            let e = emitted[c * sectors + s].map(|v| v * w);
            // A response cannot remove more than there is.
            let r: [f64; EMITTED] =
                std::array::from_fn(|k| (removed[c * sectors + s][k] * w).min(e[k]));
            ledger.add(&e, &r);
            city.add(&e, &r);
        }
        per_county.push(ledger.check(targets));
    }
    Assessment {
        city: city.check(targets),
        counties: per_county,
        emitted: plan_pollutants(&city.baseline),
        removed: plan_pollutants(&city.removed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Level;

    fn yellow() -> Targets {
        Targets {
            level: Level::Yellow,
            section: "4.3".into(),
            so2: 0.1,
            nox: 0.1,
            pm: 0.1,
            vocs: 0.1,
            so2_nox_adjustable: true,
            so2_plus_nox_at_least: 0.2,
        }
    }

    #[test]
    fn accounting_4_3_pm_is_fine_plus_coarse_and_cuts_are_fractions() {
        let emitted = [100.0, 200.0, 999.0, 50.0, 30.0, 70.0];
        let removed = [5.0, 40.0, 0.0, 5.0, 3.0, 7.0];
        let c = check(&removed, &emitted, &yellow());
        assert_eq!(c.cut, [0.05, 0.2, 0.1, 0.1]);
        assert!(c.meets_target, "SO2 5 % + NOx 20 % = 25 % >= 20 % (§4.4.2)");
        assert!(c.shortfalls(&yellow()).is_empty());
    }

    #[test]
    fn accounting_4_4_2_shortfalls_are_named() {
        let c = check(
            &[5.0, 10.0, 0.0, 1.0, 1.0, 1.0],
            &[100.0, 100.0, 0.0, 100.0, 50.0, 50.0],
            &yellow(),
        );
        assert!(!c.meets_target);
        assert_eq!(c.shortfalls(&yellow()), vec!["SO2+NOx", "PM", "VOCs"]);
    }

    #[test]
    fn accounting_no_plan_no_cut_and_never_above_one() {
        let none = check(&[0.0; EMITTED], &[1.0; EMITTED], &yellow());
        assert_eq!(none.cut, [0.0; 4]);
        let all = check(&[5.0; EMITTED], &[1.0; EMITTED], &yellow());
        assert_eq!(all.cut, [1.0; 4]);
        let mut ledger = Ledger::default();
        ledger.add(&[10.0; EMITTED], &[1.0; EMITTED]);
        ledger.add(&[10.0; EMITTED], &[3.0; EMITTED]);
        assert_eq!(ledger.check(&yellow()).cut, [0.2; 4]);
    }
}
