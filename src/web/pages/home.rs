//! GET /: what Terril is, and the way in.
use actix_web::{web, HttpResponse};
use minijinja::context;

use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::Visitor;

pub async fn home(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let (listings, wanted) = (state.catalogue.listings.len(), state.catalogue.wanted.len());
    visitor.ok("home.html", context! { listings, wanted })
}
