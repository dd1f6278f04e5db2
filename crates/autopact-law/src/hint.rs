//! Structured hints: what a law result is missing and what the caller
//! could supply to make it firmer.
//!
//! The law engine does not know how its callers spell their options (a CLI
//! flag, an HTTP field, a spreadsheet column), so it never names them. It
//! says *which fact* is missing or *which choice* is needed, as a stable
//! id ([`Fact::id`]), plus a sentence in the law's own words. Each
//! interface words the hint for its users (the CLI maps
//! [`Fact::Quantity`] to `--quantity`, the server to a JSON field).
//!
//! Both engines use this one type: the duty stack ([`crate::duty`]) and
//! the rules of origin ([`crate::roo`]).

use serde::Serialize;

/// Whether the engine lacks a fact about the good or needs the caller to
/// make a choice between readings of the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HintKind {
    /// A fact about the good or the entry was not stated; the result
    /// assumed the conservative answer (or could not be computed).
    MissingFact,
    /// The law has several readings (several tariff lines, an optional
    /// method); the caller must say which one applies.
    NeedsOption,
}

/// The fact or choice a hint is about. Ids are stable: interfaces key
/// their wording on [`Fact::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    // --- duty side -----------------------------------------------------
    /// The quantity in the tariff line's unit (a specific or compound rate
    /// needs it).
    Quantity,
    /// The column-1 (MFN) rate of a line the law data do not rate.
    Column1Rate,
    /// A full tariff line (8 or 10 digits) instead of a heading whose
    /// lines differ in treatment.
    TariffLine,
    /// Whether the good is USMCA/CUSMA-originating and preference claimed.
    UsmcaClaim,
    /// Commerce-approved US content value.
    UsContent,
    /// Claimed value of Canadian and Mexican originating content.
    CaMxContent,
    /// Value of the steel content.
    SteelContent,
    /// Value of the aluminum content.
    AluminumContent,
    /// Value of the copper content.
    CopperContent,
    /// Where the steel was melted and poured.
    MeltPour,
    /// Where the aluminum was smelted and cast.
    SmeltCast,
    /// In-quota or out-of-quota entry under a tariff-rate quota.
    QuotaStatus,
    /// Metal share of the good's weight.
    MetalWeight,
    /// Whether the good is for manufacturing motor vehicles or parts.
    VehicleManufacturing,
    /// Model year or age of a vehicle (B7: vehicles 25 years or older).
    VehicleAge,
    /// Date the good was loaded for export (in-transit rules).
    LoadedDate,
    /// Whether the good is on a list the law data cannot itemize.
    Listed,
    /// Whether measures marked unconfirmed should be used.
    Unconfirmed,
    /// Whether an entry date past the law data's as-of date is wanted.
    BeyondAsOf,
    // --- rules-of-origin side -----------------------------------------
    /// The rules-of-origin threshold or method to test.
    RvcMethod,
    /// A component's origin or value.
    ComponentOrigin,
    /// The rules-of-origin category of the good, where its code alone
    /// does not settle it (8704.60 by weight, 8702 by seats).
    OriginCategory,
}

impl Fact {
    /// The stable id (`"quantity"`, `"melt-pour"`, …).
    pub fn id(self) -> &'static str {
        match self {
            Fact::Quantity => "quantity",
            Fact::Column1Rate => "column1-rate",
            Fact::TariffLine => "tariff-line",
            Fact::UsmcaClaim => "usmca-claim",
            Fact::UsContent => "us-content",
            Fact::CaMxContent => "ca-mx-content",
            Fact::SteelContent => "steel-content",
            Fact::AluminumContent => "aluminum-content",
            Fact::CopperContent => "copper-content",
            Fact::MeltPour => "melt-pour",
            Fact::SmeltCast => "smelt-cast",
            Fact::QuotaStatus => "quota-status",
            Fact::MetalWeight => "metal-weight",
            Fact::VehicleManufacturing => "vehicle-manufacturing",
            Fact::VehicleAge => "vehicle-age",
            Fact::LoadedDate => "loaded-date",
            Fact::Listed => "listed",
            Fact::Unconfirmed => "unconfirmed",
            Fact::BeyondAsOf => "beyond-as-of",
            Fact::RvcMethod => "rvc-method",
            Fact::ComponentOrigin => "component-origin",
            Fact::OriginCategory => "origin-category",
        }
    }
}

/// One hint: what is missing or needed, and why, in the law's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Hint {
    /// Missing fact or needed choice.
    pub kind: HintKind,
    /// Which fact or choice.
    pub fact: Fact,
    /// Why it matters here (no option or flag names).
    pub message: String,
}

impl Hint {
    /// A fact the engine lacked.
    pub fn missing(fact: Fact, message: impl Into<String>) -> Self {
        Hint {
            kind: HintKind::MissingFact,
            fact,
            message: message.into(),
        }
    }

    /// A choice the caller must make.
    pub fn needs_option(fact: Fact, message: impl Into<String>) -> Self {
        Hint {
            kind: HintKind::NeedsOption,
            fact,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case_and_serialise_as_ids() {
        let h = Hint::missing(Fact::MeltPour, "the metals measure needs it");
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["kind"], "missing-fact");
        assert_eq!(json["fact"], Fact::MeltPour.id());
        assert_eq!(Fact::Column1Rate.id(), "column1-rate");
    }
}
