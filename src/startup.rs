//! The HTTP server: middleware, and the two route tables (the API's and the pages').
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer, ResponseError};
use tracing_actix_web::TracingLogger;

use crate::api::health;
use crate::configuration::Settings;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::limits::Limiters;
use crate::telemetry::{request_id_header, RequestSpan};
use crate::web::pages as web_pages;

async fn not_found() -> HttpResponse {
    ApiError::NotFound.error_response()
}

fn cors(settings: &Settings) -> Cors {
    let origins = &settings.http.cors_allowed_origins;
    let cors = Cors::default()
        .allow_any_header()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .expose_headers([
            "x-request-id",
            "retry-after",
            "ratelimit",
            "ratelimit-policy",
            crate::api::declarations::WINDOW_HEADER,
            crate::api::declarations::LEFT_OUT_HEADER,
        ])
        .max_age(3600);
    if origins.iter().any(|o| o == "*") {
        return cors.allow_any_origin();
    }
    origins
        .iter()
        .fold(cors, |cors, origin| cors.allowed_origin(origin))
}

/// While the search index loads: the process is alive, and not ready; everything else
/// answers 503 with `Retry-After`.
pub fn loading_server(listener: TcpListener) -> anyhow::Result<Server> {
    let server = HttpServer::new(|| {
        App::new()
            .route("/health/live", web::get().to(health::live))
            .default_service(web::to(|| async {
                let mut response = ApiError::ServiceUnavailable.error_response();
                response.headers_mut().insert(
                    actix_web::http::header::RETRY_AFTER,
                    actix_web::http::header::HeaderValue::from_static("1"),
                );
                response
            }))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Builds the HTTP server on `listener`; the caller runs it.
/// With a `metrics_listener`, `/metrics` is served there, by a server of its own that
/// runs as long as the process does; without one, metrics are neither served nor recorded
/// (`/metrics` on `listener` is 404 in every case).
pub fn build_server(
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    state: AppState,
) -> anyhow::Result<Server> {
    let settings = state.settings.clone();
    forget_idle_clients(Arc::downgrade(&state.limits));
    // The pages' renderer is theirs alone: the API never reaches it.
    let pages = web::Data::new(crate::web::Pages::load(&settings)?);
    // The middleware each take what they read, as their own data.
    let rate_limit = web::Data::new(crate::http::rate_limit::RateLimitState {
        limits: state.limits.clone(),
        jwt: state.jwt.clone(),
        db: state.db.clone(),
    });
    let idempotency = web::Data::new(crate::http::idempotency::IdempotencyState {
        db: state.db.clone(),
        jwt: state.jwt.clone(),
        body_limit: settings.http.body_limit_bytes,
    });
    let state = web::Data::new(state);
    if let Some(listener) = metrics_listener {
        tokio::spawn(crate::http::metrics::metrics_server(
            listener,
            state.clone(),
        )?);
    }
    let body_limit = settings.http.body_limit_bytes;
    // Blocking work is database work (or password hashing, bounded apart): more threads
    // than connections only wait for one. Left at actix's default (512 over the workers),
    // a burst grows the pool of threads, each with its stack and allocator caches, and
    // the process keeps that memory long after (seen in the soak test).
    let blocking_threads = state.db.max_connections() as usize + 2;
    let shutdown_timeout = settings.http.shutdown_timeout_secs;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(pages.clone())
            .app_data(rate_limit.clone())
            .app_data(idempotency.clone())
            .app_data(web::PayloadConfig::new(body_limit))
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|err, _| ApiError::BadRequest(err.to_string()).into()),
            )
            // A path id that does not parse names nothing: 404, as an unknown id does.
            .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
            .configure(crate::api::table::routes)
            .configure(crate::web::table::pages)
            .service(
                web::resource("/assets/{path:.*}").route(web::get().to(web_pages::assets::asset)),
            )
            .service(
                web::resource("/robots.txt")
                    .route(web::get().to(web_pages::site::robots))
                    .wrap(from_fn(crate::http::rate_limit::guard)),
            )
            .service(
                web::resource("/sitemap.xml")
                    .route(web::get().to(web_pages::site::sitemap_index))
                    .wrap(from_fn(crate::http::rate_limit::guard)),
            )
            .service(
                web::resource("/sitemaps/{file}")
                    .route(web::get().to(web_pages::site::sitemap))
                    .wrap(from_fn(crate::http::rate_limit::guard)),
            )
            .service(
                web::resource("/favicon.ico")
                    .route(web::get().to(web_pages::site::favicon))
                    .wrap(from_fn(crate::http::rate_limit::guard)),
            )
            // Last, every path no route matched: it spends from a budget as known ones do
            // (a GET from the reads', any other method from the writes'), so that a
            // scanner's 404s are limited like any other request.
            .service(
                web::scope("")
                    .default_service(web::to(not_found))
                    .wrap(from_fn(crate::http::rate_limit::guard)),
            )
            .default_service(web::to(not_found))
            // gzip or brotli, when the client asks for it (`Accept-Encoding`); images
            // other than SVG are left as they are (actix skips them).
            .wrap(actix_web::middleware::Compress::default())
            .wrap(cors(&settings))
            .wrap(from_fn(crate::http::headers::security_headers))
            .wrap(from_fn(crate::http::metrics::record_requests))
            .wrap(from_fn(request_id_header))
            .wrap(TracingLogger::<RequestSpan>::new())
    })
    .shutdown_timeout(shutdown_timeout)
    .worker_max_blocking_threads(blocking_threads)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Every minute, the rate limiter forgets clients whose budgets are full again, until the
/// server (and its state) is gone.
fn forget_idle_clients(limits: std::sync::Weak<Limiters>) {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            match limits.upgrade() {
                Some(limits) => limits.forget_idle_clients(),
                None => return,
            }
        }
    });
}
