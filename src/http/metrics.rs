//! `/metrics`, in the Prometheus text format (the `metrics` facade and its Prometheus
//! exporter): requests by route and status with their latency, and, read when scraped,
//! the job queue by kind and status, the search index's size and the database pool.
//! Emails sent and failed are counted where they are delivered (`jobs/email.rs`), refused
//! requests where budgets are spent (`limits/guard.rs`).
//!
//! Metrics are served only on an address of their own (`TERRIL_METRICS_LISTEN`, unset:
//! not served at all), never on the API's: they tell anyone who reads them how busy the
//! service is and which routes fail. Every label value is bounded (route patterns, known
//! methods, status codes, enums), so no request can add series.
use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::db::jobs::Job;
use crate::domain::{JobKind, JobStatus};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::limits::BudgetKind;

const REQUESTS: &str = "terril_http_requests_total";
const REQUEST_SECONDS: &str = "terril_http_request_duration_seconds";
const LATENCY_BUCKETS: [f64; 12] = [
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];
const EMAILS_SENT: &str = "terril_emails_sent_total";
const EMAIL_ATTEMPTS_FAILED: &str = "terril_email_attempts_failed_total";
const RATE_LIMITED: &str = "terril_rate_limited_total";

/// The counters and their `# HELP` lines; every one is shown from the start (at 0).
const COUNTERS: [(&str, &str); 4] = [
    (
        REQUESTS,
        "HTTP requests answered, by route pattern, method and status.",
    ),
    (
        EMAILS_SENT,
        "Emails the SMTP server (or the outbox folder) accepted.",
    ),
    (
        EMAIL_ATTEMPTS_FAILED,
        "Failed email delivery attempts, by outcome: retried later, or failed for good.",
    ),
    (RATE_LIMITED, "Requests refused with 429, by budget."),
];

/// The gauges, set when scraped, and their `# HELP` lines.
const GAUGES: [(&str, &str); 7] = [
    ("terril_jobs", "Jobs in the queue, by kind and status."),
    (
        "terril_jobs_oldest_due_seconds",
        "How long the oldest due job of each kind has waited (0: none waits).",
    ),
    (
        "terril_matcher_lag_seconds",
        "How long the oldest post waiting to be matched has waited.",
    ),
    (
        "terril_index_listings",
        "Listings in this instance's search index.",
    ),
    (
        "terril_index_wanted",
        "Wanted requests in this instance's search index.",
    ),
    (
        "terril_db_connections",
        "Connections in this instance's database pool.",
    ),
    (
        "terril_db_connections_idle",
        "Idle connections in this instance's database pool.",
    ),
];

/// The process's one recorder, installed on first use (every app of a process shares it),
/// with every family described and every counter at 0.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &LATENCY_BUCKETS)
            .and_then(PrometheusBuilder::install_recorder)
            .expect("the metrics recorder is installed once");
        describe_and_register();
        handle
    })
}

/// `# HELP` for every family (the recorder keeps a description for names not used yet),
/// and the counters registered, so that a dashboard or an alert on a counter sees 0, not
/// nothing, until the first email or the first refusal.
fn describe_and_register() {
    for (name, help) in COUNTERS {
        metrics::describe_counter!(name, help);
    }
    for (name, help) in GAUGES {
        metrics::describe_gauge!(name, help);
    }
    metrics::describe_histogram!(
        REQUEST_SECONDS,
        "Time to answer an HTTP request, by route pattern, method and status."
    );
    metrics::counter!(EMAILS_SENT).absolute(0);
    for outcome in ["retried", "failed"] {
        metrics::counter!(EMAIL_ATTEMPTS_FAILED, "outcome" => outcome).absolute(0);
    }
    for kind in BudgetKind::ALL {
        metrics::counter!(RATE_LIMITED, "budget" => kind.name()).absolute(0);
    }
}

/// The method as a label: the ones the API and the pages know, else "other", so that
/// invented methods (`FOO /`) cannot add series.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 7] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or("other", Method::as_str)
}

/// Counts every request and times it, by route pattern (never the raw path: ids would make
/// one series each).
pub async fn record_requests(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let method = method_label(request.method()).to_owned();
    let response = next.call(request).await?;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!(REQUESTS, &labels).increment(1);
    metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    Ok(response)
}

/// The server of `TERRIL_METRICS_LISTEN`: `/metrics` alone, on the API's state. Requests
/// are counted from here on (without this server nothing records them).
pub fn metrics_server(
    listener: std::net::TcpListener,
    state: web::Data<AppState>,
) -> std::io::Result<actix_web::dev::Server> {
    handle();
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(render))
            .default_service(web::to(|| async {
                actix_web::ResponseError::error_response(&ApiError::NotFound)
            }))
    })
    .workers(1)
    .listen(listener)?
    .run())
}

/// GET /metrics on the metrics address: the gauges read now, then the whole page.
async fn render(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let now = crate::db::now();
    let (counts, oldest) = state
        .db
        .read(move |conn| Ok((Job::counts(conn)?, Job::oldest_due(conn, now)?)))
        .await?;
    record_job_counts(&counts);
    record_queue_age(now, &oldest);
    let catalogue = &state.catalogue;
    metrics::gauge!("terril_index_listings").set(catalogue.listings.len() as f64);
    metrics::gauge!("terril_index_wanted").set(catalogue.wanted.len() as f64);
    let pool = state.db.pool_state();
    metrics::gauge!("terril_db_connections").set(f64::from(pool.connections));
    metrics::gauge!("terril_db_connections_idle").set(f64::from(pool.idle_connections));
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle().render()))
}

/// Every kind and status, 0 when the queue holds none: a count that falls to nothing
/// shows 0, not the last value seen.
fn record_job_counts(counts: &[(String, String, i64)]) {
    for &kind in JobKind::ALL {
        for &status in JobStatus::ALL {
            let count = counts
                .iter()
                .find(|(k, s, _)| k == kind.as_str() && s == status.as_str())
                .map_or(0, |(_, _, count)| *count);
            metrics::gauge!("terril_jobs", "kind" => kind.as_str(), "status" => status.as_str())
                .set(count as f64);
        }
    }
}

/// The age of the oldest due job of every kind (0 when none waits), and the matcher's lag:
/// how long the oldest post waiting to be matched has waited.
fn record_queue_age(
    now: chrono::NaiveDateTime,
    oldest: &[(String, Option<chrono::NaiveDateTime>)],
) {
    let age_of = |kind: JobKind| {
        oldest
            .iter()
            .find(|(k, _)| k == kind.as_str())
            .and_then(|(_, due)| *due)
            .map_or(0.0, |due| {
                ((now - due).num_milliseconds().max(0) as f64) / 1000.0
            })
    };
    for &kind in JobKind::ALL {
        metrics::gauge!("terril_jobs_oldest_due_seconds", "kind" => kind.as_str())
            .set(age_of(kind));
    }
    let lag = age_of(JobKind::MatchListing).max(age_of(JobKind::MatchWanted));
    metrics::gauge!("terril_matcher_lag_seconds").set(lag);
}
