//! Registering an organisation with its first user (its owner), and proving the address.
//! Registering with an address that has an account tells its owner and reveals nothing.
use std::sync::Arc;

use chrono::NaiveDateTime;
use minijinja::context;
use serde::Deserialize;
use validator::Validate;

use super::{consume, NewToken, VERIFY_EMAIL_TTL_HOURS};
use crate::auth::password::{hash_password, off_executor};
use crate::db::one_time_tokens::VERIFY_EMAIL;
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::db::{Db, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::siret::validate_siret;
use crate::domain::validation::check;
use crate::domain::{normalise_email, Language, OrganisationId, OrganisationKind, Role, UserId};
use crate::notify::Notifier;

#[derive(Debug, Deserialize, Validate)]
pub struct RegisterRequest {
    #[validate(nested)]
    pub organisation: OrganisationInput,
    #[validate(nested)]
    pub user: NewUserInput,
}

#[derive(Debug, Deserialize, Validate)]
pub struct OrganisationInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    pub kind: OrganisationKind,
    #[validate(custom(function = "validate_siret"))]
    pub siret: Option<String>,
    #[validate(nested)]
    pub address: AddressInput,
    pub language: Language,
}

#[derive(Debug, Deserialize, Validate)]
pub struct AddressInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub street: String,
    #[validate(
        length(min = 1, max = 20),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub postal_code: String,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub city: String,
    #[serde(default = "default_country")]
    #[validate(custom(function = "validate_country"))]
    pub country: String,
}

/// ISO 3166-1 alpha-2: two letters, stored upper-case ("fr" is taken as "FR").
fn validate_country(code: &str) -> Result<(), validator::ValidationError> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("country")
            .with_message("a country is its two-letter ISO 3166-1 code, such as FR".into()))
    }
}

fn default_country() -> String {
    "FR".into()
}

/// A person's own details, at registration or when accepting an invitation.
#[derive(Debug, Deserialize, Validate)]
pub struct NewUserInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    #[validate(email, length(max = 254))]
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

impl RegisterRequest {
    fn into_parts(self, password_hash: String) -> (NewOrganisation, NewPerson) {
        let (org, user) = (self.organisation, self.user);
        let organisation = NewOrganisation {
            name: org.name,
            kind: org.kind,
            siret: org.siret,
            street: org.address.street,
            postal_code: org.address.postal_code,
            city: org.address.city,
            country: org.address.country,
            language: org.language,
        };
        let person = NewPerson {
            name: user.name,
            email: user.email,
            password_hash,
        };
        (organisation, person)
    }
}

/// Checks and stores a registration, the API's or the page's; the verification email
/// goes out through the outbox. Whether the address was free is never told.
pub async fn register_account(
    db: &Db,
    notifier: &Arc<Notifier>,
    mut request: RegisterRequest,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    request.user.email = normalise_email(&request.user.email);
    check(&request)?;
    // Hashed for every request, known email or not, so timing tells nothing.
    let password = request.user.password.clone();
    let password_hash = off_executor(move || hash_password(&password)).await??;
    let (organisation, person) = request.into_parts(password_hash);
    let notifier = notifier.clone();
    db.transact(move |conn| register(conn, &notifier, organisation, person, at))
        .await
}

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
