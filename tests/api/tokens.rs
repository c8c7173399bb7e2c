//! Access tokens that must be refused: expired, tampered, wrong audience, `alg: none`.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, TestUser, JWT_SECRET};

fn claims(user: &TestUser) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "iss": "terril", "aud": "terril-api", "sub": user.user_id, "org": user.organisation_id,
        "role": "owner", "iat": now, "nbf": now, "exp": now + 600, "jti": "test"
    })
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::default(),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn a_token_signed_like_the_server_is_accepted() {
    // The control case: the rejections below are not a broken test setup.
    let app = spawn_app().await;
    let user = app.signed_up_user("control@example.fr", "Control").await;
    let token = sign(&claims(&user), JWT_SECRET);
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 200);
}

#[tokio::test]
async fn expired_wrong_audience_wrong_issuer_and_wrong_key_are_refused() {
    let app = spawn_app().await;
    let user = app.signed_up_user("jwt@example.fr", "Jwt").await;
    let now = chrono::Utc::now().timestamp();
    let mut expired = claims(&user);
    expired["exp"] = json!(now - 3600);
    let mut not_yet = claims(&user);
    not_yet["nbf"] = json!(now + 3600);
    let mut audience = claims(&user);
    audience["aud"] = json!("another-service");
    let mut issuer = claims(&user);
    issuer["iss"] = json!("someone-else");
    let cases = [
        ("expired", sign(&expired, JWT_SECRET)),
        ("not yet valid", sign(&not_yet, JWT_SECRET)),
        ("wrong audience", sign(&audience, JWT_SECRET)),
        ("wrong issuer", sign(&issuer, JWT_SECRET)),
        (
            "wrong key",
            sign(&claims(&user), "another-secret-another-secret-another"),
        ),
    ];
    for (case, token) in cases {
        let response = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(response.status(), 401, "{case}");
    }
}

#[tokio::test]
async fn a_tampered_token_is_refused() {
    let app = spawn_app().await;
    let user = app.signed_up_user("tamper@example.fr", "Tamper").await;
    let other = app.signed_up_user("victim@example.fr", "Victim").await;
    let parts: Vec<&str> = user.access_token.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["org"] = json!(other.organisation_id);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );
    assert_problem(
        app.get("/api/v1/me", Some(&forged)).await,
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn alg_none_is_refused() {
    let app = spawn_app().await;
    let user = app.signed_up_user("none@example.fr", "None").await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(&user).to_string());
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        assert_problem(
            app.get("/api/v1/me", Some(&token)).await,
            401,
            "unauthenticated",
        )
        .await;
    }
}

#[tokio::test]
async fn no_token_or_garbage_is_refused() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/me", None).await, 401, "unauthenticated").await;
    assert_problem(
        app.get("/api/v1/me", Some("garbage")).await,
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_well_signed_token_naming_no_user_of_its_organisation_is_refused() {
    let app = spawn_app().await;
    let user = app.signed_up_user("ghost@example.fr", "Ghost").await;
    let other = app.signed_up_user("other@example.fr", "Other").await;
    let mut ghost = claims(&user);
    ghost["sub"] = json!("0192f3a4-5b6c-7d8e-9f00-112233445566");
    let mut moved = claims(&user);
    moved["org"] = json!(other.organisation_id);
    let mut not_an_id = claims(&user);
    not_an_id["sub"] = json!("' OR '1'='1");
    for forged in [ghost, moved, not_an_id] {
        let token = sign(&forged, JWT_SECRET);
        for path in ["/api/v1/me", "/api/v1/api-keys"] {
            assert_problem(app.get(path, Some(&token)).await, 401, "unauthenticated").await;
        }
        let key = json!({ "name": "forged", "scopes": ["read"] });
        let created = app.post("/api/v1/api-keys", &key, Some(&token)).await;
        assert_problem(created, 401, "unauthenticated").await;
    }
}
