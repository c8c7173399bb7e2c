//! The `terril` binary as an operator runs it: migrate, serve with the in-process worker
//! writing emails to files (without transparent huge pages), graceful shutdown on SIGTERM,
//! the outbox report, and the refusal to run in production with the development secret.
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn terril(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_terril"));
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERRIL_DATABASE_URL", dir.join("data/terril.db"))
        .env("TERRIL_EMAIL__OUTBOX_DIR", dir.join("outbox"))
        .env("TERRIL_WORKER__POLL_INTERVAL_MS", "50")
        .env("TERRIL_LOG_FORMAT", "json");
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `terril serve` on a free port with `extra` settings and waits until it is ready;
/// returns the process and the API's base URL.
fn serve(dir: &Path, extra: &[(&str, String)]) -> (Child, String) {
    let port = free_port();
    let mut command = terril(dir);
    command
        .arg("serve")
        .env("TERRIL_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in extra {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::blocking::Client::new();
    wait_until("readiness", || {
        if let Some(status) = child.try_wait().unwrap() {
            let mut logs = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                std::io::Read::read_to_string(&mut stderr, &mut logs).unwrap();
            }
            panic!("terril serve exited ({status}) before it was ready:\n{logs}");
        }
        client
            .get(format!("{base}/health/ready"))
            .send()
            .is_ok_and(|r| r.status() == 200)
    });
    (child, base)
}

/// Starts `terril serve` on a free port with `extra` settings, waits until it is ready and
/// registers one user (which queues one email); returns the process.
fn serve_and_register(dir: &Path, extra: &[(&str, String)]) -> Child {
    let (child, base) = serve(dir, extra);
    let client = reqwest::blocking::Client::new();
    let body = serde_json::json!({
        "organisation": { "name": "Ressourcerie du Bassin", "kind": "taker",
            "address": { "street": "1 rue", "postal_code": "62300", "city": "Lens" }, "language": "fr" },
        "user": { "name": "Inès", "email": "ines@example.fr", "password": "long enough password" }
    });
    let registered = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(registered.status(), 202);
    child
}

fn stop(child: Child) -> Output {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

/// The process has transparent huge pages turned off (src/main.rs says why): the kernel
/// reports `THP_enabled: 0` for it.
#[cfg(target_os = "linux")]
fn assert_no_huge_pages(pid: u32) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("THP_enabled:"));
    assert_eq!(
        line.map(|l| l.split_whitespace().last()),
        Some(Some("0")),
        "{status}"
    );
}

#[test]
fn serve_delivers_to_files_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = terril(dir.path()).arg("migrate").output().unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );

    let child = serve_and_register(dir.path(), &[]);
    #[cfg(target_os = "linux")]
    assert_no_huge_pages(child.id());
    let outbox = dir.path().join("outbox");
    wait_until("the email file", || {
        std::fs::read_dir(&outbox).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "eml"))
        })
    });

    let output = stop(child);
    let logs = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit status {:?}; logs:\n{logs}",
        output.status
    );
    assert!(logs.contains("job runner stopped"), "{logs}");
    assert!(logs.contains("Terril stopped"), "{logs}");
    assert!(
        !logs.contains("long enough password"),
        "a password reached the logs"
    );
    assert!(
        logs.contains("TERRIL_JWT_SECRET is not set"),
        "the development secret is warned about"
    );

    let report = terril(dir.path()).arg("outbox").output().unwrap();
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(report.contains("sent: 1"), "{report}");
}

#[test]
fn a_dead_job_is_listed_and_put_back_by_the_operator() {
    let dir = tempfile::tempdir().unwrap();
    // SMTP on a port nobody listens on, and one attempt: the email's job dies at once.
    let settings = [
        ("TERRIL_EMAIL__SMTP_HOST", "127.0.0.1".to_owned()),
        ("TERRIL_EMAIL__SMTP_PORT", free_port().to_string()),
        ("TERRIL_EMAIL__SMTP_TLS", "none".to_owned()),
        ("TERRIL_WORKER__MAX_ATTEMPTS", "1".to_owned()),
    ];
    let child = serve_and_register(dir.path(), &settings);
    let report = || {
        let output = terril(dir.path()).arg("jobs").output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    wait_until("a dead job", || {
        report().contains("deliver_email   dead: 1")
    });
    stop(child);
    let listed = report();
    let line = listed
        .lines()
        .find(|l| l.starts_with("dead deliver_email"))
        .unwrap_or_else(|| panic!("{listed}"));
    let job_id = line.split_whitespace().nth(2).unwrap();
    assert!(line.contains("after 1 attempts"), "{line}");
    assert!(listed.contains("periodic expire_posts: 1 runs"), "{listed}");

    let retried = terril(dir.path())
        .args(["jobs", "retry", job_id])
        .output()
        .unwrap();
    assert!(
        retried.status.success(),
        "{}",
        String::from_utf8_lossy(&retried.stderr)
    );
    let after = report();
    assert!(after.contains("deliver_email queued: 1"), "{after}");
    assert!(!after.contains("dead deliver_email"), "{after}");
    let again = terril(dir.path())
        .args(["jobs", "retry", job_id])
        .output()
        .unwrap();
    assert!(!again.status.success(), "only a dead job can be put back");
}

#[test]
fn production_refuses_the_development_secret() {
    let dir = tempfile::tempdir().unwrap();
    let output = terril(dir.path())
        .arg("migrate")
        .env("TERRIL_ENV", "production")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("TERRIL_JWT_SECRET"));
}

/// Production sends links that must be https (RFC 8058's one-click unsubscribe, tokens in
/// sign-in and reset links): an http public base URL stops every command at start-up with
/// a message that names the setting; development takes http://127.0.0.1.
#[test]
fn production_refuses_an_http_public_base_url_and_development_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "a production secret of at least thirty-two bytes";
    for command in ["serve", "migrate"] {
        let output = terril(dir.path())
            .arg(command)
            .env("TERRIL_ENV", "production")
            .env("TERRIL_JWT_SECRET", secret)
            .env("TERRIL_PUBLIC_BASE_URL", "http://terril.example.org")
            .env("TERRIL_LISTEN", format!("127.0.0.1:{}", free_port()))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{command}: {stderr}");
        assert!(
            stderr.contains(
                "TERRIL_PUBLIC_BASE_URL must be an https:// URL when TERRIL_ENV=production"
            ),
            "{command}: {stderr}"
        );
    }
    let migrated = terril(dir.path())
        .arg("migrate")
        .env("TERRIL_ENV", "production")
        .env("TERRIL_JWT_SECRET", secret)
        .env("TERRIL_PUBLIC_BASE_URL", "https://terril.example.org")
        .output()
        .unwrap();
    assert!(
        migrated.status.success(),
        "https is taken: {}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let local = [("TERRIL_PUBLIC_BASE_URL", "http://127.0.0.1:8080".to_owned())];
    let (child, _) = serve(dir.path(), &local);
    assert!(stop(child).status.success());
}

/// Requests that actix-http cannot parse (a byte not allowed in the request line or a
/// header) are answered 400 before any route, and are a client's fault: they write no
/// ERROR line, only a debug one under `terril::http`. The server keeps serving.
#[test]
fn unparsable_requests_write_no_error_line() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let filter = [("TERRIL_LOG_FILTER", "info,terril::http=debug".to_owned())];
    let (child, base) = serve(dir.path(), &filter);
    let address = base.trim_start_matches("http://");
    for request in [
        &b"GET /api/v1/\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\nConnection: close\r\n\r\n",
        b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX\xffBad: b\r\nConnection: close\r\n\r\n",
    ] {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.write_all(request).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        assert!(answer.starts_with(b"HTTP/1.1 400"), "{answer:?}");
    }
    let ready = reqwest::blocking::get(format!("{base}/health/ready")).unwrap();
    assert_eq!(ready.status(), 200);

    let output = stop(child);
    let logs = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("\"level\":\"ERROR\""))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let parsed = logs
        .lines()
        .filter(|l| l.contains("\"level\":\"DEBUG\"") && l.contains("could not be parsed"))
        .count();
    assert_eq!(parsed, 3, "{logs}");
}

#[test]
fn an_inventory_is_imported_from_the_command_line_once() {
    use diesel::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    stop(serve_and_register(dir.path(), &[]));
    let url = dir.path().join("data/terril.db").display().to_string();
    let db = terril::db::Db::connect(&url, None).unwrap();
    let mut conn = db.get().unwrap();
    let organisation: String = terril::db::schema::organisations::table
        .select(terril::db::schema::organisations::id)
        .first(&mut conn)
        .unwrap();
    let file = dir.path().join("audit.csv");
    std::fs::write(
        &file,
        "référence;désignation;classe;quantité;unité;état;latitude;longitude;adresse;disponible du\n\
         C-1;Tuiles;construction.roofing.clay_tiles;40;m2;neuf;50,45;2,79;Loos-en-Gohelle;01/03/2027\n\
         C-2;Tuiles;construction.roofing.clay_tiles;beaucoup;m2;neuf;50,45;2,79;Loos-en-Gohelle;01/03/2027\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let output = terril(dir.path())
            .args(["import", "--organisation", &organisation])
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    };
    let (ok, text) = run(&[]);
    assert!(!ok && text.contains("line 3, quantity"), "{text}");

    let good = std::fs::read_to_string(&file).unwrap();
    let good: String = good.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, good).unwrap();
    let (ok, text) = run(&["--dry-run"]);
    assert!(ok && text.contains("would create 1 draft"), "{text}");
    let (ok, text) = run(&[]);
    assert!(ok && text.contains("created 1 draft"), "{text}");
    let (ok, text) = run(&[]);
    assert!(
        ok && text.contains("created 0 draft") && text.contains("1 rows name"),
        "{text}"
    );
}

/// A search from 127.0.0.1 claiming, in `X-Forwarded-For`, to come from `client`: its
/// status (the search budget is one request an hour per client, see below).
fn search_as(base: &str, client: &str) -> u16 {
    reqwest::blocking::Client::new()
        .get(format!(
            "{base}/api/v1/listings?lat=50.43&lon=2.83&radius_km=10"
        ))
        .header("x-forwarded-for", client)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

/// One search an hour per client: whose budget a request spends shows whom it was
/// attributed to.
fn one_search_an_hour() -> Vec<(&'static str, String)> {
    vec![
        ("TERRIL_RATE_LIMIT__SEARCH__REQUESTS", "1".to_owned()),
        ("TERRIL_RATE_LIMIT__SEARCH__PER", "hour".to_owned()),
        ("TERRIL_RATE_LIMIT__SEARCH__BURST", "1".to_owned()),
    ]
}

#[test]
fn the_documented_trusted_proxies_are_taken_from_the_environment_and_the_file() {
    // The example of docs/configuration.md, exactly: it used to stop the server ("invalid
    // IP address syntax" on the bare address).
    let dir = tempfile::tempdir().unwrap();
    let mut settings = one_search_an_hour();
    settings.push((
        "TERRIL_RATE_LIMIT__TRUSTED_PROXIES",
        "[10.0.0.0/8, 192.0.2.7]".to_owned(),
    ));
    let (child, base) = serve(dir.path(), &settings);
    // This test's requests come from 127.0.0.1, not a listed proxy: what they claim to
    // forward is ignored, and both spend 127.0.0.1's one search.
    assert_eq!(search_as(&base, "203.0.113.1"), 200);
    assert_eq!(search_as(&base, "203.0.113.2"), 429);
    assert!(stop(child).status.success());

    // The file's form, with this test's own address listed bare (a /32): each forwarded
    // client has a budget of its own.
    std::fs::write(
        dir.path().join("terril.toml"),
        "[rate_limit]\ntrusted_proxies = [\"10.0.0.0/8\", \"192.0.2.7\", \"127.0.0.1\"]\n",
    )
    .unwrap();
    let (child, base) = serve(dir.path(), &one_search_an_hour());
    assert_eq!(search_as(&base, "203.0.113.1"), 200);
    assert_eq!(search_as(&base, "203.0.113.1"), 429);
    assert_eq!(search_as(&base, "203.0.113.2"), 200);
    assert_eq!(
        search_as(&base, "198.51.100.9, 203.0.113.3"),
        200,
        "the right-most address that is not a listed proxy"
    );
    assert!(stop(child).status.success());
}

#[test]
fn metrics_are_served_apart_with_every_documented_counter_at_zero_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let metrics_port = free_port();
    let (child, base) = serve(
        dir.path(),
        &[("TERRIL_METRICS_LISTEN", format!("127.0.0.1:{metrics_port}"))],
    );
    let client = reqwest::blocking::Client::new();
    let on_api = client.get(format!("{base}/metrics")).send().unwrap();
    assert_eq!(on_api.status(), 404, "never on the API's address");
    let page = client
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    // docs/operations.md, Metrics: the counters, before any email or refusal.
    let mut zeros = vec![
        "terril_emails_sent_total 0".to_owned(),
        r#"terril_email_attempts_failed_total{outcome="retried"} 0"#.to_owned(),
        r#"terril_email_attempts_failed_total{outcome="failed"} 0"#.to_owned(),
    ];
    for budget in [
        "auth",
        "search",
        "read",
        "write",
        "invitation",
        "api_key",
        "saved_search",
    ] {
        zeros.push(format!(
            r#"terril_rate_limited_total{{budget="{budget}"}} 0"#
        ));
    }
    for zero in zeros {
        assert!(
            page.lines().any(|line| line == zero),
            "{zero} missing:\n{page}"
        );
    }
    assert!(page.contains("# HELP terril_emails_sent_total "), "{page}");
    assert!(stop(child).status.success());
}
