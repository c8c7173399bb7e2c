//! Text as searches compare it.

/// Lower-case, accents removed: "Tuiles mécaniques" matches "tuiles mecaniques".
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(&mut folded, text);
    folded
}

pub fn fold_into(folded: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = deunicode::deunicode_char(c) {
            // deunicode's output is ASCII, so lower-casing it byte by byte is exact.
            folded.extend(ascii.chars().map(|a| a.to_ascii_lowercase()));
        }
    }
}
