//! Reserving from a listing (`POST /api/v1/listings/{id}/reservations`) and writing to its
//! holder (`.../messages`) without a need posted first: the same kind of match behind it,
//! asked for twice it is the same match, the hard rules refuse with stable codes, a race
//! never oversells, and the feed and webhooks carry what a matched reservation's carry.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, error_fields, matches_of_wanted,
    post_listing, post_wanted, spawn_app, spawn_app_with, Receiver, TestApp, TestUser,
};

fn reservations_path(listing: &Value) -> String {
    format!(
        "/api/v1/listings/{}/reservations",
        listing["id"].as_str().unwrap()
    )
}

fn messages_path(listing: &Value) -> String {
    format!(
        "/api/v1/listings/{}/messages",
        listing["id"].as_str().unwrap()
    )
}

async fn reserve(app: &TestApp, user: &TestUser, listing: &Value, body: Value) -> Value {
    let answer = app
        .post(&reservations_path(listing), &body, Some(&user.access_token))
        .await;
    assert_eq!(answer.status(), 201);
    answer.json().await.unwrap()
}

/// The kinds of the events of the feed that `user`'s organisation sees, in order.
async fn feed_kinds(app: &TestApp, user: &TestUser) -> Vec<String> {
    let page: Value = app
        .get_json("/api/v1/changes?limit=100", Some(&user.access_token))
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_taker_reserves_from_a_listing_and_asking_again_uses_the_same_match() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;

    let body = json!({ "quantity": 600, "message": "Je passe jeudi ?" });
    let first = reserve(&app, &taker, &listing, body).await;
    assert_eq!(first["status"], "requested");
    assert_eq!(first["quantity"], 600.0);
    assert_eq!(first["listing_id"], listing["id"]);
    let match_id = first["match_id"].as_str().unwrap().to_owned();

    let second = reserve(&app, &taker, &listing, json!({ "quantity": 500 })).await;
    assert_eq!(second["match_id"], match_id.as_str(), "the same match");
    assert_eq!(second["wanted_id"], first["wanted_id"]);

    // The match is an ordinary one, scored, with both sides and the message.
    let detail: Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}"),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(detail["side"], "holder");
    assert_eq!(detail["status"], "open");
    assert_eq!(detail["taker_interest"], "interested");
    assert!(detail["score"].as_f64().unwrap() > 0.0, "{detail}");
    assert_eq!(detail["reservations"].as_array().unwrap().len(), 2);
    let thread: Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}/messages"),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(thread["items"][0]["body"], "Je passe jeudi ?");
    let now: Value = app
        .get_json(
            &format!("/api/v1/listings/{}", listing["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(now["quantity_available"], 1900.0);
    assert_eq!(now["status"], "reserved");

    // The need written for the listing is in no search and matched with nothing else.
    let other = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.run_matching().await;
    let mine: Value = app
        .get_json("/api/v1/matches?limit=50", Some(&taker.access_token))
        .await;
    let matched: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["listing"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(matched, [listing["id"].as_str().unwrap()], "{mine}");
    assert_ne!(other["id"], listing["id"]);
    let found: Value = app
        .get_json("/api/v1/wanted?lat=50.63&lon=3.06&radius_km=200", None)
        .await;
    assert_eq!(found["items"].as_array().map(Vec::len), Some(0), "{found}");
    // The holder confirms as on any match; the match stays open after a matching run.
    let path = format!(
        "/api/v1/reservations/{}/confirm",
        first["id"].as_str().unwrap()
    );
    let confirmed = app
        .post(&path, &json!({}), Some(&holder.access_token))
        .await;
    assert_eq!(confirmed.status(), 200);
    app.run_matching().await;
    let detail: Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}"),
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(detail["status"], "open");
}

#[tokio::test]
async fn a_matched_taker_reserving_from_the_listing_uses_its_match() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let wanted = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    let matched = matches_of_wanted(&app, &taker, &wanted).await[0]["id"].clone();
    let reservation = reserve(&app, &taker, &listing, json!({ "quantity": 500 })).await;
    assert_eq!(reservation["match_id"], matched);
    assert_eq!(reservation["wanted_id"], wanted["id"]);
}

#[tokio::test]
async fn the_hard_rules_refuse_with_stable_codes() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let path = reservations_path(&listing);
    let ask = |user: &TestUser, body: Value| {
        let (app, path, token) = (&app, path.clone(), user.access_token.clone());
        async move { app.post(&path, &body, Some(&token)).await }
    };

    let own = ask(&holder, json!({ "quantity": 500 })).await;
    assert_problem(own, 409, "own_listing").await;
    let too_much = ask(&taker, json!({ "quantity": 5000 })).await;
    let problem = assert_problem(too_much, 409, "insufficient_quantity").await;
    assert_eq!(problem["available"], 3000.0);
    let below = ask(&taker, json!({ "quantity": 10 })).await;
    let problem = assert_problem(below, 422, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["quantity"]);
    let nothing = ask(&taker, json!({ "quantity": 0 })).await;
    assert_problem(nothing, 422, "validation_failed").await;
    let nowhere = ask(
        &taker,
        json!({ "quantity": 500, "position": { "latitude": 91, "longitude": 0 } }),
    )
    .await;
    let problem = assert_problem(nowhere, 422, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["position"]);
    let unauthenticated = app.post(&path, &json!({ "quantity": 500 }), None).await;
    assert_eq!(unauthenticated.status(), 401);

    // Nothing was left behind by the refusals: no match for the taker.
    let mine: Value = app
        .get_json("/api/v1/matches", Some(&taker.access_token))
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0, "{mine}");

    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let hidden = app
        .post(
            &reservations_path(&draft),
            &json!({ "quantity": 500 }),
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(hidden.status(), 404);
    let blank = app
        .post(
            &messages_path(&listing),
            &json!({ "body": "  " }),
            Some(&taker.access_token),
        )
        .await;
    let problem = assert_problem(blank, 422, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["body"]);
}

#[tokio::test]
async fn a_taker_writes_to_the_holder_without_reserving() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let answer = app
        .post(
            &messages_path(&listing),
            &json!({ "body": "Sont-elles sur palettes ?" }),
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(answer.status(), 201);
    let message: Value = answer.json().await.unwrap();
    assert_eq!(message["side"], "taker");
    let match_id = message["match_id"].as_str().unwrap();
    let detail: Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}"),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(detail["taker_interest"], "interested");
    assert_eq!(detail["reservations"].as_array().unwrap().len(), 0);
    // The holder is told of the message, and of no "match found".
    let before = app.outbox_for(&holder.email).len();
    app.send_notices().await;
    let subjects: Vec<String> = app.outbox_for(&holder.email)[before..]
        .iter()
        .map(|e| e.subject.clone())
        .collect();
    assert_eq!(subjects.len(), 1, "{subjects:?}");
    // A reservation after it uses the same match.
    let reservation = reserve(&app, &taker, &listing, json!({ "quantity": 500 })).await;
    assert_eq!(reservation["match_id"], match_id);
}

#[tokio::test]
async fn concurrent_reservations_from_the_listing_never_oversell() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition Lens")
        .await;
    let mut small = bricks_in_lens();
    small["quantity"] = json!(10);
    small["min_lot"] = json!(1);
    let listing = post_listing(&app, &holder, &small, true).await;
    let mut takers = Vec::new();
    for i in 0..5 {
        let taker = app
            .signed_up_user(&format!("taker{i}@builder.test"), &format!("Bâtisseur {i}"))
            .await;
        takers.push(taker);
    }
    let path = reservations_path(&listing);
    // 25 requests of 1 brick, 5 from each organisation at once, for 10 bricks.
    let answers = futures_util::future::join_all(takers.iter().cycle().take(25).map(|taker| {
        let (app, path) = (&app, &path);
        async move {
            let body = json!({ "quantity": 1 });
            let answer = app.post(path, &body, Some(&taker.access_token)).await;
            let status = answer.status().as_u16();
            let body: Value = answer.json().await.unwrap();
            (status, body)
        }
    }))
    .await;
    let created: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(created.len(), 10, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|&&s| s == 409).count(),
        15,
        "{statuses:?}"
    );
    // One match per organisation, however many of its requests raced.
    let mut matches: Vec<&str> = created
        .iter()
        .map(|r| r["match_id"].as_str().unwrap())
        .collect();
    matches.sort_unstable();
    matches.dedup();
    assert!(matches.len() <= 5, "{matches:?}");
    let now: Value = app
        .get_json(
            &format!("/api/v1/listings/{}", listing["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(now["quantity_available"], 0.0);
    assert_eq!(now["status"], "exhausted");
}

#[tokio::test]
async fn the_feed_and_webhooks_carry_what_a_matched_reservation_carries() {
    let app = spawn_app_with(|s| {
        s.webhooks.allowed_private_hosts = vec!["127.0.0.1".into()];
        s.webhooks.retry_base_secs = 0;
    })
    .await;
    let receiver = Receiver::start();
    let (holder, taker) = app.holder_and_taker().await;
    let types = ["match.*", "reservation.*"];
    let body = json!({ "url": receiver.url("/hooks"), "event_types": types });
    let created = app
        .post(
            "/api/v1/webhook-endpoints",
            &body,
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(created.status(), 201);

    // A matched reservation: a need, matching, a reservation on the match.
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let wanted = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    let matched = matches_of_wanted(&app, &taker, &wanted).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let on_match = app.reserve(&matched, 500, &taker.access_token).await;
    assert_eq!(on_match.status(), 201);
    let before = feed_kinds(&app, &taker).await;

    // A reservation from another listing, no need posted.
    let other = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let direct = reserve(&app, &taker, &other, json!({ "quantity": 500 })).await;
    let after = feed_kinds(&app, &taker).await;
    let exchange = |kinds: &[String]| -> Vec<String> {
        kinds
            .iter()
            .filter(|k| k.starts_with("match.") || k.starts_with("reservation."))
            .cloned()
            .collect()
    };
    let matched_kinds = exchange(&before);
    let direct_kinds = exchange(&after[before.len()..]);
    assert_eq!(direct_kinds, matched_kinds, "{after:?}");
    assert!(
        !after[before.len()..]
            .iter()
            .any(|k| k.starts_with("wanted.")),
        "the need written for the listing is not in the feed: {after:?}"
    );

    app.deliver_webhooks().await;
    let hooks: Vec<(String, String)> = receiver
        .received()
        .iter()
        .map(|h| {
            let body = h.json();
            let id = body["data"]["resource_id"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            (body["type"].as_str().unwrap().to_owned(), id)
        })
        .collect();
    let direct_id = direct["id"].as_str().unwrap().to_owned();
    assert!(
        hooks.contains(&("reservation.requested".into(), direct_id)),
        "{hooks:?}"
    );
    let direct_match = direct["match_id"].as_str().unwrap().to_owned();
    assert!(
        hooks.contains(&("match.created".into(), direct_match)),
        "{hooks:?}"
    );
    let _ = listing;
}

#[tokio::test]
async fn a_retried_reservation_with_its_idempotency_key_reserves_once() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let path = reservations_path(&listing);
    let send = || {
        let request = app
            .client
            .post(app.url(&path))
            .json(&json!({ "quantity": 500 }))
            .header("Idempotency-Key", "reserve-bricks-1");
        app.send("POST", &path, request, Some(&taker.access_token))
    };
    let first: Value = send().await.json().await.unwrap();
    let again = send().await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let now: Value = app
        .get_json(
            &format!("/api/v1/listings/{}", listing["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(now["quantity_available"], 2500.0, "reserved once");
}
