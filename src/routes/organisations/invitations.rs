//! Owners and admins invite people by email; the invitee accepts with the emailed token,
//! which also proves their address.
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use minijinja::context;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::auth::password::hash_password;
use crate::auth::tokens::hash_secret;
use crate::auth::Caller;
use crate::db::now;
use crate::db::one_time_tokens::{OneTimeToken, INVITATION};
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::domain::{normalise_email, OrganisationId, Role, UserId};
use crate::error::{ApiError, Conflict};
use crate::routes::auth::{off_executor, NewToken, INVITATION_TTL_HOURS};
use crate::routes::json_body::Json;
use crate::routes::validated;
use crate::routes::views::UserView;
use crate::startup::AppState;

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
struct InvitationView {
    id: String,
    email: String,
    role: &'static str,
    expires_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    body: Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.own_organisation(&id)?.to_owned();
    let inviter_id = caller.manager()?.to_owned();
    let request = validated(body)?;
    let email = normalise_email(&request.email);
    let role = Role::from(request.role);
    let tx_state = state.clone();
    let view = state
        .db
        .write(move |conn| {
            if User::find_by_email(conn, &email)?.is_some() {
                return Err(ApiError::Conflict(Conflict::AccountExists));
            }
            let organisation = Organisation::find(conn, &organisation_id)?;
            let inviter = User::find(conn, &inviter_id)?;
            let (secret, token) = NewToken {
                purpose: INVITATION,
                ttl_hours: INVITATION_TTL_HOURS,
                user_id: None,
                organisation_id: Some(organisation.id.clone()),
                email: Some(email.clone()),
                role: Some(role),
                invited_by: Some(inviter.id.clone()),
            }
            .store(conn)?;
            let link = tx_state
                .notifier
                .link(&format!("/accept-invitation?token={secret}"));
            let language = organisation.language;
            tx_state.notifier.queue(
                conn,
                &email,
                language,
                "invitation",
                context! {
                    recipient_name => "", organisation_name => &organisation.name,
                    inviter_name => &inviter.name, role => role.as_str(), link,
                    expires_hours => INVITATION_TTL_HOURS,
                },
            )?;
            Ok(InvitationView {
                id: token.id,
                email,
                role: role.as_str(),
                expires_at: token.expires_at.and_utc(),
                created_at: token.created_at.and_utc(),
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Deserialize, Validate)]
pub struct AcceptRequest {
    pub token: String,
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

#[tracing::instrument(skip_all)]
pub async fn accept(
    state: web::Data<AppState>,
    body: Json<AcceptRequest>,
) -> Result<HttpResponse, ApiError> {
    let AcceptRequest {
        token,
        name,
        password,
    } = validated(body)?;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    let hash = hash_secret(&token);
    let user = state
        .db
        .write(move |conn| {
            let at = now();
            let invitation = OneTimeToken::consume(conn, INVITATION, &hash, at)?
                .ok_or(ApiError::InvalidToken)?;
            let (Some(organisation_id), Some(email), Some(role)) = (
                invitation.organisation_id,
                invitation.email,
                invitation.role,
            ) else {
                return Err(ApiError::InvalidToken);
            };
            if User::find_by_email(conn, &email)?.is_some() {
                return Err(ApiError::Conflict(Conflict::AccountExists));
            }
            let organisation = Organisation::find(conn, &organisation_id)?;
            let user = User {
                id: UserId::generate(),
                organisation_id,
                email,
                name: name.trim().to_owned(),
                password_hash,
                role,
                language: organisation.language,
                email_verified_at: Some(at),
                created_at: at,
            };
            user.insert(conn)?;
            Ok(user)
        })
        .await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}
