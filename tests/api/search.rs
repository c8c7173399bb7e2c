//! Searches give exactly what a brute-force scan gives, page after page, on generated data;
//! pages are stable under inserts; GeoJSON is valid; other instances see new posts quickly.
use std::time::{Duration, Instant};

use diesel::prelude::*;
use geo::{Distance, Haversine, Point};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use terril::catalogue::generate::towns;
use terril::catalogue::taxonomy::Taxonomy;
use terril::db::listings::Listing;
use terril::domain::{ListingId, PostStatus};

use crate::helpers::{bricks_in_lens, post_listing, spawn_app, spawn_app_with_data, TestApp};

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

fn key(id: &str) -> u128 {
    uuid::Uuid::parse_str(id).unwrap().as_u128()
}

/// Every page of a search, concatenated.
async fn all_pages(app: &TestApp, query: &str) -> Vec<(String, f64)> {
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/listings?{query}&limit=37&cursor={c}"),
            None => format!("/api/v1/listings?{query}&limit=37"),
        };
        let page: Value = app.get_json(&path, None).await;
        for item in page["items"].as_array().unwrap() {
            found.push((
                item["id"].as_str().unwrap().to_owned(),
                item["distance_km"].as_f64().unwrap(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return found,
        }
    }
}

#[tokio::test]
async fn searches_match_a_brute_force_scan_exactly() {
    let app = spawn_app_with_data(3000, 0, 7).await;
    let rows: Vec<Listing> = {
        let mut conn = app.db.get().unwrap();
        terril::db::schema::listings::table
            .load(&mut *conn)
            .unwrap()
    };
    let taxonomy = Taxonomy::load().unwrap();
    let today = chrono::Utc::now().date_naive();
    let towns = towns();
    let classes = [
        "construction",
        "construction.masonry",
        "construction.timber.beams",
        "textiles",
        "sediments",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(99);
    for round in 0..24 {
        let town = &towns[rng.random_range(0..towns.len())];
        let centre = (
            town.latitude + rng.random_range(-0.2..0.2),
            town.longitude + rng.random_range(-0.2..0.2),
        );
        let radius = [2.0, 10.0, 25.0, 50.0, 120.0][round % 5];
        let class = (round % 3 != 0).then(|| classes[round % classes.len()]);
        let mut expected: Vec<(f64, u128, ListingId)> = rows
            .iter()
            .filter(|l| {
                l.status == PostStatus::Published && l.available_until.is_none_or(|u| u >= today)
            })
            .filter(|l| {
                class.is_none_or(|c| {
                    let id = taxonomy.id_of(&l.material_code).unwrap();
                    taxonomy.is_within(id, taxonomy.id_of(c).unwrap())
                })
            })
            .map(|l| {
                (
                    km(centre, (l.latitude, l.longitude)),
                    key(&l.id),
                    l.id.clone(),
                )
            })
            .filter(|(d, _, _)| *d <= radius)
            .collect();
        expected.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
        let mut query = format!("lat={}&lon={}&radius_km={radius}", centre.0, centre.1);
        if let Some(class) = class {
            query.push_str(&format!("&material={class}"));
        }
        let found = all_pages(&app, &query).await;
        let expected_ids: Vec<&str> = expected.iter().map(|e| e.2.as_str()).collect();
        let found_ids: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(found_ids, expected_ids, "round {round}: {query}");
        for ((_, d), (e, _, _)) in found.iter().zip(&expected) {
            assert!((d - e).abs() < 0.001, "distances agree to the metre");
        }
    }
}

#[tokio::test]
async fn a_page_boundary_does_not_move_when_posts_are_added() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("pager@example.fr", "Pager").await;
    let mut ids = Vec::new();
    for step in 0..5 {
        let mut body = bricks_in_lens();
        body["location"]["latitude"] = json!(50.4320 + 0.01 * f64::from(step));
        ids.push(
            post_listing(&app, &owner, &body, true).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let first: Value = app
        .get_json(
            "/api/v1/listings?lat=50.432&lon=2.833&radius_km=20&limit=2",
            None,
        )
        .await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    // A new listing nearer than everything: it belongs to page one, which is already read.
    post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let mut rest = Vec::new();
    let mut next = Some(cursor);
    while let Some(cursor) = next {
        let page: Value = app
            .get_json(
                &format!(
                    "/api/v1/listings?lat=50.432&lon=2.833&radius_km=20&limit=2&cursor={cursor}"
                ),
                None,
            )
            .await;
        rest.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned()),
        );
        next = page["next_cursor"].as_str().map(String::from);
    }
    let first_ids: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        [first_ids, rest].concat(),
        ids,
        "no listing skipped or repeated"
    );
}

#[tokio::test]
async fn geojson_is_a_feature_collection_of_points() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("map@example.fr", "Map").await;
    post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let request = app
        .client
        .get(app.url("/api/v1/listings?bbox=2.5,50.2,3.2,50.8"))
        .header("accept", "application/geo+json");
    let response = app.send("GET", "/api/v1/listings", request, None).await;
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let collection: Value = response.json().await.unwrap();
    assert_eq!(collection["type"], "FeatureCollection");
    let feature = &collection["features"][0];
    assert_eq!(feature["geometry"]["type"], "Point");
    assert_eq!(feature["geometry"]["coordinates"], json!([2.833, 50.432]));
    assert_eq!(
        feature["properties"]["material"]["code"],
        "construction.masonry.bricks"
    );
    // Outside the box, nothing.
    let outside: Value = app
        .get_json("/api/v1/listings?bbox=2.9,50.2,3.2,50.8", None)
        .await;
    assert!(outside["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn search_parameters_are_checked() {
    let app = spawn_app().await;
    let long_words = format!("q={}", "a".repeat(201));
    for query in [
        long_words.as_str(),
        "lat=91&lon=2",
        "lat=50&lon=2&radius_km=0",
        "lat=50",
        "material=nothing",
        "bbox=1,2,3",
        "limit=500",
        "sort=distance",
        "cursor=zzz",
    ] {
        let response = app.get(&format!("/api/v1/listings?{query}"), None).await;
        assert_eq!(response.status(), 422, "{query}");
    }
}

#[tokio::test]
async fn another_instance_finds_a_new_post_within_a_second() {
    let app = spawn_app().await;
    let other_instance = app.sibling().await;
    let owner = app.signed_up_user("multi@example.fr", "Multi").await;
    let posted = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let started = Instant::now();
    loop {
        let page: Value = other_instance
            .get_json("/api/v1/listings?lat=50.43&lon=2.83&radius_km=5", None)
            .await;
        if page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == posted["id"])
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not seen by the other instance within a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_older_copy_of_a_post_never_replaces_a_newer_one() {
    // A poll may read a row just before this instance changes it, and apply it after.
    let app = spawn_app().await;
    let owner = app.signed_up_user("race@example.fr", "Race").await;
    let posted = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let id = posted["id"].as_str().unwrap().to_owned();
    let withdraw = format!("/api/v1/listings/{id}/withdraw");
    assert_eq!(
        app.post(&withdraw, &json!({}), Some(&owner.access_token))
            .await
            .status(),
        200
    );
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let catalogue = terril::catalogue::Catalogue::load(&db).unwrap();
        let withdrawn = Listing::find(&mut db.get().unwrap(), &ListingId::parse(&id).unwrap())
            .unwrap()
            .unwrap();
        let mut stale = withdrawn.clone();
        stale.status = PostStatus::Published;
        stale.updated_at = withdrawn.created_at;
        catalogue.apply_listing(&withdrawn);
        catalogue.apply_listing(&stale);
        assert!(
            catalogue.listings.get(key(&id)).is_none(),
            "the stale published copy came back"
        );
        let mut republished = withdrawn.clone();
        republished.status = PostStatus::Published;
        republished.updated_at = withdrawn.updated_at + chrono::Duration::seconds(1);
        catalogue.apply_listing(&republished);
        assert!(
            catalogue.listings.get(key(&id)).is_some(),
            "a newer version applies"
        );
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn updated_since_gives_the_posts_changed_since() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("since@example.fr", "Since").await;
    let first = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let between = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let second = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    let since = |at: &str| {
        let path = format!(
            "/api/v1/listings?lat=50.43&lon=2.83&radius_km=10&updated_since={}",
            at.replace('+', "%2B")
        );
        let app = &app;
        async move {
            let page: Value = app.get_json(&path, None).await;
            let ids: Vec<String> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect();
            ids
        }
    };
    assert_eq!(since(&between).await, [second["id"].as_str().unwrap()]);
    // An edit makes the first one changed too.
    let path = format!("/api/v1/listings/{}", first["id"].as_str().unwrap());
    let edited = app
        .put(&path, &bricks_in_lens(), Some(&owner.access_token))
        .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(since(&between).await.len(), 2);
    let refused = app
        .get("/api/v1/listings?updated_since=yesterday", None)
        .await;
    assert_eq!(refused.status(), 422);
}

/// GeoJSON geometry is rounded to 6 decimals like the JSON and `properties.location`, and
/// both forms, served at one URL, say they vary with `Accept` (and the language).
#[tokio::test]
async fn geojson_rounds_like_the_json_and_answers_vary_on_accept() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("map@example.fr", "Map").await;
    let mut listing = bricks_in_lens();
    listing["location"]["latitude"] = json!(50.432_123_456_789_01);
    listing["location"]["longitude"] = json!(2.833_987_654_321_09);
    post_listing(&app, &owner, &listing, true).await;
    let path = "/api/v1/listings?bbox=2.5,50.2,3.2,50.8";
    let request = app
        .client
        .get(app.url(path))
        .header("accept", "application/geo+json");
    let geojson = app.send("GET", "/api/v1/listings", request, None).await;
    let vary = geojson.headers()["vary"].to_str().unwrap().to_owned();
    assert!(
        vary.contains("Accept,") && vary.contains("Accept-Language"),
        "{vary}"
    );
    let collection: Value = geojson.json().await.unwrap();
    let feature = &collection["features"][0];
    assert_eq!(
        feature["geometry"]["coordinates"],
        json!([2.833988, 50.432123])
    );
    let location = &feature["properties"]["location"];
    assert_eq!(
        feature["geometry"]["coordinates"],
        json!([location["longitude"], location["latitude"]])
    );
    let json = app.get(path, None).await;
    let vary = json.headers()["vary"].to_str().unwrap().to_owned();
    assert!(
        vary.contains("Accept,") && vary.contains("Accept-Language"),
        "{vary}"
    );
    let page: Value = json.json().await.unwrap();
    assert_eq!(page["items"][0]["location"], *location);
    // Wanted requests are searched the same way.
    let wanted = app.get("/api/v1/wanted", None).await;
    assert_eq!(wanted.status(), 200);
    assert!(wanted.headers()["vary"]
        .to_str()
        .unwrap()
        .contains("Accept,"));
}
