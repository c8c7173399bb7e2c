//! Place by name on the pages: a commune or postcode typed in the post forms (resolved
//! through the gazetteer, with a choice when several communes share a name), and the
//! organisation's sites, kept on /account/sites and offered in the forms.
use serde_json::Value;

use crate::helpers::{spawn_app, Browser, TestApp};

const BRICKS: &[(&str, &str)] = &[
    ("title", "Briques pleines"),
    ("material", "construction.masonry.bricks"),
    ("description", ""),
    ("condition", "reusable_as_is"),
    ("quantity", "4"),
    ("unit", "t"),
    ("min_lot", ""),
    ("price_per_unit_eur", ""),
    ("address", ""),
    ("latitude", ""),
    ("longitude", ""),
    ("available_from", "2026-12-01"),
    ("available_until", ""),
    ("pickup", "on"),
    ("waste_code", ""),
    ("delivery_radius_km", ""),
    ("submit", "publish"),
];

fn with<'a>(fields: &[(&'a str, &'a str)], more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all: Vec<_> = fields
        .iter()
        .copied()
        .filter(|(k, _)| !more.iter().any(|(m, _)| m == k))
        .collect();
    all.extend_from_slice(more);
    all
}

async fn stored(app: &TestApp, token: &str, path: &str) -> Value {
    let id = path.trim_start_matches("/listings/");
    app.get_json(&format!("/api/v1/listings/{id}"), Some(token))
        .await
}

#[tokio::test]
async fn a_listing_placed_by_typing_its_commune_gets_the_communes_position() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Loos")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let form = browser.get("/listings/new").await;
    assert!(form.html.contains("id=\"place\""));
    assert!(
        !form.html.contains("id=\"insee_code\""),
        "no INSEE code to type"
    );
    assert!(form.html.contains("type=\"hidden\" id=\"latitude\""));

    let fields = with(BRICKS, &[("place", "Loos-en-Gohelle")]);
    let posted = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let listing = stored(&app, &holder.access_token, &posted.location.unwrap()).await;
    assert_eq!(listing["location"]["insee_code"], "62528");
    assert_eq!(listing["location"]["address"], "Loos-en-Gohelle");
    let latitude = listing["location"]["latitude"].as_f64().unwrap();
    assert!((latitude - 50.457).abs() < 0.01, "{latitude}");

    // A postcode no commune has is an error beside the field; nothing is stored.
    let fields = with(BRICKS, &[("place", "00000")]);
    let refused = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("id=\"place-error\""));
    assert!(refused
        .html
        .contains("Aucune commune ne porte ce nom ou ce code postal"));
}

#[tokio::test]
async fn the_place_fields_suggest_communes_with_their_positions() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let found = browser.get("/places?q=62750").await;
    assert_eq!(found.status, 200);
    let found: Value = serde_json::from_str(&found.html).unwrap();
    assert_eq!(found["items"][0]["code"], "62528");
    assert_eq!(found["items"][0]["label"], "Loos-en-Gohelle (62)");
    let several: Value =
        serde_json::from_str(&browser.get("/places?q=Saint-Martin").await.html).unwrap();
    assert!(several["items"].as_array().unwrap().len() > 1);
    let none: Value = serde_json::from_str(&browser.get("/places?q=zzzqqq").await.html).unwrap();
    assert!(none["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_ambiguous_commune_comes_back_with_the_choices_and_the_one_chosen_is_used() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Loos")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let fields = with(BRICKS, &[("place", "Saint-Martin")]);
    let page = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("id=\"place-error\""));
    assert!(page.html.contains("Quelle commune ?"));
    let start = page
        .html
        .find("name=\"commune\" value=\"")
        .expect("choices")
        + 22;
    let code = page.html[start..start + 5].to_owned();

    let chosen = with(BRICKS, &[("place", "Saint-Martin"), ("commune", &code)]);
    let posted = browser
        .submit("/listings/new", "/listings/new", &chosen)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let listing = stored(&app, &holder.access_token, &posted.location.unwrap()).await;
    assert_eq!(listing["location"]["insee_code"], code.as_str());
}

#[tokio::test]
async fn a_site_kept_on_the_sites_page_places_a_listing_and_a_need() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Loos")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    assert!(browser
        .get("/account")
        .await
        .html
        .contains("href=\"/account/sites\""));

    let site = [
        ("name", "Dépôt de Loos"),
        ("place", "62750"),
        ("address", "Base 11/19"),
        ("latitude", ""),
        ("longitude", ""),
        ("access_notes", "Portail bleu, de 8 h à 16 h"),
        ("contact_phone", "03 21 00 00 00"),
    ];
    let bad = with(&site, &[("contact_phone", "appelez-moi")]);
    let refused = browser
        .submit("/account/sites", "/account/sites", &bad)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("id=\"contact_phone-error\""));

    let added = browser
        .submit("/account/sites", "/account/sites", &site)
        .await;
    assert_eq!(added.status, 303, "{}", added.html);
    let sites: Value = app
        .get_json("/api/v1/sites", Some(&holder.access_token))
        .await;
    let site_id = sites["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(sites["items"][0]["insee_code"], "62528");
    let page = browser.get("/account/sites").await;
    assert!(page.html.contains("Dépôt de Loos"));
    assert!(page.html.contains("Portail bleu"));

    let form = browser.get("/listings/new").await;
    assert!(form
        .html
        .contains(&format!("<option value=\"{site_id}\">Dépôt de Loos")));
    let fields = with(BRICKS, &[("site_id", &site_id), ("place", "")]);
    let posted = browser
        .submit("/listings/new", "/listings/new", &fields)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.html);
    let path = posted.location.unwrap();
    let listing = stored(&app, &holder.access_token, &path).await;
    assert_eq!(listing["site_id"], site_id.as_str());
    assert_eq!(
        listing["location"]["address"],
        "Base 11/19, Loos-en-Gohelle"
    );
    assert_eq!(listing["location"]["insee_code"], "62528");
    let edit = browser.get(&format!("{path}/edit")).await;
    assert!(edit
        .html
        .contains(&format!("<option value=\"{site_id}\" selected>")));

    let need = [
        ("title", "Pavés"),
        ("material", "construction.masonry"),
        ("description", ""),
        ("quantity", "2"),
        ("unit", "t"),
        ("worst_condition", "needs_reconditioning"),
        ("max_price_per_unit_eur", ""),
        ("site_id", site_id.as_str()),
        ("max_distance_km", "30"),
        ("needed_from", "2026-12-01"),
        ("needed_until", ""),
        ("submit", "draft"),
    ];
    let posted = browser.submit("/wanted/new", "/wanted/new", &need).await;
    assert_eq!(posted.status, 303, "{}", posted.html);

    // Changed, then deleted; another organisation reaches neither form.
    let edit = format!("/account/sites/{site_id}/edit");
    let renamed = with(&site, &[("name", "Dépôt de la base 11/19")]);
    assert_eq!(browser.submit(&edit, &edit, &renamed).await.status, 303);
    assert!(browser
        .get("/account/sites")
        .await
        .html
        .contains("Dépôt de la base 11"));
    app.signed_up_user("other@example.fr", "Ailleurs").await;
    let other = Browser::signed_in(&app, "other@example.fr").await;
    assert_eq!(other.get(&edit).await.status, 404);
    let delete = format!("/account/sites/{site_id}/delete");
    assert_eq!(
        other.submit("/account/sites", &delete, &[]).await.status,
        404
    );
    assert_eq!(
        browser.submit("/account/sites", &delete, &[]).await.status,
        303
    );
    assert!(browser
        .get("/account/sites")
        .await
        .html
        .contains("Aucun site"));
}
