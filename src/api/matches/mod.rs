//! Matches: GET /api/v1/matches, /matches/{id}, /listings/{id}/matches,
//! /wanted/{id}/matches, and saying interested or declining.
pub mod messages;
pub mod views;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::pagination::{checked_limit, Page};
use crate::db::listings::Listing;
use crate::db::matches::{Match, MatchEvent, MatchFilter};
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::users::User;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::{
    Interest, ListingId, MatchId, MatchStatus, OrganisationId, ReservationStatus, WantedId,
};
use crate::exchange;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::Post;
use views::{Briefs, ContactView, CounterpartView, MatchDetail, MatchView};

#[derive(Debug, Deserialize)]
pub struct MatchQuery {
    pub status: Option<String>,
    pub listing: Option<String>,
    pub wanted: Option<String>,
    pub min_score: Option<f64>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl MatchQuery {
    pub fn filter(&self, organisation_id: &OrganisationId) -> Result<MatchFilter, ApiError> {
        let limit = checked_limit(self.limit)?;
        let status = self
            .status
            .as_deref()
            .map(|s| {
                MatchStatus::parse(s)
                    .ok_or_else(|| ApiError::field("status", "invalid", "status is open or closed"))
            })
            .transpose()?;
        if self.min_score.is_some_and(|s| !(0.0..=100.0).contains(&s)) {
            return Err(ApiError::field(
                "min_score",
                "range",
                "min_score is between 0 and 100",
            ));
        }
        Ok(MatchFilter {
            organisation_id: organisation_id.clone(),
            status,
            listing_id: self
                .listing
                .as_deref()
                .map(|id| parse_id("listing", id))
                .transpose()?,
            wanted_request_id: self
                .wanted
                .as_deref()
                .map(|id| parse_id("wanted", id))
                .transpose()?,
            min_score: self.min_score,
            after: self.cursor.as_deref().map(decode_cursor).transpose()?,
            limit: limit + 1,
        })
    }
}

/// The cursor is the (score, id) of the last match of a page, sorted by score then id:
/// `<score bits, 16 hex>.<id>`. Every cursor of this form is a position.
fn encode_cursor(m: &MatchView) -> String {
    format!("{:016x}.{}", m.score.to_bits(), m.id)
}

/// An id given in the query string: a field error when it is not one.
fn parse_id<Id: std::str::FromStr>(field: &'static str, text: &str) -> Result<Id, ApiError> {
    text.parse()
        .map_err(|_| ApiError::field(field, "invalid", "this is not an id (ids are UUIDs)"))
}

fn decode_cursor(cursor: &str) -> Result<(f64, MatchId), ApiError> {
    let invalid = || ApiError::field("cursor", "invalid", "this cursor is not one the API gave");
    let (bits, id) = cursor.split_once('.').ok_or_else(invalid)?;
    if bits.len() != 16 {
        return Err(invalid());
    }
    let score = f64::from_bits(u64::from_str_radix(bits, 16).map_err(|_| invalid())?);
    let id = MatchId::parse(id).ok_or_else(invalid)?;
    Ok((score, id))
}

/// One page of the filtered matches, as the caller sees them.
pub fn page(conn: &mut DbConnection, filter: MatchFilter) -> Result<Page<MatchView>, ApiError> {
    let limit = (filter.limit - 1) as usize;
    let mut rows = Match::list(conn, &filter)?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let briefs = Briefs::load(conn, &rows)?;
    let items: Vec<MatchView> = rows
        .into_iter()
        .map(|m| briefs.view(m, &filter.organisation_id))
        .collect();
    let next_cursor = if more {
        items.last().map(encode_cursor)
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// GET /api/v1/matches
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter(&caller.organisation_id)?;
    let page = state.db.read(move |conn| page(conn, filter)).await?;
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
            page(conn, filter)
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
            detail(conn, m, &organisation_id)
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

/// The match as its page and `GET /api/v1/matches/{id}` show it.
pub fn detail(
    conn: &mut DbConnection,
    m: Match,
    organisation_id: &OrganisationId,
) -> Result<MatchDetail, ApiError> {
    let reservations = Reservation::of_match(conn, &m.id)?;
    let events = MatchEvent::of_match(conn, &m.id)?;
    let briefs = Briefs::load(conn, std::slice::from_ref(&m))?;
    let agreed = reservations.iter().any(|r| {
        matches!(
            r.status,
            ReservationStatus::Confirmed | ReservationStatus::Completed
        )
    });
    let counterpart = if agreed {
        Some(counterpart(conn, &m, organisation_id)?)
    } else {
        None
    };
    Ok(MatchDetail {
        summary: briefs.view(m, organisation_id),
        reservations: reservations.into_iter().map(Into::into).collect(),
        events: events.into_iter().map(Into::into).collect(),
        counterpart,
    })
}

/// The other side of the match as `organisation_id` may see it after an agreement: its
/// address and the people who follow its post.
fn counterpart(
    conn: &mut DbConnection,
    m: &Match,
    organisation_id: &OrganisationId,
) -> Result<CounterpartView, ApiError> {
    let (other, author) = if m.holder_organisation_id == *organisation_id {
        let wanted = WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(ApiError::NotFound)?;
        (m.taker_organisation_id.clone(), wanted.created_by)
    } else {
        let listing = Listing::find(conn, &m.listing_id)?.ok_or(ApiError::NotFound)?;
        (m.holder_organisation_id.clone(), listing.created_by)
    };
    let organisation = Organisation::find(conn, &other)?;
    let contacts = User::contacts_for_post(conn, author.as_ref(), &other)?
        .into_iter()
        .map(|u| ContactView {
            name: u.name,
            email: u.email,
        })
        .collect();
    Ok(CounterpartView {
        organisation_id: organisation.id,
        name: organisation.name,
        street: organisation.street,
        postal_code: organisation.postal_code,
        city: organisation.city,
        contacts,
    })
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
    let view = record_interest(&state, caller, id, interest).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// One side says it is interested, or declines (the API's way and the match page's).
pub async fn record_interest(
    state: &web::Data<AppState>,
    caller: Caller,
    id: MatchId,
    interest: Interest,
) -> Result<MatchView, ApiError> {
    let app = state.clone();
    state
        .db
        .write(move |conn| {
            let cx = app.context();
            let m = exchange::matches::set_interest(conn, &cx, &caller.actor(), &id, interest)?;
            let briefs = Briefs::load(conn, std::slice::from_ref(&m))?;
            Ok(briefs.view(m, &caller.organisation_id))
        })
        .await
}
