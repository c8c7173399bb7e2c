//! Matching rules, scores, refresh and closing, reservations, and the match emails.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, bricks_in_lens, bricks_wanted_in_lille, matches_of_wanted, post_listing,
    post_wanted, spawn_app, TestApp, TestUser,
};

struct Pair {
    app: TestApp,
    holder: TestUser,
    taker: TestUser,
}

async fn holder_and_taker() -> Pair {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    Pair { app, holder, taker }
}

/// Publishes `listing` and `wanted`, runs matching; the matches of the wanted request.
async fn matched(pair: &Pair, listing: Value, wanted: Value) -> Vec<Value> {
    post_listing(&pair.app, &pair.holder, &listing, true).await;
    let wanted = post_wanted(&pair.app, &pair.taker, &wanted).await;
    pair.app.run_matching().await;
    matches_of_wanted(&pair.app, &pair.taker, &wanted).await
}

fn with(mut body: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[tokio::test]
async fn bricks_in_lens_are_offered_to_lille_within_50_km_and_not_to_amiens() {
    let Pair { app, holder, taker } = holder_and_taker().await;
    let far = app
        .signed_up_user("taker@amiens.test", "Bâtir Amiens")
        .await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let lille = post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    let amiens_need = with(
        bricks_wanted_in_lille(),
        json!({ "location": { "latitude": 49.8941, "longitude": 2.2958, "address": "Amiens" } }),
    );
    let amiens = post_wanted(&app, &far, &amiens_need).await;
    app.run_matching().await;
    app.deliver_emails().await;

    let found = matches_of_wanted(&app, &taker, &lille).await;
    assert_eq!(found.len(), 1);
    let distance = found[0]["distance_km"].as_f64().unwrap();
    assert!(
        (25.0..30.0).contains(&distance),
        "Lens–Lille is about 27 km, got {distance}"
    );
    assert!(matches_of_wanted(&app, &far, &amiens).await.is_empty());

    let received = app.smtp.received();
    // Match emails are the ones with an unsubscribe link (not the sign-up emails).
    let to = |address: &str| {
        received
            .iter()
            .filter(|m| {
                m.to.iter().any(|t| t.contains(address)) && m.header("List-Unsubscribe").is_some()
            })
            .count()
    };
    assert_eq!(to("taker@builder.test"), 1, "the Lille builder is told");
    assert_eq!(
        to("holder@demolition.test"),
        1,
        "the holder is told of the one match"
    );
    assert_eq!(to("taker@amiens.test"), 0, "Amiens is 71 km away: no email");
    let taker_mail = received
        .iter()
        .find(|m| {
            m.to.iter().any(|t| t.contains("taker@builder.test"))
                && m.header("List-Unsubscribe").is_some()
        })
        .unwrap();
    let match_id = found[0]["id"].as_str().unwrap();
    assert!(taker_mail.raw.contains(&format!("/matches/{match_id}")));
    assert!(taker_mail
        .raw
        .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(
        !taker_mail.raw.contains("holder@demolition.test"),
        "no contact data leaks"
    );
}

#[tokio::test]
async fn the_class_fits_when_the_wanted_class_is_the_same_or_an_ancestor() {
    let pair = holder_and_taker().await;
    let listing = bricks_in_lens();
    let exact = with(
        bricks_wanted_in_lille(),
        json!({ "material": "construction.masonry.bricks" }),
    );
    let sector = with(
        bricks_wanted_in_lille(),
        json!({ "material": "construction", "unit": "t", "quantity": 5 }),
    );
    let other = with(
        bricks_wanted_in_lille(),
        json!({ "material": "construction.timber", "unit": "m3", "quantity": 5 }),
    );
    assert_eq!(matched(&pair, listing.clone(), exact).await.len(), 1);
    let broad = matched(&pair, listing.clone(), sector).await;
    assert_eq!(broad.len(), 2, "both listings so far fit 'construction'");
    let exact_fit = broad[0]["score_parts"]["class_fit"].as_f64().unwrap();
    assert!(exact_fit < 15.0, "a sector-wide need is a looser class fit");
    assert!(matched(&pair, listing, other).await.is_empty());
}

#[tokio::test]
async fn a_more_specific_need_does_not_take_a_broader_listing() {
    let pair = holder_and_taker().await;
    let masonry = with(
        bricks_in_lens(),
        json!({ "material": "construction.masonry" }),
    );
    let bricks = with(
        bricks_wanted_in_lille(),
        json!({ "material": "construction.masonry.bricks" }),
    );
    assert!(matched(&pair, masonry, bricks).await.is_empty());
}

#[tokio::test]
async fn distance_is_limited_by_the_taker_and_by_a_delivery_only_holder() {
    let pair = holder_and_taker().await;
    let near_limit = with(bricks_wanted_in_lille(), json!({ "max_distance_km": 20 }));
    assert!(
        matched(&pair, bricks_in_lens(), near_limit)
            .await
            .is_empty(),
        "27 km > 20 km"
    );

    let delivers_10_km = with(
        bricks_in_lens(),
        json!({ "pickup": false, "delivery": true, "delivery_radius_km": 10 }),
    );
    let found = matched(&pair, delivers_10_km, bricks_wanted_in_lille()).await;
    // Only the first, pickup listing fits; the delivery-only one does not reach Lille.
    assert_eq!(found.len(), 1);
    let delivers_40_km = with(
        bricks_in_lens(),
        json!({ "pickup": false, "delivery": true, "delivery_radius_km": 40, "title": "Livrées" }),
    );
    let found = matched(&pair, delivers_40_km, bricks_wanted_in_lille()).await;
    assert_eq!(found.len(), 2);
}

#[tokio::test]
async fn windows_condition_and_price_must_fit() {
    let pair = holder_and_taker().await;
    let later = with(bricks_in_lens(), json!({ "available_from": "2030-07-01" }));
    assert!(
        matched(&pair, later, bricks_wanted_in_lille())
            .await
            .is_empty(),
        "windows do not overlap"
    );

    let pair = holder_and_taker().await;
    let worn = with(bricks_in_lens(), json!({ "condition": "recycling_only" }));
    assert!(
        matched(&pair, worn, bricks_wanted_in_lille())
            .await
            .is_empty(),
        "condition too poor"
    );

    let pair = holder_and_taker().await;
    let cheap_need = with(
        bricks_wanted_in_lille(),
        json!({ "max_price_per_unit_eur": 0.2 }),
    );
    assert!(
        matched(&pair, bricks_in_lens(), cheap_need)
            .await
            .is_empty(),
        "0.30 € > 0.20 €"
    );
    let fair_need = with(
        bricks_wanted_in_lille(),
        json!({ "max_price_per_unit_eur": 0.3 }),
    );
    // Both listings of this pair cost 0.30 €.
    assert_eq!(matched(&pair, bricks_in_lens(), fair_need).await.len(), 2);
}

#[tokio::test]
async fn waste_and_hazardous_material_only_go_to_licensed_takers() {
    let pair = holder_and_taker().await;
    let waste = with(
        bricks_in_lens(),
        json!({ "is_waste": true, "waste_code": "17 01 02" }),
    );
    assert!(matched(&pair, waste.clone(), bricks_wanted_in_lille())
        .await
        .is_empty());
    let licensed = with(bricks_wanted_in_lille(), json!({ "accepts_waste": true }));
    // Both waste listings posted so far fit a licensed site.
    assert_eq!(matched(&pair, waste, licensed.clone()).await.len(), 2);

    let pair = holder_and_taker().await;
    let hazardous = with(
        bricks_in_lens(),
        json!({ "is_waste": true, "waste_code": "17 01 06*" }),
    );
    assert!(matched(&pair, hazardous.clone(), licensed).await.is_empty());
    let hazardous_ok = with(
        bricks_wanted_in_lille(),
        json!({ "accepts_waste": true, "accepts_hazardous": true }),
    );
    // Both hazardous listings of this pair fit a site licensed for hazardous waste.
    assert_eq!(matched(&pair, hazardous, hazardous_ok).await.len(), 2);
}

#[tokio::test]
async fn an_organisation_is_never_matched_with_itself() {
    let app = spawn_app().await;
    let both = app
        .signed_up_user("both@recyclerie.test", "Recyclerie")
        .await;
    post_listing(&app, &both, &bricks_in_lens(), true).await;
    let wanted = post_wanted(&app, &both, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    assert!(matches_of_wanted(&app, &both, &wanted).await.is_empty());
}

#[tokio::test]
async fn matches_are_sorted_by_score_with_their_parts_shown() {
    let pair = holder_and_taker().await;
    let far = with(
        bricks_in_lens(),
        json!({ "title": "Briques à Arras", "location": { "latitude": 50.2910, "longitude": 2.7775, "address": "Arras" } }),
    );
    post_listing(&pair.app, &pair.holder, &far, true).await;
    let found = matched(&pair, bricks_in_lens(), bricks_wanted_in_lille()).await;
    assert_eq!(found.len(), 2);
    let scores: Vec<f64> = found.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(
        scores[0] > scores[1],
        "the nearer listing (Lens) scores higher: {scores:?}"
    );
    assert_eq!(found[0]["listing"]["title"], bricks_in_lens()["title"]);
    for m in &found {
        let parts = &m["score_parts"];
        let sum: f64 = ["distance", "class_fit", "quantity", "window", "carbon"]
            .iter()
            .map(|k| parts[k].as_f64().unwrap())
            .sum();
        assert!((sum - m["score"].as_f64().unwrap()).abs() < 0.02);
        assert_eq!(m["side"], "taker");
    }
    let min = scores[0] - 0.001;
    let path = format!("/api/v1/matches?min_score={min}");
    let page: Value = pair
        .app
        .get_json(&path, Some(&pair.holder.access_token))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["side"], "holder");
}

#[tokio::test]
async fn matches_are_refreshed_on_change_and_closed_on_withdrawal() {
    let pair = holder_and_taker().await;
    let app = &pair.app;
    let listing = post_listing(app, &pair.holder, &bricks_in_lens(), true).await;
    let wanted = post_wanted(app, &pair.taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    let before = matches_of_wanted(app, &pair.taker, &wanted).await.remove(0);

    // Needing less makes the listing cover more of the need: a better score.
    let wanted_id = wanted["id"].as_str().unwrap();
    let smaller = with(bricks_wanted_in_lille(), json!({ "quantity": 4000 }));
    let response = app
        .put(
            &format!("/api/v1/wanted/{wanted_id}"),
            &smaller,
            Some(&pair.taker.access_token),
        )
        .await;
    assert_eq!(response.status(), 200);
    app.run_matching().await;
    let after = matches_of_wanted(app, &pair.taker, &wanted).await.remove(0);
    assert_eq!(after["id"], before["id"], "one match per pair");
    assert_ne!(after["score"], before["score"]);

    let far = with(
        bricks_wanted_in_lille(),
        json!({ "quantity": 4000, "location": { "latitude": 49.8941, "longitude": 2.2958, "address": "Amiens" } }),
    );
    app.put(
        &format!("/api/v1/wanted/{wanted_id}"),
        &far,
        Some(&pair.taker.access_token),
    )
    .await;
    app.run_matching().await;
    let moved = matches_of_wanted(app, &pair.taker, &wanted).await.remove(0);
    assert_eq!(moved["status"], "closed");
    assert_eq!(moved["closed_reason"], "no_longer_fits");

    app.put(
        &format!("/api/v1/wanted/{wanted_id}"),
        &smaller,
        Some(&pair.taker.access_token),
    )
    .await;
    app.run_matching().await;
    let reopened = matches_of_wanted(app, &pair.taker, &wanted).await.remove(0);
    assert_eq!(reopened["status"], "open");

    let listing_id = listing["id"].as_str().unwrap();
    let withdraw = format!("/api/v1/listings/{listing_id}/withdraw");
    assert_eq!(
        app.post(&withdraw, &json!({}), Some(&pair.holder.access_token))
            .await
            .status(),
        200
    );
    app.run_matching().await;
    let closed = matches_of_wanted(app, &pair.taker, &wanted).await.remove(0);
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "withdrawn");

    let detail: Value = app
        .get_json(
            &format!("/api/v1/matches/{}", closed["id"].as_str().unwrap()),
            Some(&pair.taker.access_token),
        )
        .await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["created", "refreshed", "closed", "reopened", "closed"]
    );
    // Closing and reopening did not email anyone again: one match, one email each.
    app.deliver_emails().await;
    assert_eq!(
        app.outbox_for("taker@builder.test")
            .iter()
            .filter(|e| e.list_unsubscribe.is_some())
            .count(),
        1
    );
}

#[tokio::test]
async fn a_match_is_visible_to_its_two_sides_only() {
    let pair = holder_and_taker().await;
    let stranger = pair
        .app
        .signed_up_user("someone@else.test", "Ailleurs")
        .await;
    let found = matched(&pair, bricks_in_lens(), bricks_wanted_in_lille()).await;
    let path = format!("/api/v1/matches/{}", found[0]["id"].as_str().unwrap());
    assert_eq!(
        pair.app
            .get(&path, Some(&pair.holder.access_token))
            .await
            .status(),
        200
    );
    assert_problem(
        pair.app.get(&path, Some(&stranger.access_token)).await,
        404,
        "not_found",
    )
    .await;
    let listing_id = found[0]["listing"]["id"].as_str().unwrap();
    let of_listing = format!("/api/v1/listings/{listing_id}/matches");
    assert_problem(
        pair.app
            .get(&of_listing, Some(&pair.taker.access_token))
            .await,
        404,
        "not_found",
    )
    .await;
    let page: Value = pair
        .app
        .get_json(&of_listing, Some(&pair.holder.access_token))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn matches_close_when_a_post_expires() {
    let pair = holder_and_taker().await;
    let found = matched(&pair, bricks_in_lens(), bricks_wanted_in_lille()).await;
    let listing_id = found[0]["listing"]["id"].as_str().unwrap().to_owned();
    {
        // The window closed yesterday (the API refuses to set a window in the past).
        use diesel::prelude::*;
        use terril::db::schema::listings;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        let mut conn = pair.app.db.get().unwrap();
        diesel::update(listings::table.find(&listing_id))
            .set(listings::available_until.eq(Some(yesterday)))
            .execute(&mut conn)
            .unwrap();
    }
    let (listings, _) = pair.app.expire_closed_posts().await;
    assert_eq!(listings, 1);
    let path = format!("/api/v1/matches/{}", found[0]["id"].as_str().unwrap());
    let closed: Value = pair
        .app
        .get_json(&path, Some(&pair.taker.access_token))
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "expired");
    assert_eq!(
        closed["events"].as_array().unwrap().last().unwrap()["kind"],
        "closed"
    );
}
