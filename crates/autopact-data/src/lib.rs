//! autopact-data: every file format autopact reads or writes. The only crate that touches files.

pub mod bom;
