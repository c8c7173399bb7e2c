//! Webhook endpoints: managed by owners and admins, secrets shown once and rotated, and no
//! target that is not a public address.
use serde_json::{json, Value};
use terril::configuration::Environment;

use crate::helpers::{assert_problem, spawn_app, spawn_app_with, TestApp, TestUser};

const ENDPOINTS: &str = "/api/v1/webhook-endpoints";

fn endpoint(url: &str) -> Value {
    json!({ "url": url, "event_types": ["listing.*", "reservation.confirmed"],
            "description": "ERP" })
}

async fn create(app: &TestApp, user: &TestUser, body: &Value) -> crate::helpers::ApiResponse {
    app.post(ENDPOINTS, body, Some(&user.access_token)).await
}

#[tokio::test]
async fn an_endpoint_is_created_listed_rotated_and_deleted_and_its_secret_shown_twice() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("hooks@example.fr", "Hooks").await;
    let token = Some(owner.access_token.as_str());
    let created = create(&app, &owner, &endpoint("https://hooks.example.org/terril")).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(
        created["endpoint"]["event_types"],
        json!(["listing.*", "reservation.confirmed"])
    );
    let id = created["endpoint"]["id"].as_str().unwrap().to_owned();

    let listed = app.get(ENDPOINTS, token).await.text().await.unwrap();
    assert!(
        listed.contains(&id) && !listed.contains(&secret),
        "the secret is never listed"
    );

    let path = format!("{ENDPOINTS}/{id}/rotate-secret");
    let rotated: Value = app
        .post(&path, &json!({}), token)
        .await
        .json()
        .await
        .unwrap();
    let newer = rotated["secret"].as_str().unwrap();
    assert!(newer.starts_with("whsec_") && newer != secret);
    assert!(rotated["endpoint"]["previous_secret_expires_at"].is_string());

    let gone = app.delete(&format!("{ENDPOINTS}/{id}"), token).await;
    assert_eq!(gone.status(), 204);
    let again = app.delete(&format!("{ENDPOINTS}/{id}"), token).await;
    assert_problem(again, 404, "not_found").await;
}

#[tokio::test]
async fn targets_that_are_not_public_addresses_are_refused() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("ssrf@example.fr", "Ssrf").await;
    for url in [
        "http://127.0.0.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "ftp://hooks.example.org/",
        "https://user:pass@hooks.example.org/",
    ] {
        let problem = assert_problem(
            create(&app, &owner, &endpoint(url)).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], "url", "{url}");
    }
    let mut unknown = endpoint("https://hooks.example.org/");
    unknown["event_types"] = json!(["listing.sold"]);
    let problem = assert_problem(
        create(&app, &owner, &unknown).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "event_types.0");
}

#[tokio::test]
async fn production_sends_over_https_only_and_named_private_hosts_may_be_allowed() {
    let app = spawn_app_with(|s| {
        s.env = Environment::Production;
        s.webhooks.allowed_private_hosts = vec!["127.0.0.1".into()];
        s.quotas.webhook_endpoints = 1;
    })
    .await;
    let owner = app.signed_up_user("prod@example.fr", "Prod").await;
    let plain = create(&app, &owner, &endpoint("http://hooks.example.org/")).await;
    assert_problem(plain, 422, "validation_failed").await;
    let allowed = create(&app, &owner, &endpoint("https://127.0.0.1:9443/hook")).await;
    assert_eq!(allowed.status(), 201);
    let over = create(&app, &owner, &endpoint("https://hooks.example.org/")).await;
    let problem = assert_problem(over, 409, "quota_exceeded").await;
    assert_eq!(problem["limit"], 1);
}

#[tokio::test]
async fn only_owners_and_admins_manage_endpoints_of_their_own_organisation() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("mine@example.fr", "Mine").await;
    let other = app.signed_up_user("theirs@example.fr", "Theirs").await;
    let created: Value = create(&app, &owner, &endpoint("https://hooks.example.org/"))
        .await
        .json()
        .await
        .unwrap();
    let id = created["endpoint"]["id"].as_str().unwrap();
    let theirs = app
        .delete(&format!("{ENDPOINTS}/{id}"), Some(&other.access_token))
        .await;
    assert_problem(theirs, 404, "not_found").await;
    let listed: Value = app
        .get(ENDPOINTS, Some(&other.access_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"], json!([]));
    let key: Value = app
        .post(
            "/api/v1/api-keys",
            &json!({ "name": "k", "scopes": ["read", "write"] }),
            Some(&owner.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let by_key = app
        .post(
            ENDPOINTS,
            &endpoint("https://hooks.example.org/"),
            key["secret"].as_str(),
        )
        .await;
    assert_problem(by_key, 403, "forbidden").await;
}
