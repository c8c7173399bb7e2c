//! Reference data, listings and wanted requests: validation, life cycle, ownership.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, error_fields, post_listing,
    post_wanted, search_ids, spawn_app, ListingBody, Location, TestApp, TestUser,
};

#[tokio::test]
async fn the_taxonomy_is_served_in_both_languages_with_an_etag() {
    let app = spawn_app().await;
    let fr = app.get("/api/v1/materials", None).await;
    assert_eq!(fr.status(), 200);
    let etag = fr.headers()["etag"].to_str().unwrap().to_owned();
    let fr: Value = fr.json().await.unwrap();
    let roots: Vec<&str> = fr["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(roots, ["construction", "textiles", "sediments"]);
    assert_eq!(fr["items"][0]["name"], "Construction et démolition");
    let en: Value = app.get_json("/api/v1/materials?lang=en", None).await;
    assert_eq!(en["items"][0]["name"], "Construction and demolition");

    let request = app
        .client
        .get(app.url("/api/v1/materials"))
        .header("if-none-match", &etag);
    let cached = app.send("GET", "/api/v1/materials", request, None).await;
    assert_eq!(cached.status(), 304);

    let bricks: Value = app
        .get_json("/api/v1/materials/construction.masonry.bricks", None)
        .await;
    assert_eq!(bricks["parent"], "construction.masonry");
    assert!(bricks["units"]
        .as_array()
        .unwrap()
        .contains(&json!("piece")));
    assert!(bricks["embodied_kgco2e_per_t"].as_f64().unwrap() > 0.0);
    assert_problem(
        app.get("/api/v1/materials/construction.nothing", None)
            .await,
        404,
        "not_found",
    )
    .await;

    let codes: Value = app.get_json("/api/v1/waste-codes", None).await;
    let spoil = codes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "17 05 05")
        .unwrap();
    assert_eq!(spoil["hazardous"], true);
}

/// The field errors of a refused listing, as (field, code).
async fn refused_fields(app: &TestApp, user: &TestUser, body: &Value) -> Vec<(String, String)> {
    let response = app
        .post("/api/v1/listings", body, Some(&user.access_token))
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_waste_code_without_is_waste_and_a_family_as_class_are_field_errors() {
    let app = spawn_app().await;
    let user = app.signed_up_user("holder@example.fr", "Holder").await;
    let mut coded = bricks_in_lens();
    coded["waste_code"] = json!("17 01 02");
    let fields = refused_fields(&app, &user, &coded).await;
    assert_eq!(fields, [("waste_code".to_owned(), "not_waste".to_owned())]);

    let mut family = bricks_in_lens();
    family["material"] = json!("construction");
    family["unit"] = json!("t");
    let fields = refused_fields(&app, &user, &family).await;
    assert_eq!(fields, [("material".to_owned(), "too_general".to_owned())]);

    coded["is_waste"] = json!(true);
    let stored = post_listing(&app, &user, &coded, false).await;
    assert_eq!(stored["waste_code"], "17 01 02");
}

#[tokio::test]
async fn nonsense_listings_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let user = app.signed_up_user("holder@example.fr", "Holder").await;
    let mut body = bricks_in_lens();
    body["quantity"] = json!(-5);
    body["unit"] = json!("m");
    body["location"]["latitude"] = json!(95.0);
    body["available_until"] = json!("2025-01-01");
    body["is_waste"] = json!(true);
    let response = app
        .post(
            "/api/v1/listings?publish=true",
            &body,
            Some(&user.access_token),
        )
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    let fields = error_fields(&problem);
    for field in [
        "quantity",
        "unit",
        "location.latitude",
        "available_until",
        "waste_code",
    ] {
        assert!(fields.contains(&field), "{field} missing in {fields:?}");
    }
    let mut unknown = bricks_in_lens();
    unknown["waste_code"] = json!("99 99 99");
    unknown["material"] = json!("construction.unobtainium");
    let problem = assert_problem(
        app.post("/api/v1/listings", &unknown, Some(&user.access_token))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
    assert!(search_ids(&app, "lat=50.43&lon=2.83&radius_km=100")
        .await
        .is_empty());
    let mut conn = app.db.get().unwrap();
    use diesel::prelude::*;
    let stored: i64 = terril::db::schema::listings::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn a_hazardous_code_marks_the_listing_hazardous_and_mass_needs_a_cited_density() {
    let app = spawn_app().await;
    let user = app.signed_up_user("sediment@example.fr", "Port").await;
    let port = Location::new(51.0344, 2.3768, "Port de Dunkerque");
    let body = ListingBody::new(
        "Sédiments de dragage",
        "sediments.marine_dredged",
        1000,
        "m3",
        port,
    )
    .condition("recycling_only")
    .with("is_waste", true)
    .with("waste_code", "17 05 05*");
    let listing = post_listing(&app, &user, &body, true).await;
    assert_eq!(listing["hazardous"], true);
    assert_eq!(listing["waste_code"], "17 05 05");
    assert!(
        listing["mass_t"].is_null(),
        "no published density for dredged sediment: no mass from m3"
    );
    let loos = Location::new(50.4573, 2.7952, "Loos-en-Gohelle");
    let soil = ListingBody::new(
        "Terre végétale",
        "sediments.excavated_soil.topsoil",
        1000,
        "m3",
        loos,
    );
    let listing = post_listing(&app, &user, &soil, true).await;
    assert_eq!(
        listing["mass_t"], 950.0,
        "m3 converted with the class's cited density (0.95 t/m3, loose)"
    );
}

#[tokio::test]
async fn the_life_cycle_draft_publish_edit_withdraw() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("cycle@example.fr", "Cycle").await;
    let other = app.signed_up_user("other@example.fr", "Other").await;
    let draft = post_listing(&app, &owner, &bricks_in_lens(), false).await;
    let id = draft["id"].as_str().unwrap();
    assert_eq!(draft["status"], "draft");
    let near_lens = "lat=50.43&lon=2.83&radius_km=10";
    assert!(
        search_ids(&app, near_lens).await.is_empty(),
        "drafts are not public"
    );
    assert_problem(
        app.get(&format!("/api/v1/listings/{id}"), Some(&other.access_token))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.get(&format!("/api/v1/listings/{id}"), None).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/listings/{id}"), Some(&owner.access_token))
            .await
            .status(),
        200
    );

    let publish = format!("/api/v1/listings/{id}/publish");
    assert_problem(
        app.post(&publish, &json!({}), Some(&other.access_token))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.post(&publish, &json!({}), Some(&owner.access_token))
            .await
            .status(),
        200
    );
    assert_eq!(search_ids(&app, near_lens).await, [id]);
    let public: Value = app.get_json(&format!("/api/v1/listings/{id}"), None).await;
    assert!(public["description"].is_string());
    assert!(public.get("created_by").is_none());

    // Moving it to Lille moves it in searches at once.
    let mut moved = bricks_in_lens();
    moved["location"] = json!({ "latitude": 50.6292, "longitude": 3.0573, "address": "Lille" });
    let path = format!("/api/v1/listings/{id}");
    assert_problem(
        app.put(&path, &moved, Some(&other.access_token)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.put(&path, &moved, Some(&owner.access_token))
            .await
            .status(),
        200
    );
    assert!(search_ids(&app, near_lens).await.is_empty());
    assert_eq!(
        search_ids(&app, "lat=50.63&lon=3.06&radius_km=5").await,
        [id]
    );

    let withdraw = format!("/api/v1/listings/{id}/withdraw");
    assert_eq!(
        app.post(&withdraw, &json!({}), Some(&owner.access_token))
            .await
            .status(),
        200
    );
    assert!(search_ids(&app, "lat=50.63&lon=3.06&radius_km=5")
        .await
        .is_empty());
    assert_problem(
        app.post(&withdraw, &json!({}), Some(&owner.access_token))
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.put(&path, &moved, Some(&owner.access_token)).await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn a_closed_window_hides_a_listing_even_before_the_expiry_job() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("closed@example.fr", "Closed").await;
    let mut body = bricks_in_lens();
    body["available_from"] = json!("2020-01-01");
    body["available_until"] = json!("2020-12-31");
    // Published at once or later, a closed window is refused the same way.
    let path = "/api/v1/listings?publish=true";
    let refused = app.post(path, &body, Some(&owner.access_token)).await;
    assert_problem(refused, 409, "window_closed").await;
    let draft = post_listing(&app, &owner, &body, false).await;
    let path = format!("/api/v1/listings/{}/publish", draft["id"].as_str().unwrap());
    let refused = app.post(&path, &json!({}), Some(&owner.access_token)).await;
    assert_problem(refused, 409, "window_closed").await;

    // A window that closes while the listing is published: the row says so before the
    // expiry job has run, and an index loaded from it does not show the listing.
    let published = post_listing(&app, &owner, &bricks_in_lens(), true).await;
    {
        use diesel::prelude::*;
        use terril::db::schema::listings;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        let mut conn = app.db.get().unwrap();
        diesel::update(listings::table.find(published["id"].as_str().unwrap()))
            .set(listings::available_until.eq(yesterday))
            .execute(&mut *conn)
            .unwrap();
    }
    let fresh = app.sibling().await;
    assert!(search_ids(&fresh, "lat=50.43&lon=2.83&radius_km=10")
        .await
        .is_empty());
}

#[tokio::test]
async fn wanted_requests_have_the_same_life_cycle_and_search() {
    let app = spawn_app().await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    let wanted = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    let id = wanted["id"].as_str().unwrap();
    let found: Value = app
        .get_json(
            "/api/v1/wanted?lat=50.43&lon=2.83&radius_km=40&material=construction",
            None,
        )
        .await;
    assert_eq!(found["items"][0]["id"], id);
    let distance = found["items"][0]["distance_km"].as_f64().unwrap();
    assert!(
        (25.0..30.0).contains(&distance),
        "Lens to Lille is about 27 km, got {distance}"
    );
    let textiles: Value = app
        .get_json(
            "/api/v1/wanted?lat=50.43&lon=2.83&radius_km=40&material=textiles",
            None,
        )
        .await;
    assert!(textiles["items"].as_array().unwrap().is_empty());

    let mut bad = bricks_wanted_in_lille();
    bad["accepts_hazardous"] = json!(true);
    bad["max_distance_km"] = json!(0);
    let problem = assert_problem(
        app.post("/api/v1/wanted", &bad, Some(&taker.access_token))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);

    let withdraw = format!("/api/v1/wanted/{id}/withdraw");
    assert_eq!(
        app.post(&withdraw, &json!({}), Some(&taker.access_token))
            .await
            .status(),
        200
    );
    let after: Value = app
        .get_json("/api/v1/wanted?lat=50.43&lon=2.83&radius_km=40", None)
        .await;
    assert!(after["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_api_key_with_write_scope_posts_for_its_organisation() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("integrator@example.fr", "ERP").await;
    let key: Value = app
        .create_api_key(&owner.access_token, "erp", &["read", "write"])
        .await
        .json()
        .await
        .unwrap();
    let mut body = bricks_in_lens();
    body["external_ref"] = json!("ERP-0001");
    let created = app
        .post(
            "/api/v1/listings?publish=true",
            &body,
            key["secret"].as_str(),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["organisation_id"], owner.organisation_id.as_str());
    assert_eq!(created["external_ref"], "ERP-0001");
    // The same external reference twice is a conflict, not a duplicate.
    assert_problem(
        app.post("/api/v1/listings", &body, key["secret"].as_str())
            .await,
        409,
        "duplicate_external_ref",
    )
    .await;
}
