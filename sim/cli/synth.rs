//! `smogsim synth`: synthetic inputs. `synth list` draws an emission-reduction list from a
//! city's industrial structure and county table, and writes it as CSV.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::InputErrors;
use crate::output::Staged;
use crate::synth::{self, ListStructure};
use crate::world::counties::load_counties;
use crate::world::enterprises::parse_enterprises;
use crate::world::read_text;

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    #[command(subcommand)]
    pub target: Target,
}

#[derive(Debug, Subcommand)]
pub enum Target {
    /// Draw a synthetic emission-reduction list (应急减排清单) whose firms add up to the county
    /// table's industry and power emissions, and write it as CSV.
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The structure file says which industries each unit has, how many firms, how big and how graded,
and which share of the unit's emissions each group of industries carries. The list's firms add
up, unit by unit, to the county table's industry + power emissions of SO2, NOx, PM10 (the list's
PM) and VOCs, to the kilogram.

The same inputs and seed give the same bytes; the file is written atomically. The Markdown
tables printed describe the list (LIST.md quotes them).

Example:
  smogsim synth list --counties scenarios/liaocheng-2020/counties.csv \\
      --structure scenarios/liaocheng-2020/list-structure.toml --seed 2020 \\
      --out scenarios/liaocheng-2020/enterprises.csv")]
pub struct ListArgs {
    /// The county table (counties.csv) whose industry and power emissions the list reproduces.
    #[arg(long, value_name = "counties.csv")]
    pub counties: PathBuf,
    /// The city's industrial structure.
    #[arg(long, value_name = "list-structure.toml")]
    pub structure: PathBuf,
    /// Root seed of the draws.
    #[arg(long)]
    pub seed: u64,
    /// Write the list here.
    #[arg(long, value_name = "enterprises.csv")]
    pub out: PathBuf,
}

pub fn run(args: &SynthArgs) -> anyhow::Result<()> {
    match &args.target {
        Target::List(a) => list(a),
    }
}

fn list(args: &ListArgs) -> anyhow::Result<()> {
    let counties = load_counties(&args.counties)?;
    let text = read_text(&args.structure)?;
    let structure =
        ListStructure::from_toml(&text, &args.structure, &counties).map_err(InputErrors)?;
    let list = synth::generate(&structure, &counties, args.seed);

    let county_ids: Vec<&str> = counties.id.iter().map(String::as_str).collect();
    let industry_ids = structure.industry_ids();
    let csv = list.to_csv(&county_ids, &industry_ids);
    // The list must load as the simulator will load it: a failure is a bug in the generator.
    let back = parse_enterprises(csv.as_bytes(), &args.out, &county_ids, &industry_ids)
        .map_err(|e| anyhow::anyhow!("internal error: the drawn list does not validate: {e}"))?;
    anyhow::ensure!(
        back == list,
        "internal error: the drawn list does not read back as written"
    );

    let staged = Staged::create(&args.out)?;
    let mut file = staged.file();
    file.write_all(csv.as_bytes())
        .with_context(|| format!("cannot write {}", staged.path().display()))?;
    staged.commit()?;

    println!(
        "{}: {} firms in {} units (seed {})\n",
        args.out.display(),
        list.len(),
        counties.len(),
        args.seed
    );
    print!("{}", synth::summary::summary(&list, &structure, &counties));
    Ok(())
}
