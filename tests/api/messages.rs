//! A match's thread and the contact details shown once a reservation is confirmed: only the
//! two sides read and write, each message is emailed to the other side, and neither side
//! sees the other's address before an agreement.
use serde_json::{json, Value};

use crate::helpers::{assert_problem, TestUser};
use crate::reservations::{matched_exchange, Exchange};

impl Exchange {
    fn messages_path(&self) -> String {
        format!("/api/v1/matches/{}/messages", self.match_id)
    }

    async fn write(&self, user: &TestUser, body: &str) -> crate::helpers::ApiResponse {
        let path = self.messages_path();
        self.app
            .post(&path, &json!({ "body": body }), Some(&user.access_token))
            .await
    }

    async fn thread(&self, user: &TestUser) -> Value {
        let path = self.messages_path();
        let answer = self.app.get(&path, Some(&user.access_token)).await;
        assert_eq!(answer.status(), 200);
        answer.json().await.unwrap()
    }

    async fn detail(&self, user: &TestUser) -> Value {
        let path = format!("/api/v1/matches/{}", self.match_id);
        self.app.get_json(&path, Some(&user.access_token)).await
    }
}

#[tokio::test]
async fn the_two_sides_write_to_each_other_and_each_message_is_emailed_to_the_other() {
    let ex = matched_exchange().await;
    let asked = ex
        .write(
            &ex.taker,
            "  Bonjour, les briques sont-elles sur palettes ?\n",
        )
        .await;
    assert_eq!(asked.status(), 201);
    let asked: Value = asked.json().await.unwrap();
    assert_eq!(
        asked["body"],
        "Bonjour, les briques sont-elles sur palettes ?"
    );
    assert_eq!(asked["side"], "taker");
    assert_eq!(asked["mine"], true);
    assert_eq!(
        ex.write(&ex.holder, "Oui, 12 palettes.\nEnlèvement au quai 2.")
            .await
            .status(),
        201
    );

    let seen_by_holder = ex.thread(&ex.holder).await;
    let items = seen_by_holder["items"].as_array().unwrap();
    let bodies: Vec<_> = items.iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(
        bodies,
        [
            "Bonjour, les briques sont-elles sur palettes ?",
            "Oui, 12 palettes.\nEnlèvement au quai 2."
        ]
    );
    assert_eq!(items[0]["mine"], false);
    assert_eq!(items[1]["mine"], true);
    assert_eq!(items[1]["author_name"], "Zoé Lefebvre");

    ex.app.send_notices().await;
    let to_holder: Vec<_> = ex
        .app
        .outbox_for("holder@demolition.test")
        .into_iter()
        .filter(|e| e.subject.contains("message"))
        .collect();
    assert_eq!(to_holder.len(), 1, "one email for the taker's message");
    assert!(
        to_holder[0].subject.contains("« Construire Lille »"),
        "{}",
        to_holder[0].subject
    );
    assert!(to_holder[0]
        .text_body
        .contains("Bonjour, les briques sont-elles sur palettes ?"));
    assert!(to_holder[0]
        .text_body
        .contains(&format!("/matches/{}#messages", ex.match_id)));
    let to_taker = ex.app.outbox_for("taker@builder.test");
    assert_eq!(
        to_taker
            .iter()
            .filter(|e| e.text_body.contains("Enlèvement au quai 2."))
            .count(),
        1
    );
}

#[tokio::test]
async fn only_the_two_sides_see_the_thread_and_bad_messages_are_field_errors() {
    let ex = matched_exchange().await;
    let stranger = ex
        .app
        .signed_up_user("other@elsewhere.test", "Ailleurs")
        .await;
    assert_eq!(ex.write(&stranger, "Bonjour").await.status(), 404);
    let path = ex.messages_path();
    let answer = ex.app.get(&path, Some(&stranger.access_token)).await;
    assert_eq!(answer.status(), 404);

    let problem = assert_problem(
        ex.write(&ex.taker, "   \n ").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "body");
    let problem = assert_problem(
        ex.write(&ex.taker, "a\u{0}b").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "body");
    let long = "é".repeat(4001);
    let problem = assert_problem(ex.write(&ex.taker, &long).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "too_long");
    assert_eq!(
        ex.thread(&ex.taker).await["items"],
        json!([]),
        "nothing stored"
    );
}

#[tokio::test]
async fn contact_details_show_once_a_reservation_is_confirmed_and_not_before() {
    let ex = matched_exchange().await;
    assert_eq!(ex.detail(&ex.taker).await["counterpart"], Value::Null);
    let reservation: Value = ex.reserve(&ex.taker, 1000.0).await.json().await.unwrap();
    assert_eq!(ex.detail(&ex.taker).await["counterpart"], Value::Null);
    assert_eq!(ex.detail(&ex.holder).await["counterpart"], Value::Null);

    assert_eq!(
        ex.step(&ex.holder, &reservation, "confirm").await.status(),
        200
    );
    let holder_seen_by_taker = &ex.detail(&ex.taker).await["counterpart"];
    assert_eq!(holder_seen_by_taker["name"], "Démolition Lens");
    assert_eq!(
        holder_seen_by_taker["contacts"][0]["email"],
        "holder@demolition.test"
    );
    let taker_seen_by_holder = &ex.detail(&ex.holder).await["counterpart"];
    assert_eq!(taker_seen_by_holder["name"], "Construire Lille");
    assert_eq!(
        taker_seen_by_holder["contacts"][0]["email"],
        "taker@builder.test"
    );
}
