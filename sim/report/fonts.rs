//! Finding a font for the charts.
//!
//! plotters measures text even for SVG, so a font must be registered before drawing. Font files
//! are not committed: this looks for one on the machine (or at `SMOGSIM_FONT`), preferring one
//! that holds Chinese glyphs (WenQuanYi Micro Hei, Debian package `fonts-wqy-microhei`) and
//! falling back to a Latin one (DejaVu Sans, `fonts-dejavu-core`).

use std::path::PathBuf;
use std::sync::OnceLock;

use plotters::style::FontStyle;

/// Font files tried in order after `SMOGSIM_FONT`.
const CANDIDATES: [&str; 6] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

/// The font registered as "sans-serif", once per process.
static REGISTERED: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// Register a font for plotters' "sans-serif"; the path used, or why none could be.
pub fn ensure() -> Result<PathBuf, String> {
    REGISTERED
        .get_or_init(|| {
            let from_env = std::env::var_os("SMOGSIM_FONT").map(PathBuf::from);
            let candidates = from_env.into_iter().chain(CANDIDATES.iter().map(PathBuf::from));
            for path in candidates {
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                // plotters keeps fonts for the life of the process.
                let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                    return Ok(path);
                }
            }
            Err("no font found for the charts: install fonts-wqy-microhei (or fonts-dejavu-core), or set SMOGSIM_FONT to a .ttf/.ttc file".to_string())
        })
        .clone()
}
