//! The validation figure: for each statistic, the simulated 5–95 % band and median of every
//! observed winter beside the observed value.

use plotters::prelude::*;

/// One statistic of one winter.
#[derive(Debug, Clone)]
pub struct BandPoint {
    pub winter: String,
    pub observed: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Draw `panels` (statistic name, its points per winter) as an SVG document.
pub fn validation_svg(title: &str, panels: &[(String, Vec<BandPoint>)]) -> Result<String, String> {
    super::fonts::ensure()?;
    let cols = 4;
    let rows = panels.len().div_ceil(cols).max(1);
    let (width, height) = (1200u32, 260 * rows as u32 + 40);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let (top, body) = root.split_vertically(40);
        top.draw(&Text::new(
            title.to_string(),
            (10, 10),
            ("sans-serif", 20).into_font(),
        ))
        .map_err(err)?;
        for (area, (name, points)) in body.split_evenly((rows, cols)).iter().zip(panels) {
            let lo = points
                .iter()
                .flat_map(|p| [p.p05, p.observed])
                .filter(|v| v.is_finite())
                .fold(f64::INFINITY, f64::min);
            let hi = points
                .iter()
                .flat_map(|p| [p.p95, p.observed])
                .filter(|v| v.is_finite())
                .fold(f64::NEG_INFINITY, f64::max);
            if !lo.is_finite() || !hi.is_finite() {
                continue;
            }
            let pad = ((hi - lo) * 0.1).max(1e-6);
            let mut chart = ChartBuilder::on(area)
                .caption(name, ("sans-serif", 15))
                .margin(8)
                .x_label_area_size(22)
                .y_label_area_size(48)
                .build_cartesian_2d(-0.5f64..(points.len() as f64 - 0.5), (lo - pad)..(hi + pad))
                .map_err(|e| e.to_string())?;
            let labels: Vec<String> = points.iter().map(|p| p.winter.clone()).collect();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(points.len())
                .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
                .label_style(("sans-serif", 11))
                .draw()
                .map_err(|e| e.to_string())?;
            let band = RGBColor(120, 150, 200);
            chart
                .draw_series(points.iter().enumerate().map(|(i, p)| {
                    Rectangle::new(
                        [(i as f64 - 0.25, p.p05), (i as f64 + 0.25, p.p95)],
                        band.mix(0.5).filled(),
                    )
                }))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(points.iter().enumerate().map(|(i, p)| {
                    PathElement::new(
                        vec![(i as f64 - 0.25, p.p50), (i as f64 + 0.25, p.p50)],
                        band.stroke_width(2),
                    )
                }))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(
                    points
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.observed.is_finite())
                        .map(|(i, p)| {
                            let inside = p.observed >= p.p05 && p.observed <= p.p95;
                            let colour = if inside {
                                RGBColor(0, 0, 0)
                            } else {
                                RGBColor(220, 0, 0)
                            };
                            Circle::new((i as f64, p.observed), 5, colour.filled())
                        }),
                )
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bands_and_observations() {
        if super::super::fonts::ensure().is_err() {
            assert!(std::env::var_os("CI").is_none(), "CI installs a font");
            return; // no font on this machine: the command degrades with a message instead
        }
        let points = vec![
            BandPoint {
                winter: "2013-14".into(),
                observed: 37.0,
                p05: 20.0,
                p50: 30.0,
                p95: 45.0,
            },
            BandPoint {
                winter: "2014-15".into(),
                observed: 60.0,
                p05: 20.0,
                p50: 30.0,
                p95: 45.0,
            },
        ];
        let svg = validation_svg("test", &[("days_aqi_above_200".into(), points)]).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("days_aqi_above_200"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(
            svg.contains("rgb(220,0,0)") || svg.contains("#DC0000"),
            "an observation outside the band is red"
        );
    }
}
