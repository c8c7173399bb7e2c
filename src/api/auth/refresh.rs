//! POST /api/v1/auth/refresh: trades a refresh token for a new pair (`accounts::sessions`).
use actix_web::{web, HttpResponse};

use super::RefreshTokenBody;
use crate::accounts::sessions::{self, token_pair, Refreshed};
use crate::api::validated;
use crate::db::now;
use crate::http::error::{ApiError, Challenge};
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshTokenBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let ttl_days = state.settings.refresh_token_ttl_days;
    // The revocation on reuse must commit, so the transaction returns an outcome, not an error.
    let outcome = state
        .db
        .write(move |conn| {
            Ok(sessions::refresh(
                conn,
                &body.refresh_token,
                ttl_days,
                now(),
            )?)
        })
        .await?;
    match outcome {
        Refreshed::Rotated(user, secret) => {
            Ok(HttpResponse::Ok().json(token_pair(&state.jwt, &user, secret)?))
        }
        Refreshed::ReuseDetected => {
            tracing::warn!("a used refresh token was presented again; its family is revoked");
            Err(ApiError::Unauthenticated(Challenge::SignIn))
        }
        Refreshed::Rejected => Err(ApiError::Unauthenticated(Challenge::SignIn)),
    }
}
