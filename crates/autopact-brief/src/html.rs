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
th,td{border:1px solid #ddd;padding:.2rem .5rem}td.n{text-align:right;font-variant-numeric:tabular-nums}\
caption{text-align:left;font-weight:bold;padding:.3rem 0}figure{margin:1rem 0}\
figcaption{font-size:.85rem;color:#555}details{font-size:.8rem;color:#555}\
nav a{margin-right:1rem}";

impl Report {
    /// Renders the page.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        s.push_str(&format!("<title>{}</title>\n", escape(&self.title)));
        s.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
        s.push_str(&format!("<h1>{}</h1>\n", escape(&self.title)));
        s.push_str(&format!("<p><em>{}</em></p>\n", escape(&self.subtitle)));
        s.push_str("<nav>");
        for sec in &self.sections {
            s.push_str(&format!(
                "<a href=\"#{}\">{}</a>",
                escape(&sec.id),
                escape(&sec.title)
            ));
        }
        s.push_str("</nav>\n");
        for sec in &self.sections {
            s.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n",
                escape(&sec.id),
                escape(&sec.title)
            ));
            for b in &sec.blocks {
                render_block(b, &mut s);
            }
            s.push_str("</section>\n");
        }
        s.push_str("</body>\n</html>\n");
        s
    }
}

fn render_block(b: &Block, s: &mut String) {
    match b {
        Block::Paragraph(p) => s.push_str(&format!("<p>{}</p>\n", escape(p))),
        Block::List(items) => {
            s.push_str("<ul>\n");
            for i in items {
                s.push_str(&format!("<li>{}</li>\n", escape(i)));
            }
            s.push_str("</ul>\n");
        }
        Block::Table { id, caption, table } => render_table(id, caption, table, s),
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
                body.trim(),
                escape(caption)
            ));
        }
    }
}

fn render_table(id: &str, caption: &str, t: &Table, s: &mut String) {
    s.push_str(&format!(
        "<table id=\"{}\" data-kind=\"{}\">\n<caption>{}</caption>\n<thead><tr>",
        escape(id),
        escape(&t.kind),
        escape(caption)
    ));
    for c in &t.columns {
        let head = match &c.unit {
            Some(u) => format!("{} [{}]", c.name, u),
            None => c.name.clone(),
        };
        s.push_str(&format!(
            "<th data-column=\"{}\">{}</th>",
            escape(&c.name),
            escape(&head)
        ));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        s.push_str("<tr>");
        for v in row {
            match v {
                Value::Float(_) | Value::Int(_) | Value::Decimal(_) => s.push_str(&format!(
                    "<td class=\"n\" data-value=\"{}\">{}</td>",
                    escape(&v.machine()),
                    escape(&v.human())
                )),
                _ => s.push_str(&format!("<td>{}</td>", escape(&v.human()))),
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    if !t.meta.is_empty() {
        s.push_str("<details><summary>About this table</summary><dl>\n");
        for (k, v) in &t.meta {
            s.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v)));
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
