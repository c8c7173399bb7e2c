//! GET/PUT /api/v1/me/notification-preferences: for each kind of email, immediately, in a
//! daily digest, or never. Kinds never set are `immediate`.
use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};

use crate::db::notifications;
use crate::domain::{NotificationKind, NotificationMode};
use crate::http::error::{ApiError, FieldError};
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::notify::preferences;

/// Every kind with its mode.
fn all_modes(
    chosen: Vec<(NotificationKind, NotificationMode)>,
) -> BTreeMap<&'static str, NotificationMode> {
    preferences::every_mode(&chosen)
        .into_iter()
        .map(|(kind, mode)| (kind.as_str(), mode))
        .collect()
}

#[tracing::instrument(skip_all)]
pub async fn get(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let user_id = caller.user()?.0.to_owned();
    let chosen = state
        .db
        .read(move |conn| Ok(notifications::preferences(conn, &user_id)?))
        .await?;
    Ok(HttpResponse::Ok().json(all_modes(chosen)))
}

#[tracing::instrument(skip_all)]
pub async fn put(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<BTreeMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let user_id = caller.user()?.0.to_owned();
    let changes = parse(body.into_inner())?;
    let chosen = state
        .db
        .write(move |conn| Ok(preferences::set(conn, &user_id, &changes)?))
        .await?;
    Ok(HttpResponse::Ok().json(all_modes(chosen)))
}

/// Every key a known kind, every value a known mode; all errors reported at once.
fn parse(
    body: BTreeMap<String, String>,
) -> Result<Vec<(NotificationKind, NotificationMode)>, ApiError> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for (key, value) in &body {
        match (NotificationKind::parse(key), NotificationMode::parse(value)) {
            (Some(kind), Some(mode)) => changes.push((kind, mode)),
            (None, _) => errors.push(FieldError::new(
                key,
                "unknown",
                "no kind of email has this name",
            )),
            (_, None) => errors.push(FieldError::new(
                key,
                "invalid",
                "the mode is immediate, digest or never",
            )),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(ApiError::Validation(errors))
    }
}
