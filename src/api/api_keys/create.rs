//! POST /api/v1/api-keys: the secret is in this answer and nowhere else, ever.
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accounts::api_keys;
use crate::db::api_keys::ApiKey;
use crate::db::now;
use crate::domain::Scope;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::ApiKeyView;

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
    let (key, secret) = create_api_key(&state, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(Created {
        api_key: key.into(),
        secret,
    }))
}

/// Creates a key for the caller's organisation (the API's way and the page's); returns it
/// with its secret, which is shown once and never stored.
pub async fn create_api_key(
    state: &AppState,
    caller: &Caller,
    request: ApiKeyRequest,
) -> Result<(ApiKey, String), ApiError> {
    let creator = caller.manager()?.to_owned();
    request.validate()?;
    let organisation_id = caller.organisation_id.clone();
    let limit = state.settings.quotas.api_keys;
    let (key, secret) = state
        .db
        .write(move |conn| {
            let (name, scopes) = (&request.name, &request.scopes);
            Ok(api_keys::create(
                conn,
                &organisation_id,
                &creator,
                name,
                scopes,
                limit,
                now(),
            )?)
        })
        .await?;
    tracing::info!(api_key_prefix = %key.prefix, "API key created");
    Ok((key, secret))
}
