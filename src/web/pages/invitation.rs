//! GET/POST /accept-invitation?token=: the invitee names themself and chooses a password;
//! they are then signed in.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::invitations::{accept_invitation, AcceptRequest};
use crate::db::now;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::flash::Flash;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::verify_email::TokenQuery;
use crate::web::visitor::open_session;
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct AcceptForm {
    pub csrf: String,
    pub token: String,
    pub name: String,
    pub password: String,
}

pub async fn form(
    visitor: Visitor,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = query.into_inner().token.unwrap_or_default();
    let vars = context! { token, name => "", errors => context! {}, invalid => false };
    visitor.ok("accept_invitation.html", vars)
}

pub async fn accept(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<AcceptForm>,
) -> Result<HttpResponse, ApiError> {
    let AcceptForm {
        csrf,
        token,
        name,
        password,
    } = form.into_inner();
    visitor.check_form(&csrf)?;
    let request = AcceptRequest {
        token: token.clone(),
        name: name.clone(),
        password,
    };
    let accepted = accept_invitation(&state.db, request, now()).await;
    let (status, vars) = match accepted.map_err(ApiError::from) {
        Ok(user) => {
            // To the organisation they just joined.
            let mut response = open_session(&state, &visitor.pages, user.id, "/account").await?;
            visitor.leave(&mut response, Flash::new("flash-signed-in"));
            return Ok(response);
        }
        Err(ApiError::InvalidToken) => (
            StatusCode::BAD_REQUEST,
            context! { token, name, errors => context! {}, invalid => true },
        ),
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { token, name, errors, invalid => false },
            )
        }
    };
    visitor.page(status, "accept_invitation.html", vars)
}
