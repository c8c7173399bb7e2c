//! What listings and wanted requests share in the API: the place, checks against the
//! taxonomy, ownership, and the life-cycle actions.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::catalogue::taxonomy::{MaterialClass, Taxonomy};
use crate::domain::{PostStatus, Unit};
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
pub struct LocationInput {
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
    #[validate(length(min = 1, max = 300))]
    pub address: String,
    /// The INSEE commune code: 5 characters (digits, or 2A/2B for Corsica).
    #[validate(custom(function = "validate_insee"))]
    pub insee_code: Option<String>,
}

fn validate_insee(code: &str) -> Result<(), validator::ValidationError> {
    let valid = code.len() == 5
        && (code.bytes().all(|b| b.is_ascii_digit())
            || (code.starts_with("2A") || code.starts_with("2B"))
                && code[2..].bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(validator::ValidationError::new("insee_code")
            .with_message("an INSEE commune code has 5 characters".into()))
    }
}

/// Runs validator's checks, then the ones that need the taxonomy, and reports all of them.
pub fn check_all(input: &impl Validate, more: Vec<FieldError>) -> Result<(), ApiError> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => match ApiError::from(e) {
            ApiError::Validation(list) => list,
            other => return Err(other),
        },
    };
    errors.extend(more);
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Validation(errors))
    }
}

/// The class of `code` if it exists and allows `unit`; errors otherwise.
pub fn check_class<'a>(
    taxonomy: &'a Taxonomy,
    code: &str,
    unit: Unit,
    errors: &mut Vec<FieldError>,
) -> Option<&'a MaterialClass> {
    let Some(id) = taxonomy.id_of(code) else {
        errors.push(FieldError::new(
            "material",
            "unknown",
            "no material class has this code",
        ));
        return None;
    };
    if !taxonomy.allows(id, unit) {
        let message = format!(
            "this class is counted in {}",
            taxonomy.units_of(id).join(", ")
        );
        errors.push(FieldError::new("unit", "not_allowed", &message));
    }
    Some(taxonomy.class(id))
}

pub fn check_window(
    from: NaiveDate,
    until: Option<NaiveDate>,
    field: &str,
    errors: &mut Vec<FieldError>,
) {
    if until.is_some_and(|until| until < from) {
        errors.push(FieldError::new(
            field,
            "before_start",
            "the window ends before it starts",
        ));
    }
}

/// The owner may do this to a post in this status, or the answer is 409.
pub fn require_status(status: &str, allowed: &[PostStatus], action: &str) -> Result<(), ApiError> {
    let current = PostStatus::parse(status);
    if current.is_some_and(|s| allowed.contains(&s)) {
        Ok(())
    } else {
        Err(ApiError::Conflict(format!(
            "a {status} post cannot be {action}"
        )))
    }
}

/// An (optional) external reference is unique per organisation: a 409 on a second use.
pub fn external_ref_taken() -> ApiError {
    ApiError::Conflict(
        "this external_ref is already used by another post of your organisation".into(),
    )
}
