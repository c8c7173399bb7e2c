//! The exchange: matches between listings and wanted requests, the reservations made on
//! them, and what each side is told. Every rule is a function that takes the caller's
//! connection (its transaction), a [`Context`] and who acts, and returns a domain error;
//! the API's handlers, and the pages and imports to come, call the same functions.
pub mod completion;
pub mod history;
pub mod matches;
pub mod messages;
pub mod notices;
pub mod reservations;
pub mod transitions;

use chrono::NaiveDateTime;

use crate::catalogue::Catalogue;
use crate::domain::error::DomainError;
use crate::domain::{OrganisationId, UserId};
use crate::notify::Notifier;

/// What the rules need besides the database: the taxonomy and indexes, the notifier, and
/// the time the operation happens at (one clock reading per operation).
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub notifier: &'a Notifier,
    pub at: NaiveDateTime,
}

/// Who does something: an organisation, and the user when a person (not an API key) acts.
/// Terril itself (matching, expiry) is [`Actor::default`], with no organisation.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub organisation_id: Option<OrganisationId>,
    pub user_id: Option<UserId>,
}

impl Actor {
    pub fn of(organisation_id: &OrganisationId, user_id: Option<&UserId>) -> Self {
        Self {
            organisation_id: Some(organisation_id.clone()),
            user_id: user_id.cloned(),
        }
    }

    /// The acting organisation; Terril itself has none and may not act for one.
    pub fn organisation(&self) -> Result<&OrganisationId, DomainError> {
        self.organisation_id
            .as_ref()
            .ok_or(DomainError::Forbidden("this needs an organisation"))
    }
}
