//! Registering an organisation with its first user (its owner), and proving the address.
//! Registering with an address that has an account tells its owner and reveals nothing.
use chrono::NaiveDateTime;
use minijinja::context;

use super::{consume, NewToken, VERIFY_EMAIL_TTL_HOURS};
use crate::db::one_time_tokens::VERIFY_EMAIL;
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{Language, OrganisationId, OrganisationKind, Role, UserId};
use crate::notify::Notifier;

/// An organisation as its first user describes it (already checked).
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub language: Language,
}

/// A person signing up: the address normalised, the password already hashed.
pub struct NewPerson {
    pub name: String,
    pub email: String,
    pub password_hash: String,
}

/// Creates the organisation and its owner and sends the verification link; or, when the
/// address has an account, tells its owner instead.
pub fn register(
    conn: &mut DbConnection,
    notifier: &Notifier,
    organisation: NewOrganisation,
    person: NewPerson,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    if let Some(existing) = User::find_by_email(conn, &person.email)? {
        return tell_existing_user(conn, notifier, &existing);
    }
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: organisation.name.trim().to_owned(),
        kind: organisation.kind,
        siret: organisation.siret,
        street: organisation.street,
        postal_code: organisation.postal_code,
        city: organisation.city,
        country: organisation.country.to_uppercase(),
        language: organisation.language,
        created_at: at,
    };
    organisation.insert(conn)?;
    let user = User {
        id: UserId::generate(),
        organisation_id: organisation.id.clone(),
        email: person.email,
        name: person.name.trim().to_owned(),
        password_hash: person.password_hash,
        role: Role::Owner,
        language: organisation.language,
        email_verified_at: None,
        created_at: at,
    };
    user.insert(conn)?;
    send_verification(conn, notifier, &user, at)
}

/// Emails `user` a link that proves their address.
pub fn send_verification(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user: &User,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let (secret, _) =
        NewToken::for_user(VERIFY_EMAIL, VERIFY_EMAIL_TTL_HOURS, &user.id).store(conn, at)?;
    let link = notifier.link(&format!("/verify-email?token={secret}"));
    notifier.queue(
        conn,
        &user.email,
        user.language,
        "verify_email",
        context! { recipient_name => &user.name, link, expires_hours => VERIFY_EMAIL_TTL_HOURS },
    )
}

fn tell_existing_user(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user: &User,
) -> Result<(), DomainError> {
    notifier.queue(
        conn,
        &user.email,
        user.language,
        "account_exists",
        context! {
            recipient_name => &user.name,
            login_link => notifier.link("/sign-in"),
            reset_link => notifier.link("/forgot-password"),
        },
    )
}

/// The link of a verification email was followed: the address works.
pub fn verify_email(
    conn: &mut DbConnection,
    secret: &str,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let token = consume(conn, VERIFY_EMAIL, secret, at)?;
    let user_id = token.user_id.ok_or(DomainError::InvalidToken)?;
    Ok(User::mark_verified(conn, &user_id, at)?)
}
