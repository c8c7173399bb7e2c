//! DELETE /api/v1/api-keys/{id}: the key stops working at once. Revoking twice is fine.
use actix_web::{web, HttpResponse};

use crate::accounts::api_keys;
use crate::auth::Caller;
use crate::db::now;
use crate::domain::ApiKeyId;
use crate::error::ApiError;
use crate::startup::AppState;

#[tracing::instrument(skip_all)]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let organisation_id = caller.organisation_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| Ok(api_keys::revoke(conn, &organisation_id, &id, now())?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
