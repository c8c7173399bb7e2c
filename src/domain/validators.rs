//! Checks shared by the inputs of several operations, named in `validator` attributes
//! (`custom(function = "crate::domain::validators::not_blank")`).

/// Required text must say something: a title of spaces is no title. (Empty text is the
/// length rule's to report.)
pub fn not_blank(text: &str) -> Result<(), validator::ValidationError> {
    if !text.is_empty() && text.trim().is_empty() {
        Err(validator::ValidationError::new("blank").with_message("this must not be blank".into()))
    } else {
        Ok(())
    }
}

pub fn validate_insee(code: &str) -> Result<(), validator::ValidationError> {
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
