//! Cost sheets (TOML with the regulation's names; see
//! `autopact_law::roo::sheet`) from a path.

use std::path::Path;

use autopact_core::{Located, Location};
use autopact_law::roo::CostSheet;

use super::ReadError;

/// Parses a cost sheet; errors name the source, line and column.
pub fn parse_cost_sheet(source: &str, text: &str) -> Result<CostSheet, ReadError> {
    CostSheet::from_toml_str(text).map_err(|m| {
        let row = m
            .split("line ")
            .nth(1)
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|s| s.parse().ok());
        let mut location = Location::source(source);
        location.row = row;
        ReadError::Invalid(vec![Located {
            location,
            message: m.lines().last().unwrap_or(&m).trim().to_string(),
        }])
    })
}

/// Reads a cost sheet file.
pub fn read_cost_sheet(path: &Path) -> Result<CostSheet, ReadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: name.clone(),
        source,
    })?;
    parse_cost_sheet(&name, &text)
}
