//! `validator`'s errors as the field errors every way in reports: a flat list with dotted
//! paths (`location.latitude`), sorted by field, each with a message a person can read.
//! Below the HTTP edge, so that an operation checks its input and returns
//! [`DomainError::Invalid`]; `http::error` turns the same errors into the API's 422 the same
//! way, so the API, the pages and imports say the same.
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::domain::error::{DomainError, FieldError};

/// Checks `input` by its `validator` rules.
pub fn check(input: &impl Validate) -> Result<(), DomainError> {
    input.validate().map_err(DomainError::from)
}

impl From<ValidationErrors> for DomainError {
    fn from(errors: ValidationErrors) -> Self {
        DomainError::Invalid(field_errors(&errors))
    }
}

/// The field errors of `errors`, sorted by field.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut fields = Vec::new();
    flatten("", errors, &mut fields);
    fields.sort_by(|a, b| a.field.cmp(&b.field));
    fields
}

/// Runs validator's checks, then adds `more` (the ones that need reference data), and
/// reports all of them at once, sorted by field.
pub fn check_all(input: &impl Validate, more: Vec<FieldError>) -> Result<(), DomainError> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => field_errors(&e),
    };
    errors.extend(more);
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(DomainError::Invalid(errors))
    }
}

/// What a person reads for a validator rule that carries no message of its own, from the
/// rule's bounds ("must be between -90 and 90").
fn default_message(error: &validator::ValidationError) -> String {
    let bound = |name: &str| error.params.get(name).map(|v| v.to_string());
    let (min, max) = (bound("min"), bound("max"));
    let unit = if error.code == "length" {
        " characters"
    } else {
        ""
    };
    match (error.code.as_ref(), min, max) {
        ("range" | "length", Some(min), Some(max)) => {
            format!("must be between {min} and {max}{unit}")
        }
        ("range" | "length", Some(min), None) => format!("must be at least {min}{unit}"),
        ("range" | "length", None, Some(max)) => format!("must be at most {max}{unit}"),
        ("email", _, _) => "must be an email address".to_owned(),
        ("url", _, _) => "must be a URL".to_owned(),
        ("required", _, _) => "is required".to_owned(),
        (code, _, _) => format!("is not valid ({code})"),
    }
}

/// Turns validator's nested errors into a flat list with dotted field paths (`user.email`).
fn flatten(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| {
                FieldError {
                    field: path.clone(),
                    code: e.code.to_string(),
                    message: e
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| format!("{path} {}", default_message(e))),
                }
            })),
            ValidationErrorsKind::Struct(inner) => flatten(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}
