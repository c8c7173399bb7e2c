//! POST /api/v1/api-keys: the secret is in this answer and nowhere else, ever.
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::accounts::api_keys::{create_api_key, ApiKeyRequest};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::views::accounts::ApiKeyView;

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
    let limit = state.settings.quotas.api_keys;
    let (key, secret) =
        create_api_key(&state.db, &caller.actor(), body.into_inner(), limit, now()).await?;
    Ok(HttpResponse::Created().json(Created {
        api_key: key.into(),
        secret,
    }))
}
