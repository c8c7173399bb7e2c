//! Who is looking at a page: their language, their browser id (the CSRF binding) and, when
//! signed in, their user. Handlers take a `Visitor` as API handlers take a `Caller`.
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use minijinja::{context, Value};

use super::flash::{self, Flash, FLASH_COOKIE};
use super::i18n;
use super::Pages;
use crate::accounts::web_sessions;
use crate::db::now;
use crate::db::users::User;
use crate::domain::Language;
use crate::http::error::{ApiError, Challenge};
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::http::{Caller, Principal};
use crate::posts::dashboard;

pub const SESSION_COOKIE: &str = "terril_session";
pub const BROWSER_COOKIE: &str = "terril_browser";

/// The browser id of this request: its cookie's, or the one made for it (set on the
/// answer by `middleware::pages`).
#[derive(Clone)]
pub struct BrowserId(pub String);

pub struct Visitor {
    /// The pages' renderer and settings, registered as their own `web::Data`.
    pub pages: web::Data<Pages>,
    pub lang: Language,
    pub user: Option<User>,
    pub browser_id: String,
    /// The path and query asked for, to come back to after signing in.
    pub here: String,
    /// The message the last action left for this page (see `flash`).
    pub flash: Option<Flash>,
    /// How many things wait for the signed-in person's organisation (the menu's count),
    /// read for the pages (GET) only.
    pub waiting: Option<i64>,
}

impl FromRequest for Visitor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Visitor, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let pages = req.app_data::<web::Data<Pages>>().cloned();
        let lang = i18n::choose(req);
        let browser_id = req.extensions().get::<BrowserId>().map(|b| b.0.clone());
        let secret = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let flash_value = req.cookie(FLASH_COOKIE).map(|c| c.value().to_owned());
        let showing = req.method() == actix_web::http::Method::GET && wants_a_page(req);
        let here = req
            .uri()
            .path_and_query()
            .map_or("/".to_owned(), |p| p.to_string());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let pages = pages.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no pages")))?;
            let browser_id = browser_id
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("page outside the pages")))?;
            let (user, waiting) = match secret {
                Some(secret) if secret.len() <= 64 => {
                    let lifetime = web_sessions::SessionLifetime::of(&pages.settings);
                    state
                        .db
                        .read(move |conn| {
                            let user = web_sessions::find(conn, &secret, lifetime, now())?;
                            let waiting = match &user {
                                Some(user) if showing => {
                                    Some(dashboard::waiting(conn, &user.organisation_id)?)
                                }
                                _ => None,
                            };
                            Ok((user, waiting))
                        })
                        .await?
                }
                _ => (None, None),
            };
            let flash = flash_value.and_then(|v| flash::read(&pages, &browser_id, &v));
            Ok(Visitor {
                pages,
                lang,
                user,
                browser_id,
                here,
                flash,
                waiting,
            })
        })
    }
}

impl Visitor {
    /// The signed-in person as the domain sees a caller; 401 (a page: to the sign-in
    /// form) otherwise.
    pub fn caller(&self) -> Result<Caller, ApiError> {
        let user = self
            .user
            .as_ref()
            .ok_or(ApiError::Unauthenticated(Challenge::SignIn))?;
        Ok(Caller {
            organisation_id: user.organisation_id.clone(),
            principal: Principal::User {
                user_id: user.id.clone(),
                role: user.role,
            },
        })
    }

    /// Refuses a form that does not carry this browser's token.
    pub fn check_form(&self, submitted: &str) -> Result<(), ApiError> {
        if self.pages.csrf.check(&self.browser_id, submitted) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "this form has expired: reload the page and send it again",
            ))
        }
    }

    /// What every page's layout reads.
    pub fn layout(&self) -> Value {
        let user_name = self.user.as_ref().map(|u| u.name.as_str());
        let flash = self
            .flash
            .as_ref()
            .map(|f| context! { key => &f.key, count => f.count });
        let shared = layout(
            &self.pages,
            self.lang,
            &self.here,
            &self.browser_id,
            user_name,
        );
        context! { flash, waiting => self.waiting, ..shared }
    }

    /// 303 to `to`, leaving `flash` for the page there.
    pub fn see_other_with(&self, to: &str, flash: Flash) -> HttpResponse {
        let mut response = see_other(to);
        self.leave(&mut response, flash);
        response
    }

    /// Leaves `flash` on an answer for the next page.
    pub fn leave(&self, response: &mut HttpResponse, flash: Flash) {
        flash::attach(response, &self.pages, &self.browser_id, &flash);
    }

    /// A page: the layout's variables and the page's own.
    pub fn page(
        &self,
        status: actix_web::http::StatusCode,
        template: &str,
        vars: Value,
    ) -> Result<HttpResponse, ApiError> {
        let vars = context! { ..vars, ..self.layout() };
        let html = self.pages.render(template, vars)?;
        let mut response = HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header(("cache-control", "no-store"))
            .body(html);
        // Shown once: this page said it.
        if self.flash.is_some() {
            flash::clear(&mut response);
        }
        Ok(response)
    }

    pub fn ok(&self, template: &str, vars: Value) -> Result<HttpResponse, ApiError> {
        self.page(actix_web::http::StatusCode::OK, template, vars)
    }
}

/// Whether the request asks for a page (the menu's count is read for pages only, not for
/// the photos a page loads): browsers ask for a page with `text/html` and for an image
/// without it; a client that names no type (`*/*` or nothing) gets a page.
fn wants_a_page(req: &HttpRequest) -> bool {
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    accept.contains("text/html") || accept.trim() == "*/*"
}

/// The layout's variables (the error pages build them without a `Visitor`).
pub fn layout(
    pages: &Pages,
    lang: Language,
    here: &str,
    browser_id: &str,
    user_name: Option<&str>,
) -> Value {
    context! {
        lang => lang.as_str(),
        other_lang => match lang { Language::Fr => "en", Language::En => "fr" },
        here,
        csrf => pages.csrf.token(browser_id),
        user_name,
        flash => None::<()>,
        waiting => None::<i64>,
        map => context! {
            tiles => &pages.settings.map.tile_url,
            attribution => &pages.settings.map.attribution,
            max_zoom => pages.settings.map.max_zoom,
        },
    }
}

/// 303 to `to`: after a form, the browser asks for the next page with a GET.
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("location", to))
        .finish()
}

/// A path on this site to go back to, or the home page: never another site.
///
/// Browsers drop tabs and line breaks from a `Location` and read `\\` as `/`, so
/// `/<TAB>/evil.example/` would lead to `//evil.example/`. A `next` is followed only when it
/// holds no control character, blank or backslash, starts with one `/`, and still resolves
/// to this origin under the WHATWG URL rules that browsers apply.
pub fn local_path(next: Option<&str>) -> String {
    local_path_or(next, "/")
}

/// As [`local_path`], with another page than the home page when `next` is missing or
/// leads elsewhere.
pub fn local_path_or(next: Option<&str>, otherwise: &str) -> String {
    match next {
        Some(path) if is_same_origin_path(path) => path.into(),
        _ => otherwise.into(),
    }
}

fn is_same_origin_path(path: &str) -> bool {
    const ORIGIN: &str = "http://terril.invalid/";
    let plain = !path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let rooted = path.starts_with('/') && !path.starts_with("//");
    let base = url::Url::parse(ORIGIN).expect("a valid base");
    let stays = base
        .join(path)
        .is_ok_and(|resolved| resolved.origin() == base.origin());
    plain && rooted && stays
}

/// Opens a session for the user and sends the browser to `to` with its cookie.
pub async fn open_session(
    state: &AppState,
    pages: &Pages,
    user_id: crate::domain::UserId,
    to: &str,
) -> Result<HttpResponse, ApiError> {
    let lifetime = web_sessions::SessionLifetime::of(&pages.settings);
    let secret = state
        .db
        .write(move |conn| Ok(web_sessions::open(conn, &user_id, lifetime, now())?))
        .await?;
    let mut response = see_other(to);
    response
        .add_cookie(&session_cookie(pages, secret))
        .map_err(ApiError::internal)?;
    Ok(response)
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure in production.
pub fn session_cookie(pages: &Pages, secret: String) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, secret)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(pages.secure_cookies)
        .max_age(time::Duration::days(pages.settings.session_days))
        .finish()
}

pub fn browser_cookie(secure: bool, id: String) -> Cookie<'static> {
    Cookie::build(BROWSER_COOKIE, id)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .permanent()
        .finish()
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path(Some("/matches/1?x=2")), "/matches/1?x=2");
        for elsewhere in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r/evil.example/",
            "/ /evil.example/",
            "/\u{a0}/evil.example/",
            "\t//evil.example/",
            "x",
            "",
        ] {
            assert_eq!(local_path(Some(elsewhere)), "/");
        }
        assert_eq!(local_path(None), "/");
    }
}
