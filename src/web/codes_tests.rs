//! Every rule code the API can return has words in both catalogues: `invalid-<code>` for a
//! field error, `conflict-<code>` for a conflict. The field codes are read from `src/`
//! (the calls that make a field error with a literal code, and validator's rules); the
//! conflicts from the enum itself, whose match below stops compiling when one is added.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::domain::error::Conflict;
use crate::domain::{Language, Unit};
use crate::web::i18n;

/// The calls that make a field error, and which argument (from 0) is the code.
const CONSTRUCTORS: &[(&str, usize)] = &[
    ("FieldError::new(", 1),
    ("DomainError::field(", 1),
    ("ApiError::field(", 1),
    ("Refusal::field(", 1),
    ("ValidationError::new(", 0),
];

/// Functions of one file that hand the code they are given to a constructor: their calls
/// are read as constructors' calls are.
const WRAPPERS: &[(&str, &str, usize)] = &[
    ("posts/search.rs", "require(", 3),
    ("exchange/messages.rs", "refuse(", 0),
    ("photos/images.rs", "refused(", 0),
    ("domain/siret.rs", "error(", 0),
];

/// validator's own rules, whose code is their name (unless `code = "..."` says otherwise).
const VALIDATOR_RULES: &[&str] = &[
    "length",
    "range",
    "email",
    "url",
    "required",
    "must_match",
    "contains",
    "does_not_contain",
    "regex",
    "credit_card",
    "non_control_character",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The arguments of the call whose `(` ends `text`'s prefix, split at top-level commas.
fn arguments(text: &str) -> Vec<String> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut args, mut current) = (Vec::new(), String::new());
    for c in text.chars() {
        if in_string {
            current.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => args.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    args.push(current);
    args.into_iter().map(|a| a.trim().to_owned()).collect()
}

/// The codes a file's calls name, by code, with where; an error for a call whose code is
/// neither a literal nor a wrapper's `code` parameter.
fn codes_of(
    file: &str,
    text: &str,
    codes: &mut BTreeMap<String, String>,
    unread: &mut Vec<String>,
) {
    let wrappers = WRAPPERS
        .iter()
        .filter(|(f, _, _)| file.ends_with(f))
        .map(|(_, call, index)| (*call, *index));
    for (call, index) in CONSTRUCTORS.iter().copied().chain(wrappers) {
        for (at, _) in text.match_indices(call) {
            let before = &text[..at];
            // A definition (`fn refused(`) or a longer name (`prefer_error(`) is no call.
            if before.ends_with("fn ")
                || before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let args = arguments(&text[at + call.len()..]);
            let Some(arg) = args.get(index) else {
                continue;
            };
            let line = before.matches('\n').count() + 1;
            match arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                Some(code) => {
                    codes
                        .entry(code.to_owned())
                        .or_insert(format!("{file}:{line}"));
                }
                None if arg == "code" || arg == "&code" => {}
                None => unread.push(format!("{file}:{line}: {call}{}", args.join(", "))),
            }
        }
    }
    for (at, _) in text.match_indices("#[validate(") {
        let attribute = arguments(&text[at + "#[validate(".len()..]).join(",");
        let line = text[..at].matches('\n').count() + 1;
        for rule in VALIDATOR_RULES {
            let named = attribute.match_indices(rule).any(|(i, _)| {
                let before = attribute[..i].chars().last();
                let after = attribute[i + rule.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"')
            });
            if named {
                codes
                    .entry((*rule).to_owned())
                    .or_insert(format!("{file}:{line}"));
            }
        }
        for part in attribute.split("code = \"").skip(1) {
            let code = part.split('"').next().unwrap_or_default();
            codes
                .entry(code.to_owned())
                .or_insert(format!("{file}:{line}"));
        }
    }
}

fn field_codes() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let (mut codes, mut unread) = (BTreeMap::new(), Vec::new());
    for path in files {
        let name = path.strip_prefix(&src).unwrap_or(&path).to_string_lossy();
        if name.ends_with("_tests.rs") || name.ends_with("codes_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        // Unit tests make errors of their own: only the code before them counts.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        codes_of(&name, text, &mut codes, &mut unread);
    }
    assert!(
        unread.is_empty(),
        "field errors whose code this test cannot read (use a literal, or add the \
         wrapper to WRAPPERS):\n{}",
        unread.join("\n")
    );
    codes
}

/// One of each conflict: the match fails to compile when a variant is added, so that its
/// words are written too.
fn every_conflict() -> Vec<Conflict> {
    let unit = Unit::Tonne;
    let all = vec![
        Conflict::InsufficientQuantity {
            available: 2.5,
            unit,
        },
        Conflict::MatchClosed,
        Conflict::MatchDeclined,
        Conflict::InvalidTransition {
            current: "confirmed",
            action: "refused",
        },
        Conflict::WindowClosed,
        Conflict::DuplicateExternalRef,
        Conflict::QuantityHeld { held: 2.5, unit },
        Conflict::AccountExists,
        Conflict::QuotaExceeded {
            resource: "listings",
            limit: 3,
        },
        Conflict::IdempotencyKeyInUse,
        Conflict::EndpointDisabled,
        Conflict::SiretMissing,
        Conflict::OwnListing,
        Conflict::DoesNotFit { rule: "rules" },
        Conflict::NotCollected,
        Conflict::AlreadyReviewed,
        Conflict::ReviewLocked { days: 14 },
        Conflict::Other("anything".into()),
    ];
    for conflict in &all {
        match conflict {
            Conflict::InsufficientQuantity { .. }
            | Conflict::MatchClosed
            | Conflict::MatchDeclined
            | Conflict::InvalidTransition { .. }
            | Conflict::WindowClosed
            | Conflict::DuplicateExternalRef
            | Conflict::QuantityHeld { .. }
            | Conflict::AccountExists
            | Conflict::QuotaExceeded { .. }
            | Conflict::IdempotencyKeyInUse
            | Conflict::EndpointDisabled
            | Conflict::SiretMissing
            | Conflict::OwnListing
            | Conflict::DoesNotFit { .. }
            | Conflict::NotCollected
            | Conflict::AlreadyReviewed
            | Conflict::ReviewLocked { .. }
            | Conflict::Other(_) => {}
        }
    }
    all
}

fn missing(keys: impl Iterator<Item = (String, String)>) -> Vec<String> {
    use fluent_templates::fluent_bundle::FluentValue;
    // The facts some conflicts name (`forms::conflict_text`).
    let args: HashMap<_, _> = ["available", "held", "limit"]
        .into_iter()
        .map(|name| (name.into(), FluentValue::from("2,5 tonnes")))
        .collect();
    let mut missing = Vec::new();
    for (key, whence) in keys {
        for lang in [Language::Fr, Language::En] {
            if i18n::text(lang, &key, &args).is_none() {
                missing.push(format!("{key} in {lang} (from {whence})"));
            }
        }
    }
    missing
}

#[test]
fn every_field_error_code_has_words_in_both_languages() {
    let codes = field_codes();
    // The scan finds what it should: a literal code, a wrapper's and validator's.
    for known in [
        "above_quantity",
        "unreadable_image",
        "length",
        "siret_checksum",
    ] {
        assert!(codes.contains_key(known), "{known} not found in {codes:?}");
    }
    let keys = codes.into_iter().map(|(c, w)| (format!("invalid-{c}"), w));
    let missing = missing(keys);
    assert!(missing.is_empty(), "no words for:\n{}", missing.join("\n"));
}

#[test]
fn every_conflict_has_words_in_both_languages() {
    let codes: BTreeSet<&str> = every_conflict().iter().map(Conflict::code).collect();
    let keys = codes.into_iter().map(|c| {
        (
            format!("conflict-{c}"),
            "domain::error::Conflict".to_owned(),
        )
    });
    let missing = missing(keys);
    assert!(missing.is_empty(), "no words for:\n{}", missing.join("\n"));
}

#[test]
fn the_scan_reads_literals_wrappers_and_validator_rules() {
    let (mut codes, mut unread) = (BTreeMap::new(), Vec::new());
    let text = r#"
        errors.push(FieldError::new("min_lot", "above_quantity", message));
        DomainError::field(
            &format!("a{}", 1),
            "too_general",
            "x",
        );
        fn refused(code: &str) -> E { DomainError::field("photo", code, "m") }
        refused("busy_now");
        #[validate(length(min = 1, max = 200), custom(function = "f", code = "blank_text"))]
        FieldError::new("f", some_code, "m");
    "#;
    codes_of("photos/images.rs", text, &mut codes, &mut unread);
    let found: Vec<&str> = codes.keys().map(String::as_str).collect();
    assert_eq!(
        found,
        [
            "above_quantity",
            "blank_text",
            "busy_now",
            "length",
            "too_general"
        ]
    );
    assert_eq!(unread.len(), 1, "{unread:?}");
}
