//! GET /api/v1/organisations/{id}
use actix_web::{web, HttpResponse};

use crate::db::organisations::Organisation;
use crate::domain::OrganisationId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::OrganisationView;

#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
) -> Result<HttpResponse, ApiError> {
    let id = caller.own_organisation(&id)?.to_owned();
    let organisation = state
        .db
        .read(move |conn| Ok(Organisation::find(conn, &id)?))
        .await?;
    Ok(HttpResponse::Ok().json(OrganisationView::from(organisation)))
}
