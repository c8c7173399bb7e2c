//! POST /api/v1/api-keys: the secret is in this answer and nowhere else, ever.
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::auth::caller::API_KEY_PREFIX;
use crate::auth::tokens::{hash_secret, new_secret, random_alphanumeric};
use crate::auth::Caller;
use crate::db::api_keys::ApiKey;
use crate::db::now;
use crate::domain::{ApiKeyId, Scope};
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::routes::validated;
use crate::routes::views::ApiKeyView;
use crate::startup::AppState;

#[derive(Deserialize, Validate)]
pub struct ApiKeyRequest {
    #[validate(length(min = 1, max = 100))]
    pub name: String,
    #[validate(length(min = 1, max = 2))]
    pub scopes: Vec<Scope>,
}

#[derive(Serialize)]
struct Created {
    api_key: ApiKeyView,
    secret: String,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let creator = caller.manager()?.to_owned();
    let request = validated(body)?;
    // `trl_<8 visible chars>_<secret>`: the prefix tells keys apart without revealing them.
    let prefix = format!("{API_KEY_PREFIX}{}", random_alphanumeric(8));
    let secret = format!("{prefix}_{}", new_secret());
    let mut scopes: Vec<&str> = request.scopes.iter().map(|s| s.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let key = ApiKey {
        id: ApiKeyId::generate(),
        organisation_id: caller.organisation_id,
        created_by: Some(creator),
        name: request.name.trim().to_owned(),
        prefix,
        key_hash: hash_secret(&secret),
        scopes: scopes.join(","),
        last_used_at: None,
        revoked_at: None,
        created_at: now(),
    };
    let stored = key.clone();
    state.db.write(move |conn| Ok(stored.insert(conn)?)).await?;
    tracing::info!(api_key_prefix = %key.prefix, "API key created");
    Ok(HttpResponse::Created().json(Created {
        api_key: key.into(),
        secret,
    }))
}
