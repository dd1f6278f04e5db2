//! The MRIO system: labels, flows and satellite accounts.
//!
//! Notation (Miller & Blair 2009, ch. 2–3; pymrio's `math.rst`): G regions,
//! N sectors per region, n = G·N region-sectors ordered region-major
//! (all sectors of the first region, then the next region). K final-demand
//! columns, each owned by a region and a category.
//!
//! * `Z` (n × n) — intermediate flows; Z_ij = sales of i to j.
//! * `Y` (n × K) — final demand; Y_ik = sales of i to final-demand column k.
//! * `x` (n) — gross output, as published (not recomputed: published tables
//!   do not balance exactly, see [`crate::Reconciliation`]).
//! * factor inputs (r × n, plus r × K on final demand) — value added, taxes
//!   less subsidies, … The row that is value added is named by
//!   [`Mrio::value_added_row`].
//! * extensions — satellite accounts F (m × n) and F_Y (m × K), e.g.
//!   employment or emissions.
//!
//! A [`Mrio`] is always valid: labels are unique, dimensions agree, every
//! value is finite and no output is negative. Build one from [`MrioParts`]
//! with [`Mrio::new`].

use std::sync::Arc;

use autopact_core::Provenance;
use faer::{Mat, MatRef};
use serde::{Deserialize, Serialize};

use crate::dense::Dense;
use crate::error::{MrioError, Result, list_labels};

/// A final-demand column: the region that buys, and the category
/// (households, government, investment, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FinalDemandColumn {
    /// Region of the final user. May be a pseudo-region not among the
    /// table's regions (e.g. `"ALL"` for the 2016 ICIO `DISC` column).
    pub region: String,
    /// Category code, e.g. `HFCE`, `GFCF`, `c37`.
    pub category: String,
}

impl FinalDemandColumn {
    /// Builds a column label.
    pub fn new(region: impl Into<String>, category: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            category: category.into(),
        }
    }
}

/// One row of a satellite account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stressor {
    /// Stressor name, e.g. `"persons engaged"`, `"VA"`.
    pub name: String,
    /// Compartment (pymrio's second index level), e.g. `"air"`; often none.
    pub compartment: Option<String>,
    /// Unit, e.g. `"thousand persons"`, `"USD million"`.
    pub unit: String,
}

impl Stressor {
    /// A stressor without compartment.
    pub fn new(name: impl Into<String>, unit: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            compartment: None,
            unit: unit.into(),
        }
    }

    /// `name` or `name|compartment`.
    pub fn label(&self) -> String {
        match &self.compartment {
            Some(c) if !c.is_empty() => format!("{}|{}", self.name, c),
            _ => self.name.clone(),
        }
    }
}

/// A satellite account (pymrio's `Extension`): stressors by producing
/// region-sector (`F`) and by final-demand column (`F_Y`, direct emissions
/// of final users, e.g. household fuel burning).
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// Name of the account, e.g. `"employment"`.
    pub name: String,
    /// Row labels of `f` and `f_y`.
    pub stressors: Vec<Stressor>,
    /// F: stressors (m) × region-sectors (n).
    pub f: Mat<f64>,
    /// F_Y: stressors (m) × final-demand columns (K); `None` when the
    /// account has no final-demand part.
    pub f_y: Option<Mat<f64>>,
}

impl Extension {
    /// Number of stressors.
    pub fn len(&self) -> usize {
        self.stressors.len()
    }

    /// True when the account has no stressors.
    pub fn is_empty(&self) -> bool {
        self.stressors.is_empty()
    }

    /// Row `k` of F: stressor k by region-sector.
    pub fn row(&self, k: usize) -> Vec<f64> {
        self.f.row(k).iter().copied().collect()
    }

    /// Index of a stressor by its [`Stressor::label`] or bare name.
    pub fn stressor_index(&self, label: &str) -> Option<usize> {
        self.stressors
            .iter()
            .position(|s| s.label() == label)
            .or_else(|| self.stressors.iter().position(|s| s.name == label))
    }
}

/// The raw parts of an MRIO table, as a reader produces them. Validate and
/// freeze them into a [`Mrio`] with [`Mrio::new`].
#[derive(Debug, Clone)]
pub struct MrioParts {
    /// Provenance: name, source, year, unit, citation, history.
    pub provenance: Provenance,
    /// Region codes, in table order.
    pub regions: Vec<String>,
    /// Sector codes, in table order (the same list for every region).
    pub sectors: Vec<String>,
    /// Final-demand columns, in table order.
    pub final_demand: Vec<FinalDemandColumn>,
    /// Intermediate flows Z (n × n).
    pub z: Dense,
    /// Final demand Y (n × K).
    pub y: Mat<f64>,
    /// Gross output x (n).
    pub x: Vec<f64>,
    /// Factor inputs (value added, taxes, …) by region-sector and
    /// final-demand column.
    pub factor_inputs: Extension,
    /// Which factor-input row is value added (by stressor name); `None`
    /// means "value added is the residual x − 1ᵀZ".
    pub value_added_row: Option<String>,
    /// Other satellite accounts.
    pub extensions: Vec<Extension>,
}

/// A validated multi-regional input-output table. See the module docs for
/// the notation.
#[derive(Debug, Clone)]
pub struct Mrio {
    provenance: Provenance,
    regions: Vec<String>,
    sectors: Vec<String>,
    final_demand: Vec<FinalDemandColumn>,
    /// Shared (copy on write) so that a mixed-precision [`crate::Leontief`]
    /// can compute its double-precision residuals from Z without a copy.
    z: Arc<Dense>,
    /// Z's nonzeros, counted in the validation pass that reads every entry
    /// anyway (forgotten by [`Mrio::z_mut`]).
    z_nonzeros: std::sync::OnceLock<usize>,
    y: Mat<f64>,
    x: Vec<f64>,
    factor_inputs: Extension,
    value_added_row: Option<usize>,
    extensions: Vec<Extension>,
}

impl Mrio {
    /// Validates `parts` and builds the table.
    ///
    /// Checks: labels unique and non-empty; Z is n × n and Y is n × K with
    /// n = G·N; every value of Z, Y, x, factor inputs and extensions finite;
    /// no gross output negative; the value-added row exists.
    pub fn new(parts: MrioParts) -> Result<Self> {
        let MrioParts {
            provenance,
            regions,
            sectors,
            final_demand,
            z,
            y,
            x,
            factor_inputs,
            value_added_row,
            extensions,
        } = parts;
        check_unique("region", &regions)?;
        check_unique("sector", &sectors)?;
        if regions.is_empty() || sectors.is_empty() {
            return Err(MrioError::Dimension(
                "a table needs at least one region and one sector".into(),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for c in &final_demand {
            if !seen.insert((c.region.as_str(), c.category.as_str())) {
                return Err(MrioError::DuplicateLabel {
                    kind: "final-demand column",
                    label: format!("{}_{}", c.region, c.category),
                });
            }
        }
        let n = regions.len() * sectors.len();
        let k = final_demand.len();
        let me = Self {
            provenance,
            regions,
            sectors,
            final_demand,
            z: Arc::new(z),
            z_nonzeros: std::sync::OnceLock::new(),
            y,
            x,
            factor_inputs,
            value_added_row: None,
            extensions,
        };
        me.check_shape("Z", (*me.z).as_ref(), n, n)?;
        me.check_shape("Y", me.y.as_ref(), n, k)?;
        if me.x.len() != n {
            return Err(MrioError::Dimension(format!(
                "x has {} entries but the table has {n} region-sectors",
                me.x.len()
            )));
        }
        me.check_extension(&me.factor_inputs)?;
        let mut names = std::collections::HashSet::new();
        for e in &me.extensions {
            if !names.insert(e.name.as_str()) {
                return Err(MrioError::DuplicateLabel {
                    kind: "extension",
                    label: e.name.clone(),
                });
            }
            me.check_extension(e)?;
        }
        match finite_nonzeros(&me.z) {
            Some(nonzeros) => {
                let _ = me.z_nonzeros.set(nonzeros);
            }
            None => me.check_finite_mat("Z", (*me.z).as_ref(), &|j| me.label(j))?,
        }
        me.check_finite_mat("Y", me.y.as_ref(), &|j| me.fd_label(j))?;
        for (i, &v) in me.x.iter().enumerate() {
            if !v.is_finite() {
                return Err(MrioError::NotFinite {
                    what: "x".into(),
                    at: me.label(i),
                    value: v,
                });
            }
            if v < 0.0 {
                return Err(MrioError::NegativeOutput {
                    label: me.label(i),
                    value: v,
                });
            }
        }
        let value_added_row = match value_added_row {
            None => None,
            Some(name) => Some(me.factor_inputs.stressor_index(&name).ok_or_else(|| {
                MrioError::UnknownLabel {
                    kind: "factor-input row",
                    label: name,
                    known: list_labels(
                        &me.factor_inputs
                            .stressors
                            .iter()
                            .map(Stressor::label)
                            .collect::<Vec<_>>(),
                        10,
                    ),
                }
            })?),
        };
        Ok(Self {
            value_added_row,
            ..me
        })
    }

    /// A table from its flows alone — for examples, tests and hand-made
    /// tables: `regions` × `sectors` (region-major), Z (n × n) and Y with
    /// one final-demand column per region (category `HFCE`).
    ///
    /// Gross output is the row sum x = Z1 + Y1 and value added the column
    /// residual vᵀ = xᵀ − 1ᵀZ (the factor input `VA`), so the table balances
    /// by construction. The same checks as [`Mrio::new`] apply, and Y must
    /// have one column per region.
    pub fn from_flows(
        regions: &[&str],
        sectors: &[&str],
        z: Mat<f64>,
        y: Mat<f64>,
    ) -> Result<Self> {
        if y.ncols() != regions.len() {
            return Err(MrioError::Dimension(format!(
                "Y has {} columns; from_flows takes one final-demand column per region ({})",
                y.ncols(),
                regions.len()
            )));
        }
        if z.nrows() != z.ncols() || z.nrows() != y.nrows() {
            return Err(MrioError::Dimension(format!(
                "Z is {} × {} and Y has {} rows: they must be n × n and n × K",
                z.nrows(),
                z.ncols(),
                y.nrows()
            )));
        }
        let n = z.nrows();
        let x: Vec<f64> = (0..n)
            .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>())
            .collect();
        let va: Vec<f64> = (0..n)
            .map(|j| x[j] - z.col(j).iter().sum::<f64>())
            .collect();
        Mrio::new(MrioParts {
            provenance: Provenance::default(),
            regions: regions.iter().map(|r| r.to_string()).collect(),
            sectors: sectors.iter().map(|s| s.to_string()).collect(),
            final_demand: regions
                .iter()
                .map(|r| FinalDemandColumn::new(*r, "HFCE"))
                .collect(),
            z: z.into(),
            y,
            x,
            factor_inputs: Extension {
                name: "factor_inputs".into(),
                stressors: vec![Stressor::new("VA", "USD million")],
                f: Mat::from_fn(1, n, |_, j| va[j]),
                f_y: None,
            },
            value_added_row: Some("VA".into()),
            extensions: vec![],
        })
    }

    /// Gives back the parts (e.g. to modify and re-validate).
    pub fn into_parts(self) -> MrioParts {
        let value_added_row = self
            .value_added_row
            .map(|i| self.factor_inputs.stressors[i].name.clone());
        MrioParts {
            provenance: self.provenance,
            regions: self.regions,
            sectors: self.sectors,
            final_demand: self.final_demand,
            z: Arc::try_unwrap(self.z).unwrap_or_else(|shared| (*shared).clone()),
            y: self.y,
            x: self.x,
            factor_inputs: self.factor_inputs,
            value_added_row,
            extensions: self.extensions,
        }
    }

    fn check_shape(&self, what: &str, m: MatRef<'_, f64>, r: usize, c: usize) -> Result<()> {
        if m.nrows() != r || m.ncols() != c {
            return Err(MrioError::Dimension(format!(
                "{what} is {} × {} but the labels call for {r} × {c}",
                m.nrows(),
                m.ncols()
            )));
        }
        Ok(())
    }

    fn check_extension(&self, e: &Extension) -> Result<()> {
        let m = e.stressors.len();
        let labels: Vec<String> = e.stressors.iter().map(Stressor::label).collect();
        check_unique("stressor", &labels)?;
        self.check_shape(&format!("{} F", e.name), e.f.as_ref(), m, self.n())?;
        self.check_finite_mat(&format!("{} F", e.name), e.f.as_ref(), &|j| self.label(j))?;
        if let Some(fy) = &e.f_y {
            self.check_shape(
                &format!("{} F_Y", e.name),
                fy.as_ref(),
                m,
                self.final_demand.len(),
            )?;
            self.check_finite_mat(&format!("{} F_Y", e.name), fy.as_ref(), &|j| {
                self.fd_label(j)
            })?;
        }
        Ok(())
    }

    fn check_finite_mat(
        &self,
        what: &str,
        m: MatRef<'_, f64>,
        col_label: &dyn Fn(usize) -> String,
    ) -> Result<()> {
        use rayon::prelude::*;
        // Columns in parallel (Z is n² numbers); the first bad column in
        // order is reported, with its first bad row.
        let finite = |j: usize| m.col(j).iter().all(|v| v.is_finite());
        let Some(j) = (0..m.ncols()).into_par_iter().find_first(|&j| !finite(j)) else {
            return Ok(());
        };
        let i = (0..m.nrows())
            .find(|&i| !m[(i, j)].is_finite())
            .expect("a non-finite value in this column");
        let row = if m.nrows() == self.n() {
            self.label(i)
        } else {
            format!("row {}", i + 1)
        };
        Err(MrioError::NotFinite {
            what: what.into(),
            at: format!("row {row}, column {}", col_label(j)),
            value: m[(i, j)],
        })
    }

    /// Provenance of the table.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Mutable provenance (to record steps).
    pub fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    /// Region codes.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// Sector codes.
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// Final-demand columns.
    pub fn final_demand(&self) -> &[FinalDemandColumn] {
        &self.final_demand
    }

    /// Distinct final-demand categories, in first-seen order.
    pub fn final_demand_categories(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.final_demand {
            if !out.contains(&c.category) {
                out.push(c.category.clone());
            }
        }
        out
    }

    /// Number of regions G.
    pub fn n_regions(&self) -> usize {
        self.regions.len()
    }

    /// Number of sectors per region N.
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }

    /// Number of region-sectors n = G·N.
    pub fn n(&self) -> usize {
        self.regions.len() * self.sectors.len()
    }

    /// Intermediate flows Z.
    pub fn z(&self) -> MatRef<'_, f64> {
        (*self.z).as_ref()
    }

    /// Share of Z's entries that are not zero (0–1; 0 for an empty table),
    /// which decides whether sparse products pay
    /// ([`crate::Precision::for_table`]).
    pub fn z_density(&self) -> f64 {
        let n = self.n();
        if n == 0 {
            return 0.0;
        }
        let nonzeros = *self.z_nonzeros.get_or_init(|| count_nonzeros(&self.z));
        nonzeros as f64 / (n * n) as f64
    }

    /// Z, shared without a copy (for factorisations that keep it).
    pub(crate) fn z_shared(&self) -> Arc<Dense> {
        Arc::clone(&self.z)
    }

    /// Final demand Y.
    pub fn y(&self) -> MatRef<'_, f64> {
        self.y.as_ref()
    }

    /// Gross output x.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// Factor inputs (value added, taxes, …).
    pub fn factor_inputs(&self) -> &Extension {
        &self.factor_inputs
    }

    /// Name of the factor-input row used as value added, if any.
    pub fn value_added_row(&self) -> Option<&str> {
        self.value_added_row
            .map(|i| self.factor_inputs.stressors[i].name.as_str())
    }

    /// Satellite accounts.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// An extension by name.
    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.name == name)
    }

    /// Adds a satellite account, checking its shape and values.
    pub fn add_extension(&mut self, e: Extension) -> Result<()> {
        if self.extension(&e.name).is_some() {
            return Err(MrioError::DuplicateLabel {
                kind: "extension",
                label: e.name,
            });
        }
        self.check_extension(&e)?;
        self.extensions.push(e);
        Ok(())
    }

    /// Flat index of region `r`, sector `s`: r·N + s.
    pub fn index(&self, region: usize, sector: usize) -> usize {
        region * self.sectors.len() + sector
    }

    /// Region index of flat index `i`.
    pub fn region_of(&self, i: usize) -> usize {
        i / self.sectors.len()
    }

    /// Sector index of flat index `i`.
    pub fn sector_of(&self, i: usize) -> usize {
        i % self.sectors.len()
    }

    /// `REGION_SECTOR` label of flat index `i`.
    pub fn label(&self, i: usize) -> String {
        format!(
            "{}_{}",
            self.regions[self.region_of(i)],
            self.sectors[self.sector_of(i)]
        )
    }

    /// `REGION_CATEGORY` label of final-demand column `k`.
    pub fn fd_label(&self, k: usize) -> String {
        let c = &self.final_demand[k];
        format!("{}_{}", c.region, c.category)
    }

    /// Index of a region code.
    pub fn region_index(&self, code: &str) -> Result<usize> {
        self.regions
            .iter()
            .position(|r| r == code)
            .ok_or_else(|| MrioError::UnknownLabel {
                kind: "region",
                label: code.to_string(),
                known: list_labels(&self.regions, 50),
            })
    }

    /// Index of a sector code.
    pub fn sector_index(&self, code: &str) -> Result<usize> {
        self.sectors
            .iter()
            .position(|s| s == code)
            .ok_or_else(|| MrioError::UnknownLabel {
                kind: "sector",
                label: code.to_string(),
                known: list_labels(&self.sectors, 60),
            })
    }

    /// Range of flat indices belonging to region `r`.
    pub fn region_range(&self, r: usize) -> std::ops::Range<usize> {
        let n = self.sectors.len();
        r * n..(r + 1) * n
    }

    /// Final-demand columns bought by region `r` (by code).
    pub fn fd_columns_of(&self, region: &str) -> Vec<usize> {
        self.final_demand
            .iter()
            .enumerate()
            .filter(|(_, c)| c.region == region)
            .map(|(k, _)| k)
            .collect()
    }

    /// Value added by region-sector: the factor-input row named as value
    /// added, or the residual `x_j − Σ_i Z_ij` when none is named.
    pub fn value_added(&self) -> Vec<f64> {
        match self.value_added_row {
            Some(r) => (0..self.n())
                .map(|j| self.factor_inputs.f[(r, j)])
                .collect(),
            None => self.residual_value_added(),
        }
    }

    /// `x_j − Σ_i Z_ij`: everything that is not an intermediate input from
    /// the table's own rows (value added plus taxes on products and other
    /// adjustments). With it, vᵀL = 1ᵀ on sectors with output.
    pub fn residual_value_added(&self) -> Vec<f64> {
        let z = (*self.z).as_ref();
        (0..self.n())
            .map(|j| self.x[j] - z.col(j).iter().sum::<f64>())
            .collect()
    }

    /// Final demand summed over categories per buying region: Y_agg (n × G),
    /// column r = Σ over r's final-demand columns. Columns of pseudo-regions
    /// not among the table's regions (e.g. `ALL_DISC`) are left out.
    pub fn final_demand_by_region(&self) -> Mat<f64> {
        let n = self.n();
        let mut out = Mat::<f64>::zeros(n, self.n_regions());
        for (k, c) in self.final_demand.iter().enumerate() {
            if let Some(r) = self.regions.iter().position(|g| *g == c.region) {
                for i in 0..n {
                    out[(i, r)] += self.y[(i, k)];
                }
            }
        }
        out
    }

    /// Mutable access to Z (for scenario edits); keeps validity only if the
    /// caller keeps values finite.
    pub fn z_mut(&mut self) -> faer::MatMut<'_, f64> {
        self.z_nonzeros = std::sync::OnceLock::new();
        Arc::make_mut(&mut self.z).as_mut()
    }

    /// Mutable access to Y.
    pub fn y_mut(&mut self) -> faer::MatMut<'_, f64> {
        self.y.as_mut()
    }
}

fn check_unique(kind: &'static str, labels: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(labels.len());
    for l in labels {
        if l.is_empty() {
            return Err(MrioError::Invalid(format!("an empty {kind} label")));
        }
        if !seen.insert(l.as_str()) {
            return Err(MrioError::DuplicateLabel {
                kind,
                label: l.clone(),
            });
        }
    }
    Ok(())
}

/// Entries of `m` that are not zero, or `None` if one is not finite: one
/// parallel pass by columns.
fn finite_nonzeros(m: &Dense) -> Option<usize> {
    use rayon::prelude::*;
    (0..m.ncols())
        .into_par_iter()
        .map(|j| {
            let col = m.col(j);
            col.iter()
                .all(|v| v.is_finite())
                .then(|| col.iter().filter(|&&v| v != 0.0).count())
        })
        .sum()
}

/// Entries of `m` that are not zero (NaN counts as not zero).
fn count_nonzeros(m: &Dense) -> usize {
    use rayon::prelude::*;
    (0..m.ncols())
        .into_par_iter()
        .map(|j| m.col(j).iter().filter(|&&v| v != 0.0).count())
        .sum()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A seeded random productive table of `g` regions × `ns` sectors
    /// (balanced: VA is the residual, x = Z1 + Y1), for unit tests.
    pub(crate) fn random_table(g: usize, ns: usize, rnd: &mut dyn FnMut() -> f64) -> Mrio {
        let n = g * ns;
        let z = Mat::from_fn(n, n, |_, _| {
            let u = rnd();
            if u < 0.3 { 0.0 } else { 10.0 * u }
        });
        let y = Mat::from_fn(n, g, |_, _| 50.0 + 100.0 * rnd());
        let x: Vec<f64> = (0..n)
            .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>())
            .collect();
        let va: Vec<f64> = (0..n)
            .map(|j| x[j] - z.col(j).iter().sum::<f64>())
            .collect();
        Mrio::new(MrioParts {
            provenance: Provenance::default(),
            regions: (0..g).map(|r| format!("R{r}")).collect(),
            sectors: (0..ns).map(|s| format!("s{s}")).collect(),
            final_demand: (0..g)
                .map(|r| FinalDemandColumn::new(format!("R{r}"), "HFCE"))
                .collect(),
            z: z.into(),
            y,
            x: x.clone(),
            factor_inputs: Extension {
                name: "factor_inputs".into(),
                stressors: vec![Stressor::new("VA", "USD million")],
                f: Mat::from_fn(1, n, |_, j| va[j]),
                f_y: None,
            },
            value_added_row: Some("VA".into()),
            extensions: vec![Extension {
                name: "employment".into(),
                stressors: vec![Stressor::new("persons", "thousand persons")],
                f: Mat::from_fn(1, n, |_, j| 0.01 * x[j] * (1.0 + (j % 3) as f64)),
                f_y: None,
            }],
        })
        .unwrap()
    }

    /// A 2-region × 2-sector table for unit tests.
    pub(crate) fn tiny() -> Mrio {
        let z = Mat::from_fn(4, 4, |i, j| {
            [
                [10., 5., 2., 1.],
                [4., 8., 1., 3.],
                [2., 1., 12., 6.],
                [1., 2., 5., 9.],
            ][i][j]
        });
        let y = Mat::from_fn(4, 2, |i, j| {
            [[60., 22.], [70., 11.], [8., 64.], [3., 80.]][i][j]
        });
        Mrio::from_flows(&["AAA", "BBB"], &["s1", "s2"], z, y).unwrap()
    }

    #[test]
    fn from_flows_balances_and_checks_its_shapes() {
        let m = tiny();
        // x = Z1 + Y1 and v = x − 1ᵀZ, by hand for the first column.
        assert_eq!(m.x()[0], 10. + 5. + 2. + 1. + 60. + 22.);
        assert_eq!(m.value_added()[0], m.x()[0] - (10. + 4. + 2. + 1.));
        let wrong_y = Mrio::from_flows(&["A", "B"], &["s"], Mat::zeros(2, 2), Mat::zeros(2, 3));
        assert!(
            wrong_y
                .unwrap_err()
                .to_string()
                .contains("one final-demand column per region")
        );
        let wrong_z = Mrio::from_flows(&["A", "B"], &["s"], Mat::zeros(2, 3), Mat::zeros(2, 2));
        assert!(wrong_z.is_err());
    }

    #[test]
    fn labels_and_indices() {
        let m = tiny();
        assert_eq!(m.n(), 4);
        assert_eq!(m.label(3), "BBB_s2");
        assert_eq!(m.index(1, 0), 2);
        assert_eq!(m.region_index("BBB").unwrap(), 1);
        assert!(m.region_index("CCC").is_err());
        assert_eq!(m.fd_columns_of("BBB"), vec![1]);
    }

    /// The density counted while validating equals a fresh count, and an
    /// edit through `z_mut` is seen.
    #[test]
    fn z_density_is_counted_once_and_follows_edits() {
        let mut m = tiny();
        let count = |m: &Mrio| {
            let z = m.z();
            (0..4)
                .flat_map(|i| (0..4).map(move |j| (i, j)))
                .filter(|&(i, j)| z[(i, j)] != 0.0)
                .count() as f64
                / 16.0
        };
        assert_eq!(m.z_density(), count(&m));
        let zero = (0..4)
            .flat_map(|i| (0..4).map(move |j| (i, j)))
            .find(|&(i, j)| m.z()[(i, j)] == 0.0);
        let (i, j) = zero.unwrap_or((0, 0));
        m.z_mut()[(i, j)] = if zero.is_some() { 1.0 } else { 0.0 };
        assert_eq!(m.z_density(), count(&m));
    }

    #[test]
    fn rejects_nan_negative_output_and_duplicates() {
        let mut p = tiny().into_parts();
        p.z[(1, 2)] = f64::NAN;
        let e = Mrio::new(p).unwrap_err().to_string();
        assert!(e.contains("AAA_s2") && e.contains("BBB_s1"), "{e}");

        let mut p = tiny().into_parts();
        p.x[3] = -1.0;
        assert!(matches!(
            Mrio::new(p),
            Err(MrioError::NegativeOutput { .. })
        ));

        let mut p = tiny().into_parts();
        p.sectors[1] = "s1".into();
        assert!(matches!(
            Mrio::new(p),
            Err(MrioError::DuplicateLabel { .. })
        ));

        let mut p = tiny().into_parts();
        p.value_added_row = Some("nope".into());
        assert!(matches!(Mrio::new(p), Err(MrioError::UnknownLabel { .. })));

        let mut p = tiny().into_parts();
        p.y = Mat::zeros(4, 3);
        assert!(matches!(Mrio::new(p), Err(MrioError::Dimension(_))));
    }

    #[test]
    fn residual_value_added_closes_columns() {
        let m = tiny();
        assert_eq!(m.value_added(), m.residual_value_added());
    }
}
