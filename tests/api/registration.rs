use serde_json::{json, Value};

use crate::helpers::{assert_problem, error_fields, registration, spawn_app, PASSWORD};

#[tokio::test]
async fn registration_to_verified_login() {
    let app = spawn_app().await;
    let email = "zoe@demolition-lens.fr";

    let response = app
        .register("  Zoe@Demolition-Lens.FR ", "Démolition Lens")
        .await;
    assert_eq!(response.status(), 202);

    // Before verification, the right password is not enough.
    assert_problem(app.login(email, PASSWORD).await, 403, "email_not_verified").await;

    let emails = app.outbox_for(email);
    assert_eq!(
        emails.len(),
        1,
        "one verification email, to the normalised address"
    );
    assert!(
        emails[0].subject.to_lowercase().contains("confirm"),
        "{}",
        emails[0].subject
    );
    let token = app.token_from_last_email(email);
    let verified = app
        .get(&format!("/api/v1/auth/verify-email?token={token}"), None)
        .await;
    assert_eq!(verified.status(), 200);

    let tokens: Value = app
        .login("ZOE@demolition-lens.fr", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    let me: Value = app
        .get_json("/api/v1/me", tokens["access_token"].as_str())
        .await;
    assert_eq!(me["user"]["email"], email);
    assert_eq!(me["user"]["role"], "owner");
    assert_eq!(me["user"]["email_verified"], true);
    assert_eq!(me["organisation"]["name"], "Démolition Lens");
    assert_eq!(me["organisation"]["siret"], "12002701600357");
    assert_eq!(me["auth"], "user");
}

#[tokio::test]
async fn a_verification_token_works_once() {
    let app = spawn_app().await;
    app.register("once@example.fr", "Once").await;
    let token = app.token_from_last_email("once@example.fr");
    let body = json!({ "token": token });
    assert_eq!(
        app.post("/api/v1/auth/verify-email", &body, None)
            .await
            .status(),
        204
    );
    let again = app.post("/api/v1/auth/verify-email", &body, None).await;
    assert_problem(again, 400, "invalid_token").await;
}

#[tokio::test]
async fn registering_a_taken_address_looks_the_same_and_tells_the_owner() {
    let app = spawn_app().await;
    let first = app.register("taken@example.fr", "First").await;
    let second = app.register("taken@example.fr", "Second").await;
    assert_eq!(first.status(), second.status());
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    let emails = app.outbox_for("taken@example.fr");
    assert_eq!(emails.len(), 2);
    // The second email carries no verification token and no second account exists.
    assert!(!emails[1].text_body.contains("verify-email?token="));
}

#[tokio::test]
async fn invalid_fields_are_listed_and_nothing_is_stored() {
    let app = spawn_app().await;
    let mut body = registration("not-an-email", "");
    body["organisation"]["siret"] = json!("12002701600358");
    body["user"]["password"] = json!("short");
    body["organisation"]["address"]["country"] = json!("F1");
    let problem = assert_problem(
        app.post("/api/v1/auth/register", &body, None).await,
        422,
        "validation_failed",
    )
    .await;
    let fields = error_fields(&problem);
    for field in [
        "organisation.name",
        "organisation.siret",
        "organisation.address.country",
        "user.email",
        "user.password",
    ] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
    assert!(app.outbox_for("not-an-email").is_empty());
}

#[tokio::test]
async fn an_unknown_organisation_kind_is_a_validation_error() {
    let app = spawn_app().await;
    let mut body = registration("kind@example.fr", "Kind");
    body["organisation"]["kind"] = json!("wizard");
    assert_problem(
        app.post("/api/v1/auth/register", &body, None).await,
        422,
        "validation_failed",
    )
    .await;
}
