//! GET /verify-email?token=: the link of the verification email. Opening it proves the
//! address, as the API's link does; the page then offers to sign in.
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::registration;
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::web::pages::register::NEXT_COOKIE;
use crate::web::visitor::local_path;
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

pub async fn verify(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<TokenQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    // The page the visitor registered from (`register::NEXT_COOKIE`), to sign in towards.
    let next = request
        .cookie(NEXT_COOKIE)
        .map(|c| local_path(Some(c.value())))
        .filter(|n| n != "/");
    let token = query.into_inner().token.unwrap_or_default();
    let outcome = state
        .db
        .write(move |conn| Ok(registration::verify_email(conn, &token, now())?))
        .await;
    let verified = match outcome {
        Ok(()) => true,
        Err(ApiError::InvalidToken) => false,
        Err(other) => return Err(other),
    };
    visitor.ok("verified.html", context! { verified, next })
}
