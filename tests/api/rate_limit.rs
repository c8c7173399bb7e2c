//! Rate limits: every abusive loop gets 429 after its budget, with `Retry-After` and the
//! IETF `RateLimit` fields, and spends only its own client's budget of its own kind.
use serde_json::{json, Value};
use terril::configuration::Settings;
use terril::limits::{Budget, Period};

use crate::helpers::{assert_problem, bricks_in_lens, spawn_app_with, ApiResponse, TestApp};

const SEARCH: &str = "/api/v1/listings?lat=50.43&lon=2.83&radius_km=1000&q=zzzzqqq";

/// Limits on, every budget roomy, then `tighten` makes the one under test small (and slow
/// to come back, so that nothing depends on the clock).
async fn app_limited(tighten: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with(|s| {
        let roomy = Budget::new(10_000, Period::Second, 10_000);
        let limits = &mut s.rate_limit;
        limits.enabled = true;
        for budget in [
            &mut limits.auth,
            &mut limits.search,
            &mut limits.read,
            &mut limits.write,
            &mut limits.invitation,
            &mut limits.api_key,
            &mut limits.saved_search,
        ] {
            *budget = roomy;
        }
        tighten(s);
    })
    .await
}

fn few(burst: u32) -> Budget {
    Budget::new(1, Period::Hour, burst)
}

async fn assert_limited(response: ApiResponse, policy: &str) {
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    let retry_after: u64 = header("retry-after").parse().unwrap();
    assert!((3_000..=3_600).contains(&retry_after), "{retry_after}");
    assert_eq!(
        header("ratelimit"),
        format!("\"{policy}\";r=0;t={retry_after}")
    );
    assert!(header("ratelimit-policy").starts_with(&format!("\"{policy}\";q=")));
    assert_problem(response, 429, "rate_limited").await;
}

#[tokio::test]
async fn repeated_logins_from_one_address_get_429() {
    let app = app_limited(|s| s.rate_limit.auth = few(3)).await;
    for _ in 0..3 {
        let response = app.login("guess@example.fr", "password-guess").await;
        assert_eq!(response.status(), 401);
    }
    assert_limited(
        app.login("guess@example.fr", "password-guess").await,
        "auth",
    )
    .await;
    // The budget is shared by the sensitive endpoints, not by the rest of the API.
    assert_limited(app.register("r@example.fr", "R").await, "auth").await;
    assert_eq!(app.get("/health/live", None).await.status(), 200);
}

#[tokio::test]
async fn a_publishing_loop_is_stopped_without_stopping_others() {
    let app = app_limited(|s| s.rate_limit.write = few(5)).await;
    let flooder = app.signed_up_user("flood@example.fr", "Flood").await;
    let other = app.signed_up_user("calm@example.fr", "Calm").await;
    let flood = Some(flooder.access_token.as_str());
    for remaining in (0..5).rev() {
        let created = app.post("/api/v1/listings", &bricks_in_lens(), flood).await;
        assert_eq!(created.status(), 201);
        let state = created.headers()["ratelimit"].to_str().unwrap();
        assert!(
            state.starts_with(&format!("\"write\";r={remaining};t=")),
            "{state}"
        );
        assert_eq!(
            created.headers()["ratelimit-policy"],
            "\"write\";q=5;w=18000"
        );
    }
    let refused = app.post("/api/v1/listings", &bricks_in_lens(), flood).await;
    assert_limited(refused, "write").await;
    // Nothing half-way: exactly five drafts exist.
    let stored: i64 = {
        use diesel::prelude::*;
        let mut conn = app.db.get().unwrap();
        terril::db::schema::listings::table
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(stored, 5);
    // The flooder may still read; another user may still write.
    assert_eq!(app.get("/api/v1/me", flood).await.status(), 200);
    let calm = app
        .post(
            "/api/v1/listings",
            &bricks_in_lens(),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(calm.status(), 201);
}

#[tokio::test]
async fn anonymous_searches_count_by_client_ip_behind_listed_proxies_only() {
    let app = app_limited(|s| {
        s.rate_limit.search = few(3);
        s.rate_limit.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let from = |ip: &'static str| {
        let request = app
            .client
            .get(app.url(SEARCH))
            .header("x-forwarded-for", ip);
        app.send("GET", SEARCH, request, None)
    };
    for _ in 0..3 {
        assert_eq!(from("203.0.113.1").await.status(), 200);
    }
    assert_limited(from("203.0.113.1").await, "search").await;
    // Another client behind the same proxy has its own budget.
    assert_eq!(from("203.0.113.2").await.status(), 200);
    // Searches and reads are separate budgets.
    assert_eq!(app.get("/api/v1/materials", None).await.status(), 200);
}

#[tokio::test]
async fn a_forwarded_for_header_from_an_unlisted_peer_changes_nothing() {
    let app = app_limited(|s| s.rate_limit.search = few(2)).await;
    for ip in ["203.0.113.1", "203.0.113.2"] {
        let request = app
            .client
            .get(app.url(SEARCH))
            .header("x-forwarded-for", ip);
        assert_eq!(app.send("GET", SEARCH, request, None).await.status(), 200);
    }
    let request = app
        .client
        .get(app.url(SEARCH))
        .header("x-forwarded-for", "203.0.113.3");
    assert_limited(app.send("GET", SEARCH, request, None).await, "search").await;
}

#[tokio::test]
async fn an_api_key_spends_its_own_budget_once_known_to_be_valid() {
    let app = app_limited(|s| s.rate_limit.search = few(3)).await;
    let owner = app.signed_up_user("keys@example.fr", "Keys").await;
    let created: Value = app
        .create_api_key(&owner.access_token, "ERP", &["read"])
        .await
        .json()
        .await
        .unwrap();
    let key = created["secret"].as_str().unwrap().to_owned();
    let with_key = |key: String| {
        let request = app.client.get(app.url(SEARCH)).header("x-api-key", key);
        app.send("GET", SEARCH, request, None)
    };
    // Its first request is the IP's (the key is not yet known), then the key's own.
    assert_eq!(with_key(key.clone()).await.status(), 200);
    for _ in 0..3 {
        assert_eq!(with_key(key.clone()).await.status(), 200);
    }
    assert_limited(with_key(key.clone()).await, "search").await;
    // The IP still has two searches of its own; a made-up key spends from them.
    let made_up = format!("trl_{}", "x".repeat(43));
    assert_eq!(with_key(made_up.clone()).await.status(), 200);
    assert_eq!(app.get(SEARCH, None).await.status(), 200);
    assert_limited(with_key(made_up).await, "search").await;
}

#[tokio::test]
async fn keys_saved_searches_and_invitations_have_budgets_of_their_own() {
    let app = app_limited(|s| {
        s.rate_limit.api_key = few(2);
        s.rate_limit.saved_search = few(2);
        s.rate_limit.invitation = few(2);
    })
    .await;
    let owner = app.signed_up_user("owner@example.fr", "Owner").await;
    let token = Some(owner.access_token.as_str());
    let invitations = format!(
        "/api/v1/organisations/{}/invitations",
        owner.organisation_id
    );
    let search = json!({
        "name": "Briques", "material": "construction.masonry",
        "latitude": 50.63, "longitude": 3.06, "radius_km": 50
    });
    for (path, policy, body) in [
        (
            "/api/v1/api-keys",
            "api_key",
            json!({ "name": "k", "scopes": ["read"] }),
        ),
        ("/api/v1/saved-searches", "saved_search", search),
        (invitations.as_str(), "invitation", Value::Null),
    ] {
        for n in 0..2 {
            let body = match policy {
                "invitation" => json!({ "email": format!("i{n}@example.fr"), "role": "member" }),
                _ => body.clone(),
            };
            let created = app.post(path, &body, token).await;
            assert!(
                created.status().is_success(),
                "{path}: {}",
                created.status()
            );
        }
        let body = json!({ "email": "i9@example.fr", "role": "member", "name": "k",
                           "scopes": ["read"] });
        let body = if policy == "saved_search" {
            json!({})
        } else {
            body
        };
        assert_limited(app.post(path, &body, token).await, policy).await;
    }
    // Other writes are not held back by those budgets.
    let listing = app.post("/api/v1/listings", &bricks_in_lens(), token).await;
    assert_eq!(listing.status(), 201);
}

/// A path no route serves spends from the budgets of known ones: a GET from the reads', a
/// POST from the writes', with the same 429 and fields, so that probing for paths is
/// bounded as reading is.
#[tokio::test]
async fn unknown_paths_spend_from_the_read_and_write_budgets() {
    let app = app_limited(|s| {
        s.rate_limit.read = few(3);
        s.rate_limit.write = few(2);
    })
    .await;
    // The readiness check before the test spent from the same budget: probe until empty.
    let probes = ["/wp-login.php", "/.env", "/api/v2/listings"];
    let mut left = 3;
    for path in probes {
        let probe = app.get(path, None).await;
        let state = probe.headers()["ratelimit"].to_str().unwrap().to_owned();
        let remaining: u32 = state
            .strip_prefix("\"read\";r=")
            .and_then(|rest| rest.split(';').next())
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("{state}"));
        assert!(remaining < left, "each probe spends one: {state}");
        left = remaining;
        assert_problem(probe, 404, "not_found").await;
        if left == 0 {
            break;
        }
    }
    assert_eq!(left, 0, "three probes spend a budget of three");
    assert_limited(app.get("/admin", None).await, "read").await;
    assert_limited(app.get("/api/v1/materials", None).await, "read").await;
    for _ in 0..2 {
        let probe = app.post("/api/v1/nothing-here", &json!({}), None).await;
        assert_eq!(probe.status(), 404);
    }
    assert_limited(app.post("/xmlrpc.php", &json!({}), None).await, "write").await;
}
