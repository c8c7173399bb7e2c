use crate::helpers::{spawn_app, wait_until_ready, TestDatabase};

#[tokio::test]
async fn live_and_ready_answer_ok_with_a_request_id() {
    let app = spawn_app().await;
    for path in ["/health/live", "/health/ready"] {
        let response = app.get(path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().contains_key("x-request-id"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }
}

/// On PostgreSQL, where the test can hold the listings table: while the index loads, the
/// instance is live, not ready, and every other request answers 503 with Retry-After.
#[tokio::test]
async fn ready_answers_503_until_the_index_is_loaded() {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let database = TestDatabase::create();
    if !terril::db::is_postgres_url(&database.url) {
        return; // SQLite readers cannot be held back by a lock the test takes.
    }
    let db = terril::db::Db::connect(&database.url, None).unwrap();
    db.migrate().unwrap();
    let mut holder = diesel::PgConnection::establish(&database.url).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE listings IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    // The app alone: the harness's own matcher would wait for the lock too.
    let mut settings = terril::configuration::Settings {
        listen: "127.0.0.1:0".into(),
        database_url: database.url.clone(),
        jwt_secret: Some(crate::helpers::JWT_SECRET.to_owned().into()),
        ..Default::default()
    };
    settings.worker.enabled = false;
    settings.matching.enabled = false;
    let app = terril::app::Application::build(settings).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("{address}{path}")).send();
    let ready = get("/health/ready").await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.headers()["retry-after"], "1");
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["code"], "service_unavailable");
    assert_eq!(get("/health/live").await.unwrap().status(), 200);
    assert_eq!(get("/api/v1/listings").await.unwrap().status(), 503);

    holder.batch_execute("COMMIT").unwrap();
    wait_until_ready(&address).await;
    assert_eq!(get("/api/v1/materials").await.unwrap().status(), 200);
}

/// A TCP relay to PostgreSQL that the test can cut, as a database outage would. It runs
/// on a runtime of its own: the test's thread blocks on queries that go through it.
struct Relay {
    address: std::net::SocketAddr,
    cut: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Relay {
    fn to(target: &'static str) -> Relay {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let (cut, cut_off) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let accepting = async {
                    while let Ok((mut client, _)) = listener.accept().await {
                        tokio::spawn(async move {
                            if let Ok(mut server) = tokio::net::TcpStream::connect(target).await {
                                let _ =
                                    tokio::io::copy_bidirectional(&mut client, &mut server).await;
                            }
                        });
                    }
                };
                tokio::select! {
                    _ = accepting => {}
                    _ = cut_off => {}
                }
            });
            // Dropping the runtime closes every relayed connection.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
        });
        Relay {
            address,
            cut: Some(cut),
            thread: Some(thread),
        }
    }

    /// Closes every relayed connection and stops accepting new ones.
    fn cut(&mut self) {
        if let Some(cut) = self.cut.take() {
            let _ = cut.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

/// On PostgreSQL, behind a relay the test cuts: with the database gone, readiness answers
/// 503 within a second, a request that needs the database 503 within the configured wait,
/// and searches still answer from memory.
#[tokio::test]
async fn with_the_database_gone_readiness_and_requests_fail_fast() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    if admin_url.is_empty() {
        return;
    }
    let mut relay = Relay::to("127.0.0.1:5432");
    let relayed = format!("127.0.0.1:{}", relay.address.port());
    let app = crate::helpers::spawn_app_with(|s| {
        s.database_url = s.database_url.replace("127.0.0.1:5432", &relayed);
        s.database_wait_ms = 500;
    })
    .await;
    assert!(
        app.settings.database_url.contains(&relayed),
        "the app goes through the relay"
    );
    let user = app.signed_up_user("outage@example.fr", "Outage").await;
    assert_eq!(app.get("/health/ready", None).await.status(), 200);

    relay.cut();
    let started = std::time::Instant::now();
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.status(), 503);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    let started = std::time::Instant::now();
    let me = app.get("/api/v1/me", Some(&user.access_token)).await;
    assert_eq!(me.status(), 503);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let search = app
        .get("/api/v1/listings?lat=50.43&lon=2.83&radius_km=20", None)
        .await;
    assert_eq!(search.status(), 200, "searches answer from memory");
}

#[tokio::test]
async fn two_instances_starting_at_once_on_a_fresh_database_both_come_up() {
    // Both migrate (one waits for the other's lock) and both seed the reference data.
    let (a, b) = crate::helpers::spawn_twins().await;
    for app in [&a, &b] {
        let materials = app.get("/api/v1/materials", None).await;
        assert_eq!(materials.status(), 200);
    }
}
