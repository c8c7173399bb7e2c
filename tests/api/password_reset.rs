use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, PASSWORD};

#[tokio::test]
async fn password_reset_end_to_end() {
    let app = spawn_app().await;
    let user = app.signed_up_user("reset@example.fr", "Reset").await;
    let before = app.outbox_for(&user.email).len();

    let known = app
        .post(
            "/api/v1/auth/password-reset",
            &json!({ "email": "RESET@example.fr" }),
            None,
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/password-reset",
            &json!({ "email": "ghost@example.fr" }),
            None,
        )
        .await;
    assert_eq!(known.status(), 202);
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(app.outbox_for("ghost@example.fr").is_empty());
    assert_eq!(app.outbox_for(&user.email).len(), before + 1);

    let token = app.token_from_last_email(&user.email);
    let new_password = "a brand new passphrase";
    let body = json!({ "token": token, "password": new_password });
    assert_eq!(
        app.post("/api/v1/auth/password-reset/confirm", &body, None)
            .await
            .status(),
        204
    );

    assert_problem(
        app.login(&user.email, PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    let tokens: Value = app
        .login(&user.email, new_password)
        .await
        .json()
        .await
        .unwrap();
    assert!(tokens["access_token"].is_string());
    // Sessions opened with the old password are over.
    let old = app
        .post(
            "/api/v1/auth/refresh",
            &json!({ "refresh_token": user.refresh_token }),
            None,
        )
        .await;
    assert_problem(old, 401, "unauthenticated").await;
    // The link works once.
    assert_problem(
        app.post("/api/v1/auth/password-reset/confirm", &body, None)
            .await,
        400,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_new_reset_link_voids_the_previous_one() {
    let app = spawn_app().await;
    let user = app.signed_up_user("twice@example.fr", "Twice").await;
    let request = json!({ "email": user.email });
    app.post("/api/v1/auth/password-reset", &request, None)
        .await;
    let first = app.token_from_last_email(&user.email);
    app.post("/api/v1/auth/password-reset", &request, None)
        .await;
    let body = json!({ "token": first, "password": "another passphrase" });
    assert_problem(
        app.post("/api/v1/auth/password-reset/confirm", &body, None)
            .await,
        400,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_reset_for_something_that_is_not_an_address_is_a_field_error() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/password-reset",
            &json!({ "email": "not an address" }),
            None,
        )
        .await;
    assert_problem(response, 422, "validation_failed").await;
}
