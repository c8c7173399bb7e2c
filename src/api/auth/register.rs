//! POST /api/v1/auth/register: an organisation and its first user (owner).
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use validator::Validate;

use super::{off_executor, Accepted};
use crate::accounts::registration::{self, NewOrganisation, NewPerson};
use crate::auth::password::hash_password;
use crate::db::now;
use crate::domain::siret::validate_siret;
use crate::domain::{normalise_email, Language, OrganisationKind};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;

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

#[tracing::instrument(skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    register_account(&state, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        status: "accepted",
        message: "If this address can be used, a verification email is on its way.",
    }))
}

/// Checks and stores a registration, the API's or the page's; the verification email
/// goes out through the outbox. Whether the address was free is never told.
pub async fn register_account(
    state: &AppState,
    mut request: RegisterRequest,
) -> Result<(), ApiError> {
    request.user.email = normalise_email(&request.user.email);
    request.validate()?;
    // Hashed for every request, known email or not, so timing tells nothing.
    let password = request.user.password.clone();
    let password_hash = off_executor(move || hash_password(&password)).await??;
    let (organisation, person) = request.into_parts(password_hash);
    let notifier = state.notifier.clone();
    state
        .db
        .write(move |conn| {
            Ok(registration::register(
                conn,
                &notifier,
                organisation,
                person,
                now(),
            )?)
        })
        .await
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
