//! A match's thread: GET and POST /api/v1/matches/{id}/messages. Only the match's two
//! organisations read and write it.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::pagination::{Page, PageQuery, PageRequest};
use crate::db::match_messages::MatchMessage;
use crate::db::matches::Match;
use crate::db::users::User;
use crate::db::DbConnection;
use crate::domain::{MatchId, MessageId, OrganisationId};
use crate::exchange;
use crate::exchange::matches::side_of;
use crate::exchange::transitions::Side;
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::utc;

#[derive(Debug, Deserialize)]
pub struct MessageInput {
    pub body: String,
}

#[derive(Serialize)]
pub struct MessageView {
    pub id: MessageId,
    pub match_id: MatchId,
    /// `holder` or `taker`: the side that wrote it.
    pub side: &'static str,
    pub organisation_id: OrganisationId,
    /// The person who wrote it; none for a program's API key or a removed user.
    pub author_name: Option<String>,
    /// Whether the caller's organisation wrote it.
    pub mine: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
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
        .read(move |conn| thread(conn, &id, &organisation_id, &page))
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// One page of the match's thread as `organisation_id` sees it (the API's and the page's).
pub fn thread(
    conn: &mut DbConnection,
    id: &MatchId,
    organisation_id: &OrganisationId,
    page: &PageRequest,
) -> Result<Page<MessageView>, ApiError> {
    let m = exchange::matches::visible(conn, id, organisation_id)?;
    let after = page.after.as_deref().and_then(MessageId::parse);
    let rows = MatchMessage::of_match(conn, &m.id, after.as_ref(), page.fetch_limit())?;
    let authors: Vec<_> = rows.iter().filter_map(|r| r.user_id.clone()).collect();
    let names = User::names_of(conn, &authors)?;
    let view = |row: MatchMessage| {
        let author_name = row.user_id.as_ref().and_then(|u| names.get(u).cloned());
        view_of(&m, row, author_name, organisation_id)
    };
    Ok(page.page(rows, |r| r.id.as_str(), view))
}

fn view_of(
    m: &Match,
    row: MatchMessage,
    author_name: Option<String>,
    viewer: &OrganisationId,
) -> MessageView {
    let side = match side_of(m, &row.organisation_id) {
        Some(Side::Holder) => "holder",
        _ => "taker",
    };
    MessageView {
        author_name,
        mine: row.organisation_id == *viewer,
        side,
        id: row.id,
        match_id: row.match_id,
        organisation_id: row.organisation_id,
        body: row.body,
        created_at: utc(row.created_at),
    }
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
    let message = write(&state, caller, id.into_inner(), body.into_inner().body).await?;
    let view = state
        .db
        .read(move |conn| {
            let m = exchange::matches::visible(conn, &message.match_id, &organisation_id)?;
            let author = message.user_id.iter().cloned().collect::<Vec<_>>();
            let name = User::names_of(conn, &author)?.into_values().next();
            Ok(view_of(&m, message, name, &organisation_id))
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}

/// Writes a message on the match's thread as the caller (the API's way and the page's).
pub async fn write(
    state: &web::Data<AppState>,
    caller: Caller,
    id: MatchId,
    body: String,
) -> Result<MatchMessage, ApiError> {
    let app = state.clone();
    let message = state
        .db
        .write(move |conn| {
            let cx = app.context();
            Ok(exchange::messages::post(
                conn,
                &cx,
                &caller.actor(),
                &id,
                &body,
            )?)
        })
        .await?;
    Ok(message)
}
