//! What the two HTTP ways in (the JSON API in `api/`, the pages in `web/`) share: the state
//! every request may reach, the caller of a request, the one API error type, JSON bodies,
//! the rate-limit and idempotency middleware, metrics and security headers.
//!
//! Nothing below this module names `ApiError` or `AppState`: operations return
//! `DomainError`, converted once here.
pub mod body;
pub mod caller;
pub mod client;
mod db;
pub mod error;
pub mod headers;
pub mod idempotency;
pub mod json_body;
pub mod method_not_allowed;
pub mod metrics;
pub mod photo;
pub mod rate_limit;
mod state;

pub use caller::{Caller, Principal};
pub use db::EdgeDb;
pub use state::AppState;
