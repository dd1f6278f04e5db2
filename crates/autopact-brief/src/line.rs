//! Line charts over categories (months) as standalone SVG.
//!
//! Why a second chart type: a series over time (the model's effective
//! tariff rate next to the rate collected) reads as lines, not bars. A
//! missing point (`None`) breaks its line rather than being drawn as zero
//! — a month without collected data is absent, not a 0% month. Dashed
//! lines mark the observed side of a comparison. Every point carries a
//! `<title>` with its exact value, the chart a `<desc>`.

use crate::html::escape;

/// One line: a name and one value per category (`None`: no data).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Legend name.
    pub name: String,
    /// Values, one per category of the chart.
    pub values: Vec<Option<f64>>,
    /// Drawn dashed.
    pub dashed: bool,
}

/// A line chart over categories.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Title drawn on top.
    pub title: String,
    /// Unit of the values (axis caption).
    pub unit: String,
    /// Categories along the x axis, left to right.
    pub categories: Vec<String>,
    /// The lines.
    pub lines: Vec<Line>,
}

const PALETTE: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
const WIDTH: f64 = 760.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 44.0;
const PLOT_H: f64 = 260.0;

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

/// Renders the chart as a standalone SVG document (no external fonts,
/// images or scripts). Lines are coloured in pairs: lines 2k and 2k+1
/// share a colour (model and observed of one subject), the second dashed.
pub fn line_chart_svg(chart: &LineChart) -> String {
    let hi = nice_max(
        chart
            .lines
            .iter()
            .flat_map(|l| l.values.iter().flatten())
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max),
    );
    let n = chart.categories.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let sx = |i: usize| LEFT + (i as f64 + 0.5) * plot_w / n as f64;
    let sy = |v: f64| TOP + PLOT_H - v.max(0.0) / hi * PLOT_H;
    let legend_rows = chart.lines.len().div_ceil(2);
    let height = TOP + PLOT_H + 48.0 + legend_rows as f64 * 18.0 + 8.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n\
         <title>{t}</title>\n<desc>{t} ({u}), {n} categories, {k} lines</desc>\n\
         <rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n\
         <text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{t}</text>\n",
        t = escape(&chart.title),
        u = escape(&chart.unit),
        n = chart.categories.len(),
        k = chart.lines.len(),
    );
    for k in 0..=5 {
        let v = hi * k as f64 / 5.0;
        let y = sy(v);
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555555\">{}</text>\n",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            trim(v)
        ));
    }
    for (i, c) in chart.categories.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555555\" font-size=\"10\">{}</text>\n",
            sx(i),
            TOP + PLOT_H + 14.0,
            escape(c)
        ));
    }
    s.push_str(&format!(
        "<text x=\"12\" y=\"{:.1}\" fill=\"#555555\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">{}</text>\n",
        TOP + PLOT_H / 2.0,
        TOP + PLOT_H / 2.0,
        escape(&chart.unit)
    ));
    for (k, l) in chart.lines.iter().enumerate() {
        let colour = PALETTE[(k / 2) % PALETTE.len()];
        let dash = if l.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        // One polyline per run of consecutive points.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, s: &mut String| {
            if run.len() > 1 {
                s.push_str(&format!(
                    "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"{}\"/>\n",
                    run.join(" ")
                ));
            }
            run.clear();
        };
        for (i, v) in l.values.iter().enumerate() {
            match v.filter(|v| v.is_finite()) {
                Some(v) => {
                    run.push(format!("{:.1},{:.1}", sx(i), sy(v)));
                    s.push_str(&format!(
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"><title>{}, {}: {} {}</title></circle>\n",
                        sx(i),
                        sy(v),
                        escape(&l.name),
                        escape(chart.categories.get(i).map_or("", String::as_str)),
                        trim(v),
                        escape(&chart.unit)
                    ));
                }
                None => flush(&mut run, &mut s),
            }
        }
        flush(&mut run, &mut s);
        let lx = 10.0 + (k % 2) as f64 * 300.0;
        let ly = TOP + PLOT_H + 34.0 + (k / 2) as f64 * 18.0;
        s.push_str(&format!(
            "<line x1=\"{lx:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
            lx + 24.0,
            lx + 30.0,
            ly + 4.0,
            escape(&l.name)
        ));
    }
    s.push_str("</svg>\n");
    s
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> LineChart {
        LineChart {
            title: "Rates".into(),
            unit: "percent".into(),
            categories: vec!["2025-05".into(), "2025-06".into(), "2025-07".into()],
            lines: vec![
                Line {
                    name: "CAN model".into(),
                    values: vec![Some(2.1), Some(2.6), Some(3.4)],
                    dashed: false,
                },
                Line {
                    name: "CAN collected".into(),
                    values: vec![Some(1.9), None, Some(3.0)],
                    dashed: true,
                },
            ],
        }
    }

    #[test]
    fn a_missing_point_breaks_the_line_and_is_not_drawn_as_zero() {
        let s = line_chart_svg(&chart());
        // The model is one polyline of three points; the collected line
        // has two single points and so no polyline.
        assert_eq!(s.matches("<polyline").count(), 1);
        assert_eq!(s.matches("<circle").count(), 5);
        assert!(s.contains("CAN collected, 2025-07: 3 percent"), "{s}");
        assert!(!s.contains("CAN collected, 2025-06"), "{s}");
        assert!(s.contains("stroke-dasharray"));
        assert!(s.starts_with("<svg") && s.ends_with("</svg>\n"));
    }

    #[test]
    fn the_axis_tops_at_a_round_number_above_the_largest_value() {
        assert_eq!(nice_max(3.4), 5.0);
        assert_eq!(nice_max(16.0), 20.0);
        assert_eq!(nice_max(0.0), 1.0);
        let s = line_chart_svg(&chart());
        assert!(s.contains(">5</text>"), "{s}");
    }
}
