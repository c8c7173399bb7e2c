//! `/metrics`: served on its own address only, every family described, every label value
//! bounded, and the page clean for Prometheus's own linter (`promtool check metrics`).
//! The recorder is the process's, shared by every test app: a page holds what every test
//! of this binary has done so far, which makes it a wide sample to lint.
use std::collections::BTreeSet;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

/// An app whose metrics have their own address, as they must to be served at all.
async fn app_with_metrics() -> TestApp {
    spawn_app_with(|s| s.metrics_listen = Some("127.0.0.1:0".into())).await
}

async fn scrape(app: &TestApp) -> String {
    let apart = app.metrics_address.clone().expect("a metrics address");
    let response = app
        .client
        .get(format!("{apart}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// Every value a label takes on the page, e.g. every `method="..."`.
fn label_values(page: &str, label: &str) -> BTreeSet<String> {
    let opening = format!("{label}=\"");
    page.lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| line.match_indices(&opening).map(|(at, _)| &line[at..]))
        .filter_map(|rest| rest[opening.len()..].split('"').next().map(str::to_owned))
        .collect()
}

async fn request(app: &TestApp, method: &str, path: &str) -> u16 {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    app.client
        .request(method, app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_the_queue_and_the_index() {
    let app = app_with_metrics().await;
    app.register("metrics@example.fr", "Metrics").await;
    assert_eq!(app.get("/api/v1/materials", None).await.status(), 200);
    let text = scrape(&app).await;
    for expected in [
        r#"terril_http_requests_total{route="/api/v1/materials",method="GET",status="200"}"#,
        "terril_http_request_duration_seconds_bucket{",
        r#"terril_jobs{kind="deliver_email",status="queued"}"#,
        r#"terril_jobs{kind="match_wanted",status="dead"} 0"#,
        "terril_index_listings ",
        "terril_db_connections ",
        r#"terril_jobs_oldest_due_seconds{kind="deliver_email"}"#,
        r#"terril_jobs_oldest_due_seconds{kind="match_listing"}"#,
        "terril_matcher_lag_seconds ",
        // The documented counters, there before anything counted (see also tests/cli.rs,
        // on a fresh process, for their value 0).
        "terril_emails_sent_total ",
        r#"terril_email_attempts_failed_total{outcome="retried"} "#,
        r#"terril_email_attempts_failed_total{outcome="failed"} "#,
        r#"terril_rate_limited_total{budget="saved_search"} "#,
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(
        !text.contains("route=\"/api/v1/listings/0"),
        "routes are patterns, never raw paths"
    );
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_and_never_on_the_api_s() {
    // Without a metrics address, nothing serves them.
    let plain = spawn_app().await;
    assert_eq!(plain.metrics_address, None);
    assert_eq!(plain.get("/metrics", None).await.status(), 404);
    let app = app_with_metrics().await;
    for method in ["GET", "HEAD", "POST", "OPTIONS", "FOO"] {
        assert_eq!(request(&app, method, "/metrics").await, 404, "{method}");
    }
    assert_eq!(app.get("/metrics", None).await.status(), 404);
    assert!(scrape(&app).await.contains("terril_index_listings "));
    let apart = app.metrics_address.clone().unwrap();
    let other = app
        .client
        .get(format!("{apart}/api/v1/materials"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        404,
        "the metrics address serves metrics only"
    );
}

#[tokio::test]
async fn invented_methods_and_unknown_paths_add_no_series() {
    let app = app_with_metrics().await;
    for method in ["FOO", "BAR", "PROPFIND", "get", "X-INVENTED-1"] {
        assert_eq!(request(&app, method, "/api/v1/materials").await, 405);
        assert_eq!(request(&app, method, "/no-such-page").await, 404);
    }
    for n in 0..5 {
        let path = format!("/no-such-page/{n}");
        assert_eq!(request(&app, "GET", &path).await, 404);
    }
    let page = scrape(&app).await;
    let methods = label_values(&page, "method");
    let known = [
        "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "other",
    ];
    assert!(methods.contains("other"), "{methods:?}");
    assert!(
        methods.iter().all(|m| known.contains(&m.as_str())),
        "methods beyond the known ones: {methods:?}"
    );
    let routes = label_values(&page, "route");
    assert!(routes.contains("unmatched"), "{routes:?}");
    assert!(
        !routes.iter().any(|r| r.contains("no-such-page")),
        "an unknown path made a series of its own: {routes:?}"
    );
}

/// Prometheus's linter on a page with every family on it: no problem reported. promtool is
/// Debian's `prometheus` package (`.ci/run` installs it); without it the test says so
/// loudly and checks nothing else.
#[tokio::test]
async fn the_page_passes_promtool_check_metrics() {
    let Some(promtool) = promtool() else {
        eprintln!(
            "\n\n!!!!! SKIPPED: promtool is not installed, so the metrics page was NOT \
             linted. Install it with `apt-get install -y prometheus` (CI does). !!!!!\n\n"
        );
        return;
    };
    let app = app_with_metrics().await;
    app.register("promtool@example.fr", "Promtool").await;
    assert_eq!(request(&app, "FOO", "/api/v1/materials").await, 405);
    let page = scrape(&app).await;
    assert!(page.contains("# TYPE terril_http_request_duration_seconds histogram"));
    let (status, problems) = tokio::task::spawn_blocking(move || lint(&promtool, &page))
        .await
        .unwrap();
    assert!(
        status && problems.trim().is_empty(),
        "promtool check metrics found problems:\n{problems}"
    );
}

fn promtool() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("promtool"))
        .find(|candidate| candidate.is_file())
}

/// Runs `promtool check metrics` on `page`: whether it passed, and what it printed.
fn lint(promtool: &std::path::Path, page: &str) -> (bool, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}
