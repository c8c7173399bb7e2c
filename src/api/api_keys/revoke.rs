//! DELETE /api/v1/api-keys/{id}: the key stops working at once. Revoking twice is fine.
use actix_web::{web, HttpResponse};

use crate::accounts::api_keys::revoke_api_key;
use crate::db::now;
use crate::domain::ApiKeyId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;

#[tracing::instrument(skip_all)]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    revoke_api_key(&state.db, &caller.actor(), id.into_inner(), now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
