//! The test harness: the real server on port 0, a fresh database per test (a SQLite file, or
//! a PostgreSQL database created and dropped when `TEST_DATABASE_URL` is set), and a real
//! SMTP server in the test process that records what it receives.
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use terril::app::{build_worker, Application};
use terril::catalogue::follow;
use terril::catalogue::generate;
use terril::catalogue::taxonomy::Taxonomy;
use terril::configuration::{Settings, SmtpTls};
use terril::db::outbox::OutboxEmail;
use terril::db::Db;
use terril::jobs::matching::Matching;
use terril::jobs::Runner;
use terril::notify::Notifier;
use terril::webhooks::delivery::Dispatcher;

use crate::spec_check::assert_conforms;

mod bodies;
mod browser;
mod database;
mod fixtures;
mod receiver;
mod smtp;
pub mod spreadsheet;

pub use bodies::{
    bricks_in_lens, bricks_wanted_in_lille, ListingBody, Location, WantedBody, BRICKS,
};
pub use browser::Browser;
pub use database::TestDatabase;
pub use fixtures::{
    api_key, matches_of_wanted, post_listing, post_wanted, registration, search_ids, token_in,
};
pub use receiver::{Answer, Receiver};
pub use smtp::{ReceivedMail, SmtpServer};

pub const PASSWORD: &str = "correct horse battery staple";
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256!";

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub client: Client,
    pub smtp: SmtpServer,
    /// Delivers emails, as a `terril worker` would.
    pub worker: Runner,
    /// Matches posts, as a `serve` instance would, with an index of its own.
    pub matcher: Arc<Runner>,
    /// Delivers webhooks, as any instance that delivers emails would.
    pub webhooks: Arc<Dispatcher>,
    /// Writes emails as the instances do (the grouped match emails' pass).
    pub notifier: Arc<Notifier>,
    pub settings: Settings,
    /// `http://127.0.0.1:<port>` of `/metrics` when it has an address of its own.
    pub metrics_address: Option<String>,
    _database: Arc<TestDatabase>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with the test settings, after `customise` has changed them.
pub async fn spawn_app_with(customise: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(TestDatabase::create(), customise).await
}

/// Starts the app on a database already holding `listings` and `wanted` generated posts.
pub async fn spawn_app_with_data(listings: usize, wanted: usize, seed: u64) -> TestApp {
    let database = TestDatabase::create();
    let url = database.url.clone();
    tokio::task::spawn_blocking(move || {
        let db = Db::connect(&url, None).unwrap();
        db.migrate().unwrap();
        let taxonomy = Taxonomy::load_and_seed(&db).unwrap();
        generate::load(&db, &taxonomy, seed, listings, wanted).unwrap();
    })
    .await
    .unwrap();
    spawn_app_on(database, |_| {}).await
}

async fn spawn_app_on(database: TestDatabase, customise: impl FnOnce(&mut Settings)) -> TestApp {
    let app = start_app_on(Arc::new(database), customise).await;
    wait_until_ready(&app.address).await;
    app
}

/// Starts the app and returns at once, while its index may still be loading.
/// Two instances started at the same moment on one fresh database, as an orchestrator
/// starts a deployment's replicas; returned once both are ready.
pub async fn spawn_twins() -> (TestApp, TestApp) {
    let database = Arc::new(TestDatabase::create());
    let (a, b) = tokio::join!(
        start_app_on(database.clone(), |_| {}),
        start_app_on(database, |_| {})
    );
    wait_until_ready(&a.address).await;
    wait_until_ready(&b.address).await;
    (a, b)
}

async fn start_app_on(
    database: Arc<TestDatabase>,
    customise: impl FnOnce(&mut Settings),
) -> TestApp {
    let smtp = SmtpServer::start();
    let mut settings = Settings {
        listen: "127.0.0.1:0".into(),
        database_url: database.url.clone(),
        public_base_url: "http://terril.test".into(),
        jwt_secret: Some(JWT_SECRET.to_owned().into()),
        ..Settings::default()
    };
    settings.email.smtp_host = Some("127.0.0.1".into());
    settings.email.smtp_port = smtp.port;
    settings.email.smtp_tls = SmtpTls::None;
    settings.email.smtp_timeout_secs = 5;
    // The tests drive delivery themselves, deterministically, and retry at once.
    settings.worker.enabled = false;
    settings.worker.backoff_base_secs = 0;
    // Tests that are about limits set their own.
    settings.rate_limit.enabled = false;
    settings.catalogue_sync_interval_ms = 100;
    // Matching too is driven by the tests (`run_matching`).
    settings.matching.enabled = false;
    // So publishing on the pages does not wait for a matcher that never runs by itself.
    settings.web.publish_wait_ms = 0;
    // Match emails do not wait for others: `send_notices` sends them at once, grouped
    // when one pass found several. Tests of the wait set their own.
    settings.email.match_grouping_secs = 0;
    customise(&mut settings);

    let app = Application::build(settings.clone())
        .await
        .expect("building the app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
    let db = app.db();
    let worker = build_worker(&settings, db.clone()).expect("building the worker");
    let matcher = Arc::new(build_matcher(&settings, &db).await);
    let notifier = Arc::new(Notifier::new(&settings).unwrap());
    let webhooks = Dispatcher::new(
        db.clone(),
        settings.webhooks.clone(),
        false,
        notifier.clone(),
    );
    let webhooks = Arc::new(webhooks.expect("building the webhook dispatcher"));
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        db,
        matcher,
        webhooks,
        notifier,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        smtp,
        worker,
        settings,
        metrics_address,
        _database: database,
    }
}

/// A matcher of its own, as another instance would run: its index is loaded from the
/// database and caught up before each batch.
pub async fn build_matcher(settings: &Settings, db: &Db) -> Runner {
    let (catalogue, follower) = follow::load(db).await.expect("loading the catalogue");
    Runner::new(db.clone(), settings.worker.clone()).with_matching(Matching {
        catalogue,
        notifier: Arc::new(Notifier::new(settings).unwrap()),
        follower,
        settings: settings.matching.clone(),
        webhook_kept_days: settings.webhooks.kept_days,
    })
}

/// Waits until the instance answers that it is ready (its index loaded), as an
/// orchestrator's readiness probe would.
pub async fn wait_until_ready(address: &str) {
    let client = Client::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let ready = client.get(format!("{address}/health/ready")).send().await;
        if ready.is_ok_and(|r| r.status() == StatusCode::OK) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the app never became ready"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// A registered, verified user with a session.
pub struct TestUser {
    pub email: String,
    pub organisation_id: String,
    pub user_id: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// A second instance of the service on the same database, as in a multi-instance
    /// deployment.
    pub async fn sibling(&self) -> TestApp {
        let app = Application::build(self.settings.clone())
            .await
            .expect("building the sibling");
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        let db = app.db();
        let worker = build_worker(&self.settings, db.clone()).unwrap();
        tokio::spawn(app.run_until_stopped());
        wait_until_ready(&address).await;
        TestApp {
            address,
            db,
            matcher: self.matcher.clone(),
            webhooks: self.webhooks.clone(),
            notifier: self.notifier.clone(),
            client: self.client.clone(),
            smtp: self.smtp.clone(),
            worker,
            settings: self.settings.clone(),
            metrics_address,
            _database: self._database.clone(),
        }
    }

    /// Runs the expiry job once; returns how many listings and wanted requests expired.
    pub async fn expire_closed_posts(&self) -> (usize, usize) {
        self.db
            .transact::<_, terril::http::error::DomainError, _>(|conn| {
                terril::posts::lifecycle::expire_closed(conn, terril::db::now())
            })
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> ApiResponse {
        self.send("GET", path, self.client.get(self.url(path)), token)
            .await
    }

    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> ApiResponse {
        self.send(
            "POST",
            path,
            self.client.post(self.url(path)).json(body),
            token,
        )
        .await
    }

    pub async fn put(&self, path: &str, body: &Value, token: Option<&str>) -> ApiResponse {
        self.send(
            "PUT",
            path,
            self.client.put(self.url(path)).json(body),
            token,
        )
        .await
    }

    pub async fn patch(&self, path: &str, body: &Value, token: Option<&str>) -> ApiResponse {
        let request = self.client.patch(self.url(path)).json(body);
        self.send("PATCH", path, request, token).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> ApiResponse {
        self.send("DELETE", path, self.client.delete(self.url(path)), token)
            .await
    }

    /// Sends a request and checks the answer against the OpenAPI spec before returning it.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        request: RequestBuilder,
        token: Option<&str>,
    ) -> ApiResponse {
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.send().await.expect("request failed");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("reading the body").to_vec();
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
        assert_conforms(method, path, status.as_u16(), content_type, &body);
        ApiResponse {
            status,
            headers,
            body,
        }
    }

    pub async fn register(&self, email: &str, organisation: &str) -> ApiResponse {
        self.post(
            "/api/v1/auth/register",
            &registration(email, organisation),
            None,
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> ApiResponse {
        self.post(
            "/api/v1/auth/login",
            &json!({ "email": email, "password": password }),
            None,
        )
        .await
    }

    /// Emails queued for `recipient`, oldest first, as stored in the outbox.
    pub fn outbox_for(&self, recipient: &str) -> Vec<OutboxEmail> {
        let mut conn = self.db.get().unwrap();
        OutboxEmail::list_for_recipient(&mut conn, recipient).unwrap()
    }

    /// The token of the last link of this kind in the last email to `recipient`.
    pub fn token_from_last_email(&self, recipient: &str) -> String {
        let email = self
            .outbox_for(recipient)
            .pop()
            .expect("no email for this recipient");
        token_in(&email.text_body).expect("no token link in the email")
    }

    /// Runs the delivery worker until nothing is due.
    pub async fn deliver_emails(&self) -> usize {
        self.send_notices().await;
        let mut total = 0;
        loop {
            let attempted = self.worker.run_due().await.expect("delivering emails");
            if attempted == 0 {
                return total;
            }
            total += attempted;
        }
    }

    /// Writes the emails of every event so far (`exchange::notices`), and those of the
    /// match notices whose wait is over (`notify::grouped`).
    pub async fn send_notices(&self) {
        while self
            .matcher
            .send_notices()
            .await
            .expect("telling of events")
            > 0
        {}
        self.send_grouped_at(terril::db::now()).await;
    }

    /// Fans every event so far out to the webhook endpoints, then delivers until nothing
    /// is due; returns how many deliveries were claimed.
    pub async fn deliver_webhooks(&self) -> usize {
        while self.matcher.fan_out_webhooks().await.expect("fanning out") > 0 {}
        let mut total = 0;
        loop {
            let claimed = self.webhooks.run_due().await.expect("delivering webhooks");
            if claimed == 0 {
                return total;
            }
            total += claimed;
        }
    }

    /// Runs matching until no job is due.
    pub async fn run_matching(&self) -> usize {
        let mut total = 0;
        loop {
            let ran = self.matcher.run_due().await.expect("running matching");
            self.send_notices().await;
            if ran == 0 {
                return total;
            }
            total += ran;
        }
    }
}

pub async fn assert_problem(response: ApiResponse, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status"], status);
    body
}

/// The `field` of each error of a validation problem, in order.
pub fn error_fields(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect()
}

/// An answer, already read and checked against the spec.
pub struct ApiResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl ApiResponse {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub async fn json<T: serde::de::DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    pub async fn text(self) -> Result<String, std::string::FromUtf8Error> {
        String::from_utf8(self.body)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.body
    }
}
