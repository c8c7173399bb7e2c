//! What every site answers at its root for browsers and crawlers: `/robots.txt`, and
//! `/favicon.ico` (a redirect to the icon the pages name, an SVG among the assets).
use actix_web::http::header;
use actix_web::HttpResponse;

/// Crawlers may read the public pages (home, search, listings, wanted requests); an
/// account's pages, matches, the language switch and the API are not for them.
const ROBOTS: &str = "User-agent: *
Disallow: /account
Disallow: /matches
Disallow: /language/
Disallow: /sign-in
Disallow: /register
Disallow: /forgot-password
Disallow: /reset-password
Disallow: /accept-invitation
Disallow: /verify-email
Disallow: /api/
";

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(ROBOTS)
}

pub async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/assets/favicon.svg"))
        .finish()
}
