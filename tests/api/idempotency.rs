//! `Idempotency-Key`: a retried POST replays its first answer, from any instance; another
//! request under the same key is refused; a request still running answers 409.
use diesel::prelude::*;
use serde_json::Value;
use terril::db::idempotency_keys::IdempotencyKey;
use terril::db::schema::{idempotency_keys, listings};

use crate::helpers::{assert_problem, bricks_in_lens, spawn_app, ApiResponse, TestApp, TestUser};

async fn post_with_key(app: &TestApp, user: &TestUser, key: &str, body: &Value) -> ApiResponse {
    let path = "/api/v1/listings";
    let request = app
        .client
        .post(app.url(path))
        .json(body)
        .header("Idempotency-Key", key);
    app.send("POST", path, request, Some(&user.access_token))
        .await
}

fn listings_stored(app: &TestApp) -> i64 {
    let mut conn = app.db.get().unwrap();
    listings::table.count().get_result(&mut *conn).unwrap()
}

#[tokio::test]
async fn a_retried_post_replays_its_first_answer_and_creates_nothing_more() {
    let app = spawn_app().await;
    let user = app.signed_up_user("retry@example.fr", "Retry").await;
    let first = post_with_key(&app, &user, "create-bricks-1", &bricks_in_lens()).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body: Value = first.json().await.unwrap();

    let retry = post_with_key(&app, &user, "create-bricks-1", &bricks_in_lens()).await;
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let retry_body: Value = retry.json().await.unwrap();
    assert_eq!(retry_body, first_body);
    // Another instance knows the key too.
    let sibling = app.sibling().await;
    let elsewhere = post_with_key(&sibling, &user, "create-bricks-1", &bricks_in_lens()).await;
    assert_eq!(elsewhere.headers()["idempotent-replayed"], "true");
    assert_eq!(listings_stored(&app), 1);

    // A new key is a new request.
    let second = post_with_key(&app, &user, "create-bricks-2", &bricks_in_lens()).await;
    assert_eq!(second.status(), 201);
    assert_eq!(listings_stored(&app), 2);
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused() {
    let app = spawn_app().await;
    let user = app.signed_up_user("reuse@example.fr", "Reuse").await;
    assert_eq!(
        post_with_key(&app, &user, "k1", &bricks_in_lens())
            .await
            .status(),
        201
    );
    let mut other = bricks_in_lens();
    other["quantity"] = 12.into();
    let refused = post_with_key(&app, &user, "k1", &other).await;
    assert_problem(refused, 422, "idempotency_key_reused").await;
    assert_eq!(listings_stored(&app), 1);
}

#[tokio::test]
async fn keys_belong_to_their_caller_and_errors_are_replayed_but_not_refusals() {
    let app = spawn_app().await;
    let alice = app.signed_up_user("alice@example.fr", "Alice").await;
    let bob = app.signed_up_user("bob@example.fr", "Bob").await;
    assert_eq!(
        post_with_key(&app, &alice, "same", &bricks_in_lens())
            .await
            .status(),
        201
    );
    // Bob's "same" is his own.
    let bobs = post_with_key(&app, &bob, "same", &bricks_in_lens()).await;
    assert_eq!(bobs.status(), 201);
    assert!(bobs.headers().get("idempotent-replayed").is_none());

    // A validation error did what it did (nothing) and is replayed as such.
    let mut bad = bricks_in_lens();
    bad["quantity"] = (-1).into();
    let refused = post_with_key(&app, &alice, "bad", &bad).await;
    assert_eq!(refused.status(), 422);
    let replayed = post_with_key(&app, &alice, "bad", &bad).await;
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    assert_problem(replayed, 422, "validation_failed").await;

    // A bad key is a bad request; a refused credential keeps no answer.
    let too_long = "k".repeat(256);
    let problem = post_with_key(&app, &alice, &too_long, &bricks_in_lens()).await;
    assert_problem(problem, 400, "bad_request").await;
    let path = "/api/v1/listings";
    let request = app
        .client
        .post(app.url(path))
        .json(&bricks_in_lens())
        .header("Idempotency-Key", "x");
    let refused = app.send("POST", path, request, Some("not-a-token")).await;
    assert_eq!(refused.status(), 401);
    let kept: i64 = {
        let mut conn = app.db.get().unwrap();
        idempotency_keys::table
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(kept, 3, "alice's two and bob's one");
}

fn hold_key(app: &TestApp, user: &TestUser, key: &str, age: chrono::Duration, status: Option<i32>) {
    let mut conn = app.db.get().unwrap();
    let held = IdempotencyKey {
        caller: format!("user:{}", user.user_id),
        key: key.into(),
        request_hash: "another request".into(),
        status,
        content_type: None,
        location: None,
        body: None,
        created_at: terril::db::now() - age,
    };
    diesel::insert_into(idempotency_keys::table)
        .values(&held)
        .execute(&mut *conn)
        .unwrap();
}

#[tokio::test]
async fn a_request_still_running_gets_409_and_one_cut_short_runs_again() {
    let app = spawn_app().await;
    let user = app.signed_up_user("busy@example.fr", "Busy").await;
    hold_key(&app, &user, "running", chrono::Duration::seconds(2), None);
    let busy = post_with_key(&app, &user, "running", &bricks_in_lens()).await;
    assert_eq!(busy.headers()["retry-after"], "1");
    assert_problem(busy, 409, "idempotency_key_in_use").await;
    assert_eq!(listings_stored(&app), 0);

    // Unanswered for two minutes: its process died; the retry runs.
    hold_key(&app, &user, "abandoned", chrono::Duration::minutes(2), None);
    let retried = post_with_key(&app, &user, "abandoned", &bricks_in_lens()).await;
    assert_eq!(retried.status(), 201);
    // An answer a day old is forgotten: the key is free for any request.
    hold_key(&app, &user, "old", chrono::Duration::hours(25), Some(201));
    assert_eq!(
        post_with_key(&app, &user, "old", &bricks_in_lens())
            .await
            .status(),
        201
    );
    assert_eq!(listings_stored(&app), 2);
}

#[tokio::test]
async fn the_purge_forgets_answers_older_than_a_day_only() {
    let app = spawn_app().await;
    let user = app.signed_up_user("purge@example.fr", "Purge").await;
    hold_key(&app, &user, "old", chrono::Duration::hours(25), Some(201));
    hold_key(&app, &user, "fresh", chrono::Duration::hours(1), Some(201));
    let mut conn = app.db.get().unwrap();
    let day_ago = terril::db::now() - chrono::Duration::hours(24);
    assert_eq!(IdempotencyKey::purge(&mut conn, day_ago).unwrap(), 1);
    let kept: Vec<String> = idempotency_keys::table
        .select(idempotency_keys::key)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(kept, ["fresh"]);
}
