//! What the pages' forms share: field errors in the page's language, shown beside their
//! field, and the form sent back as it was typed (never a password).
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::i18n;
use crate::domain::Language;
use crate::http::error::{ApiError, FieldError};

/// Field errors by form field: the catalogue's words for the rule (`invalid-length`...),
/// else the API's message. `rename` maps the API's field paths to the form's names.
pub fn field_errors(
    lang: Language,
    errors: &[FieldError],
    rename: &[(&str, &str)],
) -> BTreeMap<String, String> {
    errors
        .iter()
        .map(|e| {
            let field = rename
                .iter()
                .find(|(api, _)| *api == e.field)
                .map_or(e.field.as_str(), |(_, form)| form);
            let key = format!("invalid-{}", e.code);
            let text = i18n::text(lang, &key, &HashMap::<Cow<'static, str>, _>::new())
                .unwrap_or_else(|| e.message.clone());
            (field.to_owned(), text)
        })
        .collect()
}

/// The field errors of a refusal the form can show, or the error itself for the page.
pub fn invalid_fields(error: ApiError) -> Result<Vec<FieldError>, ApiError> {
    match error {
        ApiError::Validation(errors) => Ok(errors),
        other => Err(other),
    }
}

/// A conflict in the page's language: the catalogue's `conflict-{code}`, with the facts it
/// names (`limit`, `available`, `held`, `unit`), else the API's message.
pub fn conflict_text(lang: Language, conflict: &crate::http::error::Conflict) -> String {
    use crate::http::error::Conflict;
    use fluent_templates::fluent_bundle::FluentValue;
    let mut args: HashMap<Cow<'static, str>, FluentValue<'static>> = HashMap::new();
    match conflict {
        Conflict::QuotaExceeded { limit, .. } => {
            args.insert("limit".into(), FluentValue::from(*limit));
        }
        Conflict::InsufficientQuantity { available, unit } => {
            args.insert("available".into(), FluentValue::from(*available));
            args.insert("unit".into(), FluentValue::from(unit.as_str().to_owned()));
        }
        Conflict::QuantityHeld { held, unit } => {
            args.insert("held".into(), FluentValue::from(*held));
            args.insert("unit".into(), FluentValue::from(unit.as_str().to_owned()));
        }
        _ => {}
    }
    let key = format!("conflict-{}", conflict.code());
    i18n::text(lang, &key, &args).unwrap_or_else(|| conflict.to_string())
}
