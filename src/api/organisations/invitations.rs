//! Owners and admins invite people by email; the invitee accepts with the emailed token,
//! which also proves their address.
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accounts::invitations;
use crate::api::auth::off_executor;
use crate::auth::password::hash_password;
use crate::db::now;
use crate::db::one_time_tokens::OneTimeToken;
use crate::domain::pagination::PageQuery;
use crate::domain::{normalise_email, InvitationId, OrganisationId, Role};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::views::accounts::UserView;

#[derive(Deserialize, Validate)]
pub struct InvitationRequest {
    #[validate(email, length(max = 254))]
    pub email: String,
    pub role: InvitedRole,
}

/// Nobody is invited as owner: ownership is not handed out by email.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum InvitedRole {
    Admin,
    Member,
}

impl From<InvitedRole> for Role {
    fn from(role: InvitedRole) -> Role {
        match role {
            InvitedRole::Admin => Role::Admin,
            InvitedRole::Member => Role::Member,
        }
    }
}

#[derive(Serialize)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub role: &'static str,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<OneTimeToken> for InvitationView {
    fn from(invitation: OneTimeToken) -> Self {
        InvitationView {
            id: invitation.id,
            email: invitation.email.unwrap_or_default(),
            role: invitation.role.unwrap_or(Role::Member).as_str(),
            expires_at: invitation.expires_at.and_utc(),
            created_at: invitation.created_at.and_utc(),
        }
    }
}

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
    withdraw_invitation(&state, &caller, &id, invitation_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Withdraws one of the caller's organisation's invitations (the API's way and the page's).
pub async fn withdraw_invitation(
    state: &AppState,
    caller: &Caller,
    organisation_id: &OrganisationId,
    invitation_id: InvitationId,
) -> Result<(), ApiError> {
    let organisation_id = caller.own_organisation(organisation_id)?.to_owned();
    caller.manager()?;
    state
        .db
        .write(move |conn| {
            let id = invitation_id.as_str();
            Ok(invitations::withdraw(conn, &organisation_id, id, now())?)
        })
        .await
}

#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    body: Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let invitation = invite_member(&state, &caller, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(InvitationView::from(invitation)))
}

/// Invites someone into the caller's organisation (the API's way and the page's).
pub async fn invite_member(
    state: &AppState,
    caller: &Caller,
    organisation_id: &OrganisationId,
    request: InvitationRequest,
) -> Result<OneTimeToken, ApiError> {
    let organisation_id = caller.own_organisation(organisation_id)?.to_owned();
    let inviter_id = caller.manager()?.to_owned();
    request.validate()?;
    let email = normalise_email(&request.email);
    let role = Role::from(request.role);
    let (notifier, limit) = (
        state.notifier.clone(),
        state.settings.quotas.open_invitations,
    );
    state
        .db
        .write(move |conn| {
            let (inviter, at) = (&inviter_id, now());
            let org = &organisation_id;
            Ok(invitations::invite(
                conn,
                &notifier,
                org,
                inviter,
                invitations::Invitee {
                    email: &email,
                    role,
                },
                limit,
                at,
            )?)
        })
        .await
}

#[derive(Deserialize, Validate)]
pub struct AcceptRequest {
    pub token: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

#[tracing::instrument(skip_all)]
pub async fn accept(
    state: web::Data<AppState>,
    body: Json<AcceptRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = accept_invitation(&state, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

/// The invitee becomes a member, the API's way or the page's; the link proves the address.
pub async fn accept_invitation(
    state: &AppState,
    request: AcceptRequest,
) -> Result<crate::db::users::User, ApiError> {
    request.validate()?;
    let AcceptRequest {
        token,
        name,
        password,
    } = request;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    state
        .db
        .write(move |conn| {
            Ok(invitations::accept(
                conn,
                &token,
                &name,
                password_hash,
                now(),
            )?)
        })
        .await
}
