//! GET/POST /api/v1/unsubscribe?token=...: the one-click unsubscribe of RFC 8058. Mail
//! clients POST to the URL of the `List-Unsubscribe` header; a person who follows the
//! link in the email is sent to the pages' `/unsubscribe`, a page in their language with
//! one button, which ends on a page. A GET changes nothing, so link scanners cannot
//! unsubscribe anyone.
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::domain::{NotificationMode, UserId};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::notify::preferences;

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

#[derive(Serialize)]
struct Unsubscribed {
    kind: String,
    mode: &'static str,
}

fn token(query: &TokenQuery) -> Result<&str, ApiError> {
    query
        .token
        .as_deref()
        .ok_or_else(|| ApiError::BadRequest("the token is missing".into()))
}

/// GET: checks the token and sends the browser to the pages' unsubscribe page
/// (`/unsubscribe`), which asks in the person's language and ends on a page.
pub async fn page(
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = token(&query)?;
    state.notifier.unsubscribe.verify(token)?;
    let query = serde_urlencoded::to_string([("token", token)]).map_err(ApiError::internal)?;
    Ok(HttpResponse::SeeOther()
        .insert_header(("location", format!("/unsubscribe?{query}")))
        .finish())
}

/// POST: sets the kind (or every kind in the digest) to `never`.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, kind) = state.notifier.unsubscribe.verify(token(&query)?)?;
    let answer_kind = kind.clone();
    state
        .db
        .write(move |conn| {
            // A token of an account deleted since is simply no longer valid.
            let user_id = UserId::parse(&user_id).ok_or(ApiError::InvalidToken)?;
            Ok(preferences::unsubscribe(conn, &user_id, &kind)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Unsubscribed {
        kind: answer_kind,
        mode: NotificationMode::Never.as_str(),
    }))
}
