//! Illustrative reference vehicles, shipped with the binary.
//!
//! Seven bills of materials — an Ontario-assembled SUV, a Mexico-assembled
//! pickup, a Michigan-assembled sedan, Japan-, Korea- and Germany-built
//! imports and a China-built EV — each clearly labelled **illustrative**: round numbers
//! whose shares follow the fact sheet's published figures (CAR's imported
//! parts cost per US-built vehicle [S38]; the cited US-content shares
//! [S42]). They exist so that `autopact roo --vehicle NAME` shows the rules
//! at work; they are not data about any real model.

use autopact_core::Location;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::hts::HsCode;
use crate::measure::LawDataError;
use crate::money::parse_decimal;
use crate::roo::{Bom, BomLine, Declared, LvcInput, Metal, MetalPurchases};

/// `(name, toml)` of every reference vehicle.
pub const VEHICLES: &[(&str, &str)] = &[
    (
        "ontario-suv",
        include_str!("../law/vehicles/ontario-suv.toml"),
    ),
    (
        "mexico-pickup",
        include_str!("../law/vehicles/mexico-pickup.toml"),
    ),
    (
        "michigan-sedan",
        include_str!("../law/vehicles/michigan-sedan.toml"),
    ),
    (
        "japan-import",
        include_str!("../law/vehicles/japan-import.toml"),
    ),
    ("china-ev", include_str!("../law/vehicles/china-ev.toml")),
    (
        "korea-import",
        include_str!("../law/vehicles/korea-import.toml"),
    ),
    (
        "germany-import",
        include_str!("../law/vehicles/germany-import.toml"),
    ),
];

/// A reference vehicle.
#[derive(Debug, Clone)]
pub struct ReferenceVehicle {
    /// Short name (`ontario-suv`).
    pub name: String,
    /// Title, ending in "(illustrative)".
    pub title: String,
    /// Basis of the values.
    pub basis: String,
    /// BOM lines.
    pub lines: Vec<BomLine>,
    /// LVC inputs beyond the BOM (credits).
    pub lvc: Option<LvcInput>,
    /// Steel/aluminum purchases, if stated.
    pub metals: Option<MetalPurchases>,
}

impl ReferenceVehicle {
    /// The LVC inputs of the vehicle built as `bom` (its BOM): the credits
    /// the vehicle file states, with the high-wage material and labour
    /// spend taken from the BOM ([`Bom::high_wage_spend`]).
    pub fn lvc_with(&self, bom: &Bom) -> Option<LvcInput> {
        self.lvc.clone().map(|mut l| {
            (l.high_wage_materials, l.high_wage_labor) = bom.high_wage_spend();
            l
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVehicle {
    vehicle: RawHead,
    #[serde(default)]
    lvc: Option<LvcInput>,
    #[serde(default)]
    steel_aluminum: Option<MetalPurchases>,
    line: Vec<RawLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    name: String,
    title: String,
    illustrative: bool,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    part_id: String,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    hs: Option<String>,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    originating: Option<String>,
    #[serde(default)]
    supplier: Option<String>,
    unit_value: String,
    qty: String,
    #[serde(default)]
    net_cost: Option<String>,
    #[serde(default)]
    labor_cost: Option<String>,
    #[serde(default)]
    high_wage: Option<bool>,
    #[serde(default)]
    metal: Option<String>,
    #[serde(default)]
    designated: bool,
}

fn parse(name: &str, text: &str) -> Result<ReferenceVehicle, LawDataError> {
    let err = |m: String| LawDataError {
        file: format!("vehicles/{name}.toml"),
        message: m,
    };
    let raw: RawVehicle = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    if !raw.vehicle.illustrative
        || !raw.vehicle.title.contains("illustrative")
        || raw.vehicle.name != name
    {
        return Err(err(
            "reference vehicles must be labelled illustrative and named like their file".into(),
        ));
    }
    let src = Location::source(format!("built-in vehicle {name}"));
    let mut lines = Vec::new();
    for (i, l) in raw.line.into_iter().enumerate() {
        let e = |m: String| err(format!("line {}: {m}", i + 1));
        let dec = |s: &str| parse_decimal(s).map_err(e);
        let opt = |s: &Option<String>| s.as_deref().map(parse_decimal).transpose().map_err(e);
        lines.push(BomLine {
            hs: l
                .hs
                .as_deref()
                .map(HsCode::parse)
                .transpose()
                .map_err(|x| e(x.to_string()))?,
            originating: match l.originating.as_deref() {
                Some("yes") => Declared::Yes,
                Some("no") => Declared::No,
                None => Declared::Unknown,
                Some(o) => return Err(e(format!("originating must be yes/no, got {o}"))),
            },
            unit_value: dec(&l.unit_value)?,
            qty: dec(&l.qty)?,
            net_cost: opt(&l.net_cost)?,
            labor_cost: opt(&l.labor_cost)?,
            metal: match l.metal.as_deref() {
                Some("steel") => Some(Metal::Steel),
                Some("aluminum") => Some(Metal::Aluminum),
                None => None,
                Some(m) => return Err(e(format!("metal must be steel/aluminum, got {m}"))),
            },
            part_id: l.part_id,
            parent_id: l.parent_id,
            description: l.description,
            origin: l.origin,
            supplier: l.supplier,
            high_wage: l.high_wage,
            designated: l.designated,
            location: src.at_row(i as u64 + 1),
            ..Default::default()
        });
    }
    Ok(ReferenceVehicle {
        name: raw.vehicle.name,
        title: raw.vehicle.title,
        basis: raw.vehicle.basis,
        lines,
        lvc: raw.lvc,
        metals: raw.steel_aluminum,
    })
}

/// Every reference vehicle.
pub fn all() -> Result<Vec<ReferenceVehicle>, LawDataError> {
    VEHICLES.iter().map(|(n, t)| parse(n, t)).collect()
}

/// One reference vehicle by name.
pub fn get(name: &str) -> Result<Option<ReferenceVehicle>, LawDataError> {
    VEHICLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, t)| parse(n, t))
        .transpose()
}

/// The names.
pub fn names() -> Vec<&'static str> {
    VEHICLES.iter().map(|(n, _)| *n).collect()
}

/// Sum of a vehicle's direct materials (for sanity checks).
pub fn direct_materials(v: &ReferenceVehicle) -> Decimal {
    let root = &v.lines[0].part_id;
    v.lines
        .iter()
        .filter(|l| l.parent_id.as_deref() == Some(root.as_str()))
        .map(BomLine::value)
        .sum()
}
