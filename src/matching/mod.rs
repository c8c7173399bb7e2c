//! Matching supply to nearby demand: the rules and score (`rules`), the search for
//! counterparts in the catalogue's indexes (`engine`), the run that stores matches and
//! tells people (`reconcile`, `saved`, `messages`); the queue runs it (`jobs::matching`).
pub mod engine;
pub mod messages;
pub mod reconcile;
pub mod rules;
pub mod saved;
