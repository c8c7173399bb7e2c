//! Acting from a listing's page (issue 25): a signed-in taker reserves or writes to the
//! holder and lands on the match page, which shows the lot; a visitor is offered an
//! account that brings them back; the holder sees none of it on their own listing; the
//! taker sees the pickup place once confirmed; a collection has a receipt to print.
use serde_json::{json, Value};

use crate::helpers::{bricks_in_lens, post_listing, spawn_app, Browser, TestApp, TestUser};

async fn listed(app: &TestApp) -> (TestUser, TestUser, Value, String) {
    let (holder, taker) = app.holder_and_taker().await;
    let listing = post_listing(app, &holder, &bricks_in_lens(), true).await;
    let path = format!("/listings/{}", listing["id"].as_str().unwrap());
    (holder, taker, listing, path)
}

/// The holder confirms, through the API, the first reservation of the match at `match_path`
/// (a page's path, `/matches/{id}`).
async fn confirm_first_reservation(app: &TestApp, holder: &TestUser, match_path: &str) {
    let detail: Value = app
        .get_json(&format!("/api/v1{match_path}"), Some(&holder.access_token))
        .await;
    let reservation = detail["reservations"][0]["id"].as_str().unwrap().to_owned();
    let confirm = format!("/api/v1/reservations/{reservation}/confirm");
    let confirmed = app
        .post(&confirm, &json!({}), Some(&holder.access_token))
        .await;
    assert_eq!(confirmed.status(), 200);
}

#[tokio::test]
async fn a_visitor_is_offered_an_account_and_the_holder_no_form() {
    let app = spawn_app().await;
    let (holder, _, _, path) = listed(&app).await;

    let visitor = Browser::new(&app).get(&path).await;
    assert_eq!(visitor.status, 200);
    assert!(visitor.html.contains("Créer un compte pour réserver"));
    assert!(
        visitor
            .html
            .contains(&format!("href=\"/register?next={path}\"")),
        "{}",
        visitor.html
    );
    assert!(visitor
        .html
        .contains(&format!("href=\"/sign-in?next={path}\"")));
    assert!(!visitor.html.contains("/ask\""));

    let own = Browser::signed_in(&app, &holder.email)
        .await
        .get(&path)
        .await;
    assert!(!own.html.contains("/ask\""), "no ask form for the holder");
    assert!(!own.html.contains("Créer un compte pour réserver"));
}

#[tokio::test]
async fn registering_from_a_listing_leads_back_to_it_after_verification() {
    let app = spawn_app().await;
    let (_, _, _, path) = listed(&app).await;
    let browser = Browser::new(&app);
    let form = browser.get(&format!("/register?next={path}")).await;
    let escaped = path.replace('/', "&#x2f;");
    assert!(form
        .html
        .contains(&format!("name=\"next\" value=\"{escaped}\"")));
    let email = "nouveau@chantier.test";
    let fields = [
        ("csrf", form.csrf()),
        ("organisation_name", "Chantier Arras".into()),
        ("kind", "taker".into()),
        ("siret", String::new()),
        ("street", "1 rue de la Gare".into()),
        ("postal_code", "62000".into()),
        ("city", "Arras".into()),
        ("name", "Camille Martin".into()),
        ("email", email.into()),
        ("password", crate::helpers::PASSWORD.into()),
        ("next", path.clone()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let registered = browser.post("/register", &fields).await;
    assert_eq!(registered.status, 200, "{}", registered.html);
    assert!(registered
        .set_cookie
        .iter()
        .any(|c| c.starts_with("terril_next=")));
    let token = app.token_from_last_email(email);
    let verified = browser.get(&format!("/verify-email?token={token}")).await;
    let next = path.replace('/', "&#x2f;");
    assert!(
        verified.html.contains(&format!("/sign-in?next={next}")),
        "{}",
        verified.html
    );
    let signed = browser
        .submit(
            &format!("/sign-in?next={path}"),
            "/sign-in",
            &[
                ("email", email),
                ("password", crate::helpers::PASSWORD),
                ("next", &path),
            ],
        )
        .await;
    assert_eq!(signed.location.as_deref(), Some(path.as_str()));
}

#[tokio::test]
async fn a_taker_reserves_from_the_listing_page_and_the_match_page_shows_the_lot() {
    let app = spawn_app().await;
    let (holder, taker, listing, path) = listed(&app).await;
    let browser = Browser::signed_in(&app, &taker.email).await;

    let page = browser.get(&path).await;
    assert!(page.html.contains(&format!("action=\"{path}/ask\"")));
    assert!(
        page.html
            .replace('\u{202f}', " ")
            .contains("Il en reste 3 000 pièces."),
        "{}",
        page.html
    );
    assert!(page.html.contains("Lot minimum : 500 pièces."));
    assert!(page.html.contains("Écrire au détenteur"));

    // Too much: the listing again, with why, and the quantity as typed.
    let refused = browser
        .submit(
            &path,
            &format!("{path}/ask"),
            &[("action", "reserve"), ("quantity", "5 000"), ("body", "")],
        )
        .await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.html.contains("en reste pas autant"),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("value=\"5 000\""));

    let reserved = browser
        .submit(
            &path,
            &format!("{path}/ask"),
            &[
                ("action", "reserve"),
                ("quantity", "600"),
                ("body", "Jeudi ?"),
            ],
        )
        .await;
    assert_eq!(reserved.status, 303, "{}", reserved.html);
    let match_path = reserved.location.unwrap();
    assert!(match_path.starts_with("/matches/"), "{match_path}");

    let m = browser.get(&match_path).await;
    assert_eq!(m.status, 200);
    assert!(m.html.contains("Le lot"));
    // Numbers as the French write them: thousands set apart by a narrow no-break space.
    let plain = m.html.replace(['\u{202f}', '\u{a0}'], " ");
    assert!(
        plain.contains("2 400 pièces sur 3 000 pièces"),
        "{}",
        m.html
    );
    assert!(plain.contains("id=\"lot-min\">500 pièces"));
    assert!(m.html.contains(&format!("href=\"{path}\"")));
    assert!(m.html.contains("Demande faite depuis l&#x27;annonce"));
    assert!(m.html.contains("Jeudi ?"));
    assert!(
        !m.html.contains("id=\"pickup\""),
        "no pickup place before confirmation"
    );

    // Writing without reserving lands on the same match's thread.
    let written = browser
        .submit(
            &path,
            &format!("{path}/ask"),
            &[("action", "write"), ("body", "Sur palettes ?")],
        )
        .await;
    assert_eq!(written.status, 303);
    assert_eq!(written.location.unwrap(), format!("{match_path}#messages"));

    // Confirmed: the taker sees where to collect.
    confirm_first_reservation(&app, &holder, &match_path).await;
    let m = browser.get(&match_path).await;
    assert!(m.html.contains("id=\"pickup\""), "{}", m.html);
    assert!(m.html.contains("Lieu d&#x27;enlèvement"));
    let _ = listing;
}

#[tokio::test]
async fn a_collection_has_a_receipt_to_print_and_interest_is_no_longer_offered() {
    let app = spawn_app().await;
    let (holder, taker, listing, _) = listed(&app).await;
    let path = format!(
        "/api/v1/listings/{}/reservations",
        listing["id"].as_str().unwrap()
    );
    let reserved: Value = app
        .post(
            &path,
            &json!({ "quantity": 1000 }),
            Some(&taker.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = reserved["id"].as_str().unwrap();
    let receipt = format!("/reservations/{id}/receipt");
    let holder_browser = Browser::signed_in(&app, &holder.email).await;
    assert_eq!(
        holder_browser.get(&receipt).await.status,
        404,
        "not collected yet"
    );

    for step in ["confirm", "complete"] {
        let answer = app
            .post(
                &format!("/api/v1/reservations/{id}/{step}"),
                &json!({}),
                Some(&holder.access_token),
            )
            .await;
        assert_eq!(answer.status(), 200);
    }
    let page = holder_browser.get(&receipt).await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("<h1>Reçu d&#x27;enlèvement</h1>"));
    assert!(page.html.contains("Démolition Lens") && page.html.contains("Construire Lille"));
    assert!(
        page.html
            .replace(['\u{202f}', '\u{a0}'], " ")
            .contains("1 000 pièces"),
        "{}",
        page.html
    );
    assert!(page.html.contains("kg CO2e"), "{}", page.html);
    assert!(page.html.contains("class=\"no-print actions\""));

    // Either side reaches it from the match, where interest is no longer asked.
    let taker_browser = Browser::signed_in(&app, &taker.email).await;
    let m = taker_browser
        .get(&format!(
            "/matches/{}",
            reserved["match_id"].as_str().unwrap()
        ))
        .await;
    assert!(
        m.html.contains(&format!("href=\"{receipt}\"")),
        "{}",
        m.html
    );
    assert!(!m.html.contains("value=\"interested\""));
    assert!(!m.html.contains("value=\"declined\""));
    assert_eq!(taker_browser.get(&receipt).await.status, 200);
    let stranger = app.signed_up_user("autre@test.fr", "Autre").await;
    let stranger = Browser::signed_in(&app, &stranger.email).await;
    assert_eq!(stranger.get(&receipt).await.status, 404);
}

/// A listing placed at one of the holder's sites: once the reservation is confirmed (and
/// not before), the taker's match page and the API give the site, its collection slots,
/// its phone and its access notes.
#[tokio::test]
async fn once_confirmed_the_taker_sees_the_site_its_slots_phone_and_access_notes() {
    let app = spawn_app().await;
    let (holder, taker) = app.holder_and_taker().await;
    let site: Value = app
        .post(
            "/api/v1/sites",
            &json!({
                "name": "Dépôt de Loos",
                "address": "Base 11/19, rue Léon Blum",
                "insee_code": "62528",
                "access_notes": "Portail bleu, demander Karim",
                "contact_phone": "03 21 00 00 00",
                "pickup_slots": "lun.–ven. 8 h–12 h",
            }),
            Some(&holder.access_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(site["pickup_slots"], "lun.–ven. 8 h–12 h");
    let mut body = bricks_in_lens();
    body["site_id"] = site["id"].clone();
    body.as_object_mut().unwrap().remove("location");
    let listing = post_listing(&app, &holder, &body, true).await;
    let path = format!("/listings/{}", listing["id"].as_str().unwrap());
    let browser = Browser::signed_in(&app, &taker.email).await;
    let reserved = browser
        .submit(
            &path,
            &format!("{path}/ask"),
            &[("action", "reserve"), ("quantity", "600"), ("body", "")],
        )
        .await;
    let match_path = reserved.location.expect("a match");
    let before = browser.get(&match_path).await;
    assert!(!before.html.contains("03 21 00 00 00"), "not before");
    assert!(!before.html.contains("Portail bleu"));

    let api_path = format!("/api/v1{match_path}");
    confirm_first_reservation(&app, &holder, &match_path).await;

    let page = browser.get(&match_path).await;
    assert!(page.html.contains("Dépôt de Loos"), "{}", page.html);
    assert!(page.html.contains("Créneaux d&#x27;enlèvement"));
    assert!(page.html.contains("lun.–ven. 8 h–12 h"));
    assert!(page.html.contains("href=\"tel:0321000000\""));
    assert!(page.html.contains("Portail bleu, demander Karim"));
    let seen: Value = app.get_json(&api_path, Some(&taker.access_token)).await;
    let shown = &seen["counterpart"]["site"];
    assert_eq!(shown["name"], "Dépôt de Loos");
    assert_eq!(shown["contact_phone"], "03 21 00 00 00");
    assert_eq!(shown["pickup_slots"], "lun.–ven. 8 h–12 h");
    // The holder sees the taker's side, which names no site.
    let theirs: Value = app.get_json(&api_path, Some(&holder.access_token)).await;
    assert!(theirs["counterpart"]["site"].is_null());
}
