//! Posts (listings and wanted requests): their life cycle, and the operations that people
//! (pages), integrators (the API) and bulk imports ask for on them. Each way in parses its
//! own input into a [`ListingInput`](listing::ListingInput) or
//! [`WantedInput`](wanted::WantedInput), makes one call on [`Posts`], and renders the
//! result (or the [`DomainError`](crate::domain::error::DomainError)) its own way.
pub mod dashboard;
pub mod input;
pub mod lifecycle;
pub mod listing;
pub mod search;
pub mod version;
pub mod wanted;
mod write;

use std::sync::Arc;

pub use write::{CheckedInput, Transition};

use crate::catalogue::Catalogue;
use crate::db::{now, Db};
use crate::exchange::Context;
use crate::notify::Notifier;
use crate::views::posts::Shown;
use lifecycle::PostRecord;

/// A listing or a wanted request: its life cycle, and how it is shown.
pub trait Post: PostRecord + Shown {}

impl<P: PostRecord + Shown> Post for P {}

/// What the operations on posts reach: the database, the catalogue (the taxonomy the
/// checks read, the search index the writes update) and the notifier (withdrawing a
/// listing tells the takers whose reservations it cancels). Cheap to clone.
#[derive(Clone)]
pub struct Posts {
    db: Db,
    catalogue: Arc<Catalogue>,
    notifier: Arc<Notifier>,
}

impl Posts {
    pub fn new(db: &Db, catalogue: &Arc<Catalogue>, notifier: &Arc<Notifier>) -> Self {
        Self {
            db: db.clone(),
            catalogue: catalogue.clone(),
            notifier: notifier.clone(),
        }
    }

    /// What the exchange's rules need, read at the time of the call.
    fn context(&self) -> Context<'_> {
        Context {
            catalogue: &self.catalogue,
            notifier: &self.notifier,
            at: now(),
        }
    }
}
