//! The site's basics: the home page's search box, help and legal pages from settings,
//! the sitemap, Open Graph tags on a listing, assets cached by digest, compression.
use std::io::Read;

use crate::helpers::{bricks_in_lens, post_listing, spawn_app, spawn_app_with, Browser};

#[tokio::test]
async fn the_home_page_searches_and_says_how_it_works() {
    let app = spawn_app().await;
    let home = Browser::new(&app).get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.html.contains(r#"<form method="get" action="/search""#));
    assert!(home.html.contains(r#"name="place""#));
    assert!(home.html.contains("Comment ça marche"));
    assert!(home.html.contains(r#"<meta name="description""#));
    for link in ["/help", "/legal", "/terms", "/privacy"] {
        assert!(home.html.contains(&format!(r#"href="{link}""#)), "{link}");
    }
}

#[tokio::test]
async fn the_legal_notice_shows_the_operator_from_settings_and_what_is_missing() {
    let app = spawn_app_with(|s| {
        s.web.operator.name = "SCIC Terril Hauts-de-France".into();
        s.web.operator.email = "contact@terril.test".into();
    })
    .await;
    let browser = Browser::new(&app);
    let legal = browser.get("/legal").await;
    assert_eq!(legal.status, 200);
    assert!(legal.html.contains("SCIC Terril Hauts-de-France"));
    assert!(
        legal.html.contains("non renseigné"),
        "the host is not given"
    );
    assert!(legal.html.contains("web.operator"));
    let help = browser.get("/help").await;
    assert!(help.html.contains("contact@terril.test"));
    let privacy = browser.get("/privacy").await;
    assert!(privacy.html.contains("contact@terril.test"));
    assert!(privacy.html.contains("CNIL"));
    let terms = browser.get_in("/terms", "en").await;
    assert!(terms.html.contains("Terms of use"));
}

#[tokio::test]
async fn the_sitemap_names_the_public_pages_and_every_published_listing() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let get = |path: String| async move {
        let response = reqwest::get(path).await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml"));
        response.text().await.unwrap()
    };
    let index = get(app.url("/sitemap.xml")).await;
    assert!(index.contains("<sitemapindex"));
    assert!(index.contains("/sitemaps/0.xml") && index.contains("/sitemaps/1.xml"));
    assert!(!index.contains("/sitemaps/2.xml"));
    let pages = get(app.url("/sitemaps/0.xml")).await;
    assert!(pages.contains("/help</loc>"));
    let listings = get(app.url("/sitemaps/1.xml")).await;
    let id = listing["id"].as_str().unwrap();
    assert!(
        listings.contains(&format!("/listings/{id}</loc>")),
        "{listings}"
    );
    assert!(
        !listings.contains(draft["id"].as_str().unwrap()),
        "drafts are not public"
    );
    let beyond = reqwest::get(app.url("/sitemaps/2.xml")).await.unwrap();
    assert_eq!(beyond.status(), 404);
    let robots = reqwest::get(app.url("/robots.txt")).await.unwrap();
    assert!(robots.text().await.unwrap().contains("Sitemap: "));
}

#[tokio::test]
async fn a_shared_listing_link_shows_the_lot() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let id = listing["id"].as_str().unwrap();
    let page = Browser::new(&app).get(&format!("/listings/{id}")).await;
    assert_eq!(page.status, 200);
    let title = listing["title"].as_str().unwrap();
    assert!(page
        .html
        .contains(&format!(r#"<meta property="og:title" content="{title}">"#)));
    assert!(page
        .html
        .contains(r#"<meta property="og:url" content="http"#));
    assert!(page.html.contains(&format!("/listings/{id}\">")));
    assert!(page.html.contains(r#"<meta name="description""#));
}

#[tokio::test]
async fn assets_are_named_by_digest_cached_for_long_and_revalidated() {
    let app = spawn_app().await;
    let home = Browser::new(&app).get("/").await;
    let start = home
        .html
        .find("/assets/terril.css?v=")
        .expect("a versioned URL");
    let url = &home.html[start..start + "/assets/terril.css?v=".len() + 16];
    let client = reqwest::Client::new();
    let css = client.get(app.url(url)).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(
        css.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = css.headers()["etag"].to_str().unwrap().to_owned();
    let again = client
        .get(app.url("/assets/terril.css"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let bare = client
        .get(app.url("/assets/terril.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.headers()["cache-control"], "public, max-age=3600");
}

#[tokio::test]
async fn pages_and_scripts_are_compressed_for_clients_that_ask() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let plain = client
        .get(app.url("/assets/map/leaflet.js"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let gzipped = client
        .get(app.url("/assets/map/leaflet.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let body = gzipped.bytes().await.unwrap();
    assert!(
        body.len() * 2 < plain.len(),
        "{} of {}",
        body.len(),
        plain.len()
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    let brotli = client
        .get(app.url("/search"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.status(), 200);
    assert_eq!(brotli.headers()["content-encoding"], "br");
}
