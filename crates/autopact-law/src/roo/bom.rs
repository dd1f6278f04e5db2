//! Bills of materials: the format-independent model and its structural
//! validation (one root, known parents, unique ids, no cycles, no negative
//! values), reporting every problem at once with its location.
//!
//! Readers (CSV, XLSX, TOML) live elsewhere and produce [`BomLine`]s; the
//! rules of origin only ever see a validated [`Bom`].

use std::collections::HashMap;

use autopact_core::{Located, Location};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::hts::HsCode;
use crate::measure::Country;

/// Originating status as declared on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Declared {
    /// Originating (certified by the supplier, or determined by the producer).
    Yes,
    /// Not originating.
    No,
    /// Not known: treated as non-originating, and said so.
    #[default]
    Unknown,
}

/// Steel or aluminum, for the purchase requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metal {
    /// Steel.
    Steel,
    /// Aluminum.
    Aluminum,
}

/// The tariff-shift part of a line's Schedule 1 rule, as the user reads it:
/// every non-originating input must be classified outside the line's
/// chapter, heading or subheading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftRule {
    /// Change from any other chapter (2 digits).
    Chapter,
    /// Change from any other heading (4 digits).
    Heading,
    /// Change from any other subheading (6 digits).
    Subheading,
}

impl ShiftRule {
    /// Parses `chapter`, `heading` or `subheading` (or CC, CTH, CTSH).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "chapter" | "cc" => Some(ShiftRule::Chapter),
            "heading" | "cth" => Some(ShiftRule::Heading),
            "subheading" | "ctsh" => Some(ShiftRule::Subheading),
            _ => None,
        }
    }

    /// Number of leading digits that must change.
    pub fn digits(self) -> usize {
        match self {
            ShiftRule::Chapter => 2,
            ShiftRule::Heading => 4,
            ShiftRule::Subheading => 6,
        }
    }

    /// Name.
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftRule::Chapter => "chapter",
            ShiftRule::Heading => "heading",
            ShiftRule::Subheading => "subheading",
        }
    }
}

/// One line of a bill of materials. Money is per unit; `qty` units of the
/// line go into one unit of its parent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BomLine {
    /// Part id (unique).
    pub part_id: String,
    /// Parent part id; `None` for the finished good (exactly one).
    pub parent_id: Option<String>,
    /// Description.
    pub description: String,
    /// Tariff classification.
    pub hs: Option<HsCode>,
    /// Country of origin.
    pub origin: Option<Country>,
    /// Declared originating status.
    pub originating: Declared,
    /// Supplier (empty for self-produced lines).
    pub supplier: Option<String>,
    /// Value per unit (price paid for a material; cost of a self-produced line).
    pub unit_value: Decimal,
    /// Quantity per parent unit.
    pub qty: Decimal,
    /// Net cost per unit (produced lines; defaults to `unit_value`).
    pub net_cost: Option<Decimal>,
    /// Transaction value per unit (finished good or produced part).
    pub transaction_value: Option<Decimal>,
    /// International shipping included in the transaction value, per unit.
    pub intl_shipping: Option<Decimal>,
    /// Accumulation: the supplier's statement of the VNM in one unit.
    pub vnm_declared: Option<Decimal>,
    /// Material bought from (or labour performed in) a high-wage plant.
    pub high_wage: Option<bool>,
    /// Labour cost per unit (the finished good's assembly labour for LVC).
    pub labor_cost: Option<Decimal>,
    /// Steel or aluminum purchase (Table S), for the 70% test.
    pub metal: Option<Metal>,
    /// Supplier certification reference.
    pub certificate: Option<String>,
    /// Self-produced line designated as an intermediate material.
    pub designated: bool,
    /// Table A.2 class stated by the user (overrides the code).
    pub core_class: Option<String>,
    /// RVC threshold (percent, net cost) of the line's Schedule 1 rule, for
    /// a designated intermediate material in no automotive table.
    pub rvc_threshold: Option<Decimal>,
    /// Tariff-shift alternative of the line's Schedule 1 rule, for a
    /// designated intermediate material.
    pub tariff_shift: Option<ShiftRule>,
    /// Where the line came from (file, row).
    pub location: Location,
}

impl BomLine {
    /// Extended value: `unit_value × qty`.
    pub fn value(&self) -> Decimal {
        self.unit_value * self.qty
    }
}

/// The children of every line, stored flat: `children[i]` is the slice of
/// the lines whose parent is line `i`, in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children {
    /// `list[start[i]..start[i + 1]]` are the children of line `i`.
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Children {
    /// Flat children lists from each line's parent.
    fn from_parents(parent: &[Option<usize>]) -> Self {
        let n = parent.len();
        let mut start = vec![0usize; n + 1];
        for p in parent.iter().flatten() {
            start[p + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start[..n].to_vec();
        let mut list = vec![0usize; start[n]];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                list[fill[p]] = i;
                fill[p] += 1;
            }
        }
        Children { start, list }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for Children {
    type Output = [usize];

    fn index(&self, i: usize) -> &[usize] {
        &self.list[self.start[i]..self.start[i + 1]]
    }
}

/// A validated bill of materials.
#[derive(Debug, Clone)]
pub struct Bom {
    /// Lines, as given.
    pub lines: Vec<BomLine>,
    /// Index of the finished good.
    pub root: usize,
    /// Children of each line (`children[i]` is a slice of line indexes).
    pub children: Children,
    /// Parent of each line.
    pub parent: Vec<Option<usize>>,
    /// Depth (root = 0).
    pub depth: Vec<u32>,
    /// Lines in post-order (children before parents).
    pub post_order: Vec<usize>,
}

impl Bom {
    /// High-wage material spend (the value of the topmost lines flagged
    /// `high_wage`, whose inputs are not counted again) and high-wage
    /// labour (the finished good's labour cost when it is flagged): the
    /// LVC inputs a BOM states.
    pub fn high_wage_spend(&self) -> (Decimal, Decimal) {
        let root = &self.lines[self.root];
        let mut materials = Decimal::ZERO;
        let mut stack = self.children[self.root].to_vec();
        while let Some(i) = stack.pop() {
            if self.lines[i].high_wage == Some(true) {
                materials += self.lines[i].value();
            } else {
                stack.extend(self.children[i].iter().copied());
            }
        }
        let labor = if root.high_wage == Some(true) {
            root.labor_cost.unwrap_or_default()
        } else {
            Decimal::ZERO
        };
        (materials, labor)
    }

    /// Builds and validates. Every problem is reported, each with its location.
    pub fn build(lines: Vec<BomLine>) -> Result<Bom, Vec<Located>> {
        let mut errs = Vec::new();
        let at = |l: &BomLine, col: &str, msg: String| Located {
            location: l.location.at_column(col),
            message: msg,
        };
        let mut index: HashMap<&str, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(lines.len(), Default::default());
        // Parent ids, collected on this pass so that resolving them does
        // not walk the (large) lines again.
        let mut parent_ids: Vec<Option<&str>> = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            parent_ids.push(l.parent_id.as_deref().map(trim).filter(|p| !p.is_empty()));
            if trim(&l.part_id).is_empty() {
                errs.push(at(l, "part_id", "empty part id".into()));
            } else if let Some(&j) = index.get(l.part_id.as_str()) {
                errs.push(at(
                    l,
                    "part_id",
                    format!(
                        "duplicate part id {:?} (first at {})",
                        l.part_id, lines[j].location
                    ),
                ));
            } else {
                index.insert(&l.part_id, i);
            }
            let checks = [
                ("unit_value", Some(l.unit_value)),
                ("qty", Some(l.qty)),
                ("net_cost", l.net_cost),
                ("transaction_value", l.transaction_value),
                ("intl_shipping", l.intl_shipping),
                ("vnm_declared", l.vnm_declared),
                ("labor_cost", l.labor_cost),
            ];
            for (col, v) in checks {
                if let Some(v) = v
                    && v < Decimal::ZERO
                {
                    errs.push(at(l, col, format!("negative value {v}")));
                }
            }
            if l.unit_value.checked_mul(l.qty).is_none() {
                errs.push(at(
                    l,
                    "qty",
                    format!(
                        "unit_value {} × qty {} is beyond the exact decimal range (about 7.9e28)",
                        l.unit_value, l.qty
                    ),
                ));
            }
            if let Some(t) = l.rvc_threshold
                && (t <= Decimal::ZERO || t > Decimal::ONE_HUNDRED)
            {
                errs.push(at(
                    l,
                    "rvc_threshold",
                    format!("{t} is not a percentage in (0, 100]"),
                ));
            }
            if let Some(v) = l.vnm_declared
                && v > l.unit_value
            {
                errs.push(at(
                    l,
                    "vnm_declared",
                    format!("declared VNM {v} exceeds the unit value {}", l.unit_value),
                ));
            }
        }
        let mut parent = vec![None; lines.len()];
        let mut roots = Vec::new();
        for (i, p) in parent_ids.into_iter().enumerate() {
            match p {
                None => roots.push(i),
                Some(p) => match index.get(p) {
                    Some(&j) if j == i => errs.push(at(
                        &lines[i],
                        "parent_id",
                        "a part cannot be its own parent".into(),
                    )),
                    Some(&j) => parent[i] = Some(j),
                    None => errs.push(at(&lines[i], "parent_id", format!("unknown parent {p:?}"))),
                },
            }
        }
        match roots.len() {
            1 => {}
            0 if !lines.is_empty() => errs.push(Located {
                location: lines[0].location.clone(),
                message: "no finished good: exactly one line must have an empty parent_id".into(),
            }),
            0 => errs.push(Located {
                location: Location::default(),
                message: "empty bill of materials".into(),
            }),
            _ => {
                for &r in &roots[1..] {
                    errs.push(at(
                        &lines[r],
                        "parent_id",
                        format!(
                            "second finished good {:?} (the first is {:?}): exactly one line may have an empty parent_id",
                            lines[r].part_id, lines[roots[0]].part_id
                        ),
                    ));
                }
            }
        }
        let children = Children::from_parents(&parent);
        // Cycles: lines not reachable from the root lie on (or under) a cycle.
        let mut depth = vec![u32::MAX; lines.len()];
        let mut post_order = Vec::with_capacity(lines.len());
        if let Some(&root) = roots.first() {
            let mut stack = vec![(root, false)];
            depth[root] = 0;
            while let Some((i, done)) = stack.pop() {
                if done {
                    post_order.push(i);
                    continue;
                }
                stack.push((i, true));
                for &c in children[i].iter() {
                    depth[c] = depth[i] + 1;
                    stack.push((c, false));
                }
            }
            if post_order.len() != lines.len() {
                errs.extend(cycle_errors(&lines, &parent, &depth, &index));
            }
        }
        if errs.is_empty() {
            Ok(Bom {
                root: roots[0],
                lines,
                children,
                parent,
                depth,
                post_order,
            })
        } else {
            Err(errs)
        }
    }
}

/// The cycles among the lines not reachable from the root (`depth` is
/// `u32::MAX`), one error per cycle, at the line where the walk up from the
/// first such line (in input order) closes the loop.
///
/// Each line is walked at most once: a walk that joins an earlier one
/// stops there, since everything above was already walked (and any cycle
/// there reported). Linear in the number of lines, however long the chains
/// hanging below a cycle.
fn cycle_errors(
    lines: &[BomLine],
    parent: &[Option<usize>],
    depth: &[u32],
    index: &HashMap<&str, usize, foldhash::fast::RandomState>,
) -> Vec<Located> {
    let mut errs = Vec::new();
    let mut reported = vec![false; lines.len()];
    // The walk (1, 2, …) that reached each line, 0 if none, and the line's
    // position on that walk.
    let mut walk = vec![0u32; lines.len()];
    let mut pos = vec![0usize; lines.len()];
    let mut seen: Vec<usize> = Vec::new();
    let mut w = 0u32;
    for i in 0..lines.len() {
        if depth[i] != u32::MAX || reported[i] || parent[i].is_none() || walk[i] != 0 {
            continue;
        }
        w += 1;
        seen.clear();
        // Walk up until a repeat: that loop is a cycle.
        let mut k = i;
        while let Some(p) = parent[k] {
            if walk[k] == w {
                let start = pos[k];
                let cyc: Vec<&str> = seen[start..]
                    .iter()
                    .map(|&x| lines[x].part_id.as_str())
                    .collect();
                if !cyc.iter().any(|id| reported[index[id]]) {
                    errs.push(Located {
                        location: lines[k].location.at_column("parent_id"),
                        message: format!(
                            "cycle in the bill of materials: {} → {}",
                            cyc.join(" → "),
                            lines[k].part_id
                        ),
                    });
                }
                for &x in &seen[start..] {
                    reported[x] = true;
                }
                break;
            }
            if walk[k] != 0 {
                // Joined an earlier walk.
                break;
            }
            walk[k] = w;
            pos[k] = seen.len();
            seen.push(k);
            k = p;
            if depth[k] != u32::MAX {
                break;
            }
        }
    }
    errs
}

/// `s.trim()`, without the Unicode scan when `s` visibly needs none (it
/// starts and ends with a printable ASCII character).
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, parent: Option<&str>, row: u64) -> BomLine {
        line_at(id, parent, row)
    }

    fn line_at(id: &str, parent: Option<&str>, row: u64) -> BomLine {
        BomLine {
            part_id: id.into(),
            parent_id: parent.map(Into::into),
            unit_value: Decimal::ONE,
            qty: Decimal::ONE,
            location: Location::source("t.csv").at_row(row),
            ..Default::default()
        }
    }

    #[test]
    fn builds_a_tree_in_post_order() {
        let b = Bom::build(vec![
            line("car", None, 2),
            line("eng", Some("car"), 3),
            line("blk", Some("eng"), 4),
        ])
        .unwrap();
        assert_eq!(b.root, 0);
        assert_eq!(b.post_order, vec![2, 1, 0]);
        assert_eq!(b.depth, vec![0, 1, 2]);
        assert_eq!(b.children.len(), 3);
        assert_eq!(
            (0..3).map(|i| b.children[i].to_vec()).collect::<Vec<_>>(),
            vec![vec![1], vec![2], vec![]]
        );
    }

    #[test]
    fn children_keep_input_order() {
        let b = Bom::build(vec![
            line("a", Some("car"), 2),
            line("car", None, 3),
            line("b", Some("car"), 4),
            line("c", Some("a"), 5),
            line("d", Some(" car "), 6),
        ])
        .unwrap();
        assert_eq!(b.root, 1);
        assert_eq!(b.children[1], [0, 2, 4]);
        assert_eq!(b.children[0], [3]);
        assert!(b.children[3].is_empty());
        assert_eq!(b.parent, vec![Some(1), None, Some(1), Some(0), Some(1)]);
    }

    /// The cycle search as it was first written (quadratic per walk, and
    /// re-walking shared chains): the reference the linear one must match.
    fn cycle_errors_reference(
        lines: &[BomLine],
        parent: &[Option<usize>],
        depth: &[u32],
        index: &HashMap<&str, usize, foldhash::fast::RandomState>,
    ) -> Vec<Located> {
        let mut errs = Vec::new();
        let mut reported = vec![false; lines.len()];
        for i in 0..lines.len() {
            if depth[i] != u32::MAX || reported[i] || parent[i].is_none() {
                continue;
            }
            // Walk up until a repeat: that loop is a cycle.
            let mut seen = Vec::new();
            let mut k = i;
            while let Some(p) = parent[k] {
                if seen.contains(&k) {
                    let start = seen.iter().position(|&x| x == k).unwrap_or(0);
                    let cyc: Vec<&str> = seen[start..]
                        .iter()
                        .map(|&x| lines[x].part_id.as_str())
                        .collect();
                    if !cyc.iter().any(|id| reported[index[id]]) {
                        errs.push(Located {
                            location: lines[k].location.at_column("parent_id"),
                            message: format!(
                                "cycle in the bill of materials: {} → {}",
                                cyc.join(" → "),
                                lines[k].part_id
                            ),
                        });
                    }
                    for &x in &seen[start..] {
                        reported[x] = true;
                    }
                    break;
                }
                seen.push(k);
                k = p;
                if depth[k] != u32::MAX {
                    break;
                }
            }
        }
        errs
    }

    /// A small structure of lines as `Bom::build` resolves it: the index of
    /// first occurrences, parents (none for a self-parent or an unknown
    /// one), and depth from the first root (`u32::MAX` if unreachable).
    #[allow(clippy::type_complexity)]
    fn structure(
        lines: &[BomLine],
    ) -> (
        HashMap<&str, usize, foldhash::fast::RandomState>,
        Vec<Option<usize>>,
        Vec<u32>,
    ) {
        let mut index: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        for (i, l) in lines.iter().enumerate() {
            index.entry(l.part_id.as_str()).or_insert(i);
        }
        let parent: Vec<Option<usize>> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let p = l.parent_id.as_deref().filter(|p| !p.is_empty())?;
                index.get(p).copied().filter(|&j| j != i)
            })
            .collect();
        let mut depth = vec![u32::MAX; lines.len()];
        if let Some(root) = lines.iter().position(|l| l.parent_id.is_none()) {
            depth[root] = 0;
            let mut stack = vec![root];
            while let Some(i) = stack.pop() {
                for (c, p) in parent.iter().enumerate() {
                    if *p == Some(i) && depth[c] == u32::MAX {
                        depth[c] = depth[i] + 1;
                        stack.push(c);
                    }
                }
            }
        }
        (index, parent, depth)
    }

    #[test]
    fn linear_cycle_search_matches_the_reference() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut with_cycles = 0;
        for case in 0..2000 {
            let n = 2 + (next() % 40) as usize;
            // Ids drawn from a small pool (some duplicates); parents mostly
            // other ids, sometimes unknown, a few roots.
            let pool = n + (next() % 4) as usize;
            let lines: Vec<BomLine> = (0..n)
                .map(|k| {
                    let id = if k == 0 {
                        "root".to_string()
                    } else {
                        format!("x{}", next() % pool as u64)
                    };
                    let parent = match (k, next() % 20) {
                        (0, _) => None,
                        (_, 0) => None,
                        (_, 1) => Some("nope".to_string()),
                        (_, 2..=4) => Some("root".to_string()),
                        _ => Some(format!("x{}", next() % pool as u64)),
                    };
                    line_at(&id, parent.as_deref(), k as u64 + 2)
                })
                .collect();
            let (index, parent, depth) = structure(&lines);
            let want = cycle_errors_reference(&lines, &parent, &depth, &index);
            let got = cycle_errors(&lines, &parent, &depth, &index);
            assert_eq!(got, want, "case {case}");
            with_cycles += usize::from(!want.is_empty());
        }
        assert!(with_cycles > 100, "{with_cycles} cases with cycles");
    }

    /// A long chain hanging below a cycle once made the search cubic in
    /// the chain's length (minutes for a few thousand lines).
    #[test]
    fn long_chain_below_a_cycle_is_quick() {
        let n = 30_000;
        let mut lines = vec![
            line("car", None, 2),
            line("a", Some("b"), 3),
            line("b", Some("a"), 4),
        ];
        for k in 0..n {
            let p = if k + 1 < n {
                format!("c{}", k + 1)
            } else {
                "a".into()
            };
            lines.push(line_at(&format!("c{k}"), Some(&p), k as u64 + 5));
        }
        let t = std::time::Instant::now();
        let errs = Bom::build(lines).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            errs[0].to_string(),
            "t.csv, row 3, column parent_id: cycle in the bill of materials: a → b → a"
        );
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    }

    #[test]
    fn quick_trim_agrees_with_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            "ab c",
            "\t",
            "x\n",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn reports_every_problem_at_once() {
        let mut neg = line("x", Some("car"), 5);
        neg.unit_value = Decimal::NEGATIVE_ONE;
        let errs = Bom::build(vec![
            line("car", None, 2),
            line("a", Some("b"), 3),
            line("b", Some("a"), 4),
            neg,
            line("x", Some("car"), 6),
            line("y", Some("nope"), 7),
            line("z", None, 8),
        ])
        .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        let all = text.join("\n");
        assert!(all.contains("cycle in the bill of materials"), "{all}");
        assert!(
            all.contains("t.csv, row 5, column unit_value: negative value -1"),
            "{all}"
        );
        assert!(
            all.contains("row 6, column part_id: duplicate part id \"x\""),
            "{all}"
        );
        assert!(
            all.contains("row 7, column parent_id: unknown parent \"nope\""),
            "{all}"
        );
        assert!(
            all.contains("row 8, column parent_id: second finished good"),
            "{all}"
        );
        assert_eq!(
            errs.iter().filter(|e| e.message.contains("cycle")).count(),
            1,
            "{all}"
        );
    }

    #[test]
    fn self_parent_and_empty() {
        assert!(Bom::build(vec![]).is_err());
        let e = Bom::build(vec![line("car", None, 2), line("a", Some("a"), 3)]).unwrap_err();
        assert!(e[0].message.contains("own parent"));
    }
}
