//! Matches: GET /api/v1/matches, /matches/{id}, /listings/{id}/matches,
//! /wanted/{id}/matches, and saying interested or declining. The rules and queries are
//! the exchange's (`exchange::query`, `exchange::Handle`), the shapes `views::exchange`.
pub mod messages;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::db::listings::Listing;
use crate::db::matches::MatchFilter;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::pagination::Page;
use crate::domain::{Interest, ListingId, MatchId, WantedId};
use crate::exchange;
use crate::exchange::query::MatchQuery;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::Post;
use crate::views::exchange::{detail, match_page, match_view, MatchView};

/// One page of the filtered matches, as the organisation the filter names sees them.
fn page(conn: &mut DbConnection, filter: MatchFilter) -> Result<Page<MatchView>, DomainError> {
    let rows = exchange::query::page(conn, &filter)?;
    match_page(conn, rows, &filter.organisation_id)
}

/// GET /api/v1/matches
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter(&caller.organisation_id)?;
    let page = state.db.read(move |conn| Ok(page(conn, filter)?)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// GET /api/v1/listings/{id}/matches
pub async fn of_listing(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ListingId>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    of_post::<Listing>(state, caller, id.into_inner(), query, |filter, id| {
        filter.listing_id = Some(id)
    })
    .await
}

/// GET /api/v1/wanted/{id}/matches
pub async fn of_wanted(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WantedId>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    of_post::<WantedRequest>(state, caller, id.into_inner(), query, |filter, id| {
        filter.wanted_request_id = Some(id)
    })
    .await
}

/// The matches of one of the caller's posts (`on_side` puts it in the filter); 404 when
/// the post is not the caller's organisation's.
#[tracing::instrument(skip_all)]
async fn of_post<P: Post>(
    state: web::Data<AppState>,
    caller: Caller,
    id: P::Id,
    query: web::Query<MatchQuery>,
    on_side: fn(&mut MatchFilter, P::Id),
) -> Result<HttpResponse, ApiError> {
    let mut filter = query.filter(&caller.organisation_id)?;
    let page = state
        .db
        .read(move |conn| {
            P::find(conn, &id)?
                .filter(|post| *post.organisation_id() == filter.organisation_id)
                .ok_or(ApiError::NotFound)?;
            on_side(&mut filter, id);
            Ok(page(conn, filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// GET /api/v1/matches/{id}: the match with its reservations and history.
#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Result<Caller, ApiError>,
    request: HttpRequest,
    id: web::Path<MatchId>,
) -> Result<HttpResponse, ApiError> {
    let caller = match caller {
        // The link of emails sent before the pages existed, opened in a browser.
        Err(ApiError::Unauthenticated(_)) if opened_by_a_browser(&request) => {
            return Ok(HttpResponse::SeeOther()
                .insert_header(("location", format!("/matches/{id}")))
                .finish());
        }
        other => other?,
    };
    let organisation_id = caller.organisation_id.clone();
    let detail = state
        .db
        .read(move |conn| {
            let m = exchange::matches::visible(conn, &id, &organisation_id)?;
            Ok(detail(conn, m, &organisation_id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// A browser following a link: it asks for HTML and sends no credentials.
fn opened_by_a_browser(request: &HttpRequest) -> bool {
    let accepts_html = request
        .headers()
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    accepts_html && crate::http::caller::credential(request).is_none()
}

/// POST /api/v1/matches/{id}/interest
pub async fn interest(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MatchId>,
) -> Result<HttpResponse, ApiError> {
    set_interest(state, caller, id.into_inner(), Interest::Interested).await
}

/// POST /api/v1/matches/{id}/decline
pub async fn decline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MatchId>,
) -> Result<HttpResponse, ApiError> {
    set_interest(state, caller, id.into_inner(), Interest::Declined).await
}

async fn set_interest(
    state: web::Data<AppState>,
    caller: Caller,
    id: MatchId,
    interest: Interest,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id.clone();
    let m = state
        .exchange()
        .record_interest(caller.actor(), id, interest)
        .await?;
    let view = state
        .db
        .read(move |conn| Ok(match_view(conn, m, &organisation_id)?))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
