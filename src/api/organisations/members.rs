//! GET /api/v1/organisations/{id}/members
use actix_web::{web, HttpResponse};

use crate::db::users::User;
use crate::domain::pagination::PageQuery;
use crate::domain::OrganisationId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::UserView;

#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = caller.own_organisation(&id)?.to_owned();
    let page = query.parse()?;
    let (after, limit) = (page.after.clone(), page.fetch_limit());
    let rows = state
        .db
        .read(move |conn| {
            Ok(User::page_of_organisation(
                conn,
                &id,
                after.as_deref(),
                limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |u| &u.id, UserView::from)))
}
