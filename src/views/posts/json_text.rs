//! Text of search answers written without allocating: UUIDs, dates and timestamps.
//! A page of 20 hits holds 60 of these, and going through `Display` and `String` for
//! each was a visible share of a search's cost (figures in scripts/bench/README.md).
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serializer;

/// A short text built on the stack.
struct Text {
    bytes: [u8; 24],
    len: usize,
}

impl Text {
    fn new() -> Self {
        Self {
            bytes: [0; 24],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// `value` in decimal, padded with zeros to at least `width` digits.
    fn push_number(&mut self, value: u32, width: usize) {
        let mut digits = [0u8; 10];
        let mut count = 0;
        let mut rest = value;
        while rest > 0 || count < width.max(1) {
            digits[count] = b'0' + (rest % 10) as u8;
            rest /= 10;
            count += 1;
        }
        for &digit in digits[..count].iter().rev() {
            self.push(digit);
        }
    }

    fn push_date(&mut self, date: NaiveDate) {
        self.push_number(date.year().max(0) as u32, 4);
        self.push(b'-');
        self.push_number(date.month(), 2);
        self.push(b'-');
        self.push_number(date.day(), 2);
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever pushed.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// A UUID as its hyphenated lower-case text, without going through `Display`.
pub fn uuid<S: Serializer>(id: &uuid::Uuid, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = uuid::Uuid::encode_buffer();
    serializer.serialize_str(id.hyphenated().encode_lower(&mut buffer))
}

/// `YYYY-MM-DD`.
pub fn date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = Text::new();
    text.push_date(*date);
    serializer.serialize_str(text.as_str())
}

pub fn optional_date<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => self::date(d, serializer),
        None => serializer.serialize_none(),
    }
}

/// RFC 3339 in UTC, to the second.
pub fn timestamp<S: Serializer>(at: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = Text::new();
    text.push_date(at.date());
    text.push(b'T');
    text.push_number(at.hour(), 2);
    text.push(b':');
    text.push_number(at.minute(), 2);
    text.push(b':');
    text.push_number(at.second(), 2);
    text.push(b'Z');
    serializer.serialize_str(text.as_str())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    fn json(value: impl serde::Serialize) -> String {
        serde_json::to_string(&value).unwrap_or_default()
    }

    #[derive(serde::Serialize)]
    struct Sample {
        #[serde(serialize_with = "super::date")]
        day: NaiveDate,
        #[serde(serialize_with = "super::optional_date")]
        until: Option<NaiveDate>,
        #[serde(serialize_with = "super::timestamp")]
        at: chrono::NaiveDateTime,
        #[serde(serialize_with = "super::uuid")]
        id: uuid::Uuid,
    }

    #[test]
    fn texts_match_chrono_and_uuid_display() {
        let day = NaiveDate::from_ymd_opt(987, 3, 4).unwrap_or_default();
        let at = NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(7, 0, 59))
            .unwrap_or_default();
        let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        let sample = Sample {
            day,
            until: None,
            at,
            id,
        };
        assert_eq!(
            json(sample),
            format!(
                r#"{{"day":"{}","until":null,"at":"{}","id":"{id}"}}"#,
                day.format("%Y-%m-%d"),
                at.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )
        );
    }
}
