//! Finding a font for the charts.
//!
//! plotters measures text even for SVG, so a font must be registered before drawing. Font files
//! are not committed: this looks for one on the machine (or at `SMOGSIM_FONT`), preferring one
//! that holds Chinese glyphs (WenQuanYi Micro Hei, Debian package `fonts-wqy-microhei`) and
//! falling back to a Latin one (DejaVu Sans, `fonts-dejavu-core`).
//!
//! Whether the registered font can draw Chinese is found out by drawing, not guessed from the
//! file name (see [`has_cjk`]): `SMOGSIM_FONT` may name any file.

use std::path::PathBuf;
use std::sync::OnceLock;

use plotters::prelude::*;
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

/// Whether the registered font draws Chinese, once per process.
static CJK: OnceLock<bool> = OnceLock::new();

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

/// Whether the registered font has Chinese glyphs (false when no font could be registered).
///
/// A character the font lacks is drawn as the font's "missing glyph" (`.notdef`), the same for
/// every missing character. So this draws 中 and 文 and compares them with U+0378, which
/// Unicode leaves unassigned and no font maps: if both CJK characters come out identical to it,
/// the font has no Chinese. This needs no font-parsing crate and holds for any file given in
/// `SMOGSIM_FONT`, where a file-name test would have to guess.
pub fn has_cjk() -> bool {
    if ensure().is_err() {
        return false;
    }
    *CJK.get_or_init(|| {
        let Some(missing) = glyph_pixels('\u{378}') else {
            return false;
        };
        ['中', '文']
            .into_iter()
            .any(|c| glyph_pixels(c).is_some_and(|pixels| pixels != missing))
    })
}

/// One character drawn black on white, as RGB bytes; `None` if plotters failed.
fn glyph_pixels(c: char) -> Option<Vec<u8>> {
    const SIDE: u32 = 48;
    let mut buffer = vec![0u8; (SIDE * SIDE * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (SIDE, SIDE)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let style = ("sans-serif", 36.0).into_font().color(&BLACK);
        root.draw_text(&c.to_string(), &style, (4, 4)).ok()?;
        root.present().ok()?;
    }
    Some(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_named_for_chinese_is_found_to_hold_it() {
        let Ok(path) = ensure() else {
            return; // no font on this machine
        };
        let name = path.to_string_lossy().to_lowercase();
        if name.contains("wqy") {
            assert!(has_cjk(), "{name} holds Chinese");
        }
        if name.contains("dejavu") {
            assert!(!has_cjk(), "{name} holds no Chinese");
        }
    }
}
