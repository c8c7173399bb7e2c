//! GET/POST /unsubscribe?token=: where an email's unsubscribe link leads a person (the
//! API's `GET /api/v1/unsubscribe` sends browsers here). The page names the kind of email
//! and asks; its button stops it (the same operation as the one-click POST,
//! `notify::preferences::unsubscribe`) and the answer is a page saying so, with a link to
//! the notification settings. Opening the page changes nothing: link scanners open links.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::domain::UserId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::notify::preferences;
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

#[derive(Deserialize)]
pub struct UnsubscribeForm {
    pub csrf: String,
    pub token: String,
}

/// The kind a token names, or None for a token that is not valid.
fn kind_of(state: &AppState, token: &str) -> Option<String> {
    state
        .notifier
        .unsubscribe
        .verify(token)
        .ok()
        .map(|(_, kind)| kind)
}

fn invalid(visitor: &Visitor) -> Result<HttpResponse, ApiError> {
    let vars = context! { token => "", kind => "", done => false, invalid => true };
    visitor.page(StatusCode::BAD_REQUEST, "unsubscribe.html", vars)
}

pub async fn ask(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = query.into_inner().token.unwrap_or_default();
    let Some(kind) = kind_of(&state, &token) else {
        return invalid(&visitor);
    };
    let vars = context! { token, kind, done => false, invalid => false };
    visitor.ok("unsubscribe.html", vars)
}

pub async fn unsubscribe(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<UnsubscribeForm>,
) -> Result<HttpResponse, ApiError> {
    let UnsubscribeForm { csrf, token } = form.into_inner();
    visitor.check_form(&csrf)?;
    let Ok((user_id, kind)) = state.notifier.unsubscribe.verify(&token) else {
        return invalid(&visitor);
    };
    let stopped = kind.clone();
    let done = state
        .db
        .write(move |conn| {
            // A token of an account deleted since is simply no longer valid.
            let user_id = UserId::parse(&user_id).ok_or(ApiError::InvalidToken)?;
            Ok(preferences::unsubscribe(conn, &user_id, &stopped)?)
        })
        .await;
    match done {
        Ok(()) => {
            let vars = context! { token => "", kind, done => true, invalid => false };
            visitor.ok("unsubscribe.html", vars)
        }
        Err(ApiError::InvalidToken) => invalid(&visitor),
        Err(other) => Err(other),
    }
}
