//! API keys for integrators: created by owners and admins, shown once, stored hashed.
pub mod create;
pub mod list;
pub mod revoke;
