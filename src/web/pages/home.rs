//! GET /: what Terril is, a search box, how it works, and the way in.
use actix_web::{web, HttpResponse};
use minijinja::context;

use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::pages::listing_form::choices;
use crate::web::Visitor;

pub async fn home(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let (listings, wanted) = (state.catalogue.listings.len(), state.catalogue.wanted.len());
    let choices = choices(&state.catalogue.taxonomy, visitor.lang);
    visitor.ok("home.html", context! { listings, wanted, choices })
}
