//! `/metrics`, in the Prometheus text format (the `metrics` facade and its Prometheus
//! exporter): requests by route and status with their latency, and, read when scraped,
//! the job queue by kind and status, the search index's size and the database pool.
//! Emails sent and failed are counted where they are delivered (`jobs/email.rs`).
use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::db::jobs::Job;
use crate::domain::JobKind;
use crate::error::ApiError;
use crate::startup::AppState;

const REQUEST_SECONDS: &str = "terril_http_request_duration_seconds";
const LATENCY_BUCKETS: [f64; 12] = [
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// The process's one recorder, installed on first use (every app of a process shares it).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &LATENCY_BUCKETS)
            .and_then(PrometheusBuilder::install_recorder)
            .expect("the metrics recorder is installed once")
    })
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
    let method = request.method().to_string();
    let response = next.call(request).await?;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("terril_http_requests_total", &labels).increment(1);
    metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    Ok(response)
}

/// GET /metrics on the API's address; not there (404) when `TERRIL_METRICS_LISTEN` gives
/// metrics an address of their own.
pub async fn render(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.settings.metrics_listen.is_some() {
        return Err(ApiError::NotFound);
    }
    exposition(&state).await
}

/// GET /metrics on the metrics address.
pub async fn render_apart(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    exposition(&state).await
}

/// The server of `TERRIL_METRICS_LISTEN`: `/metrics` alone, on the API's state.
pub fn metrics_server(
    listener: std::net::TcpListener,
    state: web::Data<AppState>,
) -> std::io::Result<actix_web::dev::Server> {
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(render_apart))
            .default_service(web::to(|| async {
                actix_web::ResponseError::error_response(&ApiError::NotFound)
            }))
    })
    .workers(1)
    .listen(listener)?
    .run())
}

async fn exposition(state: &AppState) -> Result<HttpResponse, ApiError> {
    let now = crate::db::now();
    let (counts, oldest) = state
        .db
        .read(move |conn| Ok((Job::counts(conn)?, Job::oldest_due(conn, now)?)))
        .await?;
    for (kind, status, count) in counts {
        metrics::gauge!("terril_jobs", "kind" => kind, "status" => status).set(count as f64);
    }
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
