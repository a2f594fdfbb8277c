//! `smogsim report`: the evaluation report of a run, made again from its saved tables.

use std::path::PathBuf;

use crate::report::lang::Lang;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Reads the output folder of `smogsim run` (or of `smogsim merge`): run.json, context.json,
seasons.csv, warnings.csv, episodes.csv, compliance.csv and, when present, series.csv. Nothing
is simulated again, so the report is the one `smogsim run` wrote (in the language asked for).

Writes into DIR: report.html (one self-contained page: inline SVG figures, no network),
report.md, and figures/*.svg and figures/*.png.

Examples:
  smogsim report out/liaocheng-2020
  smogsim report out/liaocheng-2020 --lang en
  smogsim report out/l2020 --templates my-templates/   # your own wording")]
pub struct ReportArgs {
    /// The output folder of a run.
    pub dir: PathBuf,
    /// Language of the report: zh (Chinese, the default) or en.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones (see reports/templates/).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let written =
        crate::report::run_report::write(&args.dir, args.lang, args.templates.as_deref())?;
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}
