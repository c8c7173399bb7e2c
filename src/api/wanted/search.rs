//! GET /api/v1/wanted: published wanted requests by place, class and filters (public).
use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::search_response::search_posts;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::posts::search::SearchParams;

pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    search_posts(&req, &state, &state.catalogue.wanted, &params)
}
