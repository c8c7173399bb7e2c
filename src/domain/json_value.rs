//! JSON text read into a `serde_json::Value` as serde_json reads it, except that an object
//! naming a key twice is refused: serde_json keeps the last value, other parsers keep the
//! first, so `{"quantity": 1, "quantity": -1}` would mean one thing to Terril and another
//! to a proxy or a signature check in front of it. serde_json has no option for this (its
//! maintainer points to a `Value` visitor of one's own: serde-rs/json#762), so this is
//! that visitor: one pass, the same work as serde_json's own `Value`, and a key's path is
//! only put together when a duplicate is found, on the way out.
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Why a text is not one JSON value with unique keys.
#[derive(Debug)]
pub enum Refused {
    /// Not JSON, or text after the value: serde_json's error.
    Malformed(serde_json::Error),
    /// An object names a key twice: the key's path (`location.latitude`, `notes.1.x`).
    DuplicateKey(String),
}

pub fn from_slice(bytes: &[u8]) -> Result<Value, Refused> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = read(&mut reader)?;
    reader.end().map_err(Refused::Malformed)?;
    Ok(value)
}

pub fn from_str(text: &str) -> Result<Value, Refused> {
    from_slice(text.as_bytes())
}

fn read<'de, R: serde_json::de::Read<'de>>(
    reader: &mut serde_json::Deserializer<R>,
) -> Result<Value, Refused> {
    // The duplicate's path, innermost segment first, once one is found.
    let found = RefCell::new(None);
    match (UniqueKeys { found: &found }).deserialize(reader) {
        Ok(value) => Ok(value),
        Err(error) => match found.into_inner() {
            Some(mut path) => {
                path.reverse();
                Err(Refused::DuplicateKey(path.join(".")))
            }
            None => Err(Refused::Malformed(error)),
        },
    }
}

type Found = RefCell<Option<Vec<String>>>;

#[derive(Clone, Copy)]
struct UniqueKeys<'a> {
    found: &'a Found,
}

impl UniqueKeys<'_> {
    /// On the way out of a duplicate: adds this level's key or index to its path (on the
    /// way out of any other error, nothing).
    fn note(&self, segment: String) {
        if let Some(path) = self.found.borrow_mut().as_mut() {
            path.push(segment);
        }
    }
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            match seq.next_element_seed(self) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(error) => {
                    self.note(items.len().to_string());
                    return Err(error);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // One lookup a key: the place the value goes, unless the key has one already.
            let place = match object.entry(key) {
                Entry::Vacant(place) => place,
                Entry::Occupied(taken) => {
                    *self.found.borrow_mut() = Some(vec![taken.key().clone()]);
                    return Err(de::Error::custom("duplicate key"));
                }
            };
            match map.next_value_seed(self) {
                Ok(value) => {
                    place.insert(value);
                }
                Err(error) => {
                    self.note(place.key().clone());
                    return Err(error);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(text: &str) -> Option<String> {
        match from_str(text) {
            Err(Refused::DuplicateKey(path)) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn a_key_named_twice_is_refused_with_its_path_at_any_depth() {
        assert_eq!(duplicate(r#"{"a": 1, "a": 2}"#).as_deref(), Some("a"));
        assert_eq!(
            duplicate(r#"{"location": {"latitude": 1, "longitude": 2, "latitude": 3}}"#).as_deref(),
            Some("location.latitude")
        );
        assert_eq!(
            duplicate(r#"{"notes": [{"x": 1}, {"y": 1, "y": {}}]}"#).as_deref(),
            Some("notes.1.y")
        );
        // Escapes name the same key.
        assert_eq!(duplicate(r#"{"a": 1, "\u0061": 2}"#).as_deref(), Some("a"));
        assert_eq!(duplicate(r#"[{"k": 1}, {"k": 2}]"#), None, "other objects");
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"{"n": -1, "u": 18446744073709551615, "f": 1.5e3, "s": "é\n",
                       "b": [true, null], "o": {"a": {}}}"#;
        let strict = from_str(text).unwrap();
        let usual: Value = serde_json::from_str(text).unwrap();
        assert_eq!(strict, usual);
        assert_eq!(serde_json::to_string(&strict).unwrap(), usual.to_string());
    }

    #[test]
    fn broken_json_and_trailing_text_are_malformed_not_duplicates() {
        for text in [r#"{"a": "#, r#"{"a": 1} x"#, r#"{"a": [1, }"#, ""] {
            assert!(
                matches!(from_str(text), Err(Refused::Malformed(_))),
                "{text}"
            );
        }
    }
}
