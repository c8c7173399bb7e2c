//! What the API shows of stored rows. Private fields (hashes) never leave the database layer.
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::utc;
use crate::db::one_time_tokens::OneTimeToken;
use crate::db::{api_keys::ApiKey, organisations::Organisation, users::User};
use crate::domain::{ApiKeyId, Language, OrganisationId, OrganisationKind, Role, UserId};

#[derive(Serialize)]
pub struct AddressView {
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

#[derive(Serialize)]
pub struct OrganisationView {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<String>,
    pub address: AddressView,
    pub language: Language,
    pub created_at: DateTime<Utc>,
}

impl From<Organisation> for OrganisationView {
    fn from(o: Organisation) -> Self {
        Self {
            id: o.id,
            name: o.name,
            kind: o.kind,
            siret: o.siret,
            address: AddressView {
                street: o.street,
                postal_code: o.postal_code,
                city: o.city,
                country: o.country,
            },
            language: o.language,
            created_at: utc(o.created_at),
        }
    }
}

#[derive(Serialize)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: Language,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            language: u.language,
            email_verified: u.email_verified_at.is_some(),
            created_at: utc(u.created_at),
        }
    }
}

#[derive(Serialize)]
pub struct ApiKeyView {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyView {
    fn from(k: ApiKey) -> Self {
        Self {
            scopes: k.scope_list(),
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            created_at: utc(k.created_at),
            last_used_at: k.last_used_at.map(utc),
            revoked_at: k.revoked_at.map(utc),
        }
    }
}

/// An open invitation: to whom, with which role, until when.
#[derive(Serialize)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub role: &'static str,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<OneTimeToken> for InvitationView {
    fn from(invitation: OneTimeToken) -> Self {
        InvitationView {
            id: invitation.id,
            email: invitation.email.unwrap_or_default(),
            role: invitation.role.unwrap_or(Role::Member).as_str(),
            expires_at: invitation.expires_at.and_utc(),
            created_at: invitation.created_at.and_utc(),
        }
    }
}

/// An access token and the refresh token that renews it: what signing in and refreshing
/// answer.
#[derive(Serialize)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
}
