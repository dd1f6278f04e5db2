//! x
pub mod bom;
