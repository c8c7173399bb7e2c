//! GET /api/v1/wanted: published wanted requests by place, class and filters (public).
use actix_web::{web, HttpRequest, HttpResponse};

use super::WantedView;
use crate::api::language::language;
use crate::api::search_params::{encode_cursor, SearchParams};
use crate::api::search_response::{respond, Found};
use crate::catalogue::search::search as run_search;
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::AppState;

pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let taxonomy = &state.catalogue.taxonomy;
    let query = params.to_query(taxonomy, now().date())?;
    let lang = language(&req);
    let page = run_search(&state.catalogue.wanted, &query, taxonomy);
    let found = page
        .items
        .iter()
        .map(|(summary, distance)| Found {
            view: WantedView::from_summary(summary, taxonomy, lang, *distance),
            id: uuid::Uuid::from_u128(summary.id),
            latitude: summary.latitude,
            longitude: summary.longitude,
        })
        .collect();
    Ok(respond(&req, found, page.next.map(encode_cursor)))
}
