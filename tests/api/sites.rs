//! /api/v1/sites: an organisation's address book, and posts placed at one of its sites.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, error_fields, spawn_app, TestApp,
    TestUser,
};

fn depot() -> Value {
    json!({
        "name": "Dépôt de Loos",
        "address": "Base 11/19, rue Léon Blum",
        "insee_code": "62528",
        "access_notes": "Portail bleu, ouvert de 8 h à 16 h",
        "contact_phone": "+33 3.21.00.00.00",
    })
}

async fn create_site(app: &TestApp, user: &TestUser, body: &Value) -> Value {
    let created = app
        .post("/api/v1/sites", body, Some(&user.access_token))
        .await;
    assert_eq!(created.status(), 201);
    assert!(created.headers().contains_key("etag"));
    created.json().await.unwrap()
}

#[tokio::test]
async fn a_site_is_created_placed_at_its_commune_listed_replaced_and_deleted() {
    let app = spawn_app().await;
    let user = app
        .signed_up_user("sites@example.fr", "Démolition Loos")
        .await;
    let token = Some(user.access_token.as_str());

    let site = create_site(&app, &user, &depot()).await;
    assert_eq!(site["name"], "Dépôt de Loos");
    assert_eq!(site["commune"], "Loos-en-Gohelle");
    let latitude = site["latitude"].as_f64().unwrap();
    assert!((latitude - 50.457).abs() < 0.01, "the commune's position");
    let path = format!("/api/v1/sites/{}", site["id"].as_str().unwrap());

    let list: Value = app.get_json("/api/v1/sites", token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let read = app.get(&path, token).await;
    assert_eq!(read.status(), 200);
    let version = read.headers()["etag"].to_str().unwrap().to_owned();

    let mut moved = depot();
    moved["latitude"] = 50.46.into();
    moved["longitude"] = 2.80.into();
    moved["contact_phone"] = Value::Null;
    let request = app
        .client
        .put(app.url(&path))
        .json(&moved)
        .header("If-Match", &version);
    let replaced = app.send("PUT", &path, request, token).await;
    assert_eq!(replaced.status(), 200);
    let replaced: Value = replaced.json().await.unwrap();
    assert_eq!(replaced["latitude"], 50.46);
    assert_eq!(replaced["contact_phone"], Value::Null);

    let request = app
        .client
        .put(app.url(&path))
        .json(&depot())
        .header("If-Match", &version);
    let stale = app.send("PUT", &path, request, token).await;
    assert_problem(stale, 412, "precondition_failed").await;

    assert_eq!(app.delete(&path, token).await.status(), 204);
    assert_eq!(app.get(&path, token).await.status(), 404);
    assert_eq!(app.delete(&path, token).await.status(), 404);
}

#[tokio::test]
async fn a_site_with_an_unknown_commune_a_bad_phone_or_half_a_position_is_refused() {
    let app = spawn_app().await;
    let user = app
        .signed_up_user("sites@example.fr", "Démolition Loos")
        .await;
    let mut body = depot();
    body["insee_code"] = "00000".into();
    body["contact_phone"] = "appelez-moi".into();
    body["latitude"] = 50.4.into();
    let refused = app
        .post("/api/v1/sites", &body, Some(&user.access_token))
        .await;
    let problem = assert_problem(refused, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        ["contact_phone", "insee_code", "longitude"]
    );
    let list: Value = app
        .get_json("/api/v1/sites", Some(&user.access_token))
        .await;
    assert!(list["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn another_organisations_site_is_not_there() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("sites@example.fr", "Démolition Loos")
        .await;
    let other = app.signed_up_user("other@example.fr", "Ailleurs").await;
    let site = create_site(&app, &owner, &depot()).await;
    let path = format!("/api/v1/sites/{}", site["id"].as_str().unwrap());
    let token = Some(other.access_token.as_str());
    assert_eq!(app.get(&path, token).await.status(), 404);
    assert_eq!(app.put(&path, &depot(), token).await.status(), 404);
    assert_eq!(app.delete(&path, token).await.status(), 404);
    let list: Value = app.get_json("/api/v1/sites", token).await;
    assert!(list["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get("/api/v1/sites", None).await.status(), 401);
}

#[tokio::test]
async fn a_post_naming_a_site_takes_its_place_and_keeps_it_when_the_site_goes() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("sites@example.fr", "Démolition Loos")
        .await;
    let token = Some(owner.access_token.as_str());
    let site = create_site(&app, &owner, &depot()).await;
    let site_id = site["id"].as_str().unwrap();

    let mut listing = bricks_in_lens();
    listing.as_object_mut().unwrap().remove("location");
    listing["site_id"] = site_id.into();
    let created = app.post("/api/v1/listings", &listing, token).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["site_id"], site_id);
    assert_eq!(created["location"]["insee_code"], "62528");
    assert_eq!(
        created["location"]["address"],
        "Base 11/19, rue Léon Blum, Loos-en-Gohelle"
    );
    assert_eq!(created["location"]["latitude"], site["latitude"]);

    // A location given wins over the site's; the site is still named.
    let mut wanted = bricks_wanted_in_lille();
    wanted["site_id"] = site_id.into();
    let need = app.post("/api/v1/wanted", &wanted, token).await;
    assert_eq!(need.status(), 201);
    let need: Value = need.json().await.unwrap();
    assert_eq!(need["site_id"], site_id);
    let own = bricks_wanted_in_lille()["location"].clone();
    assert_eq!(need["location"]["latitude"], own["latitude"]);
    assert_eq!(need["location"]["address"], own["address"]);

    let site_path = format!("/api/v1/sites/{site_id}");
    assert_eq!(app.delete(&site_path, token).await.status(), 204);
    let path = format!("/api/v1/listings/{}", created["id"].as_str().unwrap());
    let kept: Value = app.get_json(&path, token).await;
    assert!(kept.get("site_id").is_none(), "{kept}");
    assert_eq!(kept["location"], created["location"]);
}

#[tokio::test]
async fn a_post_naming_another_organisations_site_or_no_place_is_refused() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("sites@example.fr", "Démolition Loos")
        .await;
    let other = app.signed_up_user("other@example.fr", "Ailleurs").await;
    let site = create_site(&app, &owner, &depot()).await;
    let mut listing = bricks_in_lens();
    listing.as_object_mut().unwrap().remove("location");
    listing["site_id"] = site["id"].clone();
    listing["title"] = "".into();
    let refused = app
        .post("/api/v1/listings", &listing, Some(&other.access_token))
        .await;
    let problem = assert_problem(refused, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        ["site_id", "title"],
        "every error at once, and no second one for the missing location"
    );

    listing.as_object_mut().unwrap().remove("site_id");
    listing["title"] = "Briques".into();
    let refused = app
        .post("/api/v1/listings", &listing, Some(&other.access_token))
        .await;
    let problem = assert_problem(refused, 422, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["location"]);
}
