//! The exchange: matches between listings and wanted requests, the reservations made on
//! them, and what each side is told. Every rule is a function that takes the caller's
//! connection (its transaction), a [`Context`] and who acts, and returns a domain error;
//! the API's handlers, the pages and imports call the same functions. The ways in run
//! the operations people ask for through a [`Handle`] (its own transaction for each), and
//! read lists of matches through `query`.
pub mod completion;
pub mod handle;
pub mod history;
pub mod matches;
pub mod messages;
pub mod notices;
pub mod query;
pub mod reservations;
pub mod transitions;

pub use handle::Handle;

use chrono::NaiveDateTime;

use crate::catalogue::Catalogue;
use crate::notify::Notifier;

/// What the rules need besides the database: the taxonomy and indexes, the notifier, and
/// the time the operation happens at (one clock reading per operation).
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub notifier: &'a Notifier,
    pub at: NaiveDateTime,
}
