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
use crate::web::flash::Flash;
use crate::web::visitor::{local_path_or, open_session, see_other, SESSION_COOKIE};
use crate::web::Visitor;

/// Where a person lands after signing in, unless they were on their way somewhere.
pub const LANDING: &str = "/dashboard";

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
    let next = local_path_or(query.next.as_deref(), LANDING);
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
    let next = local_path_or(next.as_deref(), LANDING);
    let problem = match authenticate(&state.db, &email, password).await? {
        SignIn::Accepted(user) => {
            let mut response = open_session(&state, &visitor.pages, user.id, &next).await?;
            visitor.leave(&mut response, Flash::new("flash-signed-in"));
            return Ok(response);
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
    let mut response = visitor.see_other_with("/", Flash::new("flash-signed-out"));
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    response.add_cookie(&gone).map_err(ApiError::internal)?;
    Ok(response)
}
