//! API keys of an organisation, for its programs: made by an owner or admin, shown once,
//! revoked at once. Only the key's hash is stored.
use chrono::NaiveDateTime;
use serde::Deserialize;
use validator::Validate;

use super::manager;
use crate::auth::tokens::{hash_secret, new_secret, random_alphanumeric};
use crate::db::api_keys::ApiKey;
use crate::db::{Db, DbConnection};
use crate::domain::error::{Conflict, DomainError};
use crate::domain::validation::check;
use crate::domain::{Actor, ApiKeyId, OrganisationId, Scope, UserId};

/// Every API key starts with this: it tells a key from an access token in `Authorization`.
pub const API_KEY_PREFIX: &str = "trl_";

/// Stores a new key; returns it with its secret, which is never stored or shown again.
pub fn create(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    creator: &UserId,
    name: &str,
    scopes: &[Scope],
    limit: u32,
    at: NaiveDateTime,
) -> Result<(ApiKey, String), DomainError> {
    let held = ApiKey::count_active(conn, organisation_id)?;
    Conflict::check_quota("API keys", held, limit)?;
    // `trl_<8 visible chars>_<secret>`: the prefix tells keys apart without revealing them.
    let prefix = format!("{API_KEY_PREFIX}{}", random_alphanumeric(8));
    let secret = format!("{prefix}_{}", new_secret());
    let mut scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let key = ApiKey {
        id: ApiKeyId::generate(),
        organisation_id: organisation_id.clone(),
        created_by: Some(creator.clone()),
        name: name.trim().to_owned(),
        prefix,
        key_hash: hash_secret(&secret),
        scopes: scopes.join(","),
        last_used_at: None,
        revoked_at: None,
        created_at: at,
    };
    key.insert(conn)?;
    Ok((key, secret))
}

/// Revokes the organisation's key `id` (again, if it was); NotFound for any other id.
pub fn revoke(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &ApiKeyId,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    if ApiKey::revoke(conn, organisation_id, id, at)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// A key as its creator names it, with what it may do.
#[derive(Deserialize, Validate)]
pub struct ApiKeyRequest {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    #[validate(length(min = 1, max = 2))]
    pub scopes: Vec<Scope>,
}

/// Creates a key for the actor's organisation, which may hold `limit` (the API's way and
/// the page's); returns it with its secret, which is shown once and never stored.
pub async fn create_api_key(
    db: &Db,
    actor: &Actor,
    request: ApiKeyRequest,
    limit: u32,
    at: NaiveDateTime,
) -> Result<(ApiKey, String), DomainError> {
    let actor = actor.clone();
    let (key, secret) = db
        .transact(move |conn| -> Result<_, DomainError> {
            let creator = manager(conn, &actor)?;
            check(&request)?;
            let (name, scopes) = (&request.name, &request.scopes);
            let organisation_id = &creator.organisation_id;
            create(conn, organisation_id, &creator.id, name, scopes, limit, at)
        })
        .await?;
    tracing::info!(api_key_prefix = %key.prefix, "API key created");
    Ok((key, secret))
}

/// Revokes one of the actor's organisation's keys (the API's way and the page's).
pub async fn revoke_api_key(
    db: &Db,
    actor: &Actor,
    id: ApiKeyId,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let actor = actor.clone();
    db.transact(move |conn| -> Result<_, DomainError> {
        let manager = manager(conn, &actor)?;
        revoke(conn, &manager.organisation_id, &id, at)
    })
    .await
}
