//! The search page: a commune's name or postcode to the listings around it, nearest first
//! with their holders, a choice among communes of one name, clear refusals; and the map
//! library served by the binary itself.
use crate::helpers::{bricks_in_lens, post_listing, spawn_app, Browser};

#[tokio::test]
async fn a_commune_or_postcode_finds_the_listings_around_it_nearest_first() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let mut far = bricks_in_lens();
    far["title"] = "Briques de Marseille".into();
    far["location"] =
        serde_json::json!({ "latitude": 43.2965, "longitude": 5.3698, "address": "Marseille" });
    post_listing(&app, &holder, &far, true).await;
    let visitor = Browser::new(&app);

    let page = visitor
        .get("/search?place=Loos-en-Gohelle&radius_km=25")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("Briques pleines de récupération"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("Briques de Marseille"));
    assert!(page.html.contains("Démolition Lens"), "the holder's name");
    assert!(page.html.contains("Loos-en-Gohelle (62)"));
    assert!(page.html.contains("data-map=\"results\""));
    assert!(
        page.html.contains("data-lat=\"50.432\""),
        "a marker's place"
    );
    assert!(page.html.contains("/assets/map/leaflet.js"));

    let by_postcode = visitor.get("/search?place=62750&radius_km=25").await;
    assert!(by_postcode.html.contains("Briques pleines de récupération"));
    let elsewhere = visitor
        .get("/search?place=Lille&radius_km=10&material=textiles")
        .await;
    assert!(!elsewhere.html.contains("Briques pleines"));
}

#[tokio::test]
async fn an_ambiguous_name_asks_which_commune_and_an_unknown_one_is_a_field_error() {
    let app = spawn_app().await;
    let visitor = Browser::new(&app);
    let page = visitor.get_in("/search?place=Saint-Martin", "en").await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("Which commune?"), "{}", page.html);
    assert!(
        page.html.contains("commune="),
        "each choice links to a search"
    );

    let page = visitor.get_in("/search?place=Zzzqqq", "fr").await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("Aucune commune ne porte ce nom"),
        "{}",
        page.html
    );
    assert!(page.html.contains("aria-invalid=\"true\""));
    let page = visitor
        .get_in("/search?place=Lens&max_price=cher", "en")
        .await;
    assert!(
        page.html.contains("id=\"max_price-error\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("Give a price in euros"), "{}", page.html);
    // A price as people type it.
    let page = visitor
        .get_in("/search?place=Lens&max_price=15%20%E2%82%AC%20HT", "fr")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        !page.html.contains("id=\"max_price-error\""),
        "{}",
        page.html
    );
}

#[tokio::test]
async fn the_map_library_comes_from_the_binary_and_tiles_from_the_configured_server() {
    let app = spawn_app().await;
    for (path, kind) in [
        ("/assets/map/leaflet.js", "text/javascript"),
        ("/assets/map/leaflet.markercluster.js", "text/javascript"),
        ("/assets/map/leaflet.css", "text/css"),
        ("/assets/map/images/marker-icon.png", "image/png"),
        ("/assets/map.js", "text/javascript"),
    ] {
        // Pages and assets are not the API: read without the spec check of `app.get`.
        let answer = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(answer.status(), 200, "{path}");
        let content_type = answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
    }
    let escape = reqwest::get(app.url("/assets/map/nothing.js"))
        .await
        .unwrap();
    assert_eq!(escape.status(), 404);
    let page = reqwest::get(app.url("/search")).await.unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("img-src 'self' data: https://tile.openstreetmap.org"),
        "{policy}"
    );
    assert!(policy.contains("script-src 'self';"), "{policy}");
}

#[tokio::test]
async fn a_result_with_photos_shows_its_first_as_a_thumbnail() {
    use crate::photos::{picture, upload};
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let pictured = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let mut bare = bricks_in_lens();
    bare["title"] = "Briques sans photo".into();
    post_listing(&app, &holder, &bare, true).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let answer = upload(
            &app,
            &holder,
            &pictured,
            picture(image::ImageFormat::Jpeg),
            "image/jpeg",
        )
        .await;
        assert_eq!(answer.status(), 201);
        let photo: serde_json::Value = answer.json().await.unwrap();
        ids.push(photo["id"].as_str().unwrap().to_owned());
    }
    let page = Browser::new(&app)
        .get("/search?place=Loos-en-Gohelle&radius_km=25")
        .await;
    let first = format!(r#"src="/photos/{}/thumb.jpg""#, ids[0]);
    assert!(page.html.contains(&first), "{}", page.html);
    assert!(!page.html.contains(&ids[1]), "one thumbnail a result");
    assert_eq!(page.html.matches("class=\"thumb\"").count(), 1);
}
