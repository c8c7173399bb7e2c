//! Matching supply to nearby demand: the rules and score (`rules`), the search for
//! counterparts in the catalogue's indexes (`engine`), the run that stores matches and
//! tells people (`reconcile`, `saved`; the wording is `notify::wording`); the queue runs it (`jobs::matching`).
pub mod direct;
pub mod engine;
pub mod progress;
pub mod reconcile;
pub mod rules;
pub mod saved;
