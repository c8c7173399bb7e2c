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

/// GET /metrics
pub async fn render(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let counts = state.db.read(|conn| Ok(Job::counts(conn)?)).await?;
    for (kind, status, count) in counts {
        metrics::gauge!("terril_jobs", "kind" => kind, "status" => status).set(count as f64);
    }
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
