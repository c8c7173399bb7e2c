//! GET/POST /sign-in and POST /sign-out: a session cookie for a person, ended on the
//! server when they sign out.
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::sessions::{authenticate, SignIn};
use crate::accounts::web_sessions;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::web::visitor::{local_path, open_session, see_other, SESSION_COOKIE};
use crate::web::Visitor;

#[derive(Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    pub csrf: String,
    pub email: String,
    pub password: String,
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn form(
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(query.next.as_deref());
    if visitor.user.is_some() {
        return Ok(see_other(&next));
    }
    visitor.ok(
        "sign_in.html",
        context! { next, email => "", problem => None::<&str> },
    )
}

pub async fn sign_in(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, ApiError> {
    let SignInForm {
        csrf,
        email,
        password,
        next,
    } = form.into_inner();
    visitor.check_form(&csrf)?;
    let next = local_path(next.as_deref());
    let problem = match authenticate(&state.db, &email, password).await? {
        SignIn::Accepted(user) => {
            return open_session(&state, &visitor.pages, user.id, &next).await
        }
        SignIn::WrongCredentials => "sign-in-wrong",
        SignIn::Unverified => "sign-in-unverified",
    };
    visitor.page(
        StatusCode::UNPROCESSABLE_ENTITY,
        "sign_in.html",
        context! { next, email, problem },
    )
}

pub async fn sign_out(
    state: web::Data<AppState>,
    visitor: Visitor,
    request: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    if let Some(cookie) = request.cookie(SESSION_COOKIE) {
        let secret = cookie.value().to_owned();
        state
            .db
            .write(move |conn| Ok(web_sessions::close(conn, &secret)?))
            .await?;
    }
    let mut response = see_other("/");
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    response.add_cookie(&gone).map_err(ApiError::internal)?;
    Ok(response)
}
