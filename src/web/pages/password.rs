//! GET/POST /forgot-password (a reset link by email, whatever the address) and
//! GET/POST /reset-password?token= (the emailed link: the new password, then sign in).
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::passwords::{send_reset_link, set_new_password, ResetConfirm, ResetRequest};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::verify_email::TokenQuery;
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct ForgotForm {
    pub csrf: String,
    pub email: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    pub csrf: String,
    pub token: String,
    pub password: String,
}

pub async fn forgot_form(visitor: Visitor) -> Result<HttpResponse, ApiError> {
    visitor.ok(
        "forgot_password.html",
        context! { email => "", errors => context! {}, sent => false },
    )
}

pub async fn forgot(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, ApiError> {
    let ForgotForm { csrf, email } = form.into_inner();
    visitor.check_form(&csrf)?;
    let request = ResetRequest {
        email: email.clone(),
    };
    let sent = send_reset_link(&state.db, &state.notifier, request, now()).await;
    match sent.map_err(ApiError::from) {
        Ok(()) => visitor.ok(
            "forgot_password.html",
            context! { email, errors => context! {}, sent => true },
        ),
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            let vars = context! { email, errors, sent => false };
            visitor.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                "forgot_password.html",
                vars,
            )
        }
    }
}

pub async fn reset_form(
    visitor: Visitor,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = query.into_inner().token.unwrap_or_default();
    let vars = context! { token, errors => context! {}, done => false, invalid => false };
    visitor.ok("reset_password.html", vars)
}

pub async fn reset(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<ResetForm>,
) -> Result<HttpResponse, ApiError> {
    let ResetForm {
        csrf,
        token,
        password,
    } = form.into_inner();
    visitor.check_form(&csrf)?;
    let request = ResetConfirm {
        token: token.clone(),
        password,
    };
    let set = set_new_password(&state.db, request, now()).await;
    let (status, vars) = match set.map_err(ApiError::from) {
        Ok(()) => (
            StatusCode::OK,
            context! { token, errors => context! {}, done => true, invalid => false },
        ),
        Err(ApiError::InvalidToken) => (
            StatusCode::BAD_REQUEST,
            context! { token, errors => context! {}, done => false, invalid => true },
        ),
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { token, errors, done => false, invalid => false },
            )
        }
    };
    visitor.page(status, "reset_password.html", vars)
}
