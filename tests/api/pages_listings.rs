//! The listing pages: posting surplus through a form (as people type it), editing,
//! publishing and withdrawing it, and what others may see of it.
use serde_json::Value;

use crate::helpers::{spawn_app, Browser, TestApp};

const BRICKS: &[(&str, &str)] = &[
    ("title", "Briques pleines de réemploi"),
    ("material", "construction.masonry.bricks"),
    ("description", "Déposées avec soin, palettisées."),
    ("condition", "reusable_as_is"),
    ("quantity", "12,5"),
    ("unit", "t"),
    ("min_lot", "2"),
    ("price_per_unit_eur", ""),
    ("place", "Loos-en-Gohelle"),
    ("address", "Base 11/19"),
    ("latitude", "50,4573"),
    ("longitude", "2,7952"),
    ("available_from", "2026-12-01"),
    ("available_until", ""),
    ("pickup", "on"),
    ("waste_code", ""),
    ("delivery_radius_km", ""),
];

async fn listing(app: &TestApp, id: &str, token: &str) -> Value {
    let path = format!("/api/v1/listings/{id}");
    app.get_json(&path, Some(token)).await
}

#[tokio::test]
async fn a_holder_posts_edits_and_withdraws_a_listing_through_the_pages() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;

    let form = browser.get("/listings/new").await;
    assert_eq!(form.status, 200);
    assert!(form
        .html
        .contains("<optgroup label=\"Construction et démolition\">"));
    assert!(
        form.html.contains("value=\"17 01 02\""),
        "the waste code picker"
    );

    let mut fields = BRICKS.to_vec();
    fields.push(("submit", "publish"));
    let posted = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let path = posted.location.unwrap();
    let id = path.trim_start_matches("/listings/").to_owned();
    let stored = listing(&app, &id, &holder.access_token).await;
    assert_eq!(stored["status"], "published");
    assert_eq!(stored["quantity"], 12.5);
    assert_eq!(stored["location"]["latitude"], 50.4573);
    assert_eq!(stored["min_lot"], 2.0);

    // Anyone sees it; only the owner gets the forms.
    let public = Browser::new(&app).get(&path).await;
    assert_eq!(public.status, 200);
    assert!(public.html.contains("Briques pleines de réemploi"));
    assert!(!public.html.contains("/edit"));
    let own = browser.get(&path).await;
    assert!(own.html.contains(&format!("{path}/edit")));

    let mut edited = BRICKS.to_vec();
    edited.retain(|(k, _)| *k != "title");
    edited.push(("title", "Briques pleines, lot de 12 t"));
    let saved = browser
        .submit(&format!("{path}/edit"), &format!("{path}/edit"), &edited)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    assert_eq!(
        listing(&app, &id, &holder.access_token).await["title"],
        "Briques pleines, lot de 12 t"
    );

    let csrf = own.csrf();
    let withdrawn = browser
        .post(&path, &[("csrf", csrf.as_str()), ("action", "withdraw")])
        .await;
    assert_eq!(withdrawn.status, 303);
    assert_eq!(
        listing(&app, &id, &holder.access_token).await["status"],
        "withdrawn"
    );
    assert_eq!(
        Browser::new(&app).get(&path).await.status,
        404,
        "no longer public"
    );
}

#[tokio::test]
async fn a_listing_form_with_mistakes_comes_back_with_each_one_and_stores_nothing() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let mut fields = BRICKS.to_vec();
    fields.retain(|(k, _)| !["quantity", "place", "material"].contains(k));
    fields.extend_from_slice(&[
        ("quantity", "beaucoup"),
        ("place", "6275"),
        ("material", ""),
    ]);
    fields.push(("submit", "publish"));
    let page = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("id=\"quantity-error\""), "{}", page.html);
    assert!(
        page.html.contains("Ce n&#x27;est pas un nombre")
            || page.html.contains("Ce n'est pas un nombre")
    );
    assert!(
        page.html.contains("id=\"place-error\""),
        "a postcode no commune has, beside its field, in the same round"
    );
    assert!(
        page.html.contains("value=\"Briques pleines de réemploi\""),
        "typed values come back"
    );

    let long_address = "rue ".repeat(80);
    let fixed: Vec<(&str, &str)> = BRICKS
        .iter()
        .copied()
        .filter(|(k, _)| *k != "address")
        .chain([("address", long_address.as_str()), ("submit", "draft")])
        .collect();
    let page = browser
        .submit("/listings/new", "/listings/new", &fixed)
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.html.contains("id=\"address-error\""),
        "the API's own rule, on its field"
    );

    let changes: Value = app
        .get_json("/api/v1/changes", Some(&holder.access_token))
        .await;
    assert!(changes["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["type"] != "listing.created"));
}

#[tokio::test]
async fn another_organisation_cannot_edit_a_listing() {
    let app = spawn_app().await;
    app.signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    app.signed_up_user("other@example.fr", "Autre").await;
    let holder = Browser::signed_in(&app, "holder@example.fr").await;
    let mut fields = BRICKS.to_vec();
    fields.push(("submit", "publish"));
    let path = holder
        .submit("/listings/new", "/listings/new", &fields)
        .await
        .location
        .unwrap();
    let other = Browser::signed_in(&app, "other@example.fr").await;
    assert_eq!(other.get(&format!("{path}/edit")).await.status, 404);
    let csrf = other.get("/").await.csrf();
    let refused = other
        .post(&path, &[("csrf", csrf.as_str()), ("action", "withdraw")])
        .await;
    assert_eq!(refused.status, 404);
}

#[tokio::test]
async fn a_taker_posts_a_need_and_finds_the_match_on_the_matches_page() {
    let app = spawn_app().await;
    app.signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    let holder = Browser::signed_in(&app, "holder@example.fr").await;
    let mut fields = BRICKS.to_vec();
    fields.push(("submit", "publish"));
    assert_eq!(
        holder
            .submit("/listings/new", "/listings/new", &fields)
            .await
            .status,
        303
    );

    let browser = Browser::signed_in(&app, "taker@example.fr").await;
    let need = [
        ("title", "Briques pour une extension"),
        ("material", "construction.masonry"),
        ("description", ""),
        ("quantity", "5"),
        ("unit", "t"),
        ("worst_condition", "needs_reconditioning"),
        ("max_price_per_unit_eur", ""),
        ("place", "Lille"),
        ("address", ""),
        ("max_distance_km", "60"),
        ("needed_from", "2026-12-01"),
        ("needed_until", ""),
        ("submit", "publish"),
    ];
    let posted = browser.submit("/wanted/new", "/wanted/new", &need).await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let path = posted.location.unwrap();
    let id = path.trim_start_matches("/wanted/");
    let stored: Value = app
        .get_json(&format!("/api/v1/wanted/{id}"), Some(&taker.access_token))
        .await;
    assert_eq!(stored["status"], "published");
    assert_eq!(stored["max_distance_km"], 60.0);
    assert!(browser
        .get(&path)
        .await
        .html
        .contains("Briques pour une extension"));

    assert!(app.run_matching().await >= 1);
    let matches = browser.get("/matches").await;
    assert_eq!(matches.status, 200);
    assert!(
        matches.html.contains("Briques pleines de réemploi"),
        "{}",
        matches.html
    );
    assert!(matches.html.contains("href=\"/matches/"));
}
