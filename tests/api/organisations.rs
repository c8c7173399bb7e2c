use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, TestApp, TestUser, PASSWORD};

async fn invite(
    app: &TestApp,
    by: &TestUser,
    email: &str,
    role: &str,
) -> crate::helpers::ApiResponse {
    let path = format!("/api/v1/organisations/{}/invitations", by.organisation_id);
    app.post(
        &path,
        &json!({ "email": email, "role": role }),
        Some(&by.access_token),
    )
    .await
}

async fn accept(app: &TestApp, email: &str) -> crate::helpers::ApiResponse {
    let token = app.token_from_last_email(email);
    let body = json!({ "token": token, "name": "Karim Benali", "password": PASSWORD });
    app.post("/api/v1/invitations/accept", &body, None).await
}

#[tokio::test]
async fn another_organisations_resources_answer_404() {
    let app = spawn_app().await;
    let alice = app.signed_up_user("alice@example.fr", "Alice SARL").await;
    let bob = app.signed_up_user("bob@example.fr", "Bob SAS").await;
    let key: Value = app
        .create_api_key(&alice.access_token, "k", &["read"])
        .await
        .json()
        .await
        .unwrap();
    let key_id = key["api_key"]["id"].as_str().unwrap();

    let own = app
        .get(
            &format!("/api/v1/organisations/{}", bob.organisation_id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(own.status(), 200);
    let paths = [
        format!("/api/v1/organisations/{}", alice.organisation_id),
        format!("/api/v1/organisations/{}/members", alice.organisation_id),
    ];
    for path in &paths {
        assert_problem(
            app.get(path, Some(&bob.access_token)).await,
            404,
            "not_found",
        )
        .await;
    }
    let path = format!(
        "/api/v1/organisations/{}/invitations",
        alice.organisation_id
    );
    let body = json!({ "email": "x@example.fr", "role": "member" });
    assert_problem(
        app.post(&path, &body, Some(&bob.access_token)).await,
        404,
        "not_found",
    )
    .await;
    let revoke = app
        .delete(
            &format!("/api/v1/api-keys/{key_id}"),
            Some(&bob.access_token),
        )
        .await;
    assert_problem(revoke, 404, "not_found").await;
    // Alice's key still works: Bob's attempt changed nothing.
    assert_eq!(
        app.get("/api/v1/me", key["secret"].as_str()).await.status(),
        200
    );
}

#[tokio::test]
async fn an_invited_member_joins_and_cannot_manage() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("owner@example.fr", "Owner").await;
    assert_eq!(
        invite(&app, &owner, "Karim@Example.fr", "member")
            .await
            .status(),
        201
    );
    let email = app.outbox_for("karim@example.fr").pop().unwrap();
    assert!(
        email.text_body.contains("Owner"),
        "the invitation names the organisation"
    );

    let joined = accept(&app, "karim@example.fr").await;
    assert_eq!(joined.status(), 201);
    let joined: Value = joined.json().await.unwrap();
    assert_eq!(joined["role"], "member");
    assert_eq!(joined["email_verified"], true);

    let tokens: Value = app
        .login("karim@example.fr", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let member = tokens["access_token"].as_str().unwrap();
    let me: Value = app.get_json("/api/v1/me", Some(member)).await;
    assert_eq!(me["organisation"]["id"], owner.organisation_id.as_str());

    assert_problem(
        app.get("/api/v1/api-keys", Some(member)).await,
        403,
        "forbidden",
    )
    .await;
    let path = format!(
        "/api/v1/organisations/{}/invitations",
        owner.organisation_id
    );
    let body = json!({ "email": "third@example.fr", "role": "member" });
    assert_problem(app.post(&path, &body, Some(member)).await, 403, "forbidden").await;
    // The invitation was single-use.
    assert_problem(accept(&app, "karim@example.fr").await, 400, "invalid_token").await;
}

#[tokio::test]
async fn inviting_an_existing_account_is_a_conflict_and_owner_is_not_invitable() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("o2@example.fr", "O2").await;
    app.signed_up_user("someone@example.fr", "Elsewhere").await;
    assert_problem(
        invite(&app, &owner, "someone@example.fr", "member").await,
        409,
        "account_exists",
    )
    .await;
    assert_problem(
        invite(&app, &owner, "new@example.fr", "owner").await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn members_are_paginated_with_a_cursor() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("pages@example.fr", "Pages").await;
    for n in 0..2 {
        let email = format!("m{n}@example.fr");
        invite(&app, &owner, &email, "member").await;
        assert_eq!(accept(&app, &email).await.status(), 201);
    }
    let base = format!("/api/v1/organisations/{}/members", owner.organisation_id);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}?limit=2&cursor={c}"),
            None => format!("{base}?limit=2"),
        };
        let page: Value = app.get_json(&path, Some(&owner.access_token)).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["email"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["pages@example.fr", "m0@example.fr", "m1@example.fr"]);
    let bad = app
        .get(&format!("{base}?limit=0"), Some(&owner.access_token))
        .await;
    assert_problem(bad, 422, "validation_failed").await;
    let bad = app
        .get(
            &format!("{base}?cursor=nonsense"),
            Some(&owner.access_token),
        )
        .await;
    assert_problem(bad, 422, "validation_failed").await;
}

#[tokio::test]
async fn inviting_an_address_again_within_a_day_sends_nothing_more() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("owner@again.fr", "Again").await;
    let first = invite(&app, &owner, "guest@again.fr", "member").await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let second = invite(&app, &owner, "guest@again.fr", "member").await;
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.unwrap();
    assert_eq!(first["id"], second["id"], "the same invitation");
    assert_eq!(app.outbox_for("guest@again.fr").len(), 1, "one email");
    assert_eq!(accept(&app, "guest@again.fr").await.status(), 201);
}

#[tokio::test]
async fn an_organisation_holds_at_most_its_quota_of_keys_searches_and_invitations() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.quotas.api_keys = 1;
        s.quotas.saved_searches = 1;
        s.quotas.open_invitations = 1;
    })
    .await;
    let owner = app.signed_up_user("owner@quota.fr", "Quota").await;
    let token = Some(owner.access_token.as_str());
    let key = json!({ "name": "sync", "scopes": ["read"] });
    let search = json!({ "name": "Briques", "material": "construction.masonry.bricks",
        "latitude": 50.63, "longitude": 3.06, "radius_km": 30 });
    for (path, body, resource) in [
        ("/api/v1/api-keys", key.clone(), "API keys"),
        ("/api/v1/saved-searches", search.clone(), "saved searches"),
    ] {
        assert_eq!(app.post(path, &body, token).await.status(), 201, "{path}");
        let problem =
            assert_problem(app.post(path, &body, token).await, 409, "quota_exceeded").await;
        assert_eq!(problem["resource"], resource);
        assert_eq!(problem["limit"], 1);
    }
    assert_eq!(
        invite(&app, &owner, "one@quota.fr", "member")
            .await
            .status(),
        201
    );
    let problem = assert_problem(
        invite(&app, &owner, "two@quota.fr", "member").await,
        409,
        "quota_exceeded",
    )
    .await;
    assert_eq!(problem["resource"], "open invitations");
    // Accepting frees the place.
    assert_eq!(accept(&app, "one@quota.fr").await.status(), 201);
    assert_eq!(
        invite(&app, &owner, "two@quota.fr", "member")
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn open_invitations_are_listed_and_a_withdrawn_link_stops_working() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("owner@example.fr", "Owner").await;
    let other = app.signed_up_user("other@example.fr", "Other").await;
    for email in ["karim@example.fr", "lea@example.fr"] {
        assert_eq!(invite(&app, &owner, email, "member").await.status(), 201);
    }
    let path = format!(
        "/api/v1/organisations/{}/invitations",
        owner.organisation_id
    );
    let listed: Value = app.get_json(&path, Some(&owner.access_token)).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let karim = items
        .iter()
        .find(|i| i["email"] == "karim@example.fr")
        .unwrap();
    assert_eq!(karim["role"], "member");
    let karim_id = karim["id"].as_str().unwrap();

    // Another organisation sees neither the list nor the invitation.
    let elsewhere = format!("{path}/{karim_id}");
    assert_problem(
        app.get(&path, Some(&other.access_token)).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.delete(&elsewhere, Some(&other.access_token)).await,
        404,
        "not_found",
    )
    .await;

    let withdrawn = app.delete(&elsewhere, Some(&owner.access_token)).await;
    assert_eq!(withdrawn.status(), 204);
    assert_eq!(
        app.delete(&elsewhere, Some(&owner.access_token))
            .await
            .status(),
        204,
        "withdrawing again is fine"
    );
    let unknown = format!("{path}/{}", uuid::Uuid::now_v7());
    assert_problem(
        app.delete(&unknown, Some(&owner.access_token)).await,
        404,
        "not_found",
    )
    .await;
    let listed: Value = app.get_json(&path, Some(&owner.access_token)).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["email"], "lea@example.fr");
    assert_problem(accept(&app, "karim@example.fr").await, 400, "invalid_token").await;
    assert_eq!(accept(&app, "lea@example.fr").await.status(), 201);

    // A member may not see who is invited.
    let lea: Value = app
        .login("lea@example.fr", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let lea = lea["access_token"].as_str().unwrap();
    assert_problem(app.get(&path, Some(lea)).await, 403, "forbidden").await;
}
