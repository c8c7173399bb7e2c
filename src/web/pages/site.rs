//! What every site answers for browsers and crawlers: `/robots.txt`, `/favicon.ico` (a
//! redirect to the icon the pages name, an SVG among the assets), `/sitemap.xml` (the
//! public pages and every visible listing); and the pages every site has: help, legal
//! notice, terms of use, privacy.
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};

use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::{Pages, Visitor};

/// Crawlers may read the public pages (home, search, listings, wanted requests); the
/// forms of accounts, the language switch and the API are not for them. Pages behind
/// sign-in (a match, the dashboard) need no rule: a crawler is sent to `/sign-in`, which is
/// disallowed; a rule for them would only mark them "blocked" in audits.
const ROBOTS: &str = "User-agent: *
Disallow: /account
Disallow: /language/
Disallow: /sign-in
Disallow: /register
Disallow: /forgot-password
Disallow: /reset-password
Disallow: /accept-invitation
Disallow: /verify-email
Disallow: /api/
";

/// At most this many addresses in one sitemap file (the protocol's limit is 50,000).
pub const SITEMAP_PAGE: usize = 50_000;

/// The public pages that are not posts.
const STATIC_PAGES: [&str; 6] = ["/", "/search", "/help", "/legal", "/terms", "/privacy"];

pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let base = state.settings.base_url();
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(format!("{ROBOTS}\nSitemap: {base}/sitemap.xml\n"))
}

pub async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/assets/favicon.svg"))
        .finish()
}

/// `/sitemap.xml`: an index of the sitemap files, so that any number of listings fits
/// (each file holds at most [`SITEMAP_PAGE`] addresses).
pub async fn sitemap_index(
    state: web::Data<AppState>,
    pages: web::Data<Pages>,
) -> Result<HttpResponse, ApiError> {
    let listings = state.catalogue.listings.len();
    let files = 1 + listings.div_ceil(SITEMAP_PAGE);
    let base = state.settings.base_url();
    let locs: Vec<Value> = (0..files)
        .map(|n| loc(&format!("{base}/sitemaps/{n}.xml")))
        .collect();
    let vars = context! { locs };
    xml(pages.render("sitemap_index.xml", vars)?)
}

/// `/sitemaps/{n}.xml`: file 0 holds the public pages, file n ≥ 1 the n-th slice of the
/// visible listings (a listing falls in the slice its id's remainder names, so the walk
/// stays one pass over the catalogue and needs no sort).
pub async fn sitemap(
    state: web::Data<AppState>,
    pages: web::Data<Pages>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let n: usize = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .ok_or(ApiError::NotFound)?;
    let slices = state.catalogue.listings.len().div_ceil(SITEMAP_PAGE);
    let base = state.settings.base_url();
    let urls: Vec<Value> = if n == 0 {
        STATIC_PAGES
            .iter()
            .map(|path| context! { loc => loc(&format!("{base}{path}")), modified => Value::from(()) })
            .collect()
    } else if n <= slices {
        listing_urls(&state, base, n - 1, slices)
    } else {
        return Err(ApiError::NotFound);
    };
    let vars = context! { urls };
    xml(pages.render("sitemap.xml", vars)?)
}

fn listing_urls(state: &AppState, base: &str, slice: usize, slices: usize) -> Vec<Value> {
    let mut urls = Vec::new();
    state.catalogue.listings.walk_all(|listing| {
        if (listing.id % slices as u128) as usize == slice {
            let id = uuid::Uuid::from_u128(listing.id);
            urls.push(context! {
                loc => loc(&format!("{base}/listings/{id}")),
                modified => listing.updated_at.date().to_string(),
            });
        }
    });
    urls
}

/// An address as XML text: escaped here once, and marked safe so that the template's HTML
/// escaping (which also escapes `/`) leaves it as it is.
fn loc(url: &str) -> Value {
    let escaped = url
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    Value::from_safe_string(escaped)
}

fn xml(body: String) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body))
}

/// `/help`, `/legal`, `/terms`, `/privacy`: the operator's details come from settings.
pub async fn help(visitor: Visitor) -> Result<HttpResponse, ApiError> {
    about(visitor, "help.html")
}

pub async fn legal(visitor: Visitor) -> Result<HttpResponse, ApiError> {
    about(visitor, "legal.html")
}

pub async fn terms(visitor: Visitor) -> Result<HttpResponse, ApiError> {
    about(visitor, "terms.html")
}

pub async fn privacy(visitor: Visitor) -> Result<HttpResponse, ApiError> {
    about(visitor, "privacy.html")
}

fn about(visitor: Visitor, template: &str) -> Result<HttpResponse, ApiError> {
    let operator = Value::from_serialize(&visitor.pages.settings.operator);
    visitor.ok(template, context! { operator })
}
