//! The account pages: an owner invites someone and withdraws an invitation, creates an API
//! key whose secret is shown once, and revokes it; a member sees neither. And a wanted
//! request edited through its form.
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Browser, WantedBody, PASSWORD};

#[tokio::test]
async fn an_owner_invites_and_withdraws_an_invitation_on_the_account_page() {
    let app = spawn_app().await;
    app.signed_up_user("owner@example.fr", "Démolition Lens")
        .await;
    app.signed_up_user("taken@example.fr", "Ailleurs").await;
    let owner = Browser::signed_in(&app, "owner@example.fr").await;

    let fields = [("email", " Karim@Example.fr "), ("role", "admin")];
    let sent = owner
        .submit("/account", "/account/invitations", &fields)
        .await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    let back = sent.location.unwrap();
    assert!(
        back.starts_with("/account?invited=karim%40example.fr"),
        "{back}"
    );
    let page = owner.get_in(&back, "fr").await;
    assert!(page
        .html
        .contains("Une invitation est partie vers karim@example.fr"));
    assert!(page
        .html
        .contains("<td>karim@example.fr</td><td>Administrateur·rice</td>"));
    let email = app
        .outbox_for("karim@example.fr")
        .pop()
        .expect("an invitation email");
    assert!(email.text_body.contains("/accept-invitation?token="));

    // An address with an account already, and a role that is not offered.
    let taken = [("email", "taken@example.fr"), ("role", "member")];
    let refused = owner
        .submit("/account", "/account/invitations", &taken)
        .await;
    assert_eq!(refused.status, 409);
    assert!(refused.html.contains("aria-invalid=\"true\""));
    let owner_role = [("email", "new@example.fr"), ("role", "owner")];
    let refused = owner
        .submit("/account", "/account/invitations", &owner_role)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("id=\"role-error\""));
    assert!(app.outbox_for("new@example.fr").is_empty(), "nothing sent");

    let page = owner.get("/account").await;
    let start = page.html.find("/account/invitations/").unwrap() + 21;
    let id = &page.html[start..start + 36];
    let withdrawn = owner
        .post(
            &format!("/account/invitations/{id}/withdraw"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(withdrawn.status, 303);
    assert!(!owner
        .get("/account")
        .await
        .html
        .contains("<td>karim@example.fr</td>"));
    let token = app.token_from_last_email("karim@example.fr");
    let body = json!({ "token": token, "name": "Karim", "password": PASSWORD });
    let accepted = app.post("/api/v1/invitations/accept", &body, None).await;
    assert_eq!(accepted.status(), 400, "the withdrawn link no longer works");

    // Without its token, the form changes nothing.
    let forged = owner
        .post(
            "/account/invitations",
            &[("email", "x@example.fr"), ("role", "member")],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert!(app.outbox_for("x@example.fr").is_empty());
}

#[tokio::test]
async fn an_api_key_made_on_its_page_is_shown_once_works_and_is_revoked() {
    let app = spawn_app().await;
    app.signed_up_user("owner@example.fr", "Démolition Lens")
        .await;
    let owner = Browser::signed_in(&app, "owner@example.fr").await;
    let empty = owner.get_in("/account/api-keys", "en").await;
    assert_eq!(empty.status, 200);
    assert!(empty.html.contains("Your organisation has no API key yet."));

    let none = [("name", "ERP")];
    let refused = owner
        .submit("/account/api-keys", "/account/api-keys", &none)
        .await;
    assert_eq!(refused.status, 422, "a key needs at least one scope");
    assert!(refused.html.contains("id=\"scopes-error\""));

    let fields = [("name", "ERP"), ("read", "on"), ("write", "on")];
    let created = owner
        .submit("/account/api-keys", "/account/api-keys", &fields)
        .await;
    assert_eq!(created.status, 200, "{}", created.html);
    let start = created.html.find("class=\"secret\">").unwrap() + 15;
    let secret = &created.html[start..created.html[start..].find('<').unwrap() + start];
    assert!(secret.starts_with("trl_"), "{secret}");
    let me: Value = app.get_json("/api/v1/me", Some(secret)).await;
    assert_eq!(me["auth"], "api_key");
    assert_eq!(me["scopes"], json!(["read", "write"]));

    let listed = owner.get("/account/api-keys").await;
    assert!(
        !listed.html.contains(secret),
        "the secret is shown once only"
    );
    assert!(listed.html.contains("<td>ERP</td>"));
    let start = listed.html.find("/account/api-keys/").unwrap() + 18;
    let id = &listed.html[start..start + 36];
    let revoked = owner
        .post(
            &format!("/account/api-keys/{id}/revoke"),
            &[("csrf", &listed.csrf())],
        )
        .await;
    assert_eq!(revoked.status, 303);
    assert_eq!(app.get("/api/v1/me", Some(secret)).await.status(), 401);
}

#[tokio::test]
async fn a_member_sees_no_invitations_nor_api_keys() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("owner@example.fr", "Démolition Lens")
        .await;
    let path = format!(
        "/api/v1/organisations/{}/invitations",
        owner.organisation_id
    );
    let body = json!({ "email": "member@example.fr", "role": "member" });
    app.post(&path, &body, Some(&owner.access_token)).await;
    let token = app.token_from_last_email("member@example.fr");
    let body = json!({ "token": token, "name": "Léa", "password": PASSWORD });
    assert_eq!(
        app.post("/api/v1/invitations/accept", &body, None)
            .await
            .status(),
        201
    );

    let member = Browser::signed_in(&app, "member@example.fr").await;
    let account = member.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(!account.html.contains("/account/invitations"));
    assert_eq!(member.get("/account/api-keys").await.status, 403);
    let fields = [("email", "x@example.fr"), ("role", "member")];
    let refused = member
        .submit("/account", "/account/invitations", &fields)
        .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn a_wanted_request_is_edited_through_its_form_and_keeps_its_external_ref() {
    let app = spawn_app().await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    app.signed_up_user("other@example.fr", "Ailleurs").await;
    let need = WantedBody {
        quantity: 5.0.into(),
        unit: "t".into(),
        max_distance_km: 60.0.into(),
        needed_from: "2026-12-01".into(),
        needed_until: None,
        ..WantedBody::default()
    }
    .with("external_ref", "ERP-42");
    let created: Value = app
        .post_json("/api/v1/wanted", &need.json(), Some(&taker.access_token))
        .await;
    let id = created["id"].as_str().unwrap();
    let browser = Browser::signed_in(&app, "taker@example.fr").await;
    let edit = format!("/wanted/{id}/edit");
    let form = browser.get(&edit).await;
    assert_eq!(form.status, 200);
    assert!(form.html.contains("value=\"Briques pour une extension\""));
    assert!(form.html.contains(&format!("action=\"{edit}\"")));

    let fields = [
        ("title", "Briques et pavés"),
        ("material", "construction.masonry"),
        ("description", ""),
        ("quantity", "7,5"),
        ("unit", "t"),
        ("worst_condition", "reusable_as_is"),
        ("max_price_per_unit_eur", ""),
        ("place", "Lille"),
        ("address", ""),
        ("latitude", "50.6292"),
        ("longitude", "3.0573"),
        ("max_distance_km", "40"),
        ("needed_from", "2026-12-01"),
        ("needed_until", ""),
        ("submit", "save"),
    ];
    let saved = browser.submit(&edit, &edit, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let stored: Value = app
        .get_json(&format!("/api/v1/wanted/{id}"), Some(&taker.access_token))
        .await;
    assert_eq!(stored["title"], "Briques et pavés");
    assert_eq!(stored["quantity"], 7.5);
    assert_eq!(stored["max_distance_km"], 40.0);
    assert_eq!(
        stored["external_ref"], "ERP-42",
        "what the form does not show stays"
    );

    let mut wrong = fields.to_vec();
    wrong[3] = ("quantity", "beaucoup");
    let refused = browser.submit(&edit, &edit, &wrong).await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("id=\"quantity-error\""));

    let other = Browser::signed_in(&app, "other@example.fr").await;
    assert_eq!(other.get(&edit).await.status, 404);
    assert_eq!(other.submit("/", &edit, &fields).await.status, 404);
}
