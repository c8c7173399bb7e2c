//! Notification preferences, digests, one-click unsubscribe and saved searches.
use std::sync::Arc;

use reqwest::header::CONTENT_TYPE;
use serde_json::{json, Value};
use terril::db::outbox::OutboxEmail;
use terril::notify::unsubscribe::UnsubscribeTokens;
use terril::notify::Notifier;

use crate::helpers::{
    api_key, assert_problem, bricks_in_lens, bricks_wanted_in_lille, error_fields, post_listing,
    post_wanted, spawn_app, ApiResponse, ReceivedMail, TestApp, TestUser,
};

const PREFERENCES: &str = "/api/v1/me/notification-preferences";
const SAVED_SEARCHES: &str = "/api/v1/saved-searches";
const LISTING_TITLE: &str = "Briques pleines de récupération";
/// The subject of a `saved_search_hit` email in French (the language of the test users).
const HIT_SUBJECT: &str = "Nouvelle annonce pour votre recherche";

fn all_immediate() -> Value {
    json!({
        "match_found": "immediate",
        "reservation_requested": "immediate",
        "reservation_confirmed": "immediate",
        "reservation_refused": "immediate",
        "reservation_cancelled": "immediate",
        "saved_search_hit": "immediate",
        "message_received": "immediate",
    })
}

async fn preferences(app: &TestApp, user: &TestUser) -> Value {
    let response = app.get(PREFERENCES, Some(&user.access_token)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn set_preferences(app: &TestApp, user: &TestUser, body: Value) -> ApiResponse {
    app.put(PREFERENCES, &body, Some(&user.access_token)).await
}

async fn set_preference(app: &TestApp, user: &TestUser, kind: &str, mode: &str) {
    let response = set_preferences(app, user, json!({ kind: mode })).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer[kind], mode);
}

/// A holder in Lens and a taker in Lille, of two organisations, each with a published post
/// that fits the other's; `before_matching` runs before the matcher does.
async fn matched_pair(
    app: &TestApp,
    before_matching: Option<(&str, &str)>,
) -> (TestUser, TestUser) {
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    post_listing(app, &holder, &bricks_in_lens(), true).await;
    post_wanted(app, &taker, &bricks_wanted_in_lille()).await;
    if let Some((kind, mode)) = before_matching {
        set_preference(app, &taker, kind, mode).await;
    }
    assert!(app.run_matching().await >= 2, "both posts are matched");
    (holder, taker)
}

/// The one match the user's organisation has, as that user sees it.
async fn only_match(app: &TestApp, user: &TestUser) -> Value {
    let page: Value = app
        .get_json("/api/v1/matches", Some(&user.access_token))
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one match expected: {page}");
    items[0].clone()
}

/// The emails queued for `recipient` about events (those carry an unsubscribe link;
/// account emails such as the address verification do not).
fn notices_for(app: &TestApp, recipient: &str) -> Vec<OutboxEmail> {
    app.outbox_for(recipient)
        .into_iter()
        .filter(|e| e.list_unsubscribe.is_some())
        .collect()
}

fn hits_for(app: &TestApp, recipient: &str) -> Vec<OutboxEmail> {
    app.outbox_for(recipient)
        .into_iter()
        .filter(|e| e.subject.starts_with(HIT_SUBJECT))
        .collect()
}

/// The messages the SMTP server received for `recipient` with a `List-Unsubscribe` header.
fn delivered_notices(app: &TestApp, recipient: &str) -> Vec<ReceivedMail> {
    app.smtp
        .received()
        .into_iter()
        .filter(|m| m.to.iter().any(|to| to == recipient))
        .filter(|m| top_header(m, "List-Unsubscribe").is_some())
        .collect()
}

/// A header of the message itself (not of a MIME part), with folded lines joined.
fn top_header(mail: &ReceivedMail, name: &str) -> Option<String> {
    let mut headers: Vec<String> = Vec::new();
    for line in mail.raw.lines() {
        if line.is_empty() {
            break;
        }
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            (true, Some(last)) => last.push_str(line),
            _ => headers.push(line.to_owned()),
        }
    }
    let prefix = format!("{}:", name.to_lowercase());
    headers
        .iter()
        .find(|h| h.to_lowercase().starts_with(&prefix))
        .map(|h| h[prefix.len()..].trim().to_owned())
}

/// The path and query of the `List-Unsubscribe` URL of a delivered message.
fn unsubscribe_path(mail: &ReceivedMail) -> String {
    let header = top_header(mail, "List-Unsubscribe").expect("a List-Unsubscribe header");
    let url: String = header
        .strip_prefix('<')
        .and_then(|h| h.strip_suffix('>'))
        .unwrap_or_else(|| panic!("the header is one URL in angle brackets: {header}"))
        .split_whitespace()
        .collect();
    let path = url
        .strip_prefix("http://terril.test")
        .unwrap_or_else(|| panic!("the URL is on the public base URL: {url}"));
    assert!(
        path.starts_with("/api/v1/unsubscribe?token="),
        "unexpected unsubscribe URL {url}"
    );
    path.to_owned()
}

/// The one-click POST of RFC 8058, as a mail client sends it.
async fn one_click(app: &TestApp, path: &str) -> ApiResponse {
    let request = app
        .client
        .post(app.url(path))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click");
    app.send("POST", path, request, None).await
}

fn notifier(app: &TestApp) -> Arc<Notifier> {
    Arc::new(Notifier::new(&app.settings).unwrap())
}

async fn create_api_key(app: &TestApp, user: &TestUser) -> String {
    let key = api_key(app, user, "erp", &["read", "write"]).await;
    key["secret"].as_str().unwrap().to_owned()
}

fn search_around_lille(name: &str) -> Value {
    json!({
        "name": name,
        "material": "construction.masonry",
        "latitude": 50.6292, "longitude": 3.0573,
        "radius_km": 50
    })
}

async fn save_search(app: &TestApp, user: &TestUser, body: &Value) -> Value {
    let response = app
        .post(SAVED_SEARCHES, body, Some(&user.access_token))
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn saved_search_ids(app: &TestApp, user: &TestUser) -> Vec<String> {
    let response = app.get(SAVED_SEARCHES, Some(&user.access_token)).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["next_cursor"], Value::Null);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn preferences_default_to_immediate_and_a_put_changes_only_the_kinds_given() {
    let app = spawn_app().await;
    let user = app.signed_up_user("prefs@example.fr", "Prefs").await;
    assert_eq!(preferences(&app, &user).await, all_immediate());

    let response = set_preferences(
        &app,
        &user,
        json!({ "match_found": "digest", "saved_search_hit": "never" }),
    )
    .await;
    assert_eq!(response.status(), 200);
    let mut expected = all_immediate();
    expected["match_found"] = json!("digest");
    expected["saved_search_hit"] = json!("never");
    assert_eq!(response.json::<Value>().await.unwrap(), expected);
    assert_eq!(preferences(&app, &user).await, expected);

    // A later change keeps the earlier ones; setting a kind back works too.
    let response = set_preferences(
        &app,
        &user,
        json!({ "reservation_refused": "never", "match_found": "immediate" }),
    )
    .await;
    assert_eq!(response.status(), 200);
    expected["reservation_refused"] = json!("never");
    expected["match_found"] = json!("immediate");
    assert_eq!(response.json::<Value>().await.unwrap(), expected);

    // An empty body changes nothing.
    let response = set_preferences(&app, &user, json!({})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), expected);
    assert_eq!(preferences(&app, &user).await, expected);
}

#[tokio::test]
async fn unknown_kinds_and_modes_are_refused_all_at_once_and_nothing_changes() {
    let app = spawn_app().await;
    let user = app.signed_up_user("badprefs@example.fr", "Prefs").await;
    let response = set_preferences(
        &app,
        &user,
        json!({
            "match_found": "never",
            "newsletter": "never",
            "reservation_requested": "sometimes",
        }),
    )
    .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["newsletter", "reservation_requested"]);
    assert_eq!(
        preferences(&app, &user).await,
        all_immediate(),
        "the valid part of a refused body is not applied either"
    );

    for body in [
        json!({ "saved_search_hit": "Never" }),
        json!({ "match_found": null }),
    ] {
        let response = set_preferences(&app, &user, body).await;
        assert_problem(response, 422, "validation_failed").await;
    }
    assert_eq!(preferences(&app, &user).await, all_immediate());
}

#[tokio::test]
async fn preferences_belong_to_users_not_to_api_keys_nor_to_anonymous_callers() {
    let app = spawn_app().await;
    let user = app.signed_up_user("keyprefs@example.fr", "Keys").await;
    let key = create_api_key(&app, &user).await;
    assert_problem(app.get(PREFERENCES, Some(&key)).await, 403, "forbidden").await;
    assert_problem(
        app.put(PREFERENCES, &json!({ "match_found": "never" }), Some(&key))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.get(PREFERENCES, None).await, 401, "unauthenticated").await;
    assert_eq!(preferences(&app, &user).await, all_immediate());

    // Each user has their own.
    let other = app.signed_up_user("otherprefs@example.fr", "Other").await;
    set_preference(&app, &other, "match_found", "never").await;
    assert_eq!(preferences(&app, &user).await, all_immediate());
}

#[tokio::test]
async fn a_taker_who_chose_never_gets_no_match_email_while_the_holder_does() {
    let app = spawn_app().await;
    let (holder, taker) = matched_pair(&app, Some(("match_found", "never"))).await;

    // The match exists for both sides: only the email is not sent.
    let seen_by_taker = only_match(&app, &taker).await;
    assert_eq!(seen_by_taker["side"], "taker");
    let seen_by_holder = only_match(&app, &holder).await;
    assert_eq!(seen_by_holder["id"], seen_by_taker["id"]);

    assert!(notices_for(&app, &taker.email).is_empty());
    let to_holder = notices_for(&app, &holder.email);
    assert_eq!(to_holder.len(), 1);
    // The Message-ID names the event and the recipient.
    let match_id = seen_by_holder["id"].as_str().unwrap();
    let detail: Value = app
        .get_json(
            &format!("/api/v1/matches/{match_id}"),
            Some(&holder.access_token),
        )
        .await;
    let created = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "created")
        .expect("a created event");
    assert_eq!(
        to_holder[0].message_id,
        format!(
            "<{}.{}@{}>",
            created["id"].as_str().unwrap(),
            holder.user_id,
            app.settings.email.message_id_domain
        )
    );

    app.deliver_emails().await;
    assert!(delivered_notices(&app, &taker.email).is_empty());
    assert_eq!(delivered_notices(&app, &holder.email).len(), 1);
}

#[tokio::test]
async fn a_taker_who_chose_the_digest_gets_one_email_once_the_day_is_over() {
    let app = spawn_app().await;
    let (holder, taker) = matched_pair(&app, Some(("match_found", "digest"))).await;
    let today = terril::db::now().date();
    let matched = only_match(&app, &taker).await;
    let match_url = format!(
        "http://terril.test/matches/{}",
        matched["id"].as_str().unwrap()
    );

    assert!(
        notices_for(&app, &taker.email).is_empty(),
        "no email at once"
    );
    assert_eq!(notices_for(&app, &holder.email).len(), 1);

    let notifier = notifier(&app);
    // The day is not over: nothing is sent yet.
    let sent = terril::notify::digest::send_due(&app.db, &notifier, today)
        .await
        .unwrap();
    assert_eq!(sent, 0);
    assert!(notices_for(&app, &taker.email).is_empty());

    let tomorrow = today.succ_opt().unwrap();
    let sent = terril::notify::digest::send_due(&app.db, &notifier, tomorrow)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let digests = notices_for(&app, &taker.email);
    assert_eq!(digests.len(), 1);
    let digest = &digests[0];
    assert!(
        digest.subject.starts_with("Votre récapitulatif Terril du"),
        "subject: {}",
        digest.subject
    );
    assert!(digest.subject.contains("1 nouveauté"), "{}", digest.subject);
    assert!(
        digest.text_body.contains(LISTING_TITLE),
        "{}",
        digest.text_body
    );
    assert!(
        digest.text_body.contains(&match_url),
        "{}",
        digest.text_body
    );
    assert!(digest
        .list_unsubscribe
        .as_deref()
        .unwrap()
        .starts_with("http://terril.test/api/v1/unsubscribe?token="));
    assert_eq!(
        notices_for(&app, &holder.email).len(),
        1,
        "the holder gets no digest"
    );

    // One digest a day: running it again, even on a later day, sends nothing more.
    for day in [tomorrow, tomorrow.succ_opt().unwrap()] {
        let sent = terril::notify::digest::send_due(&app.db, &notifier, day)
            .await
            .unwrap();
        assert_eq!(sent, 0);
    }
    assert_eq!(notices_for(&app, &taker.email).len(), 1);

    app.deliver_emails().await;
    let delivered = delivered_notices(&app, &taker.email);
    assert_eq!(delivered.len(), 1);
    assert_eq!(
        top_header(&delivered[0], "Message-ID").as_deref(),
        Some(digest.message_id.as_str())
    );

    // The digest's unsubscribe link turns off every kind sent in the digest.
    let path = unsubscribe_path(&delivered[0]);
    let response = one_click(&app, &path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "kind": "digest", "mode": "never" })
    );
    let mut expected = all_immediate();
    expected["match_found"] = json!("never");
    assert_eq!(preferences(&app, &taker).await, expected);
}

#[tokio::test]
async fn a_match_email_carries_a_one_click_unsubscribe_that_only_a_post_uses() {
    let app = spawn_app().await;
    let (holder, taker) = matched_pair(&app, None).await;
    app.deliver_emails().await;
    let delivered = delivered_notices(&app, &taker.email);
    assert_eq!(delivered.len(), 1);
    let mail = &delivered[0];
    assert_eq!(
        top_header(mail, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let path = unsubscribe_path(mail);
    let stored = notices_for(&app, &taker.email).pop().unwrap();
    let url = format!("http://terril.test{path}");
    assert_eq!(stored.list_unsubscribe.as_deref(), Some(url.as_str()));
    assert!(
        stored.text_body.contains(&url),
        "the footer has the link too"
    );

    // Opening the link (a browser does) leads to the pages' unsubscribe page, in the
    // person's language, and changes nothing (tests/api/pages_dashboard.rs follows it).
    let page = app.get(&path, None).await;
    assert_eq!(page.status(), 303);
    let token = path.split("token=").nth(1).unwrap();
    let location = page.headers()["location"].to_str().unwrap();
    assert_eq!(location, format!("/unsubscribe?token={token}"));
    assert_eq!(preferences(&app, &taker).await, all_immediate());

    // The one-click POST turns this kind off, for this user only.
    let response = one_click(&app, &path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "kind": "match_found", "mode": "never" })
    );
    let mut expected = all_immediate();
    expected["match_found"] = json!("never");
    assert_eq!(preferences(&app, &taker).await, expected);
    assert_eq!(preferences(&app, &holder).await, all_immediate());

    // Again: the same answer.
    let response = one_click(&app, &path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "kind": "match_found", "mode": "never" })
    );

    // An empty body is a valid one-click request too.
    let holder_mail = delivered_notices(&app, &holder.email).pop().unwrap();
    let holder_path = unsubscribe_path(&holder_mail);
    let request = app
        .client
        .post(app.url(&holder_path))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    let response = app.send("POST", &holder_path, request, None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(preferences(&app, &holder).await["match_found"], "never");
}

#[tokio::test]
async fn bad_or_missing_unsubscribe_tokens_are_refused() {
    let app = spawn_app().await;
    let (_, taker) = matched_pair(&app, None).await;
    let link = notices_for(&app, &taker.email)
        .pop()
        .unwrap()
        .list_unsubscribe
        .unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();

    // The signature's first character changed.
    let (head, signature) = token.rsplit_once('.').unwrap();
    let first = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{head}.{first}{}", &signature[1..]);
    // Another user's id in the payload, with the original signature.
    let (header, rest) = token.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let forged_payload = {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let claims = json!({
            "iss": "terril", "aud": "terril-unsubscribe",
            "sub": "0190f0c2-0000-7000-8000-000000000000", "kind": "match_found"
        });
        engine.encode(claims.to_string())
    };
    let forged = format!("{header}.{forged_payload}.{signature}");
    // Signed with another secret.
    let foreign = UnsubscribeTokens::new(b"another-secret-that-is-long-enough-for-hs256")
        .sign(&taker.user_id, "match_found")
        .unwrap();
    for bad in [
        tampered.as_str(),
        forged.as_str(),
        foreign.as_str(),
        "not-a-token",
        taker.access_token.as_str(),
    ] {
        let path = format!("/api/v1/unsubscribe?token={bad}");
        assert_problem(app.get(&path, None).await, 400, "invalid_token").await;
        assert_problem(one_click(&app, &path).await, 400, "invalid_token").await;
    }
    assert_eq!(preferences(&app, &taker).await, all_immediate());

    let path = "/api/v1/unsubscribe";
    assert_problem(app.get(path, None).await, 400, "bad_request").await;
    assert_problem(one_click(&app, path).await, 400, "bad_request").await;
}

#[tokio::test]
async fn saved_searches_are_created_listed_and_deleted_by_their_owner_only() {
    let app = spawn_app().await;
    let owner = app
        .signed_up_user("searcher@example.fr", "Bâtir Lille")
        .await;
    let other = app.signed_up_user("nosy@example.fr", "Nosy").await;

    let created = save_search(&app, &owner, &search_around_lille("Briques près de Lille")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "Briques près de Lille");
    assert_eq!(created["material"], "construction.masonry");
    assert_eq!(created["include_subclasses"], true);
    assert_eq!(created["radius_km"].as_f64(), Some(50.0));
    assert_eq!(created["worst_condition"], Value::Null);
    assert_eq!(created["max_price_per_unit_eur"], Value::Null);
    assert_eq!(created["text"], Value::Null);

    let mut filtered = search_around_lille("Briques bon marché");
    filtered["include_subclasses"] = json!(false);
    filtered["worst_condition"] = json!("reusable_as_is");
    filtered["max_price_per_unit_eur"] = json!(0.5);
    filtered["text"] = json!("rouges");
    let second = save_search(&app, &owner, &filtered).await;
    assert_eq!(second["include_subclasses"], false);
    assert_eq!(second["worst_condition"], "reusable_as_is");
    assert_eq!(second["max_price_per_unit_eur"].as_f64(), Some(0.5));
    assert_eq!(second["text"], "rouges");
    let second_id = second["id"].as_str().unwrap().to_owned();

    assert_eq!(
        saved_search_ids(&app, &owner).await,
        [id.clone(), second_id.clone()]
    );
    assert!(saved_search_ids(&app, &other).await.is_empty());

    let path = format!("{SAVED_SEARCHES}/{id}");
    assert_problem(
        app.delete(&path, Some(&other.access_token)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.delete(&path, Some(&owner.access_token)).await.status(),
        204
    );
    assert_problem(
        app.delete(&path, Some(&owner.access_token)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(saved_search_ids(&app, &owner).await, [second_id]);

    let key = create_api_key(&app, &owner).await;
    assert_problem(app.get(SAVED_SEARCHES, Some(&key)).await, 403, "forbidden").await;
    assert_problem(
        app.post(SAVED_SEARCHES, &search_around_lille("Clé"), Some(&key))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.get(SAVED_SEARCHES, None).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn nonsense_saved_searches_are_refused() {
    let app = spawn_app().await;
    let owner = app.signed_up_user("badsearch@example.fr", "Bad").await;
    for radius in [json!(0), json!(-3), json!(2000)] {
        let mut body = search_around_lille("Rayon");
        body["radius_km"] = radius;
        let problem = assert_problem(
            app.post(SAVED_SEARCHES, &body, Some(&owner.access_token))
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["radius_km"]);
    }
    let mut body = search_around_lille("Matériau inconnu");
    body["material"] = json!("construction.unobtainium");
    let problem = assert_problem(
        app.post(SAVED_SEARCHES, &body, Some(&owner.access_token))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["material"]);
    assert_eq!(problem["errors"][0]["code"], "unknown");

    let mut body = search_around_lille("");
    body["latitude"] = json!(91);
    let problem = assert_problem(
        app.post(SAVED_SEARCHES, &body, Some(&owner.access_token))
            .await,
        422,
        "validation_failed",
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["latitude", "name"]);
    assert!(saved_search_ids(&app, &owner).await.is_empty());
}

#[tokio::test]
async fn a_new_listing_near_a_saved_search_is_announced_once_to_its_owner() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    let search = save_search(&app, &taker, &search_around_lille("Briques près de Lille")).await;
    // Searches that do not fit the bricks: the exact class only, and too cheap a price.
    let mut exact = search_around_lille("Maçonnerie seulement");
    exact["include_subclasses"] = json!(false);
    save_search(&app, &taker, &exact).await;
    let mut cheap = search_around_lille("Briques gratuites");
    cheap["max_price_per_unit_eur"] = json!(0);
    save_search(&app, &taker, &cheap).await;
    // The holder's own organisation is never told of its own listings.
    save_search(&app, &holder, &search_around_lille("Nos briques")).await;

    let listing = post_listing(&app, &holder, &bricks_in_lens(), true).await;
    assert!(app.run_matching().await >= 1);
    app.deliver_emails().await;

    let hits = hits_for(&app, &taker.email);
    assert_eq!(hits.len(), 1, "one hit, for the fitting search only");
    let hit = &hits[0];
    assert_eq!(
        hit.subject,
        // What users wrote is quoted in a subject line.
        format!("{HIT_SUBJECT} « Briques près de Lille » : « {LISTING_TITLE} »")
    );
    let listing_url = format!(
        "http://terril.test/listings/{}",
        listing["id"].as_str().unwrap()
    );
    assert!(hit.text_body.contains(&listing_url), "{}", hit.text_body);
    assert!(hit.text_body.contains("\u{a0}km"), "{}", hit.text_body);
    assert!(hit.message_id.contains(search["id"].as_str().unwrap()));
    assert!(hits_for(&app, &holder.email).is_empty());
    assert!(notices_for(&app, &holder.email).is_empty());

    let delivered = delivered_notices(&app, &taker.email);
    assert_eq!(delivered.len(), 1);
    assert_eq!(
        top_header(&delivered[0], "Message-ID").as_deref(),
        Some(hit.message_id.as_str())
    );
    let path = unsubscribe_path(&delivered[0]);

    // Editing the listing queues matching again, which does not announce it twice.
    let mut edited = bricks_in_lens();
    edited["description"] = json!("Environ 3000 briques rouges, nettoyées et palettisées.");
    let listing_path = format!("/api/v1/listings/{}", listing["id"].as_str().unwrap());
    assert_eq!(
        app.put(&listing_path, &edited, Some(&holder.access_token))
            .await
            .status(),
        200
    );
    assert_eq!(app.run_matching().await, 1, "the edit queued a job");
    app.deliver_emails().await;
    assert_eq!(hits_for(&app, &taker.email).len(), 1);
    assert_eq!(delivered_notices(&app, &taker.email).len(), 1);

    // Amiens is about 71 km from Lille: outside the 50 km of the search.
    let mut amiens = bricks_in_lens();
    amiens["title"] = json!("Briques d'Amiens");
    amiens["location"] = json!({ "latitude": 49.8941, "longitude": 2.2958, "address": "Amiens" });
    post_listing(&app, &holder, &amiens, true).await;
    assert_eq!(app.run_matching().await, 1);
    app.deliver_emails().await;
    assert_eq!(hits_for(&app, &taker.email).len(), 1);

    // Unsubscribed from saved-search hits, the owner is told of no further listing.
    let response = one_click(&app, &path).await;
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "kind": "saved_search_hit", "mode": "never" })
    );
    let mut douai = bricks_in_lens();
    douai["title"] = json!("Briques de Douai");
    douai["location"] = json!({ "latitude": 50.3714, "longitude": 3.0800, "address": "Douai" });
    post_listing(&app, &holder, &douai, true).await;
    assert_eq!(app.run_matching().await, 1);
    assert_eq!(hits_for(&app, &taker.email).len(), 1);
}

#[tokio::test]
async fn beyond_the_hourly_limit_a_users_notifications_go_to_their_digest() {
    let app = crate::helpers::spawn_app_with(|s| s.email.notifications_per_hour = 2).await;
    let holder = app
        .signed_up_user("flood@example.fr", "Démolition Lens")
        .await;
    let taker = app.signed_up_user("taker@example.fr", "Bâtir Lille").await;
    post_wanted(&app, &taker, &bricks_wanted_in_lille()).await;
    app.run_matching().await;
    // Two matches found together are one email; each later match, one more.
    for lots in [&[0, 1][..], &[2], &[3]] {
        for n in lots {
            let mut listing = bricks_in_lens();
            listing["title"] = json!(format!("Briques, lot {n}"));
            post_listing(&app, &holder, &listing, true).await;
        }
        app.run_matching().await;
    }
    assert_eq!(
        notices_for(&app, &taker.email).len(),
        2,
        "two emails in the hour"
    );
    let held_back = {
        use diesel::prelude::*;
        use terril::db::schema::notifications::dsl as n;
        let mut conn = app.db.get().unwrap();
        n::notifications
            .filter(n::user_id.eq(&taker.user_id))
            .filter(n::mode.eq("digest"))
            .count()
            .get_result::<i64>(&mut conn)
            .unwrap()
    };
    assert_eq!(held_back, 1, "the fourth match waits in the digest");
    // Account emails are never held back.
    assert_eq!(
        app.post(
            "/api/v1/auth/password-reset",
            &json!({ "email": taker.email }),
            None
        )
        .await
        .status(),
        202
    );
    let account: Vec<_> = app
        .outbox_for(&taker.email)
        .into_iter()
        .filter(|e| e.list_unsubscribe.is_none())
        .collect();
    assert!(account.len() >= 2, "verification and reset both queued");
}
