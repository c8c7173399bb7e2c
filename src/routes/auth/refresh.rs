//! POST /api/v1/auth/refresh: trades a refresh token for a new pair. Each refresh token works
//! once; presenting a used one again means it leaked, so its whole family is revoked.
use actix_web::{web, HttpResponse};

use super::{store_refresh_token, token_pair, RefreshTokenBody};
use crate::auth::tokens::hash_secret;
use crate::db::refresh_tokens::RefreshToken;
use crate::db::users::User;
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::routes::validated;
use crate::startup::AppState;

enum Outcome {
    Rotated(Box<User>, String),
    Rejected,
    ReuseDetected,
}

#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshTokenBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let hash = hash_secret(&body.refresh_token);
    let tx_state = state.clone();
    // The revocation on reuse must commit, so the transaction returns an outcome, not an error.
    let outcome = state
        .db
        .write(move |conn| rotate(conn, &tx_state, &hash))
        .await?;
    match outcome {
        Outcome::Rotated(user, secret) => {
            Ok(HttpResponse::Ok().json(token_pair(&state, &user, secret)?))
        }
        Outcome::ReuseDetected => {
            tracing::warn!("a used refresh token was presented again; its family is revoked");
            Err(ApiError::Unauthenticated)
        }
        Outcome::Rejected => Err(ApiError::Unauthenticated),
    }
}

fn rotate(conn: &mut DbConnection, state: &AppState, hash: &str) -> Result<Outcome, ApiError> {
    let at = now();
    let Some(token) = RefreshToken::find_by_hash(conn, hash)? else {
        return Ok(Outcome::Rejected);
    };
    if token.revoked_at.is_some() || token.expires_at <= at {
        return Ok(Outcome::Rejected);
    }
    if !RefreshToken::mark_used(conn, &token.id, at)? {
        RefreshToken::revoke_family(conn, &token.family_id, at)?;
        return Ok(Outcome::ReuseDetected);
    }
    let user = User::find(conn, &token.user_id)?;
    let secret = store_refresh_token(conn, state, &user.id, &token.family_id)?;
    Ok(Outcome::Rotated(Box::new(user), secret))
}
