//! Matching supply to nearby demand: the rules and score (`rules`), the search for
//! counterparts in the catalogue's indexes (`engine`), the run that stores matches and
//! tells people (`reconcile`, `saved`, `messages`), and the queue-driven matcher (`run`).
pub mod engine;
pub mod messages;
pub mod reconcile;
pub mod rules;
pub mod run;
pub mod saved;
