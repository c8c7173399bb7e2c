//! The HTTP server: shared state, middleware, and the one route table.
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer, ResponseError};
use tracing_actix_web::TracingLogger;

use crate::auth::jwt::JwtKeys;
use crate::catalogue::Catalogue;
use crate::configuration::Settings;
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::Limiters;
use crate::notify::Notifier;
use crate::routes::{
    api_keys, auth, changes, declarations, health, impact, listings, matches, materials, me,
    notification_preferences, open_data, organisations, posts, reference, reservations,
    saved_searches, spec, unsubscribe, wanted, webhook_deliveries, webhook_endpoints,
};
use crate::telemetry::{request_id_header, RequestSpan};
use crate::web::pages as web_pages;

/// What every handler may reach.
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub jwt: JwtKeys,
    pub notifier: Arc<Notifier>,
    pub catalogue: Arc<Catalogue>,
    pub limits: Arc<Limiters>,
    pub pages: Arc<crate::web::Pages>,
    pub photos: crate::photos::PhotoStore,
}

impl AppState {
    pub fn new(
        db: Db,
        settings: Arc<Settings>,
        catalogue: Arc<Catalogue>,
        notifier: Arc<Notifier>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            catalogue,
            jwt: JwtKeys::from_settings(&settings),
            limits: Arc::new(Limiters::new(&settings.rate_limit)?),
            pages: Arc::new(crate::web::Pages::load(&settings)?),
            photos: crate::photos::PhotoStore::from_settings(
                &settings.photos,
                &settings.data_folder(),
            )?,
            notifier,
            db,
            settings,
        })
    }

    /// What the exchange's rules need, read at the time of the call.
    pub fn context(&self) -> crate::exchange::Context<'_> {
        crate::exchange::Context {
            catalogue: &self.catalogue,
            notifier: &self.notifier,
            at: crate::db::now(),
        }
    }
}

/// Declares the route table once: it registers the handlers and lists the routes for the
/// contract test (`ROUTES` against `api-spec/openapi.yaml`).
macro_rules! route_table {
    ($( $path:literal => { $($method:ident => $handler:path),+ $(,)? } )*) => {
        /// Every route the server answers, as (method, path).
        pub const ROUTES: &[(&str, &str)] = &[ $( $( (stringify!($method), $path), )+ )* ];

        fn routes(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::method(Method::$method).to($handler)) )+
                        .default_service(web::to(|| method_not_allowed(&[$(stringify!($method)),+])))
                        .wrap(from_fn(crate::idempotency::guard))
                        .wrap(from_fn(crate::limits::guard)),
                );
            )*
        }
    };
}

route_table! {
    "/health/live" => { GET => health::live }
    "/health/ready" => { GET => health::ready }
    "/metrics" => { GET => crate::metrics::render }
    "/api/v1/openapi.yaml" => { GET => spec::openapi }
    "/docs" => { GET => reference::page }
    "/docs/redoc.standalone.js" => { GET => reference::renderer }
    "/docs/start.js" => { GET => reference::start }
    "/api/v1/auth/register" => { POST => auth::register::register }
    "/api/v1/auth/verify-email" => {
        GET => auth::verify_email::verify_by_link,
        POST => auth::verify_email::verify_by_body,
    }
    "/api/v1/auth/login" => { POST => auth::login::login }
    "/api/v1/auth/refresh" => { POST => auth::refresh::refresh }
    "/api/v1/auth/logout" => { POST => auth::logout::logout }
    "/api/v1/auth/password-reset" => { POST => auth::password_reset::request_reset }
    "/api/v1/auth/password-reset/confirm" => { POST => auth::password_reset::confirm_reset }
    "/api/v1/me" => { GET => me::me }
    "/api/v1/organisations/{id}" => { GET => organisations::get::get }
    "/api/v1/organisations/{id}/members" => { GET => organisations::members::list }
    "/api/v1/organisations/{id}/impact" => { GET => impact::organisation }
    "/api/v1/organisations/{id}/agec-declaration" => { GET => declarations::agec }
    "/api/v1/organisations/{id}/rndts-register" => { GET => declarations::rndts }
    "/api/v1/territories/{level}/{code}/impact" => { GET => impact::territory }
    "/api/v1/open-data/exchanges.csv" => { GET => open_data::exchanges }
    "/api/v1/open-data/datapackage.json" => { GET => open_data::datapackage }
    "/api/v1/organisations/{id}/invitations" => {
        GET => organisations::invitations::list,
        POST => organisations::invitations::create,
    }
    "/api/v1/organisations/{id}/invitations/{invitation_id}" => {
        DELETE => organisations::invitations::withdraw,
    }
    "/api/v1/invitations/accept" => { POST => organisations::invitations::accept }
    "/api/v1/api-keys" => {
        GET => api_keys::list::list,
        POST => api_keys::create::create,
    }
    "/api/v1/api-keys/{id}" => { DELETE => api_keys::revoke::revoke }
    "/api/v1/changes" => { GET => changes::list }
    "/api/v1/materials" => { GET => materials::list }
    "/api/v1/materials/{code}" => { GET => materials::get }
    "/api/v1/waste-codes" => { GET => materials::waste_codes }
    "/api/v1/listings" => {
        GET => listings::search::search,
        POST => listings::create::create,
    }
    "/api/v1/listings/import" => { POST => listings::import::import }
    "/api/v1/listings/import/template" => { GET => listings::import::template }
    "/api/v1/listings/{id}" => {
        GET => posts::get::<Listing>,
        PUT => listings::update::update,
    }
    "/api/v1/listings/{id}/publish" => { POST => posts::publish::<Listing> }
    "/api/v1/listings/{id}/photos" => {
        GET => listings::photos::list,
        POST => listings::photos::create,
    }
    "/api/v1/listings/{id}/photos/{photo_id}" => { DELETE => listings::photos::delete }
    "/api/v1/photos/{id}/{file}" => { GET => listings::photos::image }
    "/api/v1/listings/{id}/withdraw" => { POST => posts::withdraw::<Listing> }
    "/api/v1/wanted" => {
        GET => wanted::search::search,
        POST => wanted::actions::create,
    }
    "/api/v1/wanted/{id}" => {
        GET => posts::get::<WantedRequest>,
        PUT => wanted::actions::update,
    }
    "/api/v1/wanted/{id}/publish" => { POST => posts::publish::<WantedRequest> }
    "/api/v1/wanted/{id}/withdraw" => { POST => posts::withdraw::<WantedRequest> }
    "/api/v1/listings/{id}/matches" => { GET => matches::of_listing }
    "/api/v1/wanted/{id}/matches" => { GET => matches::of_wanted }
    "/api/v1/matches" => { GET => matches::list }
    "/api/v1/matches/{id}" => { GET => matches::get }
    "/api/v1/matches/{id}/interest" => { POST => matches::interest }
    "/api/v1/matches/{id}/decline" => { POST => matches::decline }
    "/api/v1/matches/{id}/reservations" => { POST => reservations::create }
    "/api/v1/matches/{id}/messages" => {
        GET => matches::messages::list,
        POST => matches::messages::create,
    }
    "/api/v1/reservations/{id}" => { GET => reservations::get }
    "/api/v1/reservations/{id}/confirm" => { POST => reservations::confirm }
    "/api/v1/reservations/{id}/refuse" => { POST => reservations::refuse }
    "/api/v1/reservations/{id}/cancel" => { POST => reservations::cancel }
    "/api/v1/reservations/{id}/complete" => { POST => reservations::complete }
    "/api/v1/reservations/{id}/impact" => { GET => reservations::impact }
    "/api/v1/saved-searches" => {
        GET => saved_searches::list,
        POST => saved_searches::create,
    }
    "/api/v1/saved-searches/{id}" => { DELETE => saved_searches::delete }
    "/api/v1/me/notification-preferences" => {
        GET => notification_preferences::get,
        PUT => notification_preferences::put,
    }
    "/api/v1/webhook-endpoints" => {
        GET => webhook_endpoints::list,
        POST => webhook_endpoints::create,
    }
    "/api/v1/webhook-endpoints/{id}" => {
        GET => webhook_endpoints::get,
        PATCH => webhook_endpoints::update,
        DELETE => webhook_endpoints::delete,
    }
    "/api/v1/webhook-endpoints/{id}/rotate-secret" => { POST => webhook_endpoints::rotate_secret }
    "/api/v1/webhook-endpoints/{id}/test" => { POST => webhook_deliveries::send_test }
    "/api/v1/webhook-endpoints/{id}/deliveries" => { GET => webhook_deliveries::list }
    "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}" => {
        GET => webhook_deliveries::get,
    }
    "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver" => {
        POST => webhook_deliveries::redeliver,
    }
    "/api/v1/unsubscribe" => {
        GET => unsubscribe::page,
        POST => unsubscribe::unsubscribe,
    }
}

/// Declares the pages for people: like the API's routes, but outside the spec, and behind
/// the pages' middleware (browser id cookie, errors shown as pages).
macro_rules! page_table {
    ($( $path:literal => { $($method:ident => $handler:path),+ $(,)? } )*) => {
        /// Every page route, as (method, path).
        pub const PAGES: &[(&str, &str)] = &[ $( $( (stringify!($method), $path), )+ )* ];

        fn pages(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::method(Method::$method).to($handler)) )+
                        .default_service(web::to(|| method_not_allowed(&[$(stringify!($method)),+])))
                        .wrap(from_fn(crate::limits::guard))
                        .wrap(from_fn(crate::web::middleware::pages)),
                );
            )*
        }
    };
}

page_table! {
    "/" => { GET => web_pages::home::home }
    "/language/{language}" => { GET => web_pages::language::switch }
    "/sign-in" => {
        GET => web_pages::sign_in::form,
        POST => web_pages::sign_in::sign_in,
    }
    "/sign-out" => { POST => web_pages::sign_in::sign_out }
    "/register" => {
        GET => web_pages::register::form,
        POST => web_pages::register::register,
    }
    "/verify-email" => { GET => web_pages::verify_email::verify }
    "/forgot-password" => {
        GET => web_pages::password::forgot_form,
        POST => web_pages::password::forgot,
    }
    "/reset-password" => {
        GET => web_pages::password::reset_form,
        POST => web_pages::password::reset,
    }
    "/accept-invitation" => {
        GET => web_pages::invitation::form,
        POST => web_pages::invitation::accept,
    }
    "/account" => { GET => web_pages::account::show }
    "/account/invitations" => { POST => web_pages::account::invite }
    "/account/impact" => { GET => web_pages::impact::show }
    "/account/impact.csv" => { GET => web_pages::impact::download }
    "/account/invitations/{id}/withdraw" => { POST => web_pages::account::withdraw }
    "/account/api-keys" => {
        GET => web_pages::api_keys::list,
        POST => web_pages::api_keys::create,
    }
    "/account/api-keys/{id}/revoke" => { POST => web_pages::api_keys::revoke }
    "/listings/new" => {
        GET => web_pages::listings::new_form,
        POST => web_pages::listings::create,
    }
    "/listings/{id}" => {
        GET => web_pages::listings::show,
        POST => web_pages::listings::change,
    }
    "/listings/{id}/edit" => {
        GET => web_pages::listings::edit_form,
        POST => web_pages::listings::update,
    }
    "/wanted/new" => {
        GET => web_pages::wanted::new_form,
        POST => web_pages::wanted::create,
    }
    "/wanted/{id}" => {
        GET => web_pages::wanted::show,
        POST => web_pages::wanted::change,
    }
    "/wanted/{id}/edit" => {
        GET => web_pages::wanted::edit_form,
        POST => web_pages::wanted::update,
    }
    "/search" => { GET => web_pages::search::search }
    "/listings/{id}/photos" => { POST => web_pages::photos::add }
    "/listings/{id}/photos/{photo_id}/delete" => { POST => web_pages::photos::remove }
    "/photos/{id}/{file}" => { GET => web_pages::photos::image }
    "/matches" => { GET => web_pages::matches::list }
    "/matches/{id}" => {
        GET => web_pages::matches::show,
        POST => web_pages::matches::act,
    }
}

/// 405 with the `Allow` header RFC 9110 requires: the methods the resource answers.
async fn method_not_allowed(allowed: &'static [&'static str]) -> HttpResponse {
    let mut response = ApiError::MethodNotAllowed.error_response();
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
        response
            .headers_mut()
            .insert(actix_web::http::header::ALLOW, value);
    }
    response
}

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
/// runs as long as the process does.
pub fn build_server(
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    state: AppState,
) -> anyhow::Result<Server> {
    let settings = state.settings.clone();
    crate::metrics::handle();
    forget_idle_clients(Arc::downgrade(&state.limits));
    let state = web::Data::new(state);
    if let Some(listener) = metrics_listener {
        tokio::spawn(crate::metrics::metrics_server(listener, state.clone())?);
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
            .app_data(web::PayloadConfig::new(body_limit))
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|err, _| ApiError::BadRequest(err.to_string()).into()),
            )
            // A path id that does not parse names nothing: 404, as an unknown id does.
            .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
            .configure(routes)
            .configure(pages)
            .service(
                web::resource("/assets/{path:.*}").route(web::get().to(web_pages::assets::asset)),
            )
            .default_service(web::to(not_found))
            .wrap(cors(&settings))
            .wrap(from_fn(crate::headers::security_headers))
            .wrap(from_fn(crate::metrics::record_requests))
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
