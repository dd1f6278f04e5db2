//! ROO
