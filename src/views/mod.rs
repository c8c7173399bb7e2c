//! The public JSON shapes: what the API answers, what webhooks carry, and what pages read
//! from the same records. Below `api/`, `web/` and `webhooks/`, so that each of them shows
//! a record the same way without importing another.
pub mod accounts;
pub mod changes;
pub mod exchange;
pub mod photos;
pub mod posts;
pub mod reviews;
pub mod sites;

use chrono::{DateTime, NaiveDateTime, Utc};

/// A stored time (UTC, without zone) as the API writes it: RFC 3339 with `Z`.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}
