//! A match's thread: GET and POST /api/v1/matches/{id}/messages. Only the match's two
//! organisations read and write it (`exchange::messages`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::domain::pagination::PageQuery;
use crate::domain::MatchId;
use crate::exchange;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::exchange::{message, thread};

#[derive(Debug, Deserialize)]
pub struct MessageInput {
    pub body: String,
}

/// GET /api/v1/matches/{id}/messages: oldest first, a page at a time.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MatchId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.parse()?;
    let organisation_id = caller.organisation_id;
    let found = state
        .db
        .read(move |conn| {
            let (m, rows) = exchange::messages::thread(conn, &id, &organisation_id, &page)?;
            Ok(thread(conn, &m, rows, &organisation_id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// POST /api/v1/matches/{id}/messages
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MatchId>,
    body: Json<MessageInput>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id.clone();
    let body = body.into_inner().body;
    let posted = state
        .exchange()
        .write_message(caller.actor(), id.into_inner(), body)
        .await?;
    let view = state
        .db
        .read(move |conn| {
            let m = exchange::matches::visible(conn, &posted.match_id, &organisation_id)?;
            Ok(message(conn, &m, posted, &organisation_id)?)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}
