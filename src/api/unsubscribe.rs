//! GET/POST /api/v1/unsubscribe?token=...: the one-click unsubscribe of RFC 8058. Mail
//! clients POST to the URL of the `List-Unsubscribe` header; a person who follows the
//! link in the email gets a page with one button that does the same POST. A GET changes
//! nothing, so link scanners cannot unsubscribe anyone.
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

/// GET: checks the token and shows the button.
pub async fn page(
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = token(&query)?;
    state.notifier.unsubscribe.verify(token)?;
    let action = format!("/api/v1/unsubscribe?token={token}");
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Terril</title></head>\
         <body><form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <p>Ne plus recevoir ces e-mails de Terril ? / Stop receiving these emails from Terril?</p>\
         <button type=\"submit\">Se désabonner / Unsubscribe</button></form></body></html>"
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
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
