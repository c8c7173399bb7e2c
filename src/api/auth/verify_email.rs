//! POST /api/v1/auth/verify-email (token in the body) and GET (the link in the email).
use actix_web::{web, HttpResponse};

use super::TokenQuery;
use crate::accounts::registration;
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

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
    let token = token.to_owned();
    state
        .db
        .write(move |conn| Ok(registration::verify_email(conn, &token, now())?))
        .await
}
