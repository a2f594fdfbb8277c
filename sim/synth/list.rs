//! Drawing a synthetic emission-reduction list from a city's industrial structure.
//!
//! Owns the rules that turn a [`ListStructure`] and the county table into firms: log-normal
//! firm sizes; small-and-micro firms as the smallest of their county and industry, with a few
//! dozen kilograms a year; each county's `industry` and `power` sector totals (SO2, NOx, PM10 as
//! the list's PM, VOCs) shared out over pools of industries and, within a pool, over firms by
//! size and pollutant mix, in whole kilograms that add up exactly; grades handed out city-wide
//! per industry by rank of output; guaranteed firms, CEMS, lines, output and truck trips. Every
//! draw comes from `random::stream(seed, 0, Purpose::Synthesis, entity)` with one entity per
//! county and industry (or per industry for grades), so that changing one county's firms leaves
//! the other counties' firms as they were. Does no I/O.

use rand::RngExt;
use rand_distr::StandardNormal;

use crate::plan::schema::Grade;
use crate::random::{self, Purpose, Stream};
use crate::world::counties::{Counties, Sector, Species};
use crate::world::enterprises::{Enterprises, SMALL_MICRO_MAX_T};

use super::structure::ListStructure;

/// The county table's totals the list reproduces for a unit and sector, t/yr: SO2, NOx, PM10
/// (the list's PM is total particulate, and PM10 is the table's nearest to it) and VOCs.
pub fn county_sector_totals_t(counties: &Counties, county: usize, sector: Sector) -> [f64; 4] {
    [Species::So2, Species::Nox, Species::Pm10, Species::Vocs]
        .map(|species| counties.emission(county, sector, species))
}

/// Small-and-micro firms among `n` of a county and industry: the rounded share, but never all
/// of them, so that a regular firm is left to carry the industry's share of the county's
/// emissions.
pub fn small_micro_count(n: u32, share: f64) -> u32 {
    if n == 0 {
        return 0;
    }
    ((share * f64::from(n)).round() as u32).min(n - 1)
}

/// Goodness order of grades, best first: how ranked firms are handed grades, and guaranteed
/// firms chosen.
const GRADE_ORDER: [Grade; 6] = [
    Grade::A,
    Grade::Leading,
    Grade::B,
    Grade::C,
    Grade::D,
    Grade::NonLeading,
];

fn goodness(g: Grade) -> usize {
    GRADE_ORDER
        .iter()
        .position(|&x| x == g)
        .expect("every grade is ordered")
}

/// What a stream is drawn for; part of the stream's entity.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Draw {
    /// Sizes, pollutant mixes and small-and-micro emissions of a county's firms of an industry.
    Firms = 1,
    /// The noise in the ranking that hands out an industry's grades.
    Grades = 2,
}

fn entity(draw: Draw, county: usize, industry: usize) -> u64 {
    ((draw as u64) << 40) | ((county as u64) << 20) | industry as u64
}

fn normal(rng: &mut Stream) -> f64 {
    rng.sample(StandardNormal)
}

/// One firm while the list is built.
struct Firm {
    county: usize,
    industry: usize,
    /// 1-based number within its county and industry, largest first.
    seq: u32,
    /// Relative size, log-normal with median 1.
    size: f64,
    /// Multiplier of each pollutant around the industry's mix.
    mix: [f64; 4],
    small_micro: bool,
    /// Annual emissions, kg.
    kg: [u64; 4],
}

/// Draw the list. `structure` must have been validated against `counties` (which
/// [`ListStructure::from_toml`] does); the same inputs and seed give the same list.
pub fn generate(structure: &ListStructure, counties: &Counties, seed: u64) -> Enterprises {
    let mut firms: Vec<Firm> = Vec::new();
    for (c, plan) in structure.counties.iter().enumerate() {
        let start = firms.len();
        for (i, industry) in structure.industries.iter().enumerate() {
            let n = plan.firms[i];
            if n == 0 {
                continue;
            }
            let mut rng = random::stream(seed, 0, Purpose::Synthesis, entity(Draw::Firms, c, i));
            let mut sizes: Vec<f64> = (0..n)
                .map(|_| (industry.size_sigma * normal(&mut rng)).exp())
                .collect();
            sizes.sort_by(|a, b| b.total_cmp(a));
            let regular = n - small_micro_count(n, industry.small_micro);
            for (k, size) in sizes.into_iter().enumerate() {
                let mix = [(); 4].map(|_| (structure.pollutant_mix_sigma * normal(&mut rng)).exp());
                let small_micro = k as u32 >= regular;
                let kg = if small_micro {
                    small_micro_kg(structure, industry.typical_t, mix, &mut rng)
                } else {
                    [0; 4]
                };
                firms.push(Firm {
                    county: c,
                    industry: i,
                    seq: k as u32 + 1,
                    size,
                    mix,
                    small_micro,
                    kg,
                });
            }
        }
        for sector in [Sector::Industry, Sector::Power] {
            allocate(structure, counties, c, sector, &mut firms[start..]);
        }
    }
    assemble(structure, counties, seed, &firms)
}

/// A small-and-micro firm's kilograms: 20–95 % of plan §4.7's ceiling in all, split by its mix.
fn small_micro_kg(
    structure: &ListStructure,
    typical: [f64; 4],
    mix: [f64; 4],
    rng: &mut Stream,
) -> [u64; 4] {
    let ceiling_kg = structure.small_micro_max_kg.min(SMALL_MICRO_MAX_T * 1000.0);
    let total = (ceiling_kg * (0.2 + 0.75 * rng.random::<f64>())).floor() as u64;
    let weights: Vec<f64> = (0..4).map(|p| typical[p] * mix[p]).collect();
    let sum: f64 = weights.iter().sum();
    let targets: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let kg = round_to_total(&targets, total);
    [kg[0], kg[1], kg[2], kg[3]]
}

/// Share a county's sector totals over its firms of that sector, in whole kilograms that add up
/// exactly. Small-and-micro firms keep their few kilograms (scaled down, in the odd county whose
/// total is smaller than theirs); the rest goes to regular firms: each pool its share, the
/// industries outside the pools the remainder, and within each group every firm in proportion
/// to size × its industry's typical emissions × its own mix. Any share no firm can take (a
/// remainder within rounding of the file's shares) is absorbed by scaling the county's targets
/// to its total.
fn allocate(
    structure: &ListStructure,
    counties: &Counties,
    county: usize,
    sector: Sector,
    firms: &mut [Firm],
) {
    let plan = &structure.counties[county];
    let industries = &structure.industries;
    let members: Vec<usize> = (0..firms.len())
        .filter(|&f| industries[firms[f].industry].sector == sector)
        .collect();
    let pool_of = |industry: usize| {
        plan.pools
            .iter()
            .position(|p| p.sector == sector && p.industries.contains(&industry))
    };
    let totals = county_sector_totals_t(counties, county, sector);
    for (p, total_t) in totals.iter().enumerate() {
        let total_kg = (total_t * 1000.0).round().max(0.0) as u64;
        let small: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&f| firms[f].small_micro)
            .collect();
        let small_kg: u64 = small.iter().map(|&f| firms[f].kg[p]).sum();
        if small_kg > total_kg {
            for &f in &small {
                firms[f].kg[p] = firms[f].kg[p] * total_kg / small_kg;
            }
        }
        let small_kg: u64 = small.iter().map(|&f| firms[f].kg[p]).sum();
        let rest = total_kg - small_kg;

        let regular: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&f| !firms[f].small_micro)
            .collect();
        let weight = |f: usize| {
            let firm = &firms[f];
            firm.size * industries[firm.industry].typical_t[p] * firm.mix[p]
        };
        // Group 0..pools.len() are the pools, the last group is the industries outside them.
        let groups = plan.pools.len() + 1;
        let group_of = |f: usize| pool_of(firms[f].industry).unwrap_or(plan.pools.len());
        let mut group_weight = vec![0.0; groups];
        for &f in &regular {
            group_weight[group_of(f)] += weight(f);
        }
        let mut group_share: Vec<f64> = plan
            .pools
            .iter()
            .map(|q| if q.sector == sector { q.share[p] } else { 0.0 })
            .collect();
        let pooled: f64 = group_share.iter().sum();
        group_share.push((1.0 - pooled).max(0.0));
        let mut targets: Vec<f64> = regular
            .iter()
            .map(|&f| {
                let g = group_of(f);
                if group_weight[g] > 0.0 {
                    rest as f64 * group_share[g] * weight(f) / group_weight[g]
                } else {
                    0.0
                }
            })
            .collect();
        let sum: f64 = targets.iter().sum();
        if sum > 0.0 {
            for t in &mut targets {
                *t *= rest as f64 / sum;
            }
        }
        debug_assert!(
            sum > 0.0 || rest == 0,
            "validation leaves a carrier for every tonne"
        );
        let kg = round_to_total(&targets, if sum > 0.0 { rest } else { 0 });
        for (&f, k) in regular.iter().zip(kg) {
            firms[f].kg[p] = k;
        }
    }
}

/// Whole numbers as close to `targets` as can be while summing to `total` (largest remainder;
/// ties to the earlier entry, so the result is deterministic).
fn round_to_total(targets: &[f64], total: u64) -> Vec<u64> {
    let mut out: Vec<u64> = targets.iter().map(|t| t.max(0.0).floor() as u64).collect();
    if out.is_empty() {
        return out;
    }
    let mut order: Vec<usize> = (0..targets.len()).collect();
    let frac = |i: usize| targets[i].max(0.0) - targets[i].max(0.0).floor();
    order.sort_by(|&a, &b| frac(b).total_cmp(&frac(a)).then(a.cmp(&b)));
    let floor_sum: u64 = out.iter().sum();
    if floor_sum <= total {
        let mut short = total - floor_sum;
        let mut k = 0;
        while short > 0 {
            out[order[k % order.len()]] += 1;
            short -= 1;
            k += 1;
        }
    } else {
        // Only from floating-point error in the targets: take back from the smallest remainders.
        let mut over = floor_sum - total;
        let mut k = order.len();
        while over > 0 {
            k = if k == 0 { order.len() - 1 } else { k - 1 };
            let i = order[k];
            if out[i] > 0 {
                out[i] -= 1;
                over -= 1;
            }
        }
    }
    out
}

/// The firms as the list: derived columns, grades, guaranteed flags, ids and names.
fn assemble(
    structure: &ListStructure,
    counties: &Counties,
    seed: u64,
    firms: &[Firm],
) -> Enterprises {
    let industries = &structure.industries;
    let n = firms.len();
    let mut list = Enterprises::default();
    for (k, f) in firms.iter().enumerate() {
        let industry = &industries[f.industry];
        let emissions = f.kg.map(|kg| kg as f64 / 1000.0);
        let total: f64 = f.kg.iter().sum::<u64>() as f64 / 1000.0;
        // Lines grow slower than size: large firms have more lines and larger ones.
        let lines = if f.small_micro {
            1
        } else {
            (industry.lines_median * f.size.sqrt())
                .round()
                .clamp(1.0, f64::from(industry.lines_max)) as u16
        };
        list.id.push(format!("E{:04}", k + 1));
        list.name.push(format!(
            "{}{}企业{:04}",
            counties.name_zh[f.county], industry.name_zh, f.seq
        ));
        list.county.push(f.county as u16);
        list.industry.push(f.industry as u16);
        list.grade.push(Grade::C);
        list.guaranteed.push(false);
        list.guarantee_mode.push(None);
        list.small_micro.push(f.small_micro);
        list.lines.push(lines);
        list.cems
            .push(!f.small_micro && total >= industry.cems_above_t && total > 0.0);
        list.emissions.push(emissions);
        list.output_wan_yuan
            .push((industry.output_wan_yuan * f.size * 10.0).round() / 10.0);
        list.daily_truck_trips
            .push((industry.daily_truck_trips * f.size).round());
    }

    for (i, industry) in industries.iter().enumerate() {
        let members: Vec<usize> = (0..n).filter(|&k| firms[k].industry == i).collect();
        if members.is_empty() {
            continue;
        }
        // Grades: exact counts from the shares, handed out best first down a ranking by output
        // with noise, so that large firms are more often well graded but not always.
        let mut rng = random::stream(seed, 0, Purpose::Synthesis, entity(Draw::Grades, 0, i));
        let score: Vec<f64> = members
            .iter()
            .map(|&k| {
                list.output_wan_yuan[k].max(1e-9).ln()
                    + structure.grade_noise_sigma * normal(&mut rng)
            })
            .collect();
        let mut ranked: Vec<usize> = (0..members.len()).collect();
        ranked.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
        let mut shares: Vec<(Grade, f64)> = industry.grades.clone();
        shares.sort_by_key(|(g, _)| goodness(*g));
        let targets: Vec<f64> = shares
            .iter()
            .map(|(_, s)| s * members.len() as f64)
            .collect();
        let counts = round_to_total(&targets, members.len() as u64);
        let mut next = ranked.iter();
        for ((grade, _), count) in shares.iter().zip(counts) {
            for _ in 0..count {
                let &r = next.next().expect("the counts add up to the firms");
                list.grade[members[r]] = *grade;
            }
        }

        // Guaranteed: the best-graded, then largest, firms (plan §4.6 wants guaranteed firms of
        // key industries at grade B or better in principle).
        let guaranteed = (industry.guaranteed * members.len() as f64).round() as usize;
        let mut by_merit = members.clone();
        by_merit.sort_by(|&a, &b| {
            goodness(list.grade[a])
                .cmp(&goodness(list.grade[b]))
                .then(list.output_wan_yuan[b].total_cmp(&list.output_wan_yuan[a]))
                .then(a.cmp(&b))
        });
        for &k in by_merit.iter().take(guaranteed) {
            list.guaranteed[k] = true;
            list.guarantee_mode[k] = industry.guarantee_mode;
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_the_total_and_stays_close() {
        let targets = [1.4, 2.6, 0.0, 5.5, 0.5];
        let out = round_to_total(&targets, 10);
        assert_eq!(out.iter().sum::<u64>(), 10);
        for (o, t) in out.iter().zip(targets) {
            assert!((*o as f64 - t).abs() < 1.0, "{out:?}");
        }
        // Ties go to the earlier entry.
        assert_eq!(round_to_total(&[0.5, 0.5], 1), vec![1, 0]);
        // Slightly inconsistent targets still meet the total.
        assert_eq!(
            round_to_total(&[3.0000001, 2.0000001], 5)
                .iter()
                .sum::<u64>(),
            5
        );
        assert_eq!(round_to_total(&[2.9999, 1.9999], 5), vec![3, 2]);
    }

    fn liaocheng() -> (ListStructure, Counties) {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join("liaocheng-2020");
        let counties = crate::world::counties::load_counties(&dir.join("counties.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join("list-structure.toml");
        let text = std::fs::read_to_string(&path).expect("the structure file");
        let structure =
            ListStructure::from_toml(&text, &path, &counties).unwrap_or_else(|e| panic!("{e:?}"));
        (structure, counties)
    }

    fn drawn_csv(structure: &ListStructure, counties: &Counties, seed: u64) -> String {
        let ids: Vec<&str> = counties.id.iter().map(String::as_str).collect();
        generate(structure, counties, seed).to_csv(&ids, &structure.industry_ids())
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_another_list() {
        let (structure, counties) = liaocheng();
        let a = drawn_csv(&structure, &counties, 7);
        assert_eq!(a, drawn_csv(&structure, &counties, 7));
        let b = drawn_csv(&structure, &counties, 8);
        assert_ne!(a, b);
        // Another seed moves sizes, grades and emissions, not the structure: same firm count.
        assert_eq!(a.lines().count(), b.lines().count());
    }

    #[test]
    fn the_committed_liaocheng_list_is_the_seed_2020_draw() {
        // LIST.md's command must reproduce the committed file byte for byte.
        let (structure, counties) = liaocheng();
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join("liaocheng-2020")
            .join("enterprises.csv");
        let committed = std::fs::read_to_string(path).expect("the committed list");
        assert!(
            drawn_csv(&structure, &counties, 2020) == committed,
            "enterprises.csv is not the seed-2020 draw of list-structure.toml: regenerate it (LIST.md)"
        );
    }

    #[test]
    fn small_micro_never_takes_every_firm() {
        assert_eq!(small_micro_count(0, 0.5), 0);
        assert_eq!(small_micro_count(1, 0.9), 0);
        assert_eq!(small_micro_count(10, 0.3), 3);
        assert_eq!(small_micro_count(4, 1.0), 3);
    }
}
