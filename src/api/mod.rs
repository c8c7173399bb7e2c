//! Request handlers, one small file per action. The route table is `table.rs`.
pub mod api_keys;
pub mod auth;
pub mod changes;
pub mod declarations;
pub mod health;
pub mod impact;
pub mod language;
pub mod listings;
pub mod matches;
pub mod materials;
pub mod me;
pub mod notification_preferences;
pub mod open_data;
pub mod organisations;
pub mod posts;
pub mod reference;
pub mod reservations;
pub mod reviews;
pub mod saved_searches;
pub mod search_response;
pub mod sites;
pub mod spec;
pub mod table;
pub mod unsubscribe;
pub mod versions;
pub mod wanted;
pub mod webhook_deliveries;
pub mod webhook_endpoints;

use validator::Validate;

use crate::http::error::ApiError;

/// Unwraps a JSON body and checks its fields: nothing is stored from an invalid request.
pub fn validated<T: Validate>(body: crate::http::json_body::Json<T>) -> Result<T, ApiError> {
    let body = body.into_inner();
    body.validate()?;
    Ok(body)
}
