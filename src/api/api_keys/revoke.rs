//! DELETE /api/v1/api-keys/{id}: the key stops working at once. Revoking twice is fine.
use actix_web::{web, HttpResponse};

use crate::accounts::api_keys;
use crate::db::now;
use crate::domain::ApiKeyId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;

#[tracing::instrument(skip_all)]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    revoke_api_key(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes one of the caller's organisation's keys (the API's way and the page's).
pub async fn revoke_api_key(
    state: &AppState,
    caller: &Caller,
    id: ApiKeyId,
) -> Result<(), ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id.clone();
    state
        .db
        .write(move |conn| Ok(api_keys::revoke(conn, &organisation_id, &id, now())?))
        .await
}
