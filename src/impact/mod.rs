//! Impact accounting: the tonnes an exchange kept out of landfill and its net CO2e, from
//! factors that each cite their source (`reference/impact_factors.json`). Completing a
//! reservation computes a [`net::Snapshot`] of every input and stores it with the exchange;
//! reports add up those snapshots and never recompute a recorded figure.
pub mod agec;
pub mod csv_export;
pub mod disclosure;
pub mod net;
pub mod open_data;
pub mod reports;
pub mod rndts;

/// The emission factors are reference data beside the taxonomy (`catalogue::factors`).
pub use crate::catalogue::factors::{self, Factor, Factors};
pub use net::{Collection, Snapshot};
