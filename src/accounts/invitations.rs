//! Invitations: an owner or admin invites an address into their organisation with a role;
//! following the emailed link, the person sets their name and password, and their account
//! is created (the link proves the address). The rules run in the caller's transaction;
//! `invite_member`, `withdraw_invitation` and `accept_invitation` are the operations the
//! API and the pages share.
use std::sync::Arc;

use chrono::NaiveDateTime;
use minijinja::context;
use serde::Deserialize;
use validator::Validate;

use super::{consume, manager, NewToken, INVITATION_TTL_HOURS};
use crate::auth::password::{hash_password, off_executor};
use crate::db::one_time_tokens::{OneTimeToken, INVITATION};
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::db::{Db, DbConnection};
use crate::domain::error::{Conflict, DomainError};
use crate::domain::validation::check;
use crate::domain::{normalise_email, Actor, InvitationId, OrganisationId, Role, UserId};
use crate::notify::Notifier;

/// An address to invite, and the role it will have.
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

/// What the invitee gives, with the token of the emailed link.
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

/// Invites someone into the actor's organisation, which may have `limit` invitations open
/// (the API's way and the page's); returns the invitation.
pub async fn invite_member(
    db: &Db,
    notifier: &Arc<Notifier>,
    actor: &Actor,
    request: InvitationRequest,
    limit: u32,
    at: NaiveDateTime,
) -> Result<OneTimeToken, DomainError> {
    let (actor, notifier) = (actor.clone(), notifier.clone());
    db.transact(move |conn| -> Result<_, DomainError> {
        let inviter = manager(conn, &actor)?;
        check(&request)?;
        let invitee = Invitee {
            email: &normalise_email(&request.email),
            role: Role::from(request.role),
        };
        let organisation_id = &inviter.organisation_id;
        invite(
            conn,
            &notifier,
            organisation_id,
            &inviter.id,
            invitee,
            limit,
            at,
        )
    })
    .await
}

/// Withdraws one of the actor's organisation's invitations (the API's way and the page's).
pub async fn withdraw_invitation(
    db: &Db,
    actor: &Actor,
    invitation_id: InvitationId,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let actor = actor.clone();
    db.transact(move |conn| -> Result<_, DomainError> {
        let manager = manager(conn, &actor)?;
        withdraw(conn, &manager.organisation_id, invitation_id.as_str(), at)
    })
    .await
}

/// The invitee becomes a member, the API's way or the page's; the link proves the address.
pub async fn accept_invitation(
    db: &Db,
    request: AcceptRequest,
    at: NaiveDateTime,
) -> Result<User, DomainError> {
    check(&request)?;
    let AcceptRequest {
        token,
        name,
        password,
    } = request;
    let password_hash = off_executor(move || hash_password(&password)).await??;
    db.transact(move |conn| -> Result<_, DomainError> {
        accept(conn, &token, &name, password_hash, at)
    })
    .await
}

/// Who is invited: an address (normalised) and the role they will have.
pub struct Invitee<'a> {
    pub email: &'a str,
    pub role: Role,
}

/// Invites `invitee` into `organisation_id`, which may have at most `limit` invitations
/// open; returns the invitation.
pub fn invite(
    conn: &mut DbConnection,
    notifier: &Notifier,
    organisation_id: &OrganisationId,
    inviter_id: &UserId,
    Invitee { email, role }: Invitee<'_>,
    limit: u32,
    at: NaiveDateTime,
) -> Result<OneTimeToken, DomainError> {
    if User::find_by_email(conn, email)?.is_some() {
        return Err(Conflict::AccountExists.into());
    }
    // Inviting an address again within a day sends nothing more: one email a day at most.
    let since = at - chrono::Duration::hours(24);
    if let Some(sent) = OneTimeToken::recent_invitation(conn, organisation_id, email, since, at)? {
        return Ok(sent);
    }
    let open = OneTimeToken::open_invitations(conn, organisation_id, at)?;
    Conflict::check_quota("open invitations", open, limit)?;
    let organisation = Organisation::find(conn, organisation_id)?;
    let inviter = User::find(conn, inviter_id)?;
    let (secret, token) = NewToken {
        purpose: INVITATION,
        ttl_hours: INVITATION_TTL_HOURS,
        user_id: None,
        organisation_id: Some(organisation.id.clone()),
        email: Some(email.to_owned()),
        role: Some(role),
        invited_by: Some(inviter.id.clone()),
    }
    .store(conn, at)?;
    let link = notifier.link(&format!("/accept-invitation?token={secret}"));
    notifier.queue(
        conn,
        email,
        organisation.language,
        "invitation",
        context! {
            recipient_name => "", organisation_name => &organisation.name,
            inviter_name => &inviter.name, role => role.as_str(), link,
            expires_hours => INVITATION_TTL_HOURS,
        },
    )?;
    Ok(token)
}

/// Creates the account the invitation of `secret` was for; returns the new user.
pub fn accept(
    conn: &mut DbConnection,
    secret: &str,
    name: &str,
    password_hash: String,
    at: NaiveDateTime,
) -> Result<User, DomainError> {
    let invitation = consume(conn, INVITATION, secret, at)?;
    let (Some(organisation_id), Some(email), Some(role)) = (
        invitation.organisation_id,
        invitation.email,
        invitation.role,
    ) else {
        return Err(DomainError::InvalidToken);
    };
    if User::find_by_email(conn, &email)?.is_some() {
        return Err(Conflict::AccountExists.into());
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
}

/// Withdraws the organisation's invitation `id` (again, if it was): its link stops working.
pub fn withdraw(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    id: &str,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    if OneTimeToken::withdraw_invitation(conn, organisation_id, id, at)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}
