//! How the CLI words the law engine's structured hints: each
//! [`autopact_law::Fact`] id maps to the option that supplies it.

use autopact_law::{Fact, Hint};

/// The command-line option that supplies a fact, if there is one.
pub fn option_for(fact: Fact) -> Option<&'static str> {
    Some(match fact {
        Fact::Quantity => "--quantity QTY",
        Fact::Column1Rate => "--mfn-rate PCT",
        Fact::TariffLine => "--hts with a full tariff line (or --mfn-rate PCT)",
        Fact::UsmcaClaim => "--usmca-qualifying",
        Fact::UsContent => "--us-content AMOUNT",
        Fact::CaMxContent => "--ca-mx-content AMOUNT",
        Fact::SteelContent => "--steel-content AMOUNT",
        Fact::AluminumContent => "--aluminum-content AMOUNT",
        Fact::CopperContent => "--copper-content AMOUNT",
        Fact::MeltPour => "--melt-pour COUNTRY",
        Fact::SmeltCast => "--smelt-cast COUNTRY",
        Fact::QuotaStatus => "--quota in|out",
        Fact::MetalWeight => "--metal-weight-share PCT",
        Fact::VehicleManufacturing => "--vehicle-manufacturing",
        Fact::VehicleAge => "--vehicle-age YEARS",
        Fact::LoadedDate => "--loaded DATE",
        Fact::Listed => "--listed LIST",
        Fact::Unconfirmed => "--include-unconfirmed",
        Fact::BeyondAsOf => "--beyond-as-of",
        _ => return None,
    })
}

/// `"use --quantity QTY: the quantity in liter"`.
pub fn words(h: &Hint) -> String {
    match option_for(h.fact) {
        Some(o) => format!("use {o}: {}", h.message),
        None => format!("{} ({})", h.message, h.fact.id()),
    }
}
