//! GET /api/v1/changes: the change feed (see `changes`), anonymous or signed in.
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::language::language;
use crate::api::pagination::checked_limit;
use crate::changes::{self, Change, Subject};
use crate::db::events::Cursor;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::Post;

#[derive(Deserialize)]
pub struct ChangesQuery {
    pub after: Option<String>,
    pub limit: Option<i64>,
    /// Read by `language()`; listed so it is not an unknown parameter.
    pub lang: Option<String>,
}

/// One change as the feed shows it; also the `data` of a webhook.
#[derive(Serialize)]
pub struct ChangeView {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub occurred_at: String,
    pub cursor: String,
    /// `listing`, `wanted`, `match` or `reservation`.
    pub resource_type: &'static str,
    pub resource_id: String,
    pub match_id: Option<String>,
    /// The post as the caller sees it now; null for a tombstone and (in the feed) for
    /// exchanges. A webhook carries the match or reservation too.
    pub resource: Option<serde_json::Value>,
    pub deleted: bool,
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
        Some(text) => changes::decode_cursor(text).ok_or_else(|| {
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
        .map(|change| view(change, taxonomy, lang, viewer.as_ref()))
        .collect();
    Ok(HttpResponse::Ok().json(ChangesPage {
        items,
        next_cursor: changes::encode_cursor(page.next),
    }))
}

/// A post as the viewer sees it (its owner's view for its own organisation).
fn post_view<P: Post>(
    post: Option<P>,
    taxonomy: &crate::catalogue::taxonomy::Taxonomy,
    lang: crate::domain::Language,
    viewer: Option<&crate::domain::OrganisationId>,
) -> Option<serde_json::Value> {
    let post = post?;
    let owner = viewer == Some(post.organisation_id());
    serde_json::to_value(post.view(taxonomy, lang, owner)).ok()
}

/// The change as `viewer` sees it.
pub fn view(
    change: Change,
    taxonomy: &crate::catalogue::taxonomy::Taxonomy,
    lang: crate::domain::Language,
    viewer: Option<&crate::domain::OrganisationId>,
) -> ChangeView {
    let event = change.event;
    let (resource_type, resource_id, resource) = match change.subject {
        Subject::Listing(id, post) => (
            "listing",
            id.to_string(),
            post_view(post, taxonomy, lang, viewer),
        ),
        Subject::Wanted(id, post) => (
            "wanted",
            id.to_string(),
            post_view(post, taxonomy, lang, viewer),
        ),
        Subject::Exchange => match &event.reservation_id {
            Some(id) => ("reservation", id.to_string(), None),
            None => (
                "match",
                event
                    .match_id
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                None,
            ),
        },
    };
    let deleted = resource.is_none() && matches!(resource_type, "listing" | "wanted");
    ChangeView {
        id: event.id.as_ref().map(|id| id.to_string()),
        kind: event.kind.as_str(),
        occurred_at: crate::views::utc(event.occurred_at)
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        cursor: changes::encode_cursor(event.cursor()),
        resource_type,
        resource_id,
        match_id: event.match_id.as_ref().map(|m| m.to_string()),
        resource,
        deleted,
    }
}
