//! JSON text read into a typed input, for every way in that takes JSON (the API's bodies,
//! the lines of a bulk import): a field that does not deserialise is reported as a field
//! error on that field (`unit`, `location.latitude`), in words a client understands, never
//! as `body` with a parser's message naming Rust types. No object may name a key twice
//! (`json_value`), and no string may hold a control character but tab and line breaks.
use serde::de::DeserializeOwned;

use super::error::FieldError;
use super::json_value;

/// Why a text is not an input of the type asked for.
#[derive(Debug)]
pub enum Refusal {
    /// Not JSON, or text after the value: the parser's message, without its position.
    Malformed(String),
    /// JSON of the wrong shape, a key named twice, or a control character: per field.
    Invalid(Vec<FieldError>),
}

impl Refusal {
    fn field(field: &str, code: &str, message: &str) -> Self {
        Refusal::Invalid(vec![FieldError::new(field, code, message)])
    }
}

/// Reads `bytes` as one JSON value of type `T`. No object of it may name a key twice
/// (`json_value`), and no string of it may hold a control character but tab and line
/// breaks: a NUL byte, for one, is text no one typed, and PostgreSQL refuses it.
///
/// Fields the type does not know are ignored, whatever they hold (so they are dropped
/// before that check): a client may send back a whole resource it read, `id` included.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    let mut value = json_value::from_slice(bytes).map_err(refused)?;
    let mut ignored: Vec<Vec<String>> = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| ignored.push(segments(&path));
    let typed =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(&value, &mut note));
    for path in &ignored {
        remove(&mut value, path);
    }
    let mut errors = Vec::new();
    control_characters(&value, &mut String::new(), &mut errors);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    typed.map_err(field_error)
}

/// A body that is not JSON is malformed (400); one that names a key twice is a field error
/// on that key (422), as any body of the wrong shape.
fn refused(refusal: json_value::Refused) -> Refusal {
    match refusal {
        json_value::Refused::Malformed(e) => Refusal::Malformed(without_position(&e.to_string())),
        json_value::Refused::DuplicateKey(path) => Refusal::field(
            &path,
            "duplicate_key",
            &format!("{path} is named twice in its object: name each key once"),
        ),
    }
}

/// The keys and indices of an ignored field's path.
fn segments(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut found = segments(parent);
            found.push(index.to_string());
            found
        }
        Path::Map { parent, key } => {
            let mut found = segments(parent);
            found.push(key.clone());
            found
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => segments(parent),
    }
}

fn remove(value: &mut serde_json::Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for key in parents {
        at = match at {
            serde_json::Value::Object(fields) => match fields.get_mut(key) {
                Some(child) => child,
                None => return,
            },
            serde_json::Value::Array(items) => {
                match key.parse::<usize>().ok().and_then(|n| items.get_mut(n)) {
                    Some(child) => child,
                    None => return,
                }
            }
            _ => return,
        };
    }
    if let serde_json::Value::Object(fields) = at {
        fields.remove(last);
    }
}

/// A field error for every string under `value` (at `path`) with a control character.
fn control_characters(value: &serde_json::Value, path: &mut String, errors: &mut Vec<FieldError>) {
    use serde_json::Value;
    let mut visit = |key: &str, child: &Value, errors: &mut Vec<FieldError>| {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        control_characters(child, path, errors);
        path.truncate(len);
    };
    match value {
        Value::String(text) if text.chars().any(is_refused_control) => {
            let field = if path.is_empty() {
                "body"
            } else {
                path.as_str()
            };
            let message = "control characters (such as NUL) are not allowed here";
            errors.push(FieldError::new(field, "control_character", message));
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                visit(&n.to_string(), item, errors);
            }
        }
        Value::Object(fields) => {
            for (key, child) in fields {
                visit(key, child, errors);
            }
        }
        _ => {}
    }
}

fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn field_error(err: serde_path_to_error::Error<serde_json::Error>) -> Refusal {
    let path = err.path().to_string();
    let inner = err.into_inner();
    if !inner.is_data() {
        return Refusal::Malformed(without_position(&inner.to_string()));
    }
    let message = without_position(&inner.to_string());
    // A missing field is reported where it is missing, not at its parent.
    if let Some(name) = missing_field(&message) {
        let field = if path == "." {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return Refusal::field(&field, "required", &format!("{field} is required"));
    }
    let field = if path == "." { "body" } else { path.as_str() };
    Refusal::field(field, "invalid", &plain_words(&message))
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// serde_json ends its messages with " at line 1 column 17".
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// serde's names of Rust types, in the words of JSON.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number at least 0"),
        ("expected u32", "expected a whole number at least 0"),
        ("expected u16", "expected a whole number at least 0"),
        ("expected usize", "expected a whole number at least 0"),
        ("expected a borrowed string", "expected a string"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected an array"),
        ("expected struct ", "expected an object "),
    ];
    let mut text = message.to_owned();
    for (rust, json) in WORDS {
        text = text.replace(rust, json);
    }
    text
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::domain::Unit;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Input {
        quantity: f64,
        unit: Unit,
        location: Location,
        notes: Option<Vec<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Location {
        latitude: f64,
    }

    fn error_of(body: &str) -> (String, String, String) {
        match parse::<Input>(body.as_bytes()) {
            Err(Refusal::Invalid(errors)) => {
                let e = &errors[0];
                (e.field.clone(), e.code.to_string(), e.message.clone())
            }
            other => panic!("expected a field error, got {:?}", other.err()),
        }
    }

    #[test]
    fn unknown_fields_are_ignored_whatever_they_hold_and_known_ones_are_checked() {
        let body = r#"{"quantity": 1, "unit": "t", "id": "x\u0000",
                       "location": {"latitude": 1, "note": ["\u0000"]}}"#;
        assert!(parse::<Input>(body.as_bytes()).is_ok());
        let (field, code, _) =
            error_of(r#"{"quantity": 1, "unit": "t\u0000", "location": {"latitude": 1}}"#);
        assert_eq!(
            (field.as_str(), code.as_str()),
            ("unit", "control_character")
        );
    }

    #[test]
    fn a_wrong_enum_value_is_an_error_on_its_field() {
        let (field, code, message) =
            error_of(r#"{"quantity": 1, "unit": "l", "location": {"latitude": 1}}"#);
        assert_eq!((field.as_str(), code.as_str()), ("unit", "invalid"));
        assert!(message.contains("unknown variant `l`"), "{message}");
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn a_wrong_type_deep_in_the_body_names_its_path_in_json_words() {
        let (field, _, message) =
            error_of(r#"{"quantity": 1, "unit": "t", "location": {"latitude": "north"}}"#);
        assert_eq!(field, "location.latitude");
        assert!(message.contains("expected a number"), "{message}");
        assert!(!message.contains("f64"), "{message}");
    }

    #[test]
    fn a_missing_field_is_reported_where_it_is_missing() {
        let (field, code, _) = error_of(r#"{"quantity": 1, "unit": "t", "location": {}}"#);
        assert_eq!(
            (field.as_str(), code.as_str()),
            ("location.latitude", "required")
        );
    }

    #[test]
    fn a_control_character_in_any_string_is_an_error_on_its_field() {
        let body = r#"{"quantity": 1, "unit": "t", "location": {"latitude": 1}, "notes": ["ok", "a\u0000b"]}"#;
        let (field, code, _) = error_of(body);
        assert_eq!(
            (field.as_str(), code.as_str()),
            ("notes.1", "control_character")
        );
        let lines =
            r#"{"quantity": 1, "unit": "t", "location": {"latitude": 1}, "notes": ["a\n\tb"]}"#;
        assert!(
            parse::<Input>(lines.as_bytes()).is_ok(),
            "line breaks and tabs are text"
        );
    }

    #[test]
    fn a_key_named_twice_is_an_error_on_that_key_even_in_an_ignored_field() {
        let (field, code, _) =
            error_of(r#"{"quantity": 1, "unit": "t", "location": {"latitude": 1, "latitude": 2}}"#);
        assert_eq!(
            (field.as_str(), code.as_str()),
            ("location.latitude", "duplicate_key")
        );
        let (field, _, _) = error_of(
            r#"{"quantity": 1, "unit": "t", "location": {"latitude": 1}, "id": 1, "id": 2}"#,
        );
        assert_eq!(field, "id");
    }

    #[test]
    fn broken_json_and_trailing_text_are_malformed() {
        assert!(matches!(
            parse::<Input>(b"{\"quantity\": "),
            Err(Refusal::Malformed(_))
        ));
        let trailing = br#"{"quantity": 1, "unit": "t", "location": {"latitude": 1}} x"#;
        assert!(matches!(
            parse::<Input>(trailing),
            Err(Refusal::Malformed(_))
        ));
    }
}
