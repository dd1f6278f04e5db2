//! Horizontal (stacked) bar charts as standalone SVG.
//!
//! One layout serves every chart of the report: one bar per label, each
//! bar made of segments of named series (e.g. the cost of US transport
//! equipment by origin region, split into parts, metals, other goods and
//! services). Positive segments stack rightwards from zero, negative ones
//! leftwards, so losses and gains share an axis. Every segment carries a
//! `<title>` (hover text) with its exact value, and the chart a `<desc>`.

use crate::html::escape;

/// One bar: a label and its segments, one value per series of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label shown left of the bar.
    pub label: String,
    /// Value of each series (same order as [`BarChart::series`]).
    pub values: Vec<f64>,
}

/// A horizontal bar chart (stacked when it has more than one series).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Title drawn on top.
    pub title: String,
    /// Unit of the values (axis caption).
    pub unit: String,
    /// Series names (legend); one for a plain bar chart.
    pub series: Vec<String>,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
}

/// Colour-blind-safe palette (Okabe & Ito 2008).
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

const WIDTH: f64 = 760.0;
const LABEL_W: f64 = 190.0;
const RIGHT_PAD: f64 = 90.0;
const BAR_H: f64 = 22.0;
const GAP: f64 = 8.0;
const TOP: f64 = 44.0;

fn fmt_value(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// "Nice" tick step for a range: 1, 2 or 5 × 10^k giving about 5 ticks.
fn tick_step(span: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / 5.0;
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    let f = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    f * p
}

/// Renders the chart as a standalone SVG document (no external fonts,
/// images or scripts). Non-finite values are drawn as zero and flagged
/// in the segment's hover text.
pub fn bar_chart_svg(chart: &BarChart) -> String {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for b in &chart.bars {
        let pos: f64 = b.values.iter().filter(|v| v.is_finite() && **v > 0.0).sum();
        let neg: f64 = b.values.iter().filter(|v| v.is_finite() && **v < 0.0).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
    }
    if hi == lo {
        hi = lo + 1.0;
    }
    let step = tick_step(hi - lo);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let plot_w = WIDTH - LABEL_W - RIGHT_PAD;
    let sx = |v: f64| LABEL_W + (v - lo) / (hi - lo) * plot_w;
    let legend_rows = if chart.series.len() > 1 {
        chart.series.len().div_ceil(2)
    } else {
        0
    };
    let plot_h = chart.bars.len() as f64 * (BAR_H + GAP);
    let height = TOP + plot_h + 34.0 + legend_rows as f64 * 18.0 + 8.0;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n"
    ));
    s.push_str(&format!("<title>{}</title>\n", escape(&chart.title)));
    s.push_str(&format!(
        "<desc>{} ({}), {} bars</desc>\n",
        escape(&chart.title),
        escape(&chart.unit),
        chart.bars.len()
    ));
    s.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n\
         <text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape(&chart.title)
    ));
    // Grid and ticks.
    let mut t = lo;
    while t <= hi + step * 1e-9 {
        let x = sx(t);
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#dddddd\"/>\n\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555555\">{}</text>\n",
            TOP + plot_h,
            TOP + plot_h + 14.0,
            fmt_value(t)
        ));
        t += step;
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555555\">{}</text>\n",
        LABEL_W + plot_w / 2.0,
        TOP + plot_h + 28.0,
        escape(&chart.unit)
    ));
    for (row, bar) in chart.bars.iter().enumerate() {
        let y = TOP + row as f64 * (BAR_H + GAP);
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            LABEL_W - 6.0,
            y + BAR_H * 0.7,
            escape(&bar.label)
        ));
        let (mut pos, mut neg) = (0.0f64, 0.0f64);
        for (k, &raw) in bar.values.iter().enumerate() {
            let v = if raw.is_finite() { raw } else { 0.0 };
            if v == 0.0 && raw.is_finite() {
                continue;
            }
            let (a, b) = if v >= 0.0 {
                let a = pos;
                pos += v;
                (a, pos)
            } else {
                let a = neg;
                neg += v;
                (neg, a)
            };
            let series = chart.series.get(k).map(String::as_str).unwrap_or("");
            let note = if raw.is_finite() {
                ""
            } else {
                " (not a number)"
            };
            s.push_str(&format!(
                "<rect x=\"{:.2}\" y=\"{y:.1}\" width=\"{:.2}\" height=\"{BAR_H}\" fill=\"{}\">\
                 <title>{}{}{}: {}{}</title></rect>\n",
                sx(a),
                (sx(b) - sx(a)).max(0.0),
                PALETTE[k % PALETTE.len()],
                escape(&bar.label),
                if series.is_empty() { "" } else { " — " },
                escape(series),
                raw,
                note
            ));
        }
        let total: f64 = bar.values.iter().filter(|v| v.is_finite()).sum();
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333333\">{}</text>\n",
            sx(pos) + 4.0,
            y + BAR_H * 0.7,
            fmt_value(total)
        ));
    }
    if legend_rows > 0 {
        let y0 = TOP + plot_h + 40.0;
        for (k, name) in chart.series.iter().enumerate() {
            let x = 10.0 + (k % 2) as f64 * (WIDTH / 2.0);
            let y = y0 + (k / 2) as f64 * 18.0;
            s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
                y - 10.0,
                PALETTE[k % PALETTE.len()],
                x + 17.0,
                y,
                escape(name)
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> BarChart {
        BarChart {
            title: "Cost of <US> transport equipment".into(),
            unit: "share of the cost".into(),
            series: vec!["parts".into(), "metals".into()],
            bars: vec![
                Bar {
                    label: "CAN".into(),
                    values: vec![0.03, 0.01],
                },
                Bar {
                    label: "MEX & co".into(),
                    values: vec![0.02, -0.005],
                },
            ],
        }
    }

    #[test]
    fn svg_is_escaped_and_has_every_segment() {
        let s = bar_chart_svg(&chart());
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(s.trim_end().ends_with("</svg>"));
        assert!(s.contains("Cost of &lt;US&gt; transport equipment"));
        assert!(s.contains("MEX &amp; co"));
        // 2 bars × 2 non-zero segments, each with its exact value.
        assert_eq!(s.matches("<rect x=").count(), 4 + 2);
        assert!(s.contains("CAN — parts: 0.03</title>"));
        assert!(s.contains("MEX &amp; co — metals: -0.005</title>"));
        assert_eq!(s.matches("<svg").count(), s.matches("</svg>").count());
        assert!(!s.contains("http://") || s.matches("http://").count() == 1);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(1.0), 0.2);
        assert_eq!(tick_step(0.3), 0.1);
        assert_eq!(tick_step(7000.0), 2000.0);
    }

    #[test]
    fn empty_and_nan_do_not_panic() {
        let mut c = chart();
        c.bars.clear();
        assert!(bar_chart_svg(&c).contains("</svg>"));
        let mut c = chart();
        c.bars[0].values[0] = f64::NAN;
        assert!(bar_chart_svg(&c).contains("(not a number)"));
    }
}
