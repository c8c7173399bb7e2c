//! POST /api/v1/auth/verify-email (token in the body) and GET (the link in the email).
use actix_web::{web, HttpResponse};

use super::TokenQuery;
use crate::auth::tokens::hash_secret;
use crate::db::now;
use crate::db::one_time_tokens::{OneTimeToken, VERIFY_EMAIL};
use crate::db::users::User;
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::startup::AppState;

#[tracing::instrument(skip_all)]
pub async fn verify_by_body(
    state: web::Data<AppState>,
    body: Json<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    verify(&state, &body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[tracing::instrument(skip_all)]
pub async fn verify_by_link(
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    verify(&state, &query.token).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "verified" })))
}

async fn verify(state: &AppState, token: &str) -> Result<(), ApiError> {
    let hash = hash_secret(token);
    state
        .db
        .write(move |conn| {
            let at = now();
            let token = OneTimeToken::consume(conn, VERIFY_EMAIL, &hash, at)?
                .ok_or(ApiError::InvalidToken)?;
            let user_id = token.user_id.ok_or(ApiError::InvalidToken)?;
            Ok(User::mark_verified(conn, &user_id, at)?)
        })
        .await
}
