//! The tests a good must pass, one module each, all reading the same
//! [`Subject`]: tariff shift, RVC (with its alternatives), the Table A.2
//! core parts, labour value content and the steel/aluminum purchases.

pub(super) mod core;
pub(super) mod lvc;
pub(super) mod metals;
pub(super) mod rvc;
pub(super) mod shift;

use rust_decimal::Decimal;

use super::pass::Pass;
use super::rules::{Category, RooRules};
use super::{Bom, RooRequest};
use crate::hts::HsCode;
use crate::money::round_pct;

/// What every test reads: the good, its figures and, for a BOM, the pass.
pub(super) struct Subject<'a> {
    pub(super) req: &'a RooRequest<'a>,
    pub(super) rules: &'a RooRules,
    pub(super) category: Category,
    pub(super) hs: Option<&'a HsCode>,
    /// Net cost of the good.
    pub(super) nc: Decimal,
    /// VNM of the good.
    pub(super) vnm: Decimal,
    /// Transaction value and the international shipping in it.
    pub(super) tv: Option<(Decimal, Decimal)>,
    /// The de minimis base (s.5): the adjusted TV, else total cost, with its name.
    pub(super) deminimis_base: (Decimal, &'static str),
    /// The BOM facts, for a BOM.
    pub(super) bom: Option<BomFacts<'a>>,
}

/// What the BOM pass found.
pub(super) struct BomFacts<'a> {
    pub(super) bom: &'a Bom,
    pub(super) pass: Pass,
    /// Table A.2 class of each line (where looked up).
    pub(super) classes: Vec<Option<&'a str>>,
    /// The non-originating materials reaching the good, each with its VNM
    /// per unit of the good ([`super::pass::materials`]).
    pub(super) materials: Vec<(usize, Decimal)>,
}

impl Subject<'_> {
    /// Whether `value` is within 10% of the de minimis base (s.5).
    pub(super) fn within_de_minimis(&self, value: Decimal) -> bool {
        value <= self.deminimis_base.0 / Decimal::TEN
    }
}

/// The gap to a threshold in percentage points, when below it.
pub(super) fn pct_gap(t: Decimal, v: Decimal) -> Option<Decimal> {
    (v < t).then(|| round_pct(t - v))
}
