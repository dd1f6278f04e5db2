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

#![deny(missing_docs)]

mod error;
mod leontief;
mod reconcile;
mod system;

pub use error::{MrioError, Result};
pub use leontief::{Leontief, parallelism, technical_coefficients};
pub use reconcile::{IdentityCheck, Reconciliation};
pub use system::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
