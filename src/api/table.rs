//! The API's route table, in one place: every path, its methods and handlers. The same
//! declaration lists the routes for the contract test (`ROUTES` against
//! `api-spec/openapi.yaml`). The pages' table is `web::table`.
use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::web;

use super::{
    api_keys, auth, changes, declarations, health, impact, listings, matches, materials, me,
    notification_preferences, open_data, organisations, posts, reference, reservations, reviews,
    saved_searches, sites, spec, unsubscribe, wanted, webhook_deliveries, webhook_endpoints,
};
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::http::method_not_allowed::method_not_allowed;

/// Declares the route table once: it registers the handlers and lists the routes for the
/// contract test (`ROUTES` against `api-spec/openapi.yaml`).
macro_rules! route_table {
    ($( $path:literal => { $($method:ident => $handler:path),+ $(,)? } )*) => {
        /// Every route the server answers, as (method, path).
        pub const ROUTES: &[(&str, &str)] = &[ $( $( (stringify!($method), $path), )+ )* ];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::method(Method::$method).to($handler)) )+
                        .default_service(web::to(|| method_not_allowed(&[$(stringify!($method)),+])))
                        .wrap(from_fn(crate::http::idempotency::guard))
                        .wrap(from_fn(crate::http::rate_limit::guard)),
                );
            )*
        }
    };
}

route_table! {
    "/health/live" => { GET => health::live }
    "/health/ready" => { GET => health::ready }
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
    // Sites (issue 25, place by name): an organisation's address book.
    "/api/v1/sites" => {
        GET => sites::list,
        POST => sites::create,
    }
    "/api/v1/sites/{id}" => {
        GET => sites::get,
        PUT => sites::update,
        DELETE => sites::delete,
    }
    "/api/v1/listings/{id}/matches" => { GET => matches::of_listing }
    "/api/v1/wanted/{id}/matches" => { GET => matches::of_wanted }
    "/api/v1/matches" => { GET => matches::list }
    "/api/v1/matches/{id}" => { GET => matches::get }
    "/api/v1/matches/{id}/interest" => { POST => matches::interest }
    "/api/v1/matches/{id}/decline" => { POST => matches::decline }
    "/api/v1/matches/{id}/reservations" => { POST => reservations::create }
    // Reserve from a listing (issue 25): the caller's match with the listing, found or made.
    "/api/v1/listings/{id}/reservations" => { POST => listings::ask::reserve }
    "/api/v1/listings/{id}/messages" => { POST => listings::ask::contact }
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
    // Reviews after collection (issue 26).
    "/api/v1/reservations/{id}/review" => {
        POST => reviews::create,
        PUT => reviews::update,
    }
    "/api/v1/organisations/{id}/reviews" => { GET => reviews::of_organisation }
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
