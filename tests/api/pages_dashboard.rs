//! A person's space (/dashboard) and what the menu counts, the short messages left after
//! an action (flash), the notification settings page, and where an email's unsubscribe
//! link ends when a browser follows it.
use serde_json::{json, Value};

use crate::helpers::{
    bricks_in_lens, bricks_wanted_in_lille, post_listing, post_wanted, spawn_app, Browser, TestApp,
    TestUser,
};

/// A holder in Lens with a published listing and a draft, a taker in Lille with a need
/// that fits: their one match.
async fn matched(app: &TestApp) -> (TestUser, TestUser, String) {
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    post_listing(app, &holder, &bricks_in_lens(), true).await;
    let mut draft = bricks_in_lens();
    draft["title"] = json!("Tuiles mécaniques en attente");
    post_listing(app, &holder, &draft, false).await;
    post_wanted(app, &taker, &bricks_wanted_in_lille()).await;
    assert!(app.run_matching().await >= 2);
    let page: Value = app
        .get_json("/api/v1/matches", Some(&taker.access_token))
        .await;
    let match_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    (holder, taker, match_id)
}

/// The text between `<h2 id="{id}"` and the next `<section` (or the end).
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<h2 id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("<section").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_dashboard_shows_drafts_reservations_to_answer_and_unread_messages() {
    let app = spawn_app().await;
    let (_holder, taker, match_id) = matched(&app).await;
    let reserved = app.reserve(&match_id, 500, &taker.access_token).await;
    assert_eq!(reserved.status(), 201);
    let path = format!("/api/v1/matches/{match_id}/messages");
    let body = json!({ "body": "Bonjour, on peut passer jeudi ?" });
    let written = app.post(&path, &body, Some(&taker.access_token)).await;
    assert_eq!(written.status(), 201);

    // Signing in without a `next` lands on the dashboard.
    let holder = Browser::new(&app);
    let signed_in = holder
        .sign_in("holder@example.fr", crate::helpers::PASSWORD)
        .await;
    assert_eq!(signed_in.location.as_deref(), Some("/dashboard"));
    let page = holder.get("/dashboard").await;
    assert_eq!(page.status, 200);
    let html = &page.html;
    assert!(html.contains("<h1>Mon espace</h1>"), "{html}");
    // One reservation to answer and one unread thread: the menu counts both.
    assert!(
        html.contains("<a href=\"/dashboard\">Mon espace (2)</a>"),
        "{html}"
    );
    assert!(html.contains("Menu (2)</summary>"));
    let waiting = section(html, "waiting");
    assert!(waiting.contains("À traiter (2)"));
    let answer = &waiting[waiting.find("id=\"to-answer\"").expect("to answer")..];
    assert!(answer.contains(&format!("<a href=\"/matches/{match_id}\">")));
    // (The quantity is written as the French do: a no-break space before its unit.)
    assert!(
        answer
            .replace('\u{a0}', " ")
            .contains("demande de 500 pièces pour « Briques pour une extension »"),
        "{answer}"
    );
    let unread = &waiting[waiting.find("id=\"unread\"").expect("unread")..];
    assert!(unread.contains(&format!("/matches/{match_id}#messages")));
    assert!(unread.contains("un message non lu"), "{unread}");
    let listings = section(html, "my-listings");
    let drafts = &listings[listings.find("Brouillons").expect("a draft group")..];
    assert!(drafts.contains("Tuiles mécaniques en attente"));
    // Its other listing, with all of it reserved.
    assert!(listings.contains("Briques pleines de récupération"));

    // Opening the match reads its thread: only the reservation is left waiting.
    assert_eq!(
        holder.get(&format!("/matches/{match_id}")).await.status,
        200
    );
    let page = holder.get("/dashboard").await;
    assert!(page.html.contains("Mon espace (1)</a>"), "{}", page.html);
    assert!(!page.html.contains("id=\"unread\""));

    // The taker: their own message is not unread; the reservation is pending.
    let taker_browser = Browser::signed_in(&app, "taker@example.fr").await;
    let page = taker_browser.get_in("/dashboard", "en").await;
    assert!(page
        .html
        .contains("<a href=\"/dashboard\">My dashboard</a>"));
    let pending = section(&page.html, "pending");
    assert!(pending.contains(&format!("<a href=\"/matches/{match_id}\">")));
    assert!(
        pending
            .replace('\u{a0}', " ")
            .contains("500 pieces · requested"),
        "{pending}"
    );
    assert!(section(&page.html, "my-wanted").contains("Published"));

    // A visitor is asked to sign in, and comes back.
    let anonymous = Browser::new(&app).get("/dashboard").await;
    assert_eq!(
        anonymous.location.as_deref(),
        Some("/sign-in?next=%2Fdashboard")
    );
}

#[tokio::test]
async fn a_flash_message_is_shown_once_in_the_page_s_language() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let signed_in = "<p class=\"flash\" role=\"status\">Vous êtes connecté·e.</p>";
    assert!(browser.get("/dashboard").await.html.contains(signed_in));
    assert!(!browser
        .get("/dashboard")
        .await
        .html
        .contains("class=\"flash\""));

    let path = format!("/listings/{}", draft["id"].as_str().unwrap());
    let csrf = browser.get(&path).await.csrf();
    let published = browser
        .post(&path, &[("csrf", &csrf), ("action", "publish")])
        .await;
    assert_eq!(published.status, 303);
    assert_eq!(published.location.as_deref(), Some(path.as_str()));
    let page = browser.get_in(&path, "en").await;
    assert!(
        page.html.contains("role=\"status\">Listing published."),
        "in the language of the page that shows it: {}",
        page.html
    );
    assert!(!browser.get(&path).await.html.contains("class=\"flash\""));

    // Signed for this browser, never readable by scripts.
    let cookie = published
        .set_cookie
        .iter()
        .find(|c| c.starts_with("terril_flash="))
        .expect("a flash cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
}

#[tokio::test]
async fn the_notification_settings_page_changes_a_preference() {
    let app = spawn_app().await;
    let user = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let page = browser.get("/account/notifications").await;
    assert_eq!(page.status, 200);
    assert!(page
        .html
        .contains("id=\"match_found-immediate\" name=\"match_found\" value=\"immediate\" checked"));
    let saved = browser
        .submit(
            "/account/notifications",
            "/account/notifications",
            &[("match_found", "digest"), ("message_received", "never")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let page = browser.get("/account/notifications").await;
    assert!(page
        .html
        .contains("role=\"status\">Vos choix d&#x27;e-mails sont enregistrés."));
    assert!(page
        .html
        .contains("id=\"match_found-digest\" name=\"match_found\" value=\"digest\" checked"));
    let stored: Value = app
        .get_json(
            "/api/v1/me/notification-preferences",
            Some(&user.access_token),
        )
        .await;
    assert_eq!(stored["match_found"], "digest");
    assert_eq!(stored["message_received"], "never");
    assert_eq!(stored["reservation_requested"], "immediate");

    // A kind or a mode the page never offers changes nothing.
    let wrong = browser
        .submit(
            "/account/notifications",
            "/account/notifications",
            &[("match_found", "hourly")],
        )
        .await;
    assert_eq!(wrong.status, 400);
}

#[tokio::test]
async fn an_unsubscribe_link_followed_by_a_browser_ends_on_a_page() {
    let app = spawn_app().await;
    let (_holder, taker, _) = matched(&app).await;
    let link = app
        .outbox_for(&taker.email)
        .into_iter()
        .find_map(|e| e.list_unsubscribe)
        .expect("a match email");
    let api_path = link.trim_start_matches("http://terril.test");

    // The email's link sends the browser to the page, which asks in its language.
    let browser = Browser::new(&app);
    let sent = browser.get(api_path).await;
    assert_eq!(sent.status, 303);
    let page_path = sent.location.unwrap();
    assert!(page_path.starts_with("/unsubscribe?token="), "{page_path}");
    let asked = browser.get_in(&page_path, "en").await;
    assert_eq!(asked.status, 200);
    assert!(
        asked.html.contains("Stop getting the emails"),
        "{}",
        asked.html
    );
    let token = page_path.trim_start_matches("/unsubscribe?token=");
    let csrf = asked.csrf();
    let done = browser
        .post("/unsubscribe", &[("csrf", csrf.as_str()), ("token", token)])
        .await;
    assert_eq!(done.status, 200);
    assert!(
        done.html
            .contains("C&#x27;est fait : vous ne recevrez plus"),
        "{}",
        done.html
    );
    assert!(done.html.contains("href=\"/account/notifications\""));
    let stored: Value = app
        .get_json(
            "/api/v1/me/notification-preferences",
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(stored["match_found"], "never");

    // A link that is not valid says so on a page.
    let invalid = browser.get("/unsubscribe?token=not-a-token").await;
    assert_eq!(invalid.status, 400);
    assert!(invalid.html.contains("n&#x27;est pas valable"));
}

/// Publishing on the pages waits a moment for the matcher (here driven by the test while
/// the request waits) and says how many matches it found; the post's page then shows its
/// open matches to its owner, and to nobody else.
#[tokio::test]
async fn publishing_says_how_many_matches_were_found() {
    let app = crate::helpers::spawn_app_with(|s| s.web.publish_wait_ms = 10_000).await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let path = format!("/listings/{}", draft["id"].as_str().unwrap());
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let csrf = browser.get(&path).await.csrf();
    let fields = [("csrf", csrf.as_str()), ("action", "publish")];
    let publish = browser.post(&path, &fields);
    let matcher = async {
        // The request is waiting for the matcher: run it, as a worker would.
        let mut ran = 0;
        while ran == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            ran = app.run_matching().await;
        }
    };
    let (published, ()) = tokio::join!(publish, matcher);
    assert_eq!(published.status, 303);
    let page = browser.get(&path).await;
    assert!(
        page.html.contains(
            "role=\"status\">Annonce publiée. Terril a trouvé un besoin qui lui correspond"
        ),
        "{}",
        page.html
    );
    assert!(page.html.contains("Une mise en relation ouverte."));
    let other = Browser::signed_in(&app, "taker@example.fr").await;
    assert!(!other.get(&path).await.html.contains("post-matches-title"));
}

/// Without a matcher at hand the page says Terril is searching, at once.
#[tokio::test]
async fn publishing_without_a_matcher_says_terril_is_searching() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let draft = post_listing(&app, &holder, &bricks_in_lens(), false).await;
    let path = format!("/listings/{}", draft["id"].as_str().unwrap());
    let browser = Browser::signed_in(&app, "holder@example.fr").await;
    let csrf = browser.get(&path).await.csrf();
    browser
        .post(&path, &[("csrf", &csrf), ("action", "publish")])
        .await;
    let page = browser.get(&path).await;
    assert!(page.html.contains("Terril cherche dès maintenant"));
    assert!(page
        .html
        .contains("Terril cherche en ce moment ce qui correspond"));
}
