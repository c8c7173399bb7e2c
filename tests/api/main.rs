//! Black-box tests against the real server. `cargo test` runs them on SQLite;
//! `TEST_DATABASE_URL=postgres://... cargo test` runs the same tests on PostgreSQL.
mod api_keys;
mod catalogue;
mod contract;
mod email_delivery;
mod errors;
mod health;
mod helpers;
mod matching;
mod notifications;
mod organisations;
mod password_reset;
mod rate_limit;
mod registration;
mod search;
mod sessions;
mod spec_check;
mod tokens;
