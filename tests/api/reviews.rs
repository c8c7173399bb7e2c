//! Reviews after collection (issue 26): no review before the lot is collected, one per
//! side, ratings 1 to 5, edits for 14 days, the organisation's public summary (exchanges
//! completed, mean rating, latest reviews), and the same on the pages: the match page's
//! form and the organisation's public page.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, error_fields, post_listing, spawn_app, Browser, TestApp,
    TestUser,
};

fn review_path(reservation: &Value) -> String {
    format!(
        "/api/v1/reservations/{}/review",
        reservation["id"].as_str().unwrap()
    )
}

async fn summary_of(app: &TestApp, organisation: &TestUser) -> Value {
    let path = format!(
        "/api/v1/organisations/{}/reviews",
        organisation.organisation_id
    );
    let answer = app.get(&path, None).await;
    assert_eq!(answer.status(), 200, "the summary is public");
    answer.json().await.unwrap()
}

#[tokio::test]
async fn a_review_waits_for_collection_and_each_side_writes_one() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let path = format!(
        "/api/v1/listings/{}/reservations",
        listing["id"].as_str().unwrap()
    );
    let body = json!({ "quantity": 1000 });
    let asked: Value = app
        .post(&path, &body, Some(&taker.access_token))
        .await
        .json()
        .await
        .unwrap();
    let review = json!({ "rating": 5, "comment": "Lot conforme, enlèvement facile." });
    let before = app
        .post(&review_path(&asked), &review, Some(&taker.access_token))
        .await;
    assert_problem(before, 409, "not_collected").await;

    let collected = app.collected_reservation(&holder, &taker).await;
    let path = review_path(&collected);
    let written = app.post(&path, &review, Some(&taker.access_token)).await;
    assert_eq!(written.status(), 201);
    let written: Value = written.json().await.unwrap();
    assert_eq!(written["rating"], 5);
    assert_eq!(written["comment"], "Lot conforme, enlèvement facile.");
    assert_eq!(written["author_organisation_id"], taker.organisation_id);
    assert_eq!(written["author_organisation_name"], "Construire Lille");
    assert_eq!(written["reviewed_organisation_id"], holder.organisation_id);

    let again = app.post(&path, &review, Some(&taker.access_token)).await;
    assert_problem(again, 409, "already_reviewed").await;

    // The other side writes its own, of the taker.
    let back = json!({ "rating": 4 });
    let theirs = app.post(&path, &back, Some(&holder.access_token)).await;
    assert_eq!(theirs.status(), 201);
    let theirs: Value = theirs.json().await.unwrap();
    assert_eq!(theirs["reviewed_organisation_id"], taker.organisation_id);
    assert_eq!(theirs["comment"], "");

    // Neither side: not found; nobody: not signed in.
    let stranger = app.signed_up_user("autre@test.fr", "Autre").await;
    let answer = app.post(&path, &review, Some(&stranger.access_token)).await;
    assert_problem(answer, 404, "not_found").await;
    assert_eq!(app.post(&path, &review, None).await.status(), 401);
}

#[tokio::test]
async fn ratings_are_1_to_5_and_comments_at_most_2000_characters() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let collected = app.collected_reservation(&holder, &taker).await;
    let path = review_path(&collected);
    for rating in [json!(0), json!(6), json!(-1), json!(2.5)] {
        let answer = app
            .post(
                &path,
                &json!({ "rating": rating }),
                Some(&taker.access_token),
            )
            .await;
        let problem = assert_problem(answer, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem), ["rating"], "{rating}");
    }
    let long = "é".repeat(2001);
    let answer = app
        .post(
            &path,
            &json!({ "rating": 3, "comment": long }),
            Some(&taker.access_token),
        )
        .await;
    let problem = assert_problem(answer, 422, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["comment"]);
    let answer = app
        .post(&path, &json!({ "comment": "?" }), Some(&taker.access_token))
        .await;
    assert_eq!(answer.status(), 422, "a rating is required");

    // Nothing was stored; 2,000 characters are accepted, and a whole rating written 3.0.
    let fits = json!({ "rating": 3.0, "comment": "é".repeat(2000) });
    let answer = app.post(&path, &fits, Some(&taker.access_token)).await;
    assert_eq!(answer.status(), 201);
}

#[tokio::test]
async fn a_review_is_edited_for_14_days_then_locked() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let collected = app.collected_reservation(&holder, &taker).await;
    let path = review_path(&collected);
    let first = json!({ "rating": 2, "comment": "En retard." });
    let none_yet = app.put(&path, &first, Some(&taker.access_token)).await;
    assert_problem(none_yet, 404, "not_found").await;
    let written: Value = app
        .post(&path, &first, Some(&taker.access_token))
        .await
        .json()
        .await
        .unwrap();

    let better = json!({ "rating": 4, "comment": "En retard, mais lot impeccable." });
    let edited = app.put(&path, &better, Some(&taker.access_token)).await;
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["id"], written["id"]);
    assert_eq!(edited["rating"], 4);
    assert_eq!(edited["created_at"], written["created_at"]);
    assert_eq!(edited["editable_until"], written["editable_until"]);
    let bad = app
        .put(&path, &json!({ "rating": 9 }), Some(&taker.access_token))
        .await;
    assert_problem(bad, 422, "validation_failed").await;

    // 15 days later, the same edit is refused (the operation, at a later time).
    use terril::domain::error::{Conflict, DomainError};
    use terril::domain::{Actor, OrganisationId, ReservationId};
    let actor = Actor::of(
        &OrganisationId::parse(&taker.organisation_id).unwrap(),
        None,
    );
    let id = ReservationId::parse(collected["id"].as_str().unwrap()).unwrap();
    let later = terril::db::now() + chrono::Duration::days(15);
    let input = terril::reviews::ReviewInput {
        rating: 1.0,
        comment: String::new(),
    };
    let refused = app
        .db
        .transact::<_, DomainError, _>(move |conn| {
            terril::reviews::edit(conn, &actor, &id, input, later)
        })
        .await;
    assert!(
        matches!(
            refused,
            Err(DomainError::Conflict(Conflict::ReviewLocked { days: 14 }))
        ),
        "{refused:?}"
    );
    let summary = summary_of(&app, &holder).await;
    assert_eq!(summary["reviews"][0]["rating"], 4, "the edit stands");
}

#[tokio::test]
async fn the_public_summary_counts_exchanges_and_averages_ratings() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let empty = summary_of(&app, &holder).await;
    assert_eq!(empty["exchanges_completed"], 0);
    assert_eq!(empty["reviews_count"], 0);
    assert!(empty["average_rating"].is_null());

    for (rating, comment) in [(5, "Parfait."), (4, "Bien.")] {
        let collected = app.collected_reservation(&holder, &taker).await;
        let body = json!({ "rating": rating, "comment": comment });
        let answer = app
            .post(&review_path(&collected), &body, Some(&taker.access_token))
            .await;
        assert_eq!(answer.status(), 201);
    }
    let summary = summary_of(&app, &holder).await;
    assert_eq!(summary["organisation"]["name"], "Démolition Lens");
    assert_eq!(summary["exchanges_completed"], 2);
    assert_eq!(summary["reviews_count"], 2);
    assert_eq!(summary["average_rating"], 4.5);
    assert_eq!(summary["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(summary["reviews"][0]["comment"], "Bien.", "newest first");

    // The taker completed the same two exchanges, and nobody reviewed it yet.
    let taker_summary = summary_of(&app, &taker).await;
    assert_eq!(taker_summary["exchanges_completed"], 2);
    assert_eq!(taker_summary["reviews_count"], 0);
    assert!(taker_summary["average_rating"].is_null());

    let unknown = "/api/v1/organisations/00000000-0000-4000-8000-000000000000/reviews";
    assert_problem(app.get(unknown, None).await, 404, "not_found").await;
}

#[tokio::test]
async fn after_collection_the_match_page_takes_a_review_and_the_public_page_shows_it() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let collected = app.collected_reservation(&holder, &taker).await;
    let match_page = format!("/matches/{}", collected["match_id"].as_str().unwrap());
    let browser = Browser::signed_in(&app, &taker.email).await;
    let page = browser.get(&match_page).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("Évaluer Démolition Lens"),
        "{}",
        page.html
    );
    assert!(page.html.contains("<legend>Note</legend>"));
    assert!(page
        .html
        .contains("type=\"radio\" name=\"rating\" value=\"5\""));

    let action = format!("/reservations/{}/review", collected["id"].as_str().unwrap());
    let match_id = collected["match_id"].as_str().unwrap();
    let no_rating = browser
        .submit(
            &match_page,
            &action,
            &[("match", match_id), ("comment", "?")],
        )
        .await;
    assert_eq!(no_rating.status, 422);
    assert!(no_rating.html.contains("Choisissez une note de 1 à 5."));

    let fields = [
        ("match", match_id),
        ("rating", "4"),
        ("comment", "Accueil au dépôt parfait."),
    ];
    let posted = browser.submit(&match_page, &action, &fields).await;
    assert_eq!(posted.status, 303);
    assert_eq!(
        posted.location.as_deref(),
        Some(format!("{match_page}#reviews").as_str())
    );
    let page = browser.get(&match_page).await;
    assert!(
        page.html.contains("Évaluation publiée. Merci !"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Accueil au dépôt parfait."));
    assert!(page.html.contains("Modifiable jusqu"), "{}", page.html);
    assert!(page.html.contains("value=\"4\" required checked"));

    let edit = [
        ("match", match_id),
        ("edit", "1"),
        ("rating", "3"),
        ("comment", "Accueil correct."),
    ];
    let edited = browser.submit(&match_page, &action, &edit).await;
    assert_eq!(edited.status, 303);
    let again = [("match", match_id), ("rating", "5")];
    let twice = browser.submit(&match_page, &action, &again).await;
    assert_eq!(twice.status, 422);
    assert!(twice.html.contains("déjà évalué"), "{}", twice.html);

    // Anyone sees it on the holder's public page, in French or English, reached from
    // the listing's page.
    let listing = format!("/listings/{}", collected["listing_id"].as_str().unwrap());
    let public = format!("/organisations/{}", holder.organisation_id);
    let visitor = Browser::new(&app);
    let listing_page = visitor.get(&listing).await;
    assert!(
        listing_page.html.contains(&format!("href=\"{public}\"")),
        "{}",
        listing_page.html
    );
    let page = visitor.get(&public).await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("<h1>Démolition Lens</h1>"));
    assert!(page.html.contains("Échanges réalisés"));
    assert!(page.html.contains("Accueil correct."));
    assert!(page.html.contains("3 étoiles sur 5"), "{}", page.html);
    assert!(page.html.contains("Construire Lille"));
    let english = visitor.get_in(&public, "en").await;
    assert!(english.html.contains("Exchanges completed"));
    assert!(
        english.html.contains("3 out of 5 (1 review)"),
        "{}",
        english.html
    );
}

/// The reviews (`review.posted`) each organisation's change feed shows: `(resource_id, id)`.
async fn posted_reviews(app: &TestApp, user: &TestUser) -> Vec<(String, String)> {
    let page: Value = app
        .get_json("/api/v1/changes?limit=100", Some(&user.access_token))
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "review.posted")
        .map(|c| {
            assert_eq!(c["resource_type"], "reservation");
            let id = c["id"].as_str().unwrap().to_owned();
            (c["resource_id"].as_str().unwrap().to_owned(), id)
        })
        .collect()
}

#[tokio::test]
async fn a_review_reaches_both_sides_change_feeds_once_and_no_one_else() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let collected = app.collected_reservation(&holder, &taker).await;
    let path = review_path(&collected);
    let written: Value = app
        .post(&path, &json!({ "rating": 5 }), Some(&taker.access_token))
        .await
        .json()
        .await
        .unwrap();
    let edit = json!({ "rating": 4 });
    let edited = app.put(&path, &edit, Some(&taker.access_token)).await;
    assert_eq!(edited.status(), 200);

    let expected = vec![(
        collected["id"].as_str().unwrap().to_owned(),
        written["id"].as_str().unwrap().to_owned(),
    )];
    assert_eq!(posted_reviews(&app, &holder).await, expected);
    assert_eq!(
        posted_reviews(&app, &taker).await,
        expected,
        "one, edits add none"
    );
    let stranger = app.signed_up_user("autre@test.fr", "Autre").await;
    assert!(posted_reviews(&app, &stranger).await.is_empty());
}

#[tokio::test]
async fn two_reviews_sent_at_once_by_one_side_store_one() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let collected = app.collected_reservation(&holder, &taker).await;
    let path = review_path(&collected);
    let (one, two) = (json!({ "rating": 5 }), json!({ "rating": 1 }));
    let (a, b) = tokio::join!(
        app.post(&path, &one, Some(&taker.access_token)),
        app.post(&path, &two, Some(&taker.access_token)),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
    let refused = if a.status() == 409 { a } else { b };
    assert_problem(refused, 409, "already_reviewed").await;
    assert_eq!(summary_of(&app, &holder).await["reviews_count"], 1);
}
