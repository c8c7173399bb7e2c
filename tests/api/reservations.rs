//! Reservations: the life of an exchange, who may do what, never overselling under
//! concurrency, and one email per event even when a delivery is repeated.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, matches_of_wanted, post_listing,
    post_wanted, spawn_app, TestApp, TestUser,
};

pub(crate) struct Exchange {
    pub(crate) app: TestApp,
    pub(crate) holder: TestUser,
    pub(crate) taker: TestUser,
    pub(crate) listing: Value,
    pub(crate) match_id: String,
}

/// A holder's 3,000 bricks (minimum lot 500) matched with a builder's need.
pub(crate) async fn matched_exchange() -> Exchange {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let wanted = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    let found = matches_of_wanted(&app, &taker, &wanted).await;
    let match_id = found[0]["id"].as_str().unwrap().to_owned();
    Exchange {
        app,
        holder,
        taker,
        listing,
        match_id,
    }
}

impl Exchange {
    pub(crate) async fn reserve(
        &self,
        user: &TestUser,
        quantity: f64,
    ) -> crate::helpers::ApiResponse {
        self.app
            .reserve(&self.match_id, quantity, &user.access_token)
            .await
    }

    pub(crate) async fn step(
        &self,
        user: &TestUser,
        reservation: &Value,
        action: &str,
    ) -> crate::helpers::ApiResponse {
        let id = reservation["id"].as_str().unwrap();
        self.app
            .reservation_step(id, action, &user.access_token)
            .await
    }

    async fn listing_now(&self) -> Value {
        let path = format!("/api/v1/listings/{}", self.listing["id"].as_str().unwrap());
        self.app
            .get_json(&path, Some(&self.holder.access_token))
            .await
    }
}

#[tokio::test]
async fn a_reservation_is_asked_confirmed_and_completed_with_its_history() {
    let ex = matched_exchange().await;
    let reservation: Value = ex.reserve(&ex.taker, 1000.0).await.json().await.unwrap();
    assert_eq!(reservation["status"], "requested");
    let listing = ex.listing_now().await;
    assert_eq!(listing["quantity_available"], 2000.0);
    assert_eq!(listing["status"], "reserved");

    let confirmed: Value = ex
        .step(&ex.holder, &reservation, "confirm")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(confirmed["status"], "confirmed");
    let completed: Value = ex
        .step(&ex.holder, &reservation, "complete")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(completed["status"], "completed");
    assert!(
        completed["mass_t"].as_f64().unwrap() > 0.0,
        "bricks have a mass per piece"
    );
    assert!(completed["co2e_avoided_kg"].as_f64().unwrap() > 0.0);
    assert_eq!(
        ex.listing_now().await["status"],
        "published",
        "2,000 bricks are still there"
    );

    let detail: Value = ex
        .app
        .get_json(
            &format!("/api/v1/matches/{}", ex.match_id),
            Some(&ex.taker.access_token),
        )
        .await;
    let events: Vec<(&str, Option<&str>)> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["actor_user_id"].as_str()))
        .collect();
    assert_eq!(
        events,
        [
            ("created", None),
            ("reservation_requested", Some(ex.taker.user_id.as_str())),
            ("reservation_confirmed", Some(ex.holder.user_id.as_str())),
            ("reservation_completed", Some(ex.holder.user_id.as_str())),
        ]
    );
    assert_eq!(detail["reservations"].as_array().unwrap().len(), 1);

    ex.app.deliver_emails().await;
    let subjects = |to: &str| -> Vec<String> {
        ex.app
            .outbox_for(to)
            .into_iter()
            .filter(|e| e.list_unsubscribe.is_some())
            .map(|e| e.subject)
            .collect()
    };
    assert_eq!(
        subjects("holder@demolition.test").len(),
        2,
        "the match, then the request"
    );
    assert_eq!(
        subjects("taker@builder.test").len(),
        2,
        "the match, then the confirmation"
    );
}

#[tokio::test]
async fn refusing_and_cancelling_give_the_quantity_back() {
    let ex = matched_exchange().await;
    let first: Value = ex.reserve(&ex.taker, 3000.0).await.json().await.unwrap();
    let emptied = ex.listing_now().await;
    assert_eq!(emptied["status"], "exhausted");
    assert_eq!(emptied["quantity_available"], 0.0);
    ex.app.run_matching().await;
    // The reservation still holds the whole quantity: its match stays open for it.
    let holding: Value = ex
        .app
        .get_json(
            &format!("/api/v1/matches/{}", ex.match_id),
            Some(&ex.taker.access_token),
        )
        .await;
    assert_eq!(holding["status"], "open");

    let refused: Value = ex
        .step(&ex.holder, &first, "refuse")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refused["status"], "refused");
    assert_eq!(ex.listing_now().await["quantity_available"], 3000.0);
    ex.app.run_matching().await;

    let second: Value = ex.reserve(&ex.taker, 500.0).await.json().await.unwrap();
    let cancelled: Value = ex
        .step(&ex.taker, &second, "cancel")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    let back = ex.listing_now().await;
    assert_eq!(back["quantity_available"], 3000.0);
    assert_eq!(back["status"], "published");
    assert_problem(
        ex.step(&ex.holder, &second, "confirm").await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn each_side_may_only_do_its_part() {
    let ex = matched_exchange().await;
    let stranger = ex.app.signed_up_user("someone@else.test", "Ailleurs").await;
    assert_problem(ex.reserve(&ex.holder, 500.0).await, 403, "forbidden").await;
    assert_problem(ex.reserve(&stranger, 500.0).await, 404, "not_found").await;
    assert_problem(ex.reserve(&ex.taker, 100.0).await, 422, "validation_failed").await;
    assert_problem(
        ex.reserve(&ex.taker, 3500.0).await,
        409,
        "insufficient_quantity",
    )
    .await;
    assert_problem(ex.reserve(&ex.taker, 0.0).await, 422, "validation_failed").await;

    let reservation: Value = ex.reserve(&ex.taker, 500.0).await.json().await.unwrap();
    assert_problem(
        ex.step(&ex.taker, &reservation, "confirm").await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        ex.step(&stranger, &reservation, "cancel").await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        ex.step(&ex.holder, &reservation, "complete").await,
        409,
        "invalid_transition",
    )
    .await;

    let path = format!("/api/v1/matches/{}/decline", ex.match_id);
    let declined: Value = ex
        .app
        .post_json(&path, &json!({}), Some(&ex.holder.access_token))
        .await;
    assert_eq!(declined["holder_interest"], "declined");
    assert_problem(ex.reserve(&ex.taker, 500.0).await, 409, "match_declined").await;
}

#[tokio::test]
async fn concurrent_takers_never_reserve_more_than_is_left() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@demolition.test", "Démolition Lens")
        .await;
    let mut small = bricks_in_lens();
    small["quantity"] = json!(10);
    small["min_lot"] = json!(1);
    let listing = post_listing(&app, &holder, &small, true).await;
    let mut takers = Vec::new();
    for i in 0..6 {
        let taker = app
            .signed_up_user(&format!("taker{i}@builder.test"), &format!("Bâtisseur {i}"))
            .await;
        let wanted = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
        takers.push((taker, wanted));
    }
    app.run_matching().await;
    let mut requests = Vec::new();
    for (taker, wanted) in &takers {
        let match_id = matches_of_wanted(&app, taker, wanted).await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for _ in 0..6 {
            requests.push((taker, match_id.clone()));
        }
    }
    // 36 requests of 1 brick at once for 10 bricks.
    let answers = futures_util::future::join_all(requests.iter().map(|(taker, match_id)| {
        let app = &app;
        async move {
            let answer = app.reserve(match_id, 1, &taker.access_token).await;
            answer.status().as_u16()
        }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|&&s| s == 201).count(),
        10,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&s| s == 409).count(),
        26,
        "{answers:?}"
    );

    let listing_id = listing["id"].as_str().unwrap().to_owned();
    let mut conn = app.db.get().unwrap();
    let (held, available) = reservations_sum(&mut conn, &listing_id);
    assert_eq!(held, 10.0);
    assert_eq!(available, 0.0);
}

fn reservations_sum(conn: &mut terril::db::DbConnection, listing_id: &str) -> (f64, f64) {
    use diesel::prelude::*;
    use terril::db::schema::{listings, reservations};
    let held: Vec<f64> = reservations::table
        .filter(reservations::listing_id.eq(listing_id))
        .select(reservations::quantity)
        .load(conn)
        .unwrap();
    let available: f64 = listings::table
        .find(listing_id)
        .select(listings::quantity_available)
        .first(conn)
        .unwrap();
    (held.iter().sum(), available)
}

#[tokio::test]
async fn a_match_is_emailed_once_whatever_reruns_and_concurrent_matchers_do() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    // Two matchers (as two instances) take the two jobs at once; both find the pair.
    let other = crate::helpers::build_matcher(&app.settings, &app.db).await;
    let (a, b) = tokio::join!(app.matcher.run_due(), other.run_due());
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    // Re-running matching for an unchanged listing changes nothing.
    let path = format!("/api/v1/listings/{}", listing["id"].as_str().unwrap());
    assert_eq!(
        app.put(&path, &bricks_in_lens(), Some(&holder.access_token))
            .await
            .status(),
        200
    );
    app.run_matching().await;

    let match_emails = |to: &str| {
        app.outbox_for(to)
            .into_iter()
            .filter(|e| e.list_unsubscribe.is_some())
            .count()
    };
    assert_eq!(match_emails("taker@builder.test"), 1);
    assert_eq!(match_emails("holder@demolition.test"), 1);
}

#[tokio::test]
async fn a_resend_after_a_crash_carries_the_same_message_id() {
    let ex = matched_exchange().await;
    ex.app.deliver_emails().await;
    let email = ex
        .app
        .outbox_for("taker@builder.test")
        .into_iter()
        .find(|e| e.list_unsubscribe.is_some())
        .unwrap();
    // The Message-ID is derived from the match event and the recipient.
    let event_id = first_event_id(&ex).await;
    let expected = format!("<{event_id}.{}@terril.localhost>", ex.taker.user_id);
    assert_eq!(email.message_id, expected);
    // The worker died after the SMTP server took the email and before the outbox
    // recorded it: the email is still pending, and its job still queued, when the
    // job's lease runs out.
    {
        use diesel::prelude::*;
        use terril::db::schema::outbox_emails;
        let mut conn = ex.app.db.get().unwrap();
        diesel::update(outbox_emails::table.find(&email.id))
            .set((
                outbox_emails::status.eq("pending"),
                outbox_emails::sent_at.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(&mut conn)
            .unwrap();
        let kind = terril::domain::JobKind::DeliverEmail;
        terril::db::jobs::Job::enqueue(&mut conn, kind, &email.id, 0, terril::db::now()).unwrap();
    }
    ex.app.deliver_emails().await;
    let copies: Vec<String> = ex
        .app
        .smtp
        .received()
        .into_iter()
        .filter(|m| {
            m.to.iter().any(|t| t.contains("taker@builder.test"))
                && m.header("List-Unsubscribe").is_some()
        })
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    assert_eq!(copies.len(), 2, "the one unavoidable resend");
    assert_eq!(copies[0], copies[1]);
    assert_eq!(copies[0], email.message_id);
}

/// The id of the "created" event of the exchange's match.
async fn first_event_id(ex: &Exchange) -> String {
    let detail: Value = ex
        .app
        .get_json(
            &format!("/api/v1/matches/{}", ex.match_id),
            Some(&ex.holder.access_token),
        )
        .await;
    detail["events"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_listing_left_below_its_minimum_lot_no_longer_matches() {
    let ex = matched_exchange().await;
    let other = ex
        .app
        .signed_up_user("other@builder.test", "Bâtir Douai")
        .await;
    let second = post_wanted(&ex.app, &other, &bricks_wanted_in_lille()).await;
    ex.app.run_matching().await;
    assert_eq!(
        matches_of_wanted(&ex.app, &other, &second).await[0]["status"],
        "open"
    );

    // 3,000 bricks, minimum lot 500: once 2,600 are reserved, 400 are left.
    assert_eq!(ex.reserve(&ex.taker, 2600.0).await.status(), 201);
    ex.app.run_matching().await;
    let closed = matches_of_wanted(&ex.app, &other, &second).await.remove(0);
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "no_longer_fits");
}

#[tokio::test]
async fn a_quantity_is_given_back_once_when_refuse_and_cancel_race() {
    let ex = matched_exchange().await;
    for _ in 0..5 {
        let reservation: Value = ex.reserve(&ex.taker, 3000.0).await.json().await.unwrap();
        let (refused, cancelled) = tokio::join!(
            ex.step(&ex.holder, &reservation, "refuse"),
            ex.step(&ex.taker, &reservation, "cancel"),
        );
        let statuses = [refused.status().as_u16(), cancelled.status().as_u16()];
        assert!(
            statuses.contains(&200) && statuses.contains(&409),
            "{statuses:?}"
        );
        assert_eq!(ex.listing_now().await["quantity_available"], 3000.0);
    }
}

#[tokio::test]
async fn an_edit_keeps_what_reservations_took() {
    let ex = matched_exchange().await;
    let reservation: Value = ex.reserve(&ex.taker, 1000.0).await.json().await.unwrap();
    ex.step(&ex.holder, &reservation, "confirm").await;
    ex.step(&ex.holder, &reservation, "complete").await;
    let path = format!("/api/v1/listings/{}", ex.listing["id"].as_str().unwrap());
    let mut edited = bricks_in_lens();
    edited["title"] = json!("Briques pleines, 2 000 restantes");
    let answer: Value = ex
        .app
        .put(&path, &edited, Some(&ex.holder.access_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answer["quantity"], 3000.0);
    assert_eq!(
        answer["quantity_available"], 2000.0,
        "the 1,000 collected stay collected"
    );
    edited["quantity"] = json!(800);
    edited["min_lot"] = json!(100);
    assert_problem(
        ex.app
            .put(&path, &edited, Some(&ex.holder.access_token))
            .await,
        409,
        "quantity_held",
    )
    .await;
}

#[tokio::test]
async fn withdrawing_a_reserved_listing_cancels_its_reservations_and_tells_the_taker() {
    let ex = matched_exchange().await;
    let reservation: Value = ex.reserve(&ex.taker, 1000.0).await.json().await.unwrap();
    let path = format!(
        "/api/v1/listings/{}/withdraw",
        ex.listing["id"].as_str().unwrap()
    );
    assert_eq!(
        ex.app
            .post(&path, &json!({}), Some(&ex.holder.access_token))
            .await
            .status(),
        200
    );
    let path = format!(
        "/api/v1/reservations/{}",
        reservation["id"].as_str().unwrap()
    );
    let after: Value = ex.app.get_json(&path, Some(&ex.taker.access_token)).await;
    assert_eq!(after["status"], "cancelled");
    ex.app.send_notices().await;
    let cancelled = ex
        .app
        .outbox_for("taker@builder.test")
        .into_iter()
        .filter(|e| e.list_unsubscribe.is_some())
        .count();
    assert_eq!(cancelled, 2, "the match, then the cancellation");
}

#[tokio::test]
async fn a_match_holding_a_confirmed_reservation_stays_open_when_the_listing_runs_out() {
    let ex = matched_exchange().await;
    let confirmed: Value = ex.reserve(&ex.taker, 1000.0).await.json().await.unwrap();
    ex.step(&ex.holder, &confirmed, "confirm").await;
    let rest: Value = ex.reserve(&ex.taker, 2000.0).await.json().await.unwrap();
    assert_eq!(ex.listing_now().await["status"], "exhausted");
    ex.app.run_matching().await;
    let path = format!("/api/v1/matches/{}", ex.match_id);
    let token = Some(ex.taker.access_token.as_str());
    let detail: Value = ex.app.get_json(&path, token).await;
    assert_eq!(detail["status"], "open", "{detail}");

    ex.step(&ex.taker, &rest, "cancel").await;
    ex.app.run_matching().await;
    let detail: Value = ex.app.get_json(&path, token).await;
    assert_eq!(detail["status"], "open");
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.contains(&"closed") && !kinds.contains(&"reopened"),
        "the match never closed: {kinds:?}"
    );
    let completed = ex.step(&ex.holder, &confirmed, "complete").await;
    assert_eq!(completed.status(), 200);
}

#[tokio::test]
async fn emails_are_written_from_the_event_feed_once_each() {
    let ex = matched_exchange().await;
    ex.app.send_notices().await;
    let to_holder = |app: &crate::helpers::TestApp| {
        app.outbox_for("holder@demolition.test")
            .into_iter()
            .filter(|e| e.list_unsubscribe.is_some())
            .count()
    };
    let before = to_holder(&ex.app);
    assert_eq!(ex.reserve(&ex.taker, 1000.0).await.status(), 201);
    assert_eq!(
        to_holder(&ex.app),
        before,
        "the request only appended an event; its reader writes the email"
    );
    let read = ex.app.matcher.send_notices().await.unwrap();
    assert!(read >= 1, "the reader took the request's event");
    assert_eq!(to_holder(&ex.app), before + 1);
    // Its cursor moved with the email: nothing is read, or told, twice.
    assert_eq!(ex.app.matcher.send_notices().await.unwrap(), 0);
    assert_eq!(to_holder(&ex.app), before + 1);
}

/// On PostgreSQL, one instance reads the feed for emails at a time: while another holds
/// the reader's cursor, an instance goes on at once without reading, and reads after.
#[tokio::test]
async fn one_instance_at_a_time_writes_the_emails_of_the_feed() {
    let ex = matched_exchange().await;
    if ex.app.db.engine() != terril::db::Engine::Postgres {
        return;
    }
    ex.app.send_notices().await;
    assert_eq!(ex.reserve(&ex.taker, 1000.0).await.status(), 201);
    let (held, release) = std::sync::mpsc::channel::<()>();
    let (locked, is_locked) = std::sync::mpsc::channel::<()>();
    let db = ex.app.db.clone();
    let holder = std::thread::spawn(move || {
        use diesel::prelude::*;
        let mut conn = db.get().unwrap();
        conn.transaction(|conn| {
            terril::db::feed_cursors::claim(conn, terril::db::feed_cursors::NOTICES)?;
            locked.send(()).unwrap();
            release.recv().unwrap();
            diesel::QueryResult::Ok(())
        })
        .unwrap();
    });
    is_locked.recv().unwrap();
    let started = std::time::Instant::now();
    assert_eq!(ex.app.matcher.send_notices().await.unwrap(), 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "it did not wait"
    );
    held.send(()).unwrap();
    holder.join().unwrap();
    assert!(ex.app.matcher.send_notices().await.unwrap() >= 1);
}
