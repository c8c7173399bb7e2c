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
