use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = spawn_app().await;
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ");
    let response = app.send("POST", "/api/v1/auth/login", request, None).await;
    assert_problem(response, 400, "malformed_json").await;
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_422_problem() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/login",
            &serde_json::json!({ "email": 42 }),
            None,
        )
        .await;
    assert_problem(response, 422, "validation_failed").await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = spawn_app_with(|s| s.http.body_limit_bytes = 1024).await;
    let big = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(4096)
    );
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(big);
    let response = app.send("POST", "/api/v1/auth/login", request, None).await;
    assert_problem(response, 413, "payload_too_large").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = spawn_app().await;
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=a");
    let response = app.send("POST", "/api/v1/auth/login", request, None).await;
    assert_problem(response, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let app = spawn_app().await;
    assert_problem(
        app.get("/api/v1/nothing-here", None).await,
        404,
        "not_found",
    )
    .await;
    let login = app.get("/api/v1/auth/login", None).await;
    // RFC 9110: a 405 says which methods the resource does answer.
    assert_eq!(login.headers()["allow"], "POST");
    assert_problem(login, 405, "method_not_allowed").await;
    let me = app.delete("/api/v1/me", None).await;
    assert_eq!(me.headers()["allow"], "GET");
    assert_problem(me, 405, "method_not_allowed").await;
    let listing = app.delete("/api/v1/listings/some-id", None).await;
    assert_eq!(listing.headers()["allow"], "GET, PUT");
}

#[tokio::test]
async fn a_path_id_that_does_not_parse_answers_404_like_an_unknown_id() {
    let app = spawn_app().await;
    let user = app.signed_up_user("paths@example.fr", "Paths").await;
    let unknown = "0192f3a4-5b6c-7d8e-9f00-112233445566";
    for path in [
        format!("/api/v1/listings/{unknown}"),
        "/api/v1/listings/not-an-id".to_owned(),
        "/api/v1/listings/%27%20OR%20%271%27%3D%271".to_owned(),
        format!("/api/v1/listings/{unknown}%00"),
        "/api/v1/wanted/42".to_owned(),
        "/api/v1/matches/x".to_owned(),
        "/api/v1/reservations/x".to_owned(),
    ] {
        let problem = assert_problem(
            app.get(&path, Some(&user.access_token)).await,
            404,
            "not_found",
        )
        .await;
        assert_eq!(problem["title"], "Not found", "{path}");
    }
}

/// The 422 problem of posting the reference listing as `edit` changes it.
async fn listing_problem(
    email: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> serde_json::Value {
    let app = spawn_app().await;
    let user = app.signed_up_user(email, "Errors").await;
    let mut listing = crate::helpers::bricks_in_lens();
    edit(&mut listing);
    let answer = app
        .post("/api/v1/listings", &listing, Some(&user.access_token))
        .await;
    assert_problem(answer, 422, "validation_failed").await
}

#[tokio::test]
async fn a_wrong_enum_value_in_a_body_is_an_error_on_that_field() {
    let problem = listing_problem("enums@example.fr", |l| l["unit"] = "l".into()).await;
    let error = &problem["errors"][0];
    assert_eq!(error["field"], "unit", "{problem}");
    assert_eq!(error["code"], "invalid");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("`l`") && !message.contains("line"),
        "{message}"
    );
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_by_its_path_in_json_words() {
    let problem = listing_problem("types@example.fr", |l| {
        l["location"]["latitude"] = "north".into();
    })
    .await;
    let error = &problem["errors"][0];
    assert_eq!(error["field"], "location.latitude", "{problem}");
    assert!(
        !error["message"].as_str().unwrap().contains("f64"),
        "{problem}"
    );
}

#[tokio::test]
async fn an_id_in_the_query_string_that_does_not_parse_is_a_field_error() {
    let app = spawn_app().await;
    let problem = assert_problem(
        app.get(
            "/api/v1/listings?organisation=%27%20OR%20%271%27%3D%271",
            None,
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "organisation", "{problem}");
}

#[tokio::test]
async fn an_infinite_price_and_a_radius_without_a_centre_are_field_errors() {
    let app = spawn_app().await;
    for (query, field) in [
        ("max_price=inf", "max_price"),
        ("radius_km=1.4e16", "radius_km"),
    ] {
        let path = format!("/api/v1/listings?{query}");
        let problem = assert_problem(app.get(&path, None).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
}

#[tokio::test]
async fn a_nul_byte_in_any_text_is_a_field_error_never_a_500() {
    let app = spawn_app().await;
    let user = app.signed_up_user("nul@example.fr", "Nul").await;
    let token = Some(user.access_token.as_str());
    let mut listing = crate::helpers::bricks_in_lens();
    listing["title"] = "Briques\u{0}".into();
    let mut described = crate::helpers::bricks_in_lens();
    described["description"] = "a\u{0}b".into();
    let login = serde_json::json!({ "email": "nul\u{0}@example.fr", "password": "x" });
    let key = serde_json::json!({ "name": "k\u{0}", "scopes": ["read"] });
    let search = serde_json::json!({ "name": "s", "text": "\u{0}" });
    for (path, body, field) in [
        ("/api/v1/listings", &listing, "title"),
        ("/api/v1/listings", &described, "description"),
        ("/api/v1/auth/login", &login, "email"),
        ("/api/v1/api-keys", &key, "name"),
        ("/api/v1/saved-searches", &search, "text"),
    ] {
        let problem =
            assert_problem(app.post(path, body, token).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "{path}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "control_character");
    }
}

#[tokio::test]
async fn a_title_of_spaces_is_blank() {
    let problem = listing_problem("blank@example.fr", |l| l["title"] = "   ".into()).await;
    assert_eq!(problem["errors"][0]["field"], "title", "{problem}");
    assert_eq!(problem["errors"][0]["code"], "blank");
}

/// Every 401 carries the `WWW-Authenticate` challenge RFC 9110 requires: RFC 6750's
/// `Bearer` where a token or an API key is read (with `invalid_token` when the one sent is
/// not valid), Terril's own `Terril-Login` where credentials go in a body (sign-in,
/// refresh) or a form (the pages' session), in one realm.
#[tokio::test]
async fn every_401_carries_a_challenge() {
    let app = spawn_app().await;
    let challenge = |response: &crate::helpers::ApiResponse| {
        challenge_of(response.status(), response.headers())
    };
    let me = app.url("/api/v1/me");
    let none = app
        .send("GET", "/api/v1/me", app.client.get(&me), None)
        .await;
    assert_eq!(challenge(&none), "Bearer realm=\"terril\"");
    for (header, value) in [
        ("authorization", "Bearer not-a-token"),
        ("x-api-key", "trl_not_a_key"),
    ] {
        let request = app.client.get(&me).header(header, value);
        let bad = app.send("GET", "/api/v1/me", request, None).await;
        let value = challenge(&bad);
        assert!(
            value.starts_with("Bearer realm=\"terril\", error=\"invalid_token\""),
            "{value}"
        );
        assert_problem(bad, 401, "unauthenticated").await;
    }

    let wrong = app
        .post(
            "/api/v1/auth/login",
            &serde_json::json!({ "email": "nobody@example.fr", "password": "wrong one" }),
            None,
        )
        .await;
    assert_eq!(challenge(&wrong), "Terril-Login realm=\"terril\"");
    assert_problem(wrong, 401, "invalid_credentials").await;
    let refresh = app
        .post(
            "/api/v1/auth/refresh",
            &serde_json::json!({ "refresh_token": "unknown-refresh-token" }),
            None,
        )
        .await;
    assert_eq!(challenge(&refresh), "Terril-Login realm=\"terril\"");
    assert_problem(refresh, 401, "unauthenticated").await;

    // A page's form sent without a session: a 401 page, with the same challenge.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = browser.get(app.url("/sign-in")).send().await.unwrap();
    let html = form.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &html[at..at + 64];
    let page = browser
        .post(app.url("/account/invitations"))
        .form(&[
            ("csrf", csrf),
            ("email", "new@example.fr"),
            ("role", "member"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        challenge_of(page.status(), page.headers()),
        "Terril-Login realm=\"terril\""
    );
}

fn challenge_of(status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap) -> String {
    assert_eq!(status, 401);
    headers["www-authenticate"].to_str().unwrap().to_owned()
}

/// A key named twice in one object is refused (422 `duplicate_key` on its path), at any
/// depth, in every JSON body: parsers disagree on which value wins, so none does. Nothing
/// is stored: the registration's email can register afterwards.
#[tokio::test]
async fn a_key_named_twice_is_a_field_error_on_that_key_in_every_json_body() {
    let app = spawn_app().await;
    let send = |path: &'static str, body: String| {
        let request = app
            .client
            .post(app.url(path))
            .header("content-type", "application/json")
            .body(body);
        app.send("POST", path, request, None)
    };
    let login = r#"{"email": "a@example.fr", "password": "x", "email": "b@example.fr"}"#;
    let problem = assert_problem(
        send("/api/v1/auth/login", login.to_owned()).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "email");
    assert_eq!(problem["errors"][0]["code"], "duplicate_key");

    let registration = crate::helpers::registration("twice@example.fr", "Twice").to_string();
    let twice = registration.replacen("\"city\":", "\"city\": \"Lens\", \"city\":", 1);
    assert_ne!(twice, registration);
    let problem = assert_problem(
        send("/api/v1/auth/register", twice).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "organisation.address.city");
    assert_eq!(problem["errors"][0]["code"], "duplicate_key");
    let registered = send("/api/v1/auth/register", registration).await;
    assert_eq!(registered.status(), 202, "nothing was stored");
}

/// A JSON line of an import that names a key twice is a row error with its line, and the
/// import stores nothing.
#[tokio::test]
async fn an_import_line_naming_a_key_twice_is_a_row_error() {
    let app = spawn_app().await;
    let holder = app.signed_up_user("lines@example.fr", "Lines").await;
    let mut line = crate::helpers::bricks_in_lens();
    line["external_ref"] = "D-1".into();
    let good = line.to_string();
    let twice = good.replacen('{', "{\"quantity\": 1, ", 1);
    let path = "/api/v1/listings/import";
    let request = app
        .client
        .post(app.url(path))
        .header("content-type", "application/x-ndjson")
        .body(format!("{good}\n{twice}\n"));
    let refused = app
        .send("POST", path, request, Some(&holder.access_token))
        .await;
    let problem = assert_problem(refused, 422, "import_rejected").await;
    let error = &problem["errors"][0];
    assert_eq!(error["line"], 2, "{problem}");
    assert_eq!(error["code"], "duplicate_key", "{problem}");
    assert_eq!(error["column"], "quantity", "{problem}");
}
