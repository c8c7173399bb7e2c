//! Who acts in an operation.
use crate::domain::error::DomainError;
use crate::domain::{OrganisationId, UserId};

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
