//! SIRET: the 14-digit French establishment number, checked with the Luhn algorithm.
use validator::ValidationError;

/// La Poste's establishments share one SIREN and do not follow Luhn: their digits sum to a
/// multiple of 5 instead (INSEE rule).
const LA_POSTE_SIREN: &str = "356000000";

pub fn validate_siret(siret: &str) -> Result<(), ValidationError> {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error("siret_format", "a SIRET has exactly 14 digits"));
    }
    let valid = if siret.starts_with(LA_POSTE_SIREN) {
        digit_sum(siret).is_multiple_of(5)
    } else {
        luhn_valid(siret)
    };
    if valid {
        Ok(())
    } else {
        Err(error("siret_checksum", "this SIRET fails its checksum"))
    }
}

fn digits(number: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    number.bytes().map(|b| u32::from(b - b'0'))
}

fn digit_sum(number: &str) -> u32 {
    digits(number).sum()
}

fn luhn_valid(number: &str) -> bool {
    let sum: u32 = digits(number)
        .rev()
        .enumerate()
        .map(|(i, d)| match (i % 2 == 1, d * 2) {
            (true, doubled) if doubled > 9 => doubled - 9,
            (true, doubled) => doubled,
            (false, _) => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

fn error(code: &'static str, message: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}

#[cfg(test)]
mod tests {
    use super::validate_siret;

    #[test]
    fn accepts_real_sirets() {
        // INSEE's own head office and a La Poste establishment.
        assert!(validate_siret("12002701600357").is_ok());
        assert!(validate_siret("35600000049837").is_ok());
    }

    #[test]
    fn rejects_wrong_checksum_and_format() {
        assert_eq!(
            validate_siret("12002701600358").unwrap_err().code,
            "siret_checksum"
        );
        assert_eq!(
            validate_siret("1200270160035").unwrap_err().code,
            "siret_format"
        );
        assert_eq!(
            validate_siret("1200270160035a").unwrap_err().code,
            "siret_format"
        );
    }
}
