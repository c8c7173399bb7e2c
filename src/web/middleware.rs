//! What every page request goes through: the browser id cookie is made when missing, and
//! an error is shown as a page in the visitor's language, not as problem+json; a page that
//! needs a signed-in person sends the others to the sign-in form, and back afterwards.
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse, ResponseError};
use minijinja::context;

use super::i18n;
use super::visitor::{browser_cookie, layout, see_other, BrowserId, BROWSER_COOKIE};
use super::Pages;
use crate::auth::tokens::new_secret;
use crate::http::error::ApiError;

pub async fn pages(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let known = request
        .cookie(BROWSER_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|id| id.len() == 43);
    let fresh = known.is_none();
    let browser_id = known.unwrap_or_else(new_secret);
    request
        .extensions_mut()
        .insert(BrowserId(browser_id.clone()));
    let state = request.app_data::<web::Data<Pages>>().cloned();
    let kept = super::resend::keep(&mut request).await;
    let response = next.call(request).await?;
    // The rate limiter answers before the handler, with a response rather than an error.
    let limited = response.status() == StatusCode::TOO_MANY_REQUESTS;
    let mut response = match (response.response().error(), state) {
        (Some(error), Some(state)) => match error.as_error::<ApiError>() {
            Some(api_error) => {
                let page = error_page(&state, response.request(), &browser_id, api_error, None);
                let (request, _) = response.into_parts();
                ServiceResponse::new(request, page)
            }
            None => response.map_into_boxed_body(),
        },
        (None, Some(state)) if limited => {
            let wait = response.headers().get(RETRY_AFTER).cloned();
            let seconds = wait
                .as_ref()
                .and_then(|w| w.to_str().ok()?.parse::<u64>().ok())
                .unwrap_or(1);
            let error = ApiError::RateLimited(seconds);
            let resend = kept.map(|form| (form, seconds));
            let mut page = error_page(&state, response.request(), &browser_id, &error, resend);
            if let Some(wait) = wait {
                page.headers_mut().insert(RETRY_AFTER, wait);
            }
            let (request, _) = response.into_parts();
            ServiceResponse::new(request, page)
        }
        _ => response.map_into_boxed_body(),
    };
    if let Some(state) = response.request().app_data::<web::Data<Pages>>() {
        let policy = state.content_security_policy.clone();
        response
            .headers_mut()
            .insert(actix_web::http::header::CONTENT_SECURITY_POLICY, policy);
    }
    if fresh {
        let secure = response
            .request()
            .app_data::<web::Data<Pages>>()
            .is_some_and(|s| s.secure_cookies);
        let _ = response
            .response_mut()
            .add_cookie(&browser_cookie(secure, browser_id));
    }
    Ok(response)
}

fn error_page(
    state: &Pages,
    request: &actix_web::HttpRequest,
    browser_id: &str,
    error: &ApiError,
    resend: Option<(super::resend::KeptForm, u64)>,
) -> HttpResponse {
    let here = request
        .uri()
        .path_and_query()
        .map_or("/".to_owned(), |p| p.to_string());
    if matches!(error, ApiError::Unauthenticated(_)) && request.method() == Method::GET {
        let next = url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>();
        return see_other(&format!("/sign-in?next={next}"));
    }
    let status = error.status_code();
    let lang = i18n::choose(request);
    let (resend, wait) = resend.map_or((None, 0), |(form, wait)| (Some(form), wait));
    let page = context! {
        status => status.as_u16(),
        code => error.code(),
        resend => minijinja::Value::from_serialize(&resend),
        wait,
    };
    let vars = context! { ..page, ..layout(state, lang, &here, browser_id, None) };
    match state.render("error.html", vars) {
        Ok(html) => {
            let mut page = HttpResponse::build(status);
            // A page's 401 challenges as the API's does (RFC 9110 requires it).
            if let Some(challenge) = error.challenge() {
                page.insert_header((WWW_AUTHENTICATE, challenge.header_value()));
            }
            page.content_type("text/html; charset=utf-8").body(html)
        }
        // The API's answer, rather than none: the render's failure is logged.
        Err(render_error) => {
            tracing::error!(error = %format!("{render_error:#}"), "could not render an error page");
            HttpResponse::build(StatusCode::INTERNAL_SERVER_ERROR).finish()
        }
    }
}
