//! One self-contained HTML page: sections of text, result tables and
//! inline SVG figures, with a sources-and-assumptions section.
//!
//! Self-contained means: one file, no scripts, no external style sheets,
//! fonts or images — it opens offline and survives being e-mailed. Tables
//! show rounded numbers for reading and keep the exact machine value of
//! every numeric cell in a `data-value` attribute, so that a test (or a
//! reader with a script) can check the page against the commands' CSV.

use autopact_core::{Table, Value};

/// Escapes text for HTML and XML (element content and attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of plain text (escaped).
    Paragraph(String),
    /// A bulleted list of plain-text items.
    List(Vec<String>),
    /// A result table with an id and a caption; its metadata are listed
    /// under it.
    Table {
        /// Element id (e.g. `contribution-can-usa`).
        id: String,
        /// Caption.
        caption: String,
        /// The table, as the commands emit it.
        table: Table,
    },
    /// An inline SVG figure with an id and a caption.
    Figure {
        /// Element id.
        id: String,
        /// Caption (names the equation behind it).
        caption: String,
        /// A standalone SVG document.
        svg: String,
    },
}

/// A titled section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Element id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The whole page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Page title.
    pub title: String,
    /// Line under the title (data vintage, law as-of date, tool version).
    pub subtitle: String,
    /// Sections, in order.
    pub sections: Vec<Section>,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;\
color:#222;line-height:1.45}h1{font-size:1.7rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.8rem 0;font-size:.85rem}\
th,td{border:1px solid #ddd;padding:.2rem .5rem}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
caption{text-align:left;font-weight:bold;padding:.3rem 0}figure{margin:1rem 0}\
figcaption{font-size:.85rem;color:#555}details{font-size:.8rem;color:#555}\
nav a{margin-right:1rem}.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}\
body{overflow-wrap:anywhere}.headline{font-size:1.05rem}\
@media (max-width:600px){body{margin:1rem auto;padding:0 .6rem}table{font-size:.75rem}}";

/// How the page names codes (`USA_c15` → "US transport equipment"): a
/// function from a code to its name, or `None` to leave it.
pub type Names<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Writes the codes in `text` as names: region-sector labels
/// (`USA_c15`) and bare region codes that `names` knows, except a code
/// right after a command-line flag (`--from CAN` stays a command).
pub fn name_codes(text: &str, names: Names<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let after_flag = out.ends_with(' ')
            && out
                .trim_end_matches(' ')
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.starts_with("--"));
        match names(word) {
            Some(n) if !after_flag => out.push_str(&n),
            _ => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Report {
    /// Renders the page, codes left as they are.
    pub fn render(&self) -> String {
        self.render_named(&|_| None)
    }

    /// Renders the page for readers: codes written as names (see
    /// [`name_codes`]), numbers as people read them (shares as
    /// percentages, thousands separators, never scientific notation; the
    /// exact value stays in each cell's `data-value`).
    pub fn render_named(&self, names: Names<'_>) -> String {
        let n = |t: &str| name_codes(t, names);
        let mut s = String::new();
        s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        s.push_str(&format!("<title>{}</title>\n", escape(&n(&self.title))));
        s.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
        s.push_str(&format!("<h1>{}</h1>\n", escape(&n(&self.title))));
        s.push_str(&format!("<p><em>{}</em></p>\n", escape(&n(&self.subtitle))));
        s.push_str("<nav>");
        for sec in &self.sections {
            s.push_str(&format!(
                "<a href=\"#{}\">{}</a>",
                escape(&sec.id),
                escape(&n(&sec.title))
            ));
        }
        s.push_str("</nav>\n");
        for sec in &self.sections {
            s.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n",
                escape(&sec.id),
                escape(&n(&sec.title))
            ));
            for b in &sec.blocks {
                render_block(b, &mut s, names);
            }
            s.push_str("</section>\n");
        }
        s.push_str("</body>\n</html>\n");
        s
    }
}

fn render_block(b: &Block, s: &mut String, names: Names<'_>) {
    let n = |t: &str| name_codes(t, names);
    match b {
        Block::Paragraph(p) => s.push_str(&format!("<p>{}</p>\n", escape(&n(p)))),
        Block::List(items) => {
            s.push_str("<ul>\n");
            for i in items {
                s.push_str(&format!("<li>{}</li>\n", escape(&n(i))));
            }
            s.push_str("</ul>\n");
        }
        Block::Table { id, caption, table } => render_table(id, &n(caption), table, s, names),
        Block::Figure { id, caption, svg } => {
            // The SVG document minus any XML prolog, inline.
            let body = svg
                .trim_start()
                .strip_prefix("<?xml")
                .and_then(|r| r.split_once("?>").map(|(_, b)| b))
                .unwrap_or(svg);
            s.push_str(&format!(
                "<figure id=\"{}\">\n{}<figcaption>{}</figcaption>\n</figure>\n",
                escape(id),
                n(body.trim()),
                escape(&n(caption))
            ));
        }
    }
}

fn render_table(id: &str, caption: &str, t: &Table, s: &mut String, names: Names<'_>) {
    let n = |t: &str| name_codes(t, names);
    // Wide tables scroll inside their box, never the page (a 390-px phone).
    s.push_str(&format!(
        "<div class=\"scroll\"><table id=\"{}\" data-kind=\"{}\">\n<caption>{}</caption>\n<thead><tr>",
        escape(id),
        escape(&t.kind),
        escape(caption)
    ));
    for c in &t.columns {
        let head = match c.unit.as_deref() {
            Some(u) => match autopact_core::table::percent_unit(u) {
                Some((_, p)) => format!("{} [{p}]", c.name),
                None => format!("{} [{u}]", c.name),
            },
            None => c.name.clone(),
        };
        s.push_str(&format!(
            "<th data-column=\"{}\">{}</th>",
            escape(&c.name),
            escape(&head.replace('_', " "))
        ));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    // A table of figures with a unit per row (a `unit` column) writes each
    // number in its row's unit.
    let unit_col = t.column_index("unit");
    for row in &t.rows {
        s.push_str("<tr>");
        let row_unit = unit_col.and_then(|j| match &row[j] {
            Value::Text(u) => Some(u.as_str()),
            _ => None,
        });
        for (v, c) in row.iter().zip(&t.columns) {
            let unit = c.unit.as_deref().or(row_unit);
            match v {
                Value::Float(_) | Value::Int(_) | Value::Decimal(_) => s.push_str(&format!(
                    "<td class=\"n\" data-value=\"{}\">{}</td>",
                    escape(&v.machine()),
                    escape(&v.for_people(unit))
                )),
                _ if c.name == "unit" => {
                    let text = v.human();
                    let shown = autopact_core::table::percent_unit(&text).map_or(text, |(_, p)| p);
                    s.push_str(&format!("<td>{}</td>", escape(&shown)));
                }
                _ => s.push_str(&format!("<td>{}</td>", escape(&n(&v.human())))),
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
    if !t.meta.is_empty() {
        s.push_str("<details><summary>About this table</summary><dl>\n");
        for (k, v) in &t.meta {
            s.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>\n",
                escape(k),
                escape(&n(v))
            ));
        }
        s.push_str("</dl></details>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_core::Column;

    #[test]
    fn page_is_self_contained_and_balanced() {
        let mut t = Table::new("demo", vec![Column::new("region"), Column::new("share")]);
        t.push(vec!["CAN".into(), 0.123456789.into()]);
        t.meta("unit", "USD <million>");
        let r = Report {
            title: "A & B".into(),
            subtitle: "built-in table, 2008".into(),
            sections: vec![Section {
                id: "s1".into(),
                title: "One".into(),
                blocks: vec![
                    Block::Paragraph("x < y".into()),
                    Block::Table {
                        id: "t1".into(),
                        caption: "cap".into(),
                        table: t,
                    },
                    Block::Figure {
                        id: "f1".into(),
                        caption: "fig".into(),
                        svg: "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"
                            .into(),
                    },
                ],
            }],
        };
        let h = r.render();
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("<title>A &amp; B</title>"));
        assert!(h.contains("<p>x &lt; y</p>"));
        assert!(h.contains("data-value=\"0.123456789\""));
        // Codes become names; a code after a flag stays (a command).
        let names = |c: &str| match c {
            "USA_c15" => Some("US transport equipment".to_string()),
            "CAN" => Some("Canada".to_string()),
            _ => None,
        };
        assert_eq!(
            name_codes("CAN in USA_c15 (autopact contribution --from CAN)", &names),
            "Canada in US transport equipment (autopact contribution --from CAN)"
        );
        assert!(h.contains("USD &lt;million&gt;"));
        assert!(!h.contains("<?xml"));
        assert!(!h.contains("<script"));
        assert!(!h.contains("src="));
        for tag in ["section", "table", "figure", "svg", "tr", "td", "p"] {
            let open =
                h.matches(&format!("<{tag}>")).count() + h.matches(&format!("<{tag} ")).count();
            let close = h.matches(&format!("</{tag}>")).count();
            assert_eq!(open, close, "<{tag}>");
        }
    }

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
