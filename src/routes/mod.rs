//! Request handlers, one small file per action. The route table is `table.rs`.
pub mod api_keys;
pub mod auth;
pub mod body;
pub mod changes;
pub mod declarations;
pub mod health;
pub mod impact;
pub mod json_body;
pub mod json_text;
pub mod json_value;
pub mod language;
pub mod listings;
pub mod matches;
pub mod materials;
pub mod me;
pub mod notification_preferences;
pub mod open_data;
pub mod organisations;
pub mod pagination;
pub mod posts;
pub mod reference;
pub mod reservations;
pub mod saved_searches;
pub mod search_params;
pub mod search_response;
pub mod spec;
pub mod table;
pub mod unsubscribe;
pub mod versions;
pub mod views;
pub mod wanted;
pub mod webhook_deliveries;
pub mod webhook_endpoints;

use validator::Validate;

use crate::error::ApiError;

/// Required text must say something: a title of spaces is no title. (Empty text is the
/// length rule's to report.)
pub fn not_blank(text: &str) -> Result<(), validator::ValidationError> {
    if !text.is_empty() && text.trim().is_empty() {
        Err(validator::ValidationError::new("blank").with_message("this must not be blank".into()))
    } else {
        Ok(())
    }
}

/// Unwraps a JSON body and checks its fields: nothing is stored from an invalid request.
pub fn validated<T: Validate>(body: json_body::Json<T>) -> Result<T, ApiError> {
    let body = body.into_inner();
    body.validate()?;
    Ok(body)
}
