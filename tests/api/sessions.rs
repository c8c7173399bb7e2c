use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, PASSWORD};

async fn refresh(app: &crate::helpers::TestApp, token: &str) -> crate::helpers::ApiResponse {
    app.post(
        "/api/v1/auth/refresh",
        &json!({ "refresh_token": token }),
        None,
    )
    .await
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    let user = app.signed_up_user("rotate@example.fr", "Rotate").await;

    let first = refresh(&app, &user.refresh_token).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let second_token = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_token, user.refresh_token);
    assert_eq!(
        app.get("/api/v1/me", first["access_token"].as_str())
            .await
            .status(),
        200
    );

    // The old token again: a thief or a replay. Refused, and the family dies with it.
    assert_problem(
        refresh(&app, &user.refresh_token).await,
        401,
        "unauthenticated",
    )
    .await;
    assert_problem(refresh(&app, &second_token).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn logout_revokes_the_session_but_not_other_sessions() {
    let app = spawn_app().await;
    let user = app.signed_up_user("logout@example.fr", "Logout").await;
    let other: Value = app.login(&user.email, PASSWORD).await.json().await.unwrap();

    let out = app
        .post(
            "/api/v1/auth/logout",
            &json!({ "refresh_token": user.refresh_token }),
            None,
        )
        .await;
    assert_eq!(out.status(), 204);
    assert_problem(
        refresh(&app, &user.refresh_token).await,
        401,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        refresh(&app, other["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.signed_up_user("known@example.fr", "Known").await;
    let wrong = assert_problem(
        app.login("known@example.fr", "wrong password!").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = assert_problem(
        app.login("nobody@example.fr", "wrong password!").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn an_empty_refresh_token_is_a_field_error() {
    let app = spawn_app().await;
    for path in ["/api/v1/auth/logout", "/api/v1/auth/refresh"] {
        let response = app.post(path, &json!({ "refresh_token": "" }), None).await;
        assert_problem(response, 422, "validation_failed").await;
    }
}
