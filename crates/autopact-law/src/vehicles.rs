//! vehicles
