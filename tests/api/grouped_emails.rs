//! Match emails found within a few minutes of each other go out as one email listing them,
//! with the lot's thumbnail (`notify::grouped`). The harness sends them at once
//! (`match_grouping_secs = 0`); the tests of the wait set a window and drive the pass with
//! a clock of their own.
use chrono::Duration;
use image::ImageFormat;
use serde_json::{json, Value};
use terril::db::outbox::OutboxEmail;

use crate::helpers::{
    bricks_in_lens, bricks_wanted_in_lille, matches_of_wanted, post_listing, post_wanted,
    spawn_app, spawn_app_with, TestApp, TestUser,
};
use crate::photos::{picture, upload};

const NEEDS: [&str; 3] = [
    "Briques pour une extension",
    "Briques pour un mur de clôture",
    "Briques pour une cheminée",
];

/// The emails about events queued for `recipient` (they carry an unsubscribe link).
fn notices_for(app: &TestApp, recipient: &str) -> Vec<OutboxEmail> {
    app.outbox_for(recipient)
        .into_iter()
        .filter(|e| e.list_unsubscribe.is_some())
        .collect()
}

/// Publishes a need of the taker's titled `title`.
async fn need(app: &TestApp, taker: &TestUser, title: &str) -> Value {
    let mut body = bricks_wanted_in_lille();
    body["title"] = json!(title);
    post_wanted(app, taker, &body).await
}

/// The three needs of one taker, matched with nothing yet; then the holder's listing,
/// with a photo when `photo`, published and matched with all three.
async fn one_listing_three_needs(app: &TestApp, photo: bool) -> (TestUser, TestUser, Value) {
    let (holder, taker) = app.holder_and_taker().await;
    for title in NEEDS {
        need(app, &taker, title).await;
    }
    app.run_matching().await;
    let listing = post_listing(app, &holder, &bricks_in_lens(), true).await;
    if photo {
        let added = upload(
            app,
            &holder,
            &listing,
            picture(ImageFormat::Png),
            "image/png",
        )
        .await;
        assert_eq!(added.status(), 201);
    }
    app.run_matching().await;
    (holder, taker, listing)
}

#[tokio::test]
async fn one_listing_matching_three_needs_is_one_email_to_each_side_with_the_lot() {
    let app = spawn_app().await;
    let (holder, taker, listing) = one_listing_three_needs(&app, true).await;

    let to_taker = notices_for(&app, &taker.email);
    assert_eq!(to_taker.len(), 1, "one email for three matches");
    let email = &to_taker[0];
    assert_eq!(email.subject, "3 lots disponibles pour vos demandes");
    let text = email.text_body.replace(['\u{202f}', '\u{a0}'], " ");
    for title in NEEDS {
        assert!(
            text.contains(&format!("Pour votre demande « {title} »")),
            "{text}"
        );
    }
    assert_eq!(text.matches("Briques pleines de récupération").count(), 3);
    assert!(
        text.contains("Quantité disponible : 3 000 pièces"),
        "{text}"
    );
    assert!(text.contains("Lens (62), à "), "{text}");
    assert!(text.contains("Pertinence : "), "{text}");
    assert!(!text.contains("correspondance"), "{text}");
    // Each match has its link, and the lot its thumbnail, which a mail client loads
    // without a session.
    let matches = app
        .get_json::<Value>("/api/v1/matches", Some(&taker.access_token))
        .await;
    let matches = matches["items"].as_array().unwrap().clone();
    assert_eq!(matches.len(), 3);
    for m in &matches {
        let link = format!("http://terril.test/matches/{}", m["id"].as_str().unwrap());
        assert!(text.contains(&link), "{text}");
    }
    let photos: Value = app
        .get_json(
            &format!(
                "/api/v1/listings/{}/photos",
                listing["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    let photo_id = photos["items"][0]["id"].as_str().unwrap();
    let thumbnail = format!("/photos/{photo_id}/thumb.jpg");
    assert_eq!(
        text.matches(&format!("http://terril.test{thumbnail}"))
            .count(),
        3
    );
    assert_eq!(email.html_body.matches("<img src=").count(), 3);
    assert!(email
        .html_body
        .contains(&format!("&#x2f;photos&#x2f;{photo_id}&#x2f;thumb.jpg")));
    // (A page's path, not the API's: read as a mail client would, with no cookie.)
    let image = app.client.get(app.url(&thumbnail)).send().await.unwrap();
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/jpeg");

    let to_holder = notices_for(&app, &holder.email);
    assert_eq!(to_holder.len(), 1, "one email for three matches");
    assert_eq!(to_holder[0].subject, "3 demandes pour vos annonces");
    let text = to_holder[0].text_body.replace(['\u{202f}', '\u{a0}'], " ");
    for title in NEEDS {
        assert!(
            text.contains(&format!("* {title} (Construire Lille)")),
            "{text}"
        );
    }
    assert!(
        text.contains("Quantité recherchée : 1 000 pièces"),
        "{text}"
    );

    // The Message-ID derives from the group's first notice (its event and recipient),
    // and each of the three notices names that email.
    let first = first_event_of(&app, &taker).await;
    let expected = format!("<{first}.{}@terril.localhost>", taker.user_id);
    assert_eq!(email.message_id, expected);
    app.deliver_emails().await;
    let delivered = app
        .smtp
        .received()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == &taker.email))
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .count();
    assert_eq!(delivered, 1);
}

/// The event key of the oldest match notice of the user's, as recorded.
async fn first_event_of(app: &TestApp, user: &TestUser) -> String {
    use diesel::prelude::*;
    use terril::db::schema::notifications::dsl as n;
    let mut conn = app.db.get().unwrap();
    let rows: Vec<(String, String, Option<String>)> = n::notifications
        .filter(n::user_id.eq(&user.user_id))
        .filter(n::kind.eq("match_found"))
        .order((n::created_at.asc(), n::id.asc()))
        .select((n::id, n::event_key, n::sent_in))
        .load(&mut conn)
        .unwrap();
    assert!(rows
        .iter()
        .all(|(_, _, sent_in)| sent_in.as_ref() == Some(&rows[0].0)));
    rows[0].1.clone()
}

#[tokio::test]
async fn a_match_found_after_the_group_went_out_starts_a_new_one() {
    let app = spawn_app().await;
    let (holder, taker, _) = one_listing_three_needs(&app, false).await;
    let before = notices_for(&app, &taker.email);
    assert_eq!(before.len(), 1);
    assert!(
        !before[0].html_body.contains("<img"),
        "no photo, no thumbnail"
    );

    need(&app, &taker, "Briques pour un muret").await;
    app.run_matching().await;
    let to_taker = notices_for(&app, &taker.email);
    assert_eq!(to_taker.len(), 2, "a new email for the new match");
    // A lone match keeps its own email.
    assert!(
        to_taker[1].subject.starts_with("Matériau disponible à"),
        "{}",
        to_taker[1].subject
    );
    assert!(to_taker[1].text_body.contains("Commune : Lens (62)"));
    assert!(to_taker[1].html_body.contains("Voir la mise en relation"));
    assert_ne!(to_taker[1].message_id, to_taker[0].message_id);
    let to_holder = notices_for(&app, &holder.email);
    assert_eq!(to_holder.len(), 2);
    assert!(
        to_holder[1].subject.contains("correspond à une demande"),
        "{}",
        to_holder[1].subject
    );
}

#[tokio::test]
async fn matches_found_within_the_window_wait_and_go_out_together_once() {
    let app = spawn_app_with(|s| s.email.match_grouping_secs = 120).await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    need(&app, &taker, NEEDS[0]).await;
    app.run_matching().await;
    assert!(notices_for(&app, &taker.email).is_empty(), "it waits");

    // A minute later, another need of the taker's fits the same listing.
    need(&app, &taker, NEEDS[1]).await;
    app.run_matching().await;
    let now = terril::db::now();
    assert_eq!(app.send_grouped_at(now + Duration::seconds(60)).await, 0);
    assert!(notices_for(&app, &taker.email).is_empty(), "still waiting");

    // Once the first has waited its two minutes, both go out, once, however many passes
    // run at the same moment.
    let at = now + Duration::seconds(121);
    let (a, b) = tokio::join!(app.send_grouped_at(at), app.send_grouped_at(at));
    assert_eq!(a + b, 2, "one email to each side");
    assert_eq!(app.send_grouped_at(at + Duration::hours(1)).await, 0);
    let to_taker = notices_for(&app, &taker.email);
    assert_eq!(to_taker.len(), 1);
    assert_eq!(to_taker[0].subject, "2 lots disponibles pour vos demandes");
    assert_eq!(notices_for(&app, &holder.email).len(), 1);
    assert!(notices_for(&app, &holder.email)[0]
        .text_body
        .contains(&format!("« {} »", listing["title"].as_str().unwrap())));
}

#[tokio::test]
async fn never_sends_nothing_and_a_choice_made_while_waiting_is_followed() {
    let app = spawn_app_with(|s| s.email.match_grouping_secs = 120).await;
    let (holder, taker) = app.holder_and_taker().await;
    set_mode(&app, &taker, "never").await;
    for title in NEEDS {
        need(&app, &taker, title).await;
    }
    app.run_matching().await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    app.run_matching().await;
    // While the holder's three wait, the holder turns match emails to the digest.
    set_mode(&app, &holder, "digest").await;
    let later = terril::db::now() + Duration::minutes(3);
    assert_eq!(app.send_grouped_at(later).await, 0);
    assert!(notices_for(&app, &taker.email).is_empty());
    assert!(notices_for(&app, &holder.email).is_empty());
    let notifier = app.notifier.clone();
    let tomorrow = later.date().succ_opt().unwrap();
    terril::notify::digest::send_due(&app.db, &notifier, tomorrow)
        .await
        .unwrap();
    let digests = notices_for(&app, &holder.email);
    assert_eq!(digests.len(), 1, "the three went into the digest");
    assert!(
        digests[0].subject.contains("3 nouveautés"),
        "{}",
        digests[0].subject
    );
    assert!(notices_for(&app, &taker.email).is_empty(), "never is never");
}

#[tokio::test]
async fn a_match_closed_while_its_email_waited_is_not_announced() {
    let app = spawn_app_with(|s| s.email.match_grouping_secs = 120).await;
    let (holder, taker) = app.holder_and_taker().await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let wanted = need(&app, &taker, NEEDS[0]).await;
    app.run_matching().await;
    assert_eq!(matches_of_wanted(&app, &taker, &wanted).await.len(), 1);
    let withdraw = format!("/api/v1/wanted/{}/withdraw", wanted["id"].as_str().unwrap());
    let answer = app
        .post(&withdraw, &json!({}), Some(&taker.access_token))
        .await;
    assert_eq!(answer.status(), 200);
    app.run_matching().await;

    let later = terril::db::now() + Duration::minutes(3);
    assert_eq!(app.send_grouped_at(later).await, 0);
    assert!(notices_for(&app, &taker.email).is_empty());
    assert!(notices_for(&app, &holder.email).is_empty());
}

async fn set_mode(app: &TestApp, user: &TestUser, mode: &str) {
    let body = json!({ "match_found": mode });
    let answer = app
        .put(
            "/api/v1/me/notification-preferences",
            &body,
            Some(&user.access_token),
        )
        .await;
    assert_eq!(answer.status(), 200);
}
