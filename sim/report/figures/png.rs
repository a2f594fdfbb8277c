//! PNG bytes of a drawn chart, with the `png` crate (the one plotters' own bitmap encoder uses).
//!
//! plotters saves PNG only to a file path; the report writes its files atomically, so the pixels
//! are encoded here. No metadata chunks and a fixed compression level: the bytes depend on the
//! pixels alone.

/// PNG bytes of an RGB image stored row by row (`rgb.len() == width * height * 3`).
pub(super) fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(rgb.len() / 16 + 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let mut writer = encoder
            .write_header()
            .map_err(|e| format!("PNG header: {e}"))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| format!("PNG data: {e}"))?;
        writer.finish().map_err(|e| format!("PNG: {e}"))?;
    }
    Ok(out)
}
