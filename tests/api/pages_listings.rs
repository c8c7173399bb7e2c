//! The listing pages: posting surplus through a form (as people type it), editing,
//! publishing and withdrawing it, and what others may see of it.
use serde_json::Value;

use crate::helpers::{spawn_app, Browser, TestApp};

pub(crate) const BRICKS: &[(&str, &str)] = &[
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

/// The form with `changes` over the bricks' fields.
fn bricks_with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = BRICKS
        .iter()
        .copied()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .collect();
    fields.extend_from_slice(changes);
    fields
}

/// The text of a field's error on a form page.
fn error_of(html: &str, field: &str) -> Option<String> {
    let start = format!("id=\"{field}-error\">");
    let at = html.find(&start)? + start.len();
    Some(html[at..].split('<').next()?.replace("&#x27;", "'"))
}

#[tokio::test]
async fn one_submit_shows_what_did_not_read_and_what_the_rules_refuse_in_french() {
    let app = spawn_app().await;
    app.signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let fields = bricks_with(&[
        // Does not read as a number: its rule errors are not added.
        ("quantity", "beaucoup"),
        // A place no commune has, beside its field, with the rules' errors of the rest.
        ("place", "Nullepart-sur-Mer"),
        ("material", ""),
        ("title", ""),
        ("price_per_unit_eur", "15 € TTC"),
        ("submit", "publish"),
    ]);
    let page = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(page.status, 422);
    let html = &page.html;
    assert_eq!(
        error_of(html, "quantity").as_deref(),
        Some("Ce n'est pas un nombre.")
    );
    assert_eq!(
        error_of(html, "place").as_deref(),
        Some("Aucune commune ne porte ce nom ou ce code postal.")
    );
    assert_eq!(
        error_of(html, "material").as_deref(),
        Some("Choisissez une catégorie de la liste.")
    );
    assert_eq!(
        error_of(html, "title").as_deref(),
        Some("Le titre compte de 1 à 200 caractères.")
    );
    assert_eq!(
        error_of(html, "price_per_unit_eur").as_deref(),
        Some("Indiquez le prix hors taxes (HT) : les prix affichés s'entendent HT.")
    );
    // Only the rule's words: the stand-in quantity never shows as a lot error.
    assert!(error_of(html, "min_lot").is_none(), "{html}");

    // A minimum lot above the quantity says so in French.
    let fields = bricks_with(&[("min_lot", "20"), ("submit", "draft")]);
    let page = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        error_of(&page.html, "min_lot").as_deref(),
        Some("Le lot minimum dépasse la quantité proposée.")
    );
}

#[tokio::test]
async fn prices_are_taken_as_people_type_them_and_shown_excluding_vat() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    for (typed, eur) in [
        ("15 €", 15.0),
        ("15,50 € HT", 15.5),
        ("15 euros", 15.0),
        ("1 250,00 €", 1250.0),
    ] {
        let fields = bricks_with(&[
            ("price_per_unit_eur", typed),
            ("quantity", "1250"),
            ("submit", "publish"),
        ]);
        let posted = browser
            .submit("/listings/new", "/listings/new", &fields)
            .await;
        assert_eq!(posted.status, 303, "{typed}: {}", posted.html);
        let path = posted.location.unwrap();
        let id = path.trim_start_matches("/listings/");
        let stored = listing(&app, id, &holder.access_token).await;
        assert_eq!(stored["price_per_unit_eur"], eur, "{typed}");
        if typed == "1 250,00 €" {
            // Shown as the French write it: thousands apart, a decimal comma, HT.
            let page = browser.get(&path).await;
            let html = page.html.replace(['\u{202f}', '\u{a0}'], " ");
            assert!(html.contains("1 250,00 € HT par tonne"), "{html}");
            assert!(html.contains("Il reste 1 250 sur 1 250 tonnes"), "{html}");
            assert!(html.contains("1er décembre 2026"), "{html}");
        }
    }
}

#[tokio::test]
async fn a_need_shows_every_mistake_at_once_and_takes_a_price_as_typed() {
    let app = spawn_app().await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    let browser = Browser::signed_in(&app, "taker@example.fr").await;
    let need = |quantity: &'static str, distance: &'static str| {
        [
            ("title", "Briques pour une extension"),
            ("material", "construction.masonry"),
            ("description", ""),
            ("quantity", quantity),
            ("unit", "t"),
            ("worst_condition", "needs_reconditioning"),
            ("max_price_per_unit_eur", "12,50 € HT"),
            ("place", "Lille"),
            ("address", ""),
            ("max_distance_km", distance),
            ("needed_from", "2026-12-10"),
            ("needed_until", "2026-12-01"),
            ("submit", "publish"),
        ]
    };
    let page = browser
        .submit("/wanted/new", "/wanted/new", &need("", "5000"))
        .await;
    assert_eq!(page.status, 422);
    let html = &page.html;
    assert_eq!(
        error_of(html, "quantity").as_deref(),
        Some("Ce champ est obligatoire.")
    );
    assert_eq!(
        error_of(html, "max_distance_km").as_deref(),
        Some("La distance doit être supérieure à 0 km et d'au plus 1\u{202f}000 km.")
    );
    assert_eq!(
        error_of(html, "needed_until").as_deref(),
        Some("La fin du besoin vient avant son début.")
    );

    let posted = browser
        .submit("/wanted/new", "/wanted/new", &need("5", "60"))
        .await;
    assert_eq!(posted.status, 422, "the end still comes before the start");
    let mut fixed = need("5", "60").to_vec();
    fixed.retain(|(k, _)| *k != "needed_until");
    fixed.push(("needed_until", ""));
    let posted = browser.submit("/wanted/new", "/wanted/new", &fixed).await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let id = posted
        .location
        .unwrap()
        .trim_start_matches("/wanted/")
        .to_owned();
    let stored: Value = app
        .get_json(&format!("/api/v1/wanted/{id}"), Some(&taker.access_token))
        .await;
    assert_eq!(stored["max_price_per_unit_eur"], 12.5);
}
