//! Multi-regional input-output (MRIO) math for autopact.
//!
//! Pure functions over a validated [`Mrio`] table: no files, no network,
//! no clocks. Every function's documentation states its equation in
//! Miller & Blair (2009) notation; see `docs/methodology/` for the guide.
//!
//! The central design rule: (I − A) is factored once ([`Leontief`]) and
//! every quantity — output, multipliers, footprints, value added in trade,
//! prices — is a forward or transposed solve against that factorisation,
//! batched into blocks of right-hand sides. The dense Leontief inverse is
//! formed only when a user asks for it.
//!
//! ```
//! use autopact_mrio::{Leontief, Mrio, coefficients, multipliers};
//! use faer::Mat;
//!
//! // Two regions with one sector each: Z (who buys from whom) and Y (one
//! // final-demand column per region). Gross output x = Z1 + Y1 = (100, 100).
//! let z = Mat::from_fn(2, 2, |i, j| [[20.0, 10.0], [5.0, 30.0]][i][j]);
//! let y = Mat::from_fn(2, 2, |i, j| [[60.0, 10.0], [5.0, 60.0]][i][j]);
//! let table = Mrio::from_flows(&["CAN", "USA"], &["c15"], z, y)?;
//!
//! // Factor I − A once; every result is a solve against it.
//! let leontief = Leontief::of(&table)?;
//! let v = coefficients(&table.value_added(), table.x());
//! let m = multipliers(&table, &leontief, &v, &[]);
//!
//! // A = [[0.2, 0.1], [0.05, 0.3]]; L = (I − A)⁻¹ = [[0.7, 0.1], [0.05, 0.8]] / 0.555,
//! // so CAN's output multiplier 1ᵀL e₁ = 0.75 / 0.555.
//! assert!((m.output[0] - 0.75 / 0.555).abs() < 1e-12);
//! // Every unit of final demand is, in the end, value added somewhere.
//! assert!(m.value_added.iter().all(|va| (va - 1.0).abs() < 1e-12));
//! # Ok::<(), autopact_mrio::MrioError>(())
//! ```

#![deny(missing_docs)]

mod accounts;
mod aggregate;
mod contribution;
pub mod decompose;
mod dense;
mod error;
mod extraction;
mod jobs;
mod leontief;
mod multipliers;
pub mod national;
mod pipeline;
mod price;
mod reconcile;
mod system;
mod trade;

pub use accounts::{Accounts, accounts};
pub use aggregate::{Concordance, aggregate};
pub use contribution::{
    CostComposition, SectorGroup, TariffSplit, by_group, cost_composition, default_sector_groups,
    tariff_split,
};
pub use dense::Dense;
pub use error::{MrioError, Result};
pub use extraction::{
    Extraction, ExtractionMethod, ExtractionSpec, extract, extract_dense_oracle,
    extracted_final_demand, total_final_demand,
};
pub use jobs::{
    QuantityResponse, by_region, embodied, embodied_block, final_demand_response, impute_by_proxy,
    quantity_response, taxed_flows,
};
pub use leontief::{
    Leontief, LeontiefParams, Precision, Refinement, SPARSE_RESIDUAL_DENSITY, parallelism,
    technical_coefficients,
};
pub use multipliers::{Multipliers, StressorMultiplier, coefficients, multipliers};
pub use pipeline::{JobsAtStake, StressorCoefficients, TariffResponse, tariff_response};
pub use price::{
    AppliesTo, Certificate, HOUSEHOLD_CODES, PriceEffects, PriceModel, PriceOptions,
    TariffSchedule, TariffWedge, basket_columns,
};
pub use reconcile::{IdentityCheck, Reconciliation};
pub use system::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
pub use trade::{
    BilateralExports, GrossTrade, value_added_by_destination, value_added_content,
    value_added_shares_by_source_region,
};
