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
    let rotated: Value = app.post_json(&path, &json!({}), token).await;
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
    let kept = create(&app, &owner, &endpoint("https://hooks.example.org/")).await;
    let kept: Value = kept.json().await.unwrap();
    let kept = format!("{ENDPOINTS}/{}", kept["endpoint"]["id"].as_str().unwrap());
    for url in [
        "http://127.0.0.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        // IPv4 in IPv6: mapped, compatible, NAT64 and SIIT's translated form, judged by the
        // IPv4 address they carry (the last one refused whatever it carries).
        "http://[::ffff:0:7f00:1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]:8080/hook",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[::ffff:10.0.0.5]/",
        "http://[::127.0.0.1]/",
        "http://[::a9fe:a9fe]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[64:ff9b::192.168.1.1]/",
        "http://[::ffff:0:8.8.8.8]/",
        "ftp://hooks.example.org/",
        "https://user:pass@hooks.example.org/",
        // Not RFC 3986 URIs (the spec's `format: uri`).
        "https://hooks.example.org/a b",
        "https://hooks.example.org/a|b",
        "https://bücher.example/",
    ] {
        let problem = assert_problem(
            create(&app, &owner, &endpoint(url)).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], "url", "{url}");
        let token = Some(owner.access_token.as_str());
        let patched = app.patch(&kept, &json!({ "url": url }), token).await;
        let problem = assert_problem(patched, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "url", "PATCH {url}");
    }
    for public in [
        "http://[::ffff:8.8.8.8]/hook",
        "https://[64:ff9b::808:808]/hook",
    ] {
        let created = create(&app, &owner, &endpoint(public)).await;
        assert_eq!(created.status(), 201, "{public} carries a public address");
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
    let listed: Value = app.get_json(ENDPOINTS, Some(&other.access_token)).await;
    assert_eq!(listed["items"], json!([]));
    let key: Value = app
        .create_api_key(&owner.access_token, "k", &["read", "write"])
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

/// The spec's event types are exactly those the server takes, by POST and by PATCH: every
/// type, every family and `*` (a pattern once left out `match.message_posted`).
#[tokio::test]
async fn the_spec_lists_every_event_type_the_server_takes_and_patch_follows_post() {
    use std::collections::BTreeSet;
    use terril::domain::EventKind;
    let spec: Value = serde_yaml::from_str(include_str!("../../api-spec/openapi.yaml")).unwrap();
    let schemas = &spec["components"]["schemas"];
    let listed: BTreeSet<String> = schemas["WebhookEventTypes"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut known: BTreeSet<String> = BTreeSet::from(["*".to_owned()]);
    for kind in EventKind::ALL {
        let kind = kind.as_str();
        known.insert(kind.to_owned());
        known.insert(format!("{}.*", kind.split('.').next().unwrap()));
    }
    assert_eq!(listed, known);
    let post = &schemas["WebhookEndpointInput"]["properties"];
    let patch = &schemas["WebhookEndpointPatch"]["properties"];
    for field in ["url", "event_types", "description"] {
        // PATCH takes what POST takes, or null (left as it is).
        let or_null = json!([post[field], { "type": "null" }]);
        assert_eq!(patch[field]["anyOf"], or_null, "PATCH {field}");
    }
    assert_eq!(schemas["WebhookTargetUrl"]["format"], "uri");

    let app = spawn_app().await;
    let owner = app.signed_up_user("types@example.fr", "Types").await;
    let token = Some(owner.access_token.as_str());
    let mut all = endpoint("https://hooks.example.org/");
    all["event_types"] = json!(listed);
    let created = create(&app, &owner, &all).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let path = format!(
        "{ENDPOINTS}/{}",
        created["endpoint"]["id"].as_str().unwrap()
    );
    let patched = app
        .patch(
            &path,
            &json!({ "event_types": ["match.message_posted"] }),
            token,
        )
        .await;
    assert_eq!(patched.status(), 200);
    let empty = app.patch(&path, &json!({ "event_types": [] }), token).await;
    let problem = assert_problem(empty, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "event_types");
}
