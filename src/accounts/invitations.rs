//! Invitations: an owner or admin invites an address into their organisation with a role;
//! following the emailed link, the person sets their name and password, and their account
//! is created (the link proves the address).
use chrono::NaiveDateTime;
use minijinja::context;

use super::{consume, NewToken, INVITATION_TTL_HOURS};
use crate::db::one_time_tokens::{OneTimeToken, INVITATION};
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{OrganisationId, Role, UserId};
use crate::notify::Notifier;

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
