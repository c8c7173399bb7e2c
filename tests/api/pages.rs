//! The web pages for people, through a browser-like client (a cookie store, redirects not
//! followed so that each one is checked): accounts, sessions, CSRF and languages.
use reqwest::Client;
use serde_json::json;

use crate::helpers::{
    bricks_in_lens, bricks_wanted_in_lille, post_listing, spawn_app, token_in, Browser, PASSWORD,
};

const REGISTRATION: &[(&str, &str)] = &[
    ("organisation_name", "Réemploi Gohelle"),
    ("kind", "holder"),
    ("siret", ""),
    ("street", "Base 11/19, rue de Bourgogne"),
    ("postal_code", "62750"),
    ("city", "Loos-en-Gohelle"),
    ("name", "Zoé Lefebvre"),
    ("email", "zoe@reemploi.test"),
    ("password", PASSWORD),
];

#[tokio::test]
async fn a_person_registers_confirms_signs_in_and_out_through_the_pages() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);

    let home = browser.get("/").await;
    assert_eq!(home.status, 200);
    assert!(
        home.html.contains("<html lang=\"fr\">"),
        "French by default"
    );
    assert!(home
        .set_cookie
        .iter()
        .any(|c| c.starts_with("terril_browser=")));

    let registered = browser.submit("/register", "/register", REGISTRATION).await;
    assert_eq!(registered.status, 200, "{}", registered.html);
    assert!(registered.html.contains("zoe@reemploi.test"));

    // The verification email links to a page, which confirms the address.
    let email = app.outbox_for("zoe@reemploi.test").pop().unwrap();
    assert!(email.text_body.contains(&format!(
        "{}/verify-email?token=",
        app.settings.public_base_url
    )));
    let token = token_in(&email.text_body).unwrap();
    let verified = browser.get(&format!("/verify-email?token={token}")).await;
    assert!(
        verified.html.contains("Adresse confirmée"),
        "{}",
        verified.html
    );
    let again = browser.get(&format!("/verify-email?token={token}")).await;
    assert!(again.html.contains("Lien invalide ou expiré"));

    // Signing in sets the session cookie, HttpOnly and SameSite=Lax, and goes back.
    let signed_in = browser
        .submit(
            "/sign-in?next=/account",
            "/sign-in",
            &[
                ("email", "zoe@reemploi.test"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.location.as_deref(), Some("/account"));
    let cookie = signed_in
        .set_cookie
        .iter()
        .find(|c| c.starts_with("terril_session="))
        .expect("a session cookie")
        .clone();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let account = browser.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.html.contains("Réemploi Gohelle") && account.html.contains("Propriétaire"));

    // Signing out ends the session on the server: the copied cookie is worth nothing.
    let copied = cookie.split(';').next().unwrap().to_owned();
    let csrf = account.csrf();
    let out = browser.post("/sign-out", &[("csrf", csrf.as_str())]).await;
    assert_eq!(out.status, 303);
    let replayed = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/account", app.address))
        .header("cookie", copied)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 303);
    assert_eq!(replayed.headers()["location"], "/sign-in?next=%2Faccount");
}

#[tokio::test]
async fn a_form_without_its_token_is_refused_and_nothing_happens() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    browser.get("/register").await;
    let mut forged = vec![("csrf", "0".repeat(64))];
    forged.extend(REGISTRATION.iter().map(|(k, v)| (*k, v.to_string())));
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = browser.post("/register", &forged).await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.html.contains("<html lang=\"fr\">"),
        "an error page, not JSON"
    );
    assert!(app.outbox_for("zoe@reemploi.test").is_empty());
    // Another browser's token is no better.
    let other = Browser::new(&app);
    let csrf = other.get("/register").await.csrf();
    let mut theirs = vec![("csrf", csrf.as_str())];
    theirs.extend_from_slice(REGISTRATION);
    assert_eq!(browser.post("/register", &theirs).await.status, 403);
}

#[tokio::test]
async fn wrong_fields_and_wrong_passwords_show_the_form_again() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let mut fields = REGISTRATION.to_vec();
    fields.retain(|(k, _)| *k != "city" && *k != "password");
    fields.extend_from_slice(&[("city", "   "), ("password", "short")]);
    let page = browser.submit("/register", "/register", &fields).await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("id=\"city-error\""), "{}", page.html);
    assert!(page.html.contains("id=\"password-error\""));
    assert!(
        page.html.contains("value=\"Réemploi Gohelle\""),
        "typed values come back"
    );
    assert!(!page.html.contains("value=\"short\""), "never the password");

    app.signed_up_user("lea@chantier.test", "Chantier Léa")
        .await;
    let wrong = browser
        .sign_in("lea@chantier.test", "not the password")
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong
        .html
        .contains("Adresse e-mail ou mot de passe incorrect"));
    assert!(!wrong
        .set_cookie
        .iter()
        .any(|c| c.starts_with("terril_session=")));
}

#[tokio::test]
async fn the_language_is_the_switch_s_else_accept_language() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let english = browser.get_in("/", "de-DE, en;q=0.8, fr;q=0.5").await;
    assert!(english.html.contains("<html lang=\"en\">"));
    assert!(english.html.contains("Create an account"));
    let switched = browser.get("/language/fr?next=/sign-in").await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location.as_deref(), Some("/sign-in"));
    let french = browser.get_in("/", "en").await;
    assert!(french.html.contains("<html lang=\"fr\">") && french.html.contains("Créer un compte"));
    // Never to another site.
    // Browsers drop tabs and line breaks from a Location and read a backslash as a slash.
    for elsewhere in [
        "//evil.example",
        "/%09/evil.example/",
        "/%0A/evil.example/",
        "/%5C/evil.example/",
        "%09//evil.example/",
        "/%20/evil.example/",
        "https://evil.example/",
    ] {
        let away = browser.get(&format!("/language/en?next={elsewhere}")).await;
        assert_eq!(away.location.as_deref(), Some("/"), "next={elsewhere}");
    }
    let unknown = browser.get("/language/de").await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.html.contains("Error 404"),
        "in the language just chosen"
    );
}

#[tokio::test]
async fn signing_in_never_leads_to_another_site() {
    let app = spawn_app().await;
    app.signed_up_user("lea@chantier.test", "Chantier Léa")
        .await;
    let browser = Browser::new(&app);
    let fields = [
        ("email", "lea@chantier.test"),
        ("password", PASSWORD),
        ("next", "/\t/evil.example/"),
    ];
    let signed_in = browser.submit("/sign-in", "/sign-in", &fields).await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.location.as_deref(), Some("/dashboard"));
    // A path of the site is still followed, query included.
    let again = browser.get("/sign-in?next=/search%3Fq%3Dbriques").await;
    assert_eq!(again.location.as_deref(), Some("/search?q=briques"));
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_emailed_page() {
    let app = spawn_app().await;
    app.signed_up_user("lea@chantier.test", "Chantier Léa")
        .await;
    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_in("lea@chantier.test", PASSWORD).await.status,
        303
    );

    let other = Browser::new(&app);
    let sent = other
        .submit(
            "/forgot-password",
            "/forgot-password",
            &[("email", "lea@chantier.test")],
        )
        .await;
    assert_eq!(sent.status, 200);
    let email = app.outbox_for("lea@chantier.test").pop().unwrap();
    assert!(email.text_body.contains("/reset-password?token="));
    let token = token_in(&email.text_body).unwrap();
    let path = format!("/reset-password?token={token}");
    let fields = [
        ("token", token.as_str()),
        ("password", "a brand new passphrase"),
    ];
    let done = other.submit(&path, "/reset-password", &fields).await;
    assert!(
        done.html.contains("Votre mot de passe est changé"),
        "{}",
        done.html
    );

    // The new password works; the sessions opened before it ended.
    assert_eq!(browser.get("/account").await.status, 303);
    assert_eq!(
        other
            .sign_in("lea@chantier.test", "a brand new passphrase")
            .await
            .status,
        303
    );
    let used = other.submit(&path, "/reset-password", &fields).await;
    assert_eq!(used.status, 400);
}

#[tokio::test]
async fn an_invitee_accepts_on_the_page_and_is_signed_in() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("lea@chantier.test", "Chantier Léa")
        .await;
    let invited = app
        .post(
            &format!(
                "/api/v1/organisations/{}/invitations",
                owner.organisation_id
            ),
            &json!({ "email": "sam@chantier.test", "role": "member" }),
            Some(&owner.access_token),
        )
        .await;
    assert_eq!(invited.status(), 201);
    let email = app.outbox_for("sam@chantier.test").pop().unwrap();
    let token = token_in(&email.text_body).unwrap();
    assert!(email.text_body.contains("/accept-invitation?token="));

    let browser = Browser::new(&app);
    let path = format!("/accept-invitation?token={token}");
    let fields = [
        ("token", token.as_str()),
        ("name", "Sam Martin"),
        ("password", PASSWORD),
    ];
    let accepted = browser.submit(&path, "/accept-invitation", &fields).await;
    assert_eq!(accepted.status, 303, "{}", accepted.html);
    let account = browser.get("/account").await;
    assert!(account.html.contains("Sam Martin") && account.html.contains("lea@chantier.test"));
}

#[tokio::test]
async fn pages_carry_the_html_headers_and_need_no_script() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("{}/sign-in", app.address))
        .await
        .unwrap();
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"));
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("<script"),
        "the sign-in form works without JavaScript"
    );
    let css = reqwest::get(format!("{}/assets/terril.css", app.address))
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}

#[tokio::test]
async fn robots_and_the_icon_are_answered_at_the_root() {
    let app = spawn_app().await;
    let robots = reqwest::get(format!("{}/robots.txt", app.address))
        .await
        .unwrap();
    assert_eq!(robots.status(), 200);
    assert!(robots.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let rules = robots.text().await.unwrap();
    assert!(rules.starts_with("User-agent: *"), "{rules}");
    for private in [
        "Disallow: /account",
        "Disallow: /sign-in",
        "Disallow: /api/",
    ] {
        assert!(rules.lines().any(|l| l == private), "{private} in {rules}");
    }
    assert!(!rules
        .lines()
        .any(|l| l == "Disallow: /listings" || l == "Disallow: /"));
    // `/favicon.ico` leads to the icon the pages name, which the assets serve as SVG.
    let icon = reqwest::get(format!("{}/favicon.ico", app.address))
        .await
        .unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.url().path(), "/assets/favicon.svg");
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(icon.text().await.unwrap().starts_with("<svg"));
    let page = reqwest::get(format!("{}/sign-in", app.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"<link rel="icon" href="/assets/favicon.svg?v="#));
}

#[tokio::test]
async fn a_match_goes_from_its_page_to_collection() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    post_listing(&app, &holder, &bricks_in_lens(), true).await;
    let wanted = app
        .post_wanted(&taker.access_token, &bricks_wanted_in_lille())
        .await;
    assert_eq!(wanted.status(), 201);
    assert!(app.run_matching().await >= 2);
    let page: serde_json::Value = app
        .get_json("/api/v1/matches", Some(&taker.access_token))
        .await;
    let match_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/matches/{match_id}");

    // The link of an email sent before the pages, opened by a browser, leads to the page.
    let old_link = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/api/v1/matches/{match_id}", app.address))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(old_link.status(), 303);
    assert_eq!(old_link.headers()["location"], path.as_str());
    let anonymous = Browser::new(&app).get(&path).await;
    assert_eq!(
        anonymous.location.as_deref(),
        Some(format!("/sign-in?next=%2Fmatches%2F{match_id}").as_str())
    );

    let taker_browser = Browser::signed_in(&app, "taker@example.fr").await;
    let shown = taker_browser.get(&path).await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.html.contains("<meter id=\"part-distance\""),
        "the score's parts are drawn"
    );
    // Below the listing's minimum lot: said on the page, nothing reserved.
    let csrf = shown.csrf();
    let too_little = taker_browser
        .post(
            &path,
            &[
                ("csrf", csrf.as_str()),
                ("action", "reserve"),
                ("quantity", "10"),
            ],
        )
        .await;
    assert_eq!(too_little.status, 422);
    assert!(
        too_little.html.contains("class=\"problem\""),
        "{}",
        too_little.html
    );
    let reserved = taker_browser
        .post(
            &path,
            &[
                ("csrf", csrf.as_str()),
                ("action", "reserve"),
                ("quantity", "500"),
            ],
        )
        .await;
    assert_eq!(reserved.status, 303);

    let detail: serde_json::Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}"),
            Some(&holder.access_token),
        )
        .await;
    let reservation = detail["reservations"][0]["id"].as_str().unwrap().to_owned();
    let holder_browser = Browser::signed_in(&app, "holder@example.fr").await;
    let holder_page = holder_browser.get(&path).await;
    assert!(holder_page.html.contains("value=\"confirm\""));
    let csrf = holder_page.csrf();
    for action in ["confirm", "complete"] {
        let done = holder_browser
            .post(
                &path,
                &[
                    ("csrf", csrf.as_str()),
                    ("action", action),
                    ("reservation", reservation.as_str()),
                ],
            )
            .await;
        assert_eq!(done.status, 303, "{action}");
    }
    let after: serde_json::Value = app
        .get_json(
            &format!("/api/v1/reservations/{reservation}"),
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(after["status"], "completed");
    assert!(holder_browser.get(&path).await.html.contains("Lot enlevé"));
}

#[tokio::test]
async fn too_many_sign_ins_get_a_page_that_says_so() {
    use terril::limits::{Budget, Period};
    let app = crate::helpers::spawn_app_with(|s| {
        s.rate_limit.enabled = true;
        s.rate_limit.read = Budget::new(10_000, Period::Second, 10_000);
        s.rate_limit.auth = Budget::new(1, Period::Hour, 3);
    })
    .await;
    let browser = Browser::new(&app);
    let csrf = browser.get("/sign-in").await.csrf();
    let mut last = None;
    for _ in 0..30 {
        let page = browser
            .post(
                "/sign-in",
                &[
                    ("csrf", csrf.as_str()),
                    ("email", "a@b.test"),
                    ("password", "wrong password"),
                ],
            )
            .await;
        if page.status == 429 {
            last = Some(page);
            break;
        }
    }
    let page = last.expect("the auth budget runs out");
    assert!(page.html.contains("<html lang=\"fr\">"), "a page, not JSON");
    assert!(page.html.contains("Trop de demandes"));
    // The form comes back, ready to send again once the wait is over, without the password.
    // (minijinja writes the action's slash as `&#x2f;`, which browsers read as `/`.)
    assert!(page
        .html
        .contains(r#"<form method="post" action="&#x2f;sign-in">"#));
    assert!(page.html.contains(r#"name="email" value="a@b.test""#));
    assert!(!page.html.contains("wrong password"));
    assert!(page.html.contains("Envoyer à nouveau"));
    assert!(page.html.contains("secondes") || page.html.contains("une seconde"));
}
