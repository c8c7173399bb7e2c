//! GET/POST /register: an organisation and its owner, as `POST /api/v1/auth/register`
//! takes them; the verification email's link opens /verify-email.
use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::accounts::registration::{
    register_account, AddressInput, NewUserInput, OrganisationInput, RegisterRequest,
};
use crate::db::now;
use crate::domain::OrganisationKind;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::visitor::local_path;
use crate::web::Visitor;

fn next_cookie(secure: bool, next: String) -> Cookie<'static> {
    Cookie::build(NEXT_COOKIE, next)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::days(2))
        .finish()
}

/// The kinds a person may pick when registering, in the order shown.
const KINDS: [OrganisationKind; 5] = [
    OrganisationKind::Holder,
    OrganisationKind::Taker,
    OrganisationKind::HolderAndTaker,
    OrganisationKind::PublicBody,
    OrganisationKind::Integrator,
];

/// How the API's field paths are named in the form.
const FIELDS: &[(&str, &str)] = &[
    ("organisation.name", "organisation_name"),
    ("organisation.siret", "siret"),
    ("organisation.address.street", "street"),
    ("organisation.address.postal_code", "postal_code"),
    ("organisation.address.city", "city"),
    ("user.name", "name"),
    ("user.email", "email"),
    ("user.password", "password"),
];

#[derive(Deserialize, Serialize, Default)]
pub struct RegisterForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    pub organisation_name: String,
    pub kind: String,
    #[serde(default)]
    pub siret: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub name: String,
    pub email: String,
    #[serde(skip_serializing)]
    pub password: String,
    /// Where to come back to once the account is verified and signed in (a listing the
    /// visitor wanted to reserve from): carried through verification by [`NEXT_COOKIE`].
    #[serde(default)]
    pub next: String,
}

/// The page to come back to after verification, kept in this browser for two days: the
/// verification link opens in the same browser as a rule, and then offers to sign in with
/// this `next` (`verify_email`).
pub const NEXT_COOKIE: &str = "terril_next";

#[derive(Deserialize)]
pub struct FormQuery {
    pub next: Option<String>,
}

pub async fn form(
    visitor: Visitor,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, ApiError> {
    let next = query.into_inner().next.map(|n| local_path(Some(&n)));
    let form = RegisterForm {
        kind: OrganisationKind::HolderAndTaker.as_str().into(),
        next: next.filter(|n| n != "/").unwrap_or_default(),
        ..RegisterForm::default()
    };
    show(&visitor, StatusCode::OK, &form, Default::default())
}

pub async fn register(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let Some(kind) = OrganisationKind::parse(&form.kind) else {
        let errors = [("kind".to_owned(), String::new())].into_iter().collect();
        return show(&visitor, StatusCode::UNPROCESSABLE_ENTITY, &form, errors);
    };
    let request = RegisterRequest {
        organisation: OrganisationInput {
            name: form.organisation_name.clone(),
            kind,
            siret: Some(form.siret.trim().to_owned()).filter(|s| !s.is_empty()),
            address: AddressInput {
                street: form.street.clone(),
                postal_code: form.postal_code.clone(),
                city: form.city.clone(),
                country: "FR".into(),
            },
            language: visitor.lang,
        },
        user: NewUserInput {
            name: form.name.clone(),
            email: form.email.clone(),
            password: form.password.clone(),
        },
    };
    let registered = register_account(&state.db, &state.notifier, request, now()).await;
    match registered.map_err(ApiError::from) {
        Ok(()) => {
            let mut page = visitor.ok("registered.html", context! { email => form.email })?;
            let next = local_path(Some(&form.next));
            if next != "/" {
                let secure = visitor.pages.secure_cookies;
                page.add_cookie(&next_cookie(secure, next))
                    .map_err(ApiError::internal)?;
            }
            Ok(page)
        }
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, FIELDS);
            show(&visitor, StatusCode::UNPROCESSABLE_ENTITY, &form, errors)
        }
    }
}

fn show(
    visitor: &Visitor,
    status: StatusCode,
    form: &RegisterForm,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let kinds: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
    visitor.page(
        status,
        "register.html",
        context! { form => minijinja::Value::from_serialize(form), errors, kinds },
    )
}
