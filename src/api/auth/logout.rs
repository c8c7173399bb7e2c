//! POST /api/v1/auth/logout: revokes the refresh token's family. Answers 204 even for an
//! unknown token: there is nothing to tell a caller who does not hold a session.
use actix_web::{web, HttpResponse};

use super::RefreshTokenBody;
use crate::accounts::sessions;
use crate::api::validated;
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

#[tracing::instrument(skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshTokenBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    state
        .db
        .write(move |conn| Ok(sessions::end(conn, &body.refresh_token, now())?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
