//! Shareable outputs: SVG charts and one self-contained HTML report.
//!
//! Why a crate of its own: the numbers come from the engines, but a
//! journalist forwards a page, not a CSV. This crate turns result tables
//! into pictures and a page, and nothing else: it is pure (strings in,
//! strings out; the CLI writes the files through `autopact-data`), so the
//! same page can later be served by the HTTP server.
//!
//! Charts are hand-written SVG rather than a plotting crate: the charts
//! needed are bars and stacked bars, a few hundred lines, and plotters'
//! text layout needs font files at build or run time (its `ttf`/`ab_glyph`
//! features), which the report must not depend on. Text in the SVG is
//! plain `<text>` in the viewer's own sans-serif font — nothing is
//! downloaded to view it.

#![deny(missing_docs)]

mod html;
mod line;
mod svg;

pub use html::{Block, Report, Section, escape};
pub use line::{Line, LineChart, line_chart_svg};
pub use svg::{Bar, BarChart, bar_chart_svg};
