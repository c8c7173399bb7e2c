//! Who is calling: a user with an access token, or an integrator with an API key.
//!
//! `Authorization: Bearer <token>` carries either; API keys start with `trl_` and may also
//! come in `X-API-Key`. An API key's scopes are checked here, once, for every route:
//! GET and HEAD need `read`, anything else needs `write`.
use std::future::Future;
use std::pin::Pin;

use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};

use diesel::OptionalExtension;

use crate::accounts::api_keys::API_KEY_PREFIX;
use crate::auth::jwt::AccessClaims;
use crate::auth::tokens::hash_secret;
use crate::db::api_keys::ApiKey;
use crate::db::now;
use crate::db::users::User;
use crate::domain::{ApiKeyId, OrganisationId, Role, Scope, UserId};
use crate::http::error::{ApiError, Challenge};
use crate::http::AppState;
use crate::http::EdgeDb;

/// Last-used times are written at most this often per key, to keep reads read-only.
const TOUCH_INTERVAL_SECS: i64 = 60;

#[derive(Debug, Clone)]
pub enum Principal {
    User {
        user_id: UserId,
        role: Role,
    },
    ApiKey {
        key_id: ApiKeyId,
        scopes: Vec<Scope>,
    },
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub organisation_id: OrganisationId,
    pub principal: Principal,
}

impl Caller {
    /// The user behind the request; API keys may not do what only people may.
    pub fn user(&self) -> Result<(&UserId, Role), ApiError> {
        match &self.principal {
            Principal::User { user_id, role } => Ok((user_id, *role)),
            Principal::ApiKey { .. } => Err(ApiError::Forbidden(
                "this action needs a signed-in user, not an API key",
            )),
        }
    }

    /// A user who is an owner or admin of their organisation.
    pub fn manager(&self) -> Result<&UserId, ApiError> {
        match self.user()? {
            (user_id, role) if role.can_manage() => Ok(user_id),
            _ => Err(ApiError::Forbidden("only owners and admins may do this")),
        }
    }

    /// The caller as the exchange's rules see who acts.
    pub fn actor(&self) -> crate::domain::Actor {
        let user_id = match &self.principal {
            Principal::User { user_id, .. } => Some(user_id),
            Principal::ApiKey { .. } => None,
        };
        crate::domain::Actor::of(&self.organisation_id, user_id)
    }

    /// The caller's own organisation, or 404 for any other id (ids cannot be probed).
    pub fn own_organisation<'a>(
        &self,
        id: &'a OrganisationId,
    ) -> Result<&'a OrganisationId, ApiError> {
        if *id == self.organisation_id {
            Ok(id)
        } else {
            Err(ApiError::NotFound)
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let credential = credential(req);
        let method = req.method().clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            match credential.ok_or(ApiError::Unauthenticated(Challenge::Bearer))? {
                Credential::ApiKey(key) => api_key_caller(&state, key, &method).await,
                Credential::Bearer(token) => {
                    let claims = state
                        .jwt
                        .verify(&token)
                        .map_err(|_| ApiError::Unauthenticated(Challenge::InvalidBearer))?;
                    bearer_caller(&state, claims).await
                }
            }
        })
    }
}

pub(crate) enum Credential {
    Bearer(String),
    ApiKey(String),
}

pub(crate) fn credential(req: &HttpRequest) -> Option<Credential> {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(key) = header("x-api-key") {
        return Some(Credential::ApiKey(key.trim().to_owned()));
    }
    let value = header("authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim().to_owned();
    Some(if token.starts_with(API_KEY_PREFIX) {
        Credential::ApiKey(token)
    } else {
        Credential::Bearer(token)
    })
}

/// The user a valid token names, as they are now: a token naming a user who no longer
/// exists, or no longer in that organisation, is no credential; the role is the current one.
async fn bearer_caller(state: &AppState, claims: AccessClaims) -> Result<Caller, ApiError> {
    let user_id = claims.sub.clone();
    let user = state
        .db
        .read(move |conn| Ok(User::find(conn, &user_id).optional()?))
        .await?
        .filter(|user| user.organisation_id == claims.org)
        .ok_or(ApiError::Unauthenticated(Challenge::InvalidBearer))?;
    Ok(Caller {
        organisation_id: user.organisation_id,
        principal: Principal::User {
            user_id: user.id,
            role: user.role,
        },
    })
}

async fn api_key_caller(
    state: &AppState,
    key: String,
    method: &Method,
) -> Result<Caller, ApiError> {
    let hash = hash_secret(&key);
    let api_key = state
        .db
        .read(move |conn| Ok(ApiKey::find_active_by_hash(conn, &hash)?))
        .await?
        .ok_or(ApiError::Unauthenticated(Challenge::InvalidBearer))?;
    let scopes: Vec<Scope> = api_key
        .scope_list()
        .iter()
        .filter_map(|s| Scope::parse(s))
        .collect();
    let needed = if matches!(*method, Method::GET | Method::HEAD) {
        Scope::Read
    } else {
        Scope::Write
    };
    if !scopes.contains(&needed) {
        return Err(ApiError::Forbidden(
            "this API key lacks the scope this request needs",
        ));
    }
    touch_if_stale(state, &api_key).await;
    Ok(Caller {
        organisation_id: api_key.organisation_id,
        principal: Principal::ApiKey {
            key_id: api_key.id,
            scopes,
        },
    })
}

/// Records the key's use; a failure here must not fail the request.
async fn touch_if_stale(state: &AppState, key: &ApiKey) {
    let current = now();
    let stale = key
        .last_used_at
        .is_none_or(|at| (current - at).num_seconds() >= TOUCH_INTERVAL_SECS);
    if stale {
        let id = key.id.clone();
        if let Err(e) = state
            .db
            .write(move |conn| Ok(ApiKey::touch(conn, &id, current)?))
            .await
        {
            tracing::warn!(error = %e, "could not record an API key's last use");
        }
    }
}
