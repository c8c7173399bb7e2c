//! GET /organisations/{id}: an organisation's public page (issue 26): its name and city,
//! how many exchanges it completed, its mean rating and the latest reviews of it, the same
//! summary as GET /api/v1/organisations/{id}/reviews. Anyone may read it.
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};

use crate::domain::OrganisationId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::reviews;
use crate::web::Visitor;

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<OrganisationId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let summary = state
        .db
        .read(move |conn| Ok(reviews::summary(conn, &id)?))
        .await?;
    visitor.ok(
        "organisation.html",
        context! { s => Value::from_serialize(&summary) },
    )
}
