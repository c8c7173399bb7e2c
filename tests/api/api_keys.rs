use serde_json::{json, Value};

use crate::helpers::{api_key, assert_problem, spawn_app};

#[tokio::test]
async fn a_key_is_shown_once_and_listed_by_prefix_only() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("keys@example.fr", "Keys").await;
    let created = api_key(&app, &owner, "ERP sync", &["read", "write"]).await;
    let secret = created["secret"].as_str().unwrap();
    let prefix = created["api_key"]["prefix"].as_str().unwrap();
    assert!(secret.starts_with(prefix) && prefix.starts_with("trl_"));

    let list: Value = app
        .get_json("/api/v1/api-keys", Some(&owner.access_token))
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert!(
        !list.to_string().contains(secret),
        "the secret must never be listed"
    );
    assert_eq!(list["items"][0]["last_used_at"], Value::Null);

    let me: Value = app.get_json("/api/v1/me", Some(secret)).await;
    assert_eq!(me["auth"], "api_key");
    assert_eq!(me["organisation"]["id"], owner.organisation_id.as_str());
    let list: Value = app
        .get_json("/api/v1/api-keys", Some(&owner.access_token))
        .await;
    assert_ne!(
        list["items"][0]["last_used_at"],
        Value::Null,
        "use is recorded"
    );
}

#[tokio::test]
async fn scopes_are_enforced() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("scopes@example.fr", "Scopes").await;
    let read_only = api_key(&app, &owner, "ERP sync", &["read"]).await;
    let read_only = read_only["secret"].as_str().unwrap();
    let write_only = api_key(&app, &owner, "ERP sync", &["write"]).await;
    let write_only = write_only["secret"].as_str().unwrap();

    assert_eq!(app.get("/api/v1/me", Some(read_only)).await.status(), 200);
    let request = app
        .client
        .get(app.url("/api/v1/me"))
        .header("X-API-Key", read_only);
    let via_header = app.send("GET", "/api/v1/me", request, None).await;
    assert_eq!(via_header.status(), 200);
    assert_problem(
        app.get("/api/v1/me", Some(write_only)).await,
        403,
        "forbidden",
    )
    .await;
    // A write with a read-only key is refused on scope.
    let invite = json!({ "email": "new@example.fr", "role": "member" });
    let path = format!(
        "/api/v1/organisations/{}/invitations",
        owner.organisation_id
    );
    assert_problem(
        app.post(&path, &invite, Some(read_only)).await,
        403,
        "forbidden",
    )
    .await;
    // Keys do not manage keys, whatever their scopes.
    let both = api_key(&app, &owner, "ERP sync", &["read", "write"]).await;
    let both = both["secret"].as_str().unwrap();
    assert_problem(
        app.get("/api/v1/api-keys", Some(both)).await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_revoked_key_stops_working() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("revoke@example.fr", "Revoke").await;
    let created = api_key(&app, &owner, "ERP sync", &["read"]).await;
    let secret = created["secret"].as_str().unwrap();
    let id = created["api_key"]["id"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/me", Some(secret)).await.status(), 200);

    let revoked = app
        .delete(&format!("/api/v1/api-keys/{id}"), Some(&owner.access_token))
        .await;
    assert_eq!(revoked.status(), 204);
    assert_problem(
        app.get("/api/v1/me", Some(secret)).await,
        401,
        "unauthenticated",
    )
    .await;
    let list: Value = app
        .get_json("/api/v1/api-keys", Some(&owner.access_token))
        .await;
    assert_ne!(list["items"][0]["revoked_at"], Value::Null);
}

#[tokio::test]
async fn invalid_scopes_are_refused() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("badscope@example.fr", "Bad").await;
    for scopes in [&[][..], &["admin"]] {
        let response = app.create_api_key(&owner.access_token, "x", scopes).await;
        assert_problem(response, 422, "validation_failed").await;
    }
}
