//! GET /api/v1/api-keys
use actix_web::{web, HttpResponse};

use crate::db::api_keys::ApiKey;
use crate::domain::pagination::PageQuery;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::ApiKeyView;

#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.manager()?;
    let page = query.parse()?;
    let (organisation_id, after, limit) = (
        caller.organisation_id,
        page.after.clone(),
        page.fetch_limit(),
    );
    let rows = state
        .db
        .read(move |conn| {
            Ok(ApiKey::page_of_organisation(
                conn,
                &organisation_id,
                after.as_deref(),
                limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |k| &k.id, ApiKeyView::from)))
}
