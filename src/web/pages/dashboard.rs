//! GET /dashboard: a signed-in person's space. Their organisation's listings and wanted
//! requests by status, the reservations waiting for its answer, its own pending ones, and
//! the matches with messages it has not read; each line leads to its page. Opening a
//! match's page marks its thread read (`read_thread`).
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};

use crate::db::now;
use crate::domain::MatchId;
use crate::exchange::messages;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::posts::dashboard;
use crate::web::Visitor;

pub async fn show(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    let found = state
        .db
        .read(move |conn| Ok(dashboard::gather(conn, &organisation_id)?))
        .await?;
    visitor.ok(
        "dashboard.html",
        context! { d => Value::from_serialize(&found) },
    )
}

/// Records that the visitor's organisation has read the match's thread (its page was
/// opened), before the page shows it: a message written meanwhile stays unread.
pub async fn read_thread(
    state: &AppState,
    visitor: &Visitor,
    id: &MatchId,
) -> Result<(), ApiError> {
    let (id, organisation_id) = (id.clone(), visitor.caller()?.organisation_id);
    let at = now();
    state
        .db
        .write(move |conn| Ok(messages::mark_read(conn, &id, &organisation_id, at)?))
        .await
}
