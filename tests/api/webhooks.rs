//! Webhook delivery against a real receiver: signatures that the `standardwebhooks` crate
//! (the Standard Webhooks project's own) verifies, only what the organisation may see,
//! retries with the same `webhook-id`, the attempt log, disabling after failures with an
//! email to the managers, replay on enabling, redelivery and the test message, and no
//! request forgery at connection.
use std::time::Duration;

use serde_json::{json, Value};
use standardwebhooks::Webhook;

use crate::helpers::{
    bricks_in_lens, post_listing, spawn_app_with, Answer, Receiver, TestApp, TestUser,
};

const ENDPOINTS: &str = "/api/v1/webhook-endpoints";

/// An app that may send webhooks to 127.0.0.1 (and to nothing else that is private), and
/// retries at once.
async fn app_with(customise: impl FnOnce(&mut terril::configuration::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.webhooks.allowed_private_hosts = vec!["127.0.0.1".into()];
        s.webhooks.retry_base_secs = 0;
        customise(s);
    })
    .await
}

/// Creates an endpoint; returns its id and secret.
async fn endpoint(app: &TestApp, user: &TestUser, url: &str, types: &[&str]) -> (String, String) {
    let body = json!({ "url": url, "event_types": types, "description": "ERP" });
    let created = app.post(ENDPOINTS, &body, Some(&user.access_token)).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    (
        created["endpoint"]["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

async fn deliveries(app: &TestApp, user: &TestUser, endpoint_id: &str) -> Vec<Value> {
    let path = format!("{ENDPOINTS}/{endpoint_id}/deliveries");
    let page: Value = app.get_json(&path, Some(&user.access_token)).await;
    page["items"].as_array().unwrap().clone()
}

async fn delivery(app: &TestApp, user: &TestUser, endpoint_id: &str, id: &str) -> Value {
    let path = format!("{ENDPOINTS}/{endpoint_id}/deliveries/{id}");
    app.get_json(&path, Some(&user.access_token)).await
}

#[tokio::test]
async fn deliveries_verify_with_the_standard_library_and_carry_only_what_the_org_may_see() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start();
    let integrator = app
        .signed_up_user("erp@integrator.test", "Intégrateur")
        .await;
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition")
        .await;
    let (_, secret) = endpoint(&app, &integrator, &receiver.url("/hooks"), &["listing.*"]).await;

    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let published = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.deliver_webhooks().await;

    let received = receiver.received();
    let verifier = Webhook::new(&secret).unwrap();
    for hook in &received {
        verifier
            .verify(&hook.body, &hook.headers)
            .expect("the standard library verifies Terril's signature");
        assert!(Webhook::new(&crate_secret())
            .unwrap()
            .verify(&hook.body, &hook.headers)
            .is_err());
    }
    let about: Vec<(String, String)> = received
        .iter()
        .map(|h| {
            let body = h.json();
            let id = body["data"]["resource_id"].as_str().unwrap().to_owned();
            (body["type"].as_str().unwrap().to_owned(), id)
        })
        .collect();
    let published_id = published["id"].as_str().unwrap().to_owned();
    assert!(
        about.contains(&("listing.published".into(), published_id.clone())),
        "{about:?}"
    );
    assert!(
        about
            .iter()
            .all(|(_, id)| id != draft["id"].as_str().unwrap()),
        "another organisation's draft is never sent: {about:?}"
    );
    let hook = received
        .iter()
        .find(|h| h.json()["type"] == "listing.published")
        .unwrap();
    let body = hook.json();
    assert_eq!(body["data"]["resource"]["id"], published_id.as_str());
    assert!(body["timestamp"].is_string() && body["data"]["cursor"].is_string());
    assert_eq!(hook.header("content-type"), "application/json");
}

/// A secret that is not the endpoint's.
fn crate_secret() -> String {
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned()
}

#[tokio::test]
async fn a_failing_delivery_is_retried_with_the_same_id_and_body_and_every_attempt_is_logged() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start();
    receiver.answer(&[Answer::Status(500), Answer::Status(503)]);
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition")
        .await;
    let (endpoint_id, _) = endpoint(
        &app,
        &holder,
        &receiver.url("/hooks"),
        &["listing.published"],
    )
    .await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.deliver_webhooks().await;

    let received = receiver.received();
    assert_eq!(received.len(), 3, "two failures, then received");
    let ids: Vec<String> = received.iter().map(|h| h.header("webhook-id")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert!(received.iter().all(|h| h.body == received[0].body));

    let listed = deliveries(&app, &holder, &endpoint_id).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], ids[0].as_str());
    assert_eq!(listed[0]["status"], "succeeded");
    let detail = delivery(&app, &holder, &endpoint_id, &ids[0]).await;
    let codes: Vec<Value> = detail["attempts_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].clone())
        .collect();
    assert_eq!(codes, [json!(500), json!(503), json!(200)]);
}

#[tokio::test]
async fn an_endpoint_failing_too_long_is_disabled_its_managers_emailed_and_enabling_replays() {
    let app = app_with(|s| s.webhooks.disable_after_secs = 0).await;
    let receiver = Receiver::start();
    receiver.answer(&[Answer::Status(500)]);
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition")
        .await;
    let token = Some(holder.access_token.as_str());
    let (endpoint_id, _) = endpoint(
        &app,
        &holder,
        &receiver.url("/hooks"),
        &["listing.published"],
    )
    .await;
    let first = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.deliver_webhooks().await;

    let path = format!("{ENDPOINTS}/{endpoint_id}");
    let now: Value = app.get_json(&path, token).await;
    assert_eq!(now["enabled"], false);
    assert_eq!(now["disabled_reason"], "failing");
    let emails = app.outbox_for(&holder.email);
    assert!(
        emails
            .iter()
            .any(|e| e.subject.contains("Webhook désactivé")),
        "the owner is told"
    );

    let second = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.deliver_webhooks().await;
    assert_eq!(
        receiver.received().len(),
        1,
        "nothing is sent while disabled"
    );

    let enabled = app.patch(&path, &json!({ "enabled": true }), token).await;
    assert_eq!(enabled.status(), 200);
    app.deliver_webhooks().await;
    let replayed: Vec<String> = receiver.received()[1..]
        .iter()
        .map(|h| h.json()["data"]["resource_id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = vec![
        first["id"].as_str().unwrap().to_owned(),
        second["id"].as_str().unwrap().to_owned(),
    ];
    let mut got = replayed.clone();
    got.sort();
    expected.sort();
    assert_eq!(
        got, expected,
        "the failed delivery and the held one are sent"
    );
}

#[tokio::test]
async fn a_test_message_and_a_redelivery_by_hand_reach_the_endpoint() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start();
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition")
        .await;
    let token = Some(holder.access_token.as_str());
    let (endpoint_id, _) = endpoint(&app, &holder, &receiver.url("/hooks"), &["*"]).await;
    let sent = app
        .post(
            &format!("{ENDPOINTS}/{endpoint_id}/test"),
            &json!({}),
            token,
        )
        .await;
    assert_eq!(sent.status(), 202);
    let sent: Value = sent.json().await.unwrap();
    app.deliver_webhooks().await;
    assert_eq!(receiver.received()[0].json()["type"], "webhook.test");

    let id = sent["id"].as_str().unwrap();
    let path = format!("{ENDPOINTS}/{endpoint_id}/deliveries/{id}/redeliver");
    assert_eq!(app.post(&path, &json!({}), token).await.status(), 202);
    app.deliver_webhooks().await;
    let received = receiver.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].header("webhook-id"), id);
    let detail = delivery(&app, &holder, &endpoint_id, id).await;
    assert_eq!(detail["attempts_log"].as_array().unwrap().len(), 2);
}

/// An address stored before the rules refused it (or written by hand) is checked again at
/// each attempt: the IPv4-mapped form of the receiver's loopback address, which the
/// system's stack would connect to 127.0.0.1, is refused without connecting, though
/// 127.0.0.1 itself is allowed here.
#[tokio::test]
async fn an_ipv4_mapped_loopback_target_is_refused_at_connection() {
    use diesel::prelude::*;
    use terril::db::schema::webhook_endpoints;
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start();
    let holder = app.signed_up_user("mapped@demolition.test", "Mapped").await;
    let (id, _) = endpoint(&app, &holder, &receiver.url("/hooks"), &["*"]).await;
    let mapped = format!("http://[::ffff:127.0.0.1]:{}/hooks", receiver.port);
    diesel::update(webhook_endpoints::table.find(&id))
        .set(webhook_endpoints::url.eq(&mapped))
        .execute(&mut *app.db.get().unwrap())
        .unwrap();
    let path = format!("{ENDPOINTS}/{id}/test");
    let token = Some(holder.access_token.as_str());
    assert_eq!(app.post(&path, &json!({}), token).await.status(), 202);
    app.deliver_webhooks().await;

    let listed = deliveries(&app, &holder, &id).await;
    let detail = delivery(&app, &holder, &id, listed[0]["id"].as_str().unwrap()).await;
    let attempt = &detail["attempts_log"][0];
    assert!(attempt["status_code"].is_null(), "{attempt}");
    let error = attempt["error"].as_str().unwrap();
    assert!(
        error.contains("127.0.0.1 is not a public address"),
        "{error}"
    );
    assert!(
        receiver.received().is_empty(),
        "nothing reached the receiver"
    );
}

#[tokio::test]
async fn a_name_of_a_private_address_redirects_and_slow_receivers_fail_without_reaching_anything() {
    let app = app_with(|s| {
        s.webhooks.timeout_secs = 1;
        s.webhooks.retry_base_secs = 600;
    })
    .await;
    let receiver = Receiver::start();
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition")
        .await;
    let token = Some(holder.access_token.as_str());
    // `localhost` is not an allowed name: it passes creation (names are resolved when
    // connecting) and is refused at delivery, on the address it resolves to.
    let by_name = format!("http://localhost:{}/hooks", receiver.port);
    let (named, _) = endpoint(&app, &holder, &by_name, &["*"]).await;
    let (redirected, _) = endpoint(&app, &holder, &receiver.url("/redirect"), &["*"]).await;
    receiver.answer(&[Answer::Redirect, Answer::Hang(Duration::from_secs(3))]);
    for id in [&named, &redirected] {
        let path = format!("{ENDPOINTS}/{id}/test");
        assert_eq!(app.post(&path, &json!({}), token).await.status(), 202);
    }
    app.deliver_webhooks().await;
    let path = format!("{ENDPOINTS}/{redirected}/test");
    assert_eq!(app.post(&path, &json!({}), token).await.status(), 202);
    app.deliver_webhooks().await;

    let first_attempt = |id: &str| {
        let (app, holder) = (&app, &holder);
        let id = id.to_owned();
        async move {
            let listed = deliveries(app, holder, &id).await;
            let attempts = delivery(app, holder, &id, listed[0]["id"].as_str().unwrap()).await;
            attempts["attempts_log"][0].clone()
        }
    };
    let refused = first_attempt(&named).await;
    assert!(refused["status_code"].is_null());
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("not a public address"),
        "{refused}"
    );
    assert_eq!(
        receiver.received().len(),
        2,
        "only the redirect and the slow one arrived"
    );
    assert_eq!(receiver.redirected(), 0, "redirects are not followed");
    let listed = deliveries(&app, &holder, &redirected).await;
    let statuses: Vec<Value> = listed.iter().map(|d| d["status"].clone()).collect();
    assert!(
        statuses.iter().all(|s| s == "pending"),
        "both to be retried: {statuses:?}"
    );
    let slow = delivery(
        &app,
        &holder,
        &redirected,
        listed[0]["id"].as_str().unwrap(),
    )
    .await;
    let redirect = delivery(
        &app,
        &holder,
        &redirected,
        listed[1]["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(redirect["attempts_log"][0]["status_code"], 302);
    assert!(
        slow["attempts_log"][0]["error"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{slow}"
    );
}
