//! GET /language/{fr|en}?next=: the language switch of every page, remembered a year in
//! a cookie. A preference only, so a link (a GET) is enough.
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::domain::Language;
use crate::http::error::ApiError;
use crate::web::i18n::LANGUAGE_COOKIE;
use crate::web::visitor::{local_path, see_other};

#[derive(Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

pub async fn switch(
    language: web::Path<String>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let language = Language::parse(&language).ok_or(ApiError::NotFound)?;
    let mut response = see_other(&local_path(query.next.as_deref()));
    let cookie = Cookie::build(LANGUAGE_COOKIE, language.as_str())
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .finish();
    response.add_cookie(&cookie).map_err(ApiError::internal)?;
    Ok(response)
}
