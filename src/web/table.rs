//! The pages' route table, in one place: like the API's (`api::table`), but outside the
//! spec, and behind the pages' middleware (browser id cookie, errors shown as pages).
use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::web;

use super::pages as web_pages;
use crate::http::method_not_allowed::method_not_allowed;

/// Declares the pages for people: like the API's routes, but outside the spec, and behind
/// the pages' middleware (browser id cookie, errors shown as pages).
macro_rules! page_table {
    ($( $path:literal => { $($method:ident => $handler:path),+ $(,)? } )*) => {
        /// Every page route, as (method, path).
        pub const PAGES: &[(&str, &str)] = &[ $( $( (stringify!($method), $path), )+ )* ];

        pub fn pages(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::method(Method::$method).to($handler)) )+
                        .default_service(web::to(|| method_not_allowed(&[$(stringify!($method)),+])))
                        .wrap(from_fn(crate::http::rate_limit::guard))
                        .wrap(from_fn(crate::web::middleware::pages)),
                );
            )*
        }
    };
}

page_table! {
    "/" => { GET => web_pages::home::home }
    // The site's basics: help and the legal pages (operator details from settings).
    "/help" => { GET => web_pages::site::help }
    "/legal" => { GET => web_pages::site::legal }
    "/terms" => { GET => web_pages::site::terms }
    "/privacy" => { GET => web_pages::site::privacy }
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
    // Sites (issue 25, place by name): the organisation's address book.
    "/account/sites" => {
        GET => web_pages::sites::list,
        POST => web_pages::sites::create,
    }
    "/account/sites/{id}/edit" => {
        GET => web_pages::sites::edit_form,
        POST => web_pages::sites::update,
    }
    "/account/sites/{id}/delete" => { POST => web_pages::sites::delete }
    "/places" => { GET => web_pages::places::suggest }
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
    // Reserve from a listing (issue 25): the listing page's "Réserver" and "Écrire" forms.
    "/listings/{id}/ask" => { POST => web_pages::ask::ask }
    "/reservations/{id}/receipt" => { GET => web_pages::receipt::show }
    // Reviews after collection (issue 26): the match page's form, the public page.
    "/reservations/{id}/review" => { POST => web_pages::reviews::post }
    "/organisations/{id}" => { GET => web_pages::organisation::show }
    "/listings/{id}/photos/{photo_id}/delete" => { POST => web_pages::photos::remove }
    "/photos/{id}/{file}" => { GET => web_pages::photos::image }
    "/matches" => { GET => web_pages::matches::list }
    "/matches/{id}" => {
        GET => web_pages::matches::show,
        POST => web_pages::matches::act,
    }
    // Dashboard slice: my space, notification settings, the unsubscribe page.
    "/dashboard" => { GET => web_pages::dashboard::show }
    "/account/notifications" => {
        GET => web_pages::notifications::show,
        POST => web_pages::notifications::save,
    }
    "/unsubscribe" => {
        GET => web_pages::unsubscribe::ask,
        POST => web_pages::unsubscribe::unsubscribe,
    }
}
