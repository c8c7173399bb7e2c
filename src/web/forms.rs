//! What the pages' forms share: field errors in the page's language, shown beside their
//! field, and the form sent back as it was typed (never a password).
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::i18n;
use crate::domain::{format, Language};
use crate::http::error::{ApiError, FieldError};

/// Field errors by form field: the catalogue's words for the rule on that field
/// (`invalid-quantity-range`: which bound), else for the rule (`invalid-length`), else
/// the API's message. `rename` maps the API's field paths to the form's names. A field
/// keeps its first error: what did not parse comes before the rules.
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
            (
                field.to_owned(),
                field_error_text(lang, field, &e.code, &e.message),
            )
        })
        .rev()
        .collect()
}

/// The words for `code` on `field`: `invalid-<field>-<code>`, else `invalid-<code>`, else
/// `message` (the API's, in English).
pub fn field_error_text(lang: Language, field: &str, code: &str, message: &str) -> String {
    let none = HashMap::<Cow<'static, str>, _>::new();
    let field = field.replace(['.', '[', ']'], "-");
    i18n::text(lang, &format!("invalid-{field}-{code}"), &none)
        .or_else(|| i18n::text(lang, &format!("invalid-{code}"), &none))
        .unwrap_or_else(|| message.to_owned())
}

/// The field errors of a refusal the form can show, or the error itself for the page.
pub fn invalid_fields(error: ApiError) -> Result<Vec<FieldError>, ApiError> {
    match error {
        ApiError::Validation(errors) => Ok(errors),
        other => Err(other),
    }
}

/// A conflict in the page's language: the catalogue's `conflict-{code}`, with the facts it
/// names (`limit`; `available` and `held` as quantities with their unit, "2,5 tonnes"),
/// else the API's message.
pub fn conflict_text(lang: Language, conflict: &crate::http::error::Conflict) -> String {
    use crate::http::error::Conflict;
    use fluent_templates::fluent_bundle::FluentValue;
    let mut args: HashMap<Cow<'static, str>, FluentValue<'static>> = HashMap::new();
    match conflict {
        Conflict::QuotaExceeded { limit, .. } => {
            args.insert("limit".into(), FluentValue::from(*limit));
        }
        Conflict::InsufficientQuantity { available, unit } => {
            let quantity = format::quantity(*available, *unit, lang);
            args.insert("available".into(), FluentValue::from(quantity));
        }
        Conflict::QuantityHeld { held, unit } => {
            let quantity = format::quantity(*held, *unit, lang);
            args.insert("held".into(), FluentValue::from(quantity));
        }
        _ => {}
    }
    let key = format!("conflict-{}", conflict.code());
    i18n::text(lang, &key, &args).unwrap_or_else(|| conflict.to_string())
}
