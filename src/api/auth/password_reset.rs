//! Password reset: a request sends a single-use link (whatever the address, the answer is
//! the same); confirming sets the new password and ends every session of the user. The
//! operations are `accounts::passwords`'.
use actix_web::{web, HttpResponse};

use super::Accepted;
use crate::accounts::passwords::{send_reset_link, set_new_password, ResetConfirm, ResetRequest};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;

#[tracing::instrument(skip_all)]
pub async fn request_reset(
    state: web::Data<AppState>,
    body: Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    send_reset_link(&state.db, &state.notifier, body.into_inner(), now()).await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If an account uses this address, a reset link is on its way.",
    }))
}

#[tracing::instrument(skip_all)]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    body: Json<ResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    set_new_password(&state.db, body.into_inner(), now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
