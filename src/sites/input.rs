//! A site's input (the API's body, the page's form read into it) and its checks: a name, a
//! commune of the embedded gazetteer, a position (the commune's when none is given), and a
//! phone number checked loosely.
use serde::Deserialize;
use validator::Validate;

use crate::domain::error::{DomainError, FieldError};
use crate::domain::validation::check_all;
use crate::gazetteer::gazetteer;

#[derive(Debug, Clone, Default, Deserialize, Validate)]
pub struct SiteInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    /// The street address; the commune is `insee_code`.
    #[serde(default)]
    #[validate(length(max = 300))]
    pub address: String,
    /// The INSEE code of a commune the gazetteer knows.
    pub insee_code: String,
    /// Both or neither: none places the site at its commune.
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: Option<f64>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub access_notes: String,
    #[validate(length(max = 40))]
    pub contact_phone: Option<String>,
    /// When takers may come to collect ("lun.–ven. 8 h–12 h"), free text.
    #[serde(default)]
    #[validate(length(max = 300))]
    pub pickup_slots: String,
}

/// What the checks make of the input: the place, settled.
pub struct Checked {
    pub latitude: f64,
    pub longitude: f64,
    pub contact_phone: Option<String>,
}

impl SiteInput {
    /// Every check, all reported at once.
    pub fn check(&self) -> Result<Checked, DomainError> {
        let mut errors = Vec::new();
        let position = self.position(&mut errors);
        let contact_phone = self
            .contact_phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if contact_phone.is_some_and(|p| !is_phone(p)) {
            let message = "a phone number has 6 to 20 digits (spaces, dots and + allowed)";
            errors.push(FieldError::new("contact_phone", "phone", message));
        }
        check_all(self, errors)?;
        let (latitude, longitude) =
            position.ok_or_else(|| DomainError::internal(anyhow::anyhow!("checked above")))?;
        Ok(Checked {
            latitude,
            longitude,
            contact_phone: contact_phone.map(str::to_owned),
        })
    }

    /// The position given, or the commune's; errors for an unknown commune or half a
    /// position.
    fn position(&self, errors: &mut Vec<FieldError>) -> Option<(f64, f64)> {
        let commune = gazetteer().by_code(self.insee_code.trim());
        if commune.is_none() {
            let message = "no commune has this INSEE code";
            errors.push(FieldError::new("insee_code", "unknown_commune", message));
        }
        match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (Some(_), None) => {
                errors.push(FieldError::new(
                    "longitude",
                    "required",
                    "give both or neither",
                ));
                None
            }
            (None, Some(_)) => {
                errors.push(FieldError::new(
                    "latitude",
                    "required",
                    "give both or neither",
                ));
                None
            }
            (None, None) => {
                let placed = commune.and_then(|c| c.position());
                if commune.is_some() && placed.is_none() {
                    let message = "this commune has no position yet: give latitude and longitude";
                    errors.push(FieldError::new("insee_code", "unplaced", message));
                }
                placed
            }
        }
    }
}

/// A phone number as people write it: digits, spaces, dots, hyphens, one leading +; 6 to
/// 20 digits (short numbers of services to international ones).
pub fn is_phone(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    allowed && (6..=20).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteInput {
        SiteInput {
            name: "Dépôt de Loos".into(),
            insee_code: "62528".into(),
            ..SiteInput::default()
        }
    }

    #[test]
    fn phones_are_checked_loosely() {
        for good in [
            "03 21 00 00 00",
            "+33 3.21.00.00.00",
            "0321000000",
            "112233",
        ] {
            assert!(is_phone(good), "{good}");
        }
        for bad in [
            "12345",
            "03 21 AB",
            "++33321000000",
            "0".repeat(21).as_str(),
            "",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn a_site_without_a_position_is_placed_at_its_commune() {
        let checked = site().check().unwrap();
        assert!((checked.latitude - 50.457).abs() < 0.01);
    }

    #[test]
    fn an_unknown_commune_and_a_bad_phone_are_reported_together() {
        let input = SiteInput {
            insee_code: "00000".into(),
            contact_phone: Some("call me".into()),
            ..site()
        };
        let DomainError::Invalid(errors) = input.check().err().unwrap() else {
            panic!("invalid");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["contact_phone", "insee_code"]);
    }
}
