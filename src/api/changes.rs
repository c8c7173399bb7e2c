//! GET /api/v1/changes: the change feed (see `changes`), anonymous or signed in.
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::language::language;
use crate::changes;
use crate::db::events::Cursor;
use crate::domain::pagination::checked_limit;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::changes::{decode_cursor, encode_cursor, ChangeView};

#[derive(Deserialize)]
pub struct ChangesQuery {
    pub after: Option<String>,
    pub limit: Option<i64>,
    /// Read by `language()`; listed so it is not an unknown parameter.
    pub lang: Option<String>,
}

#[derive(Serialize)]
struct ChangesPage {
    items: Vec<ChangeView>,
    next_cursor: String,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = checked_limit(query.limit)?;
    let after = match query.after.as_deref() {
        None => Cursor::default(),
        Some(text) => decode_cursor(text).ok_or_else(|| {
            ApiError::field("after", "invalid", "this cursor is not one the API gave")
        })?,
    };
    let viewer = caller.map(|c| c.organisation_id);
    let reader = viewer.clone();
    let page = state
        .db
        .read(move |conn| Ok(changes::read(conn, reader.as_ref(), after, limit)?))
        .await?;
    let lang = language(&req);
    let taxonomy = &state.catalogue.taxonomy;
    let items = page
        .changes
        .into_iter()
        .map(|change| changes::view(change, taxonomy, lang, viewer.as_ref()))
        .collect();
    Ok(HttpResponse::Ok().json(ChangesPage {
        items,
        next_cursor: encode_cursor(page.next),
    }))
}
