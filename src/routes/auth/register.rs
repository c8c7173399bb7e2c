//! POST /api/v1/auth/register: an organisation and its first user (owner).
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::Deserialize;
use validator::Validate;

use super::{off_executor, Accepted, NewToken, VERIFY_EMAIL_TTL_HOURS};
use crate::auth::password::hash_password;
use crate::db::one_time_tokens::VERIFY_EMAIL;
use crate::db::organisations::Organisation;
use crate::db::users::User;
use crate::db::{now, DbConnection};
use crate::domain::siret::validate_siret;
use crate::domain::{normalise_email, Language, OrganisationId, OrganisationKind, Role, UserId};
use crate::error::ApiError;
use crate::routes::json_body::Json;
use crate::startup::AppState;

#[derive(Debug, Deserialize, Validate)]
pub struct RegisterRequest {
    #[validate(nested)]
    pub organisation: OrganisationInput,
    #[validate(nested)]
    pub user: NewUserInput,
}

#[derive(Debug, Deserialize, Validate)]
pub struct OrganisationInput {
    #[validate(length(min = 1, max = 200))]
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
    #[validate(length(min = 1, max = 200))]
    pub street: String,
    #[validate(length(min = 1, max = 20))]
    pub postal_code: String,
    #[validate(length(min = 1, max = 100))]
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
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[validate(email, length(max = 254))]
    pub email: String,
    #[validate(length(min = 10, max = 128))]
    pub password: String,
}

#[tracing::instrument(skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut request = body.into_inner();
    request.user.email = normalise_email(&request.user.email);
    request.validate()?;
    // Hashed for every request, known email or not, so timing tells nothing.
    let password = request.user.password.clone();
    let password_hash = off_executor(move || hash_password(&password)).await??;
    let db = state.db.clone();
    db.write(move |conn| {
        let email = request.user.email.clone();
        match User::find_by_email(conn, &email)? {
            Some(existing) => tell_existing_user(conn, &state, &existing),
            None => create_account(conn, &state, request, email, password_hash),
        }
    })
    .await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If this address can be used, a verification email is on its way.",
    }))
}

fn create_account(
    conn: &mut DbConnection,
    state: &AppState,
    request: RegisterRequest,
    email: String,
    password_hash: String,
) -> Result<(), ApiError> {
    let created_at = now();
    let org = request.organisation;
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: org.name.trim().to_owned(),
        kind: org.kind,
        siret: org.siret,
        street: org.address.street,
        postal_code: org.address.postal_code,
        city: org.address.city,
        country: org.address.country.to_uppercase(),
        language: org.language,
        created_at,
    };
    organisation.insert(conn)?;
    let user = User {
        id: UserId::generate(),
        organisation_id: organisation.id.clone(),
        email,
        name: request.user.name.trim().to_owned(),
        password_hash,
        role: Role::Owner,
        language: organisation.language,
        email_verified_at: None,
        created_at,
    };
    user.insert(conn)?;
    send_verification(conn, state, &user)
}

pub fn send_verification(
    conn: &mut DbConnection,
    state: &AppState,
    user: &User,
) -> Result<(), ApiError> {
    let (secret, _) = NewToken {
        purpose: VERIFY_EMAIL,
        ttl_hours: VERIFY_EMAIL_TTL_HOURS,
        user_id: Some(user.id.clone()),
        organisation_id: None,
        email: None,
        role: None,
        invited_by: None,
    }
    .store(conn)?;
    let link = state
        .notifier
        .link(&format!("/api/v1/auth/verify-email?token={secret}"));
    state.notifier.queue(
        conn,
        &user.email,
        language_of(user),
        "verify_email",
        context! { recipient_name => &user.name, link, expires_hours => VERIFY_EMAIL_TTL_HOURS },
    )?;
    Ok(())
}

/// Someone registered with an address that has an account: tell its owner, reveal nothing.
fn tell_existing_user(
    conn: &mut DbConnection,
    state: &AppState,
    user: &User,
) -> Result<(), ApiError> {
    state.notifier.queue(
        conn,
        &user.email,
        language_of(user),
        "account_exists",
        context! {
            recipient_name => &user.name,
            login_link => state.notifier.link("/api/v1/auth/login"),
            reset_link => state.notifier.link("/api/v1/auth/password-reset"),
        },
    )?;
    Ok(())
}

pub fn language_of(user: &User) -> Language {
    user.language
}
