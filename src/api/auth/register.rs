//! POST /api/v1/auth/register: an organisation and its first user (owner). The operation
//! is `accounts::registration`'s.
use actix_web::{web, HttpResponse};

use super::Accepted;
use crate::accounts::registration::{register_account, RegisterRequest};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;

#[tracing::instrument(skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    register_account(&state.db, &state.notifier, body.into_inner(), now()).await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If this address can be used, a verification email is on its way.",
    }))
}
