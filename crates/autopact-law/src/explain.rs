//! Explanation trees: every number autopact's law engine produces carries
//! the inputs it used, the rule (with its legal citation), the base, the
//! arithmetic with the numbers filled in, and the result.
//!
//! Compliance users are told to "ask for the actual formula that will
//! run"; this is it, attached to the result instead of buried in code.

use std::fmt::Write as _;

use serde::Serialize;

/// One node of an explanation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Explanation {
    /// What this node computes or decides.
    pub title: String,
    /// The rule applied, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Legal citation of the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Inputs used, as `(name, value)` pairs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<(String, String)>,
    /// The base the rule applies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The arithmetic with numbers filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arithmetic: Option<String>,
    /// The result.
    pub result: String,
    /// Sub-steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Explanation>,
}

impl Explanation {
    /// A node with a title and result.
    pub fn new(title: impl Into<String>, result: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            result: result.into(),
            ..Self::default()
        }
    }

    /// Sets the rule.
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Sets the citation.
    pub fn citation(mut self, c: impl Into<String>) -> Self {
        self.citation = Some(c.into());
        self
    }

    /// Adds an input.
    pub fn input(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.inputs.push((name.into(), value.into()));
        self
    }

    /// Sets the base.
    pub fn base(mut self, b: impl Into<String>) -> Self {
        self.base = Some(b.into());
        self
    }

    /// Sets the arithmetic.
    pub fn arithmetic(mut self, a: impl Into<String>) -> Self {
        self.arithmetic = Some(a.into());
        self
    }

    /// Adds a child.
    pub fn child(mut self, c: Explanation) -> Self {
        self.children.push(c);
        self
    }

    /// Renders the tree as indented text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.write_text(&mut s, "", true, true);
        s
    }

    fn write_text(&self, s: &mut String, prefix: &str, last: bool, root: bool) {
        let (branch, cont) = if root {
            ("", "")
        } else if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let _ = writeln!(s, "{prefix}{branch}{} → {}", self.title, self.result);
        let inner = format!("{prefix}{cont}");
        let bar = if self.children.is_empty() {
            "   "
        } else {
            "│  "
        };
        if let Some(r) = &self.rule {
            let _ = writeln!(s, "{inner}{bar}rule: {r}");
        }
        if let Some(c) = &self.citation {
            let _ = writeln!(s, "{inner}{bar}citation: {c}");
        }
        for (k, v) in &self.inputs {
            let _ = writeln!(s, "{inner}{bar}input {k}: {v}");
        }
        if let Some(b) = &self.base {
            let _ = writeln!(s, "{inner}{bar}base: {b}");
        }
        if let Some(a) = &self.arithmetic {
            let _ = writeln!(s, "{inner}{bar}arithmetic: {a}");
        }
        let n = self.children.len();
        for (i, c) in self.children.iter().enumerate() {
            c.write_text(s, &inner, i + 1 == n, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_tree_shows_every_part() {
        let e = Explanation::new("total", "6000.00")
            .child(
                Explanation::new("MFN", "1000.00")
                    .rule("column 1 general rate")
                    .citation("HTSUS 8703.23.01")
                    .input("value", "40000")
                    .base("40000.00")
                    .arithmetic("2.5% × 40000.00 = 1000.00"),
            )
            .child(Explanation::new("top-up", "5000.00"));
        let t = e.to_text();
        assert!(t.starts_with("total → 6000.00\n"), "{t}");
        assert!(t.contains("├─ MFN → 1000.00"), "{t}");
        assert!(t.contains("citation: HTSUS 8703.23.01"), "{t}");
        assert!(t.contains("arithmetic: 2.5% × 40000.00 = 1000.00"), "{t}");
        assert!(t.contains("└─ top-up → 5000.00"), "{t}");
    }
}
