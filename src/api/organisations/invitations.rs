//! Owners and admins invite people by email; the invitee accepts with the emailed token,
//! which also proves their address. The operations are `accounts::invitations`'.
use actix_web::{web, HttpResponse};

use crate::accounts::invitations::{
    accept_invitation, invite_member, withdraw_invitation, AcceptRequest, InvitationRequest,
};
use crate::db::now;
use crate::db::one_time_tokens::OneTimeToken;
use crate::domain::pagination::PageQuery;
use crate::domain::{InvitationId, OrganisationId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::{InvitationView, UserView};

/// GET /api/v1/organisations/{id}/invitations: those still open, for owners and admins.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.own_organisation(&id)?.to_owned();
    caller.manager()?;
    let page = query.parse()?;
    let (after, limit) = (page.after.clone(), page.fetch_limit());
    let rows = state
        .db
        .read(move |conn| {
            let (org, at) = (&organisation_id, now());
            Ok(OneTimeToken::page_of_open_invitations(
                conn,
                org,
                at,
                after.as_deref(),
                limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |i| &i.id, InvitationView::from)))
}

/// DELETE /api/v1/organisations/{id}/invitations/{invitation_id}: the link stops working.
#[tracing::instrument(skip_all)]
pub async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(OrganisationId, InvitationId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, invitation_id) = path.into_inner();
    caller.own_organisation(&id)?;
    withdraw_invitation(&state.db, &caller.actor(), invitation_id, now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// POST /api/v1/organisations/{id}/invitations
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    body: Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.own_organisation(&id)?;
    let (notifier, limit) = (&state.notifier, state.settings.quotas.open_invitations);
    let request = body.into_inner();
    let invitation =
        invite_member(&state.db, notifier, &caller.actor(), request, limit, now()).await?;
    Ok(HttpResponse::Created().json(InvitationView::from(invitation)))
}

/// POST /api/v1/invitations/accept
#[tracing::instrument(skip_all)]
pub async fn accept(
    state: web::Data<AppState>,
    body: Json<AcceptRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = accept_invitation(&state.db, body.into_inner(), now()).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}
