//! The pages' words: one Fluent catalogue per language, made of every `.ftl` file of
//! `locales/fr/` and `locales/en/` (one file per part of the site), embedded in the binary. A page's language is the one its
//! visitor chose with the switch (a cookie), else the best of `Accept-Language`, else
//! French.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::HttpRequest;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::LanguageIdentifier;

use crate::domain::Language;

pub const LANGUAGE_COOKIE: &str = "terril_lang";

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around placeables: the pages are left to right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FRENCH: LazyLock<LanguageIdentifier> = LazyLock::new(|| "fr".parse().expect("fr"));
static ENGLISH: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("en"));

fn identifier(language: Language) -> &'static LanguageIdentifier {
    match language {
        Language::Fr => &FRENCH,
        Language::En => &ENGLISH,
    }
}

/// The text of `key` in `language`, with its arguments; None for a key the catalogue of
/// that language lacks (a render then fails, and a test sees it).
pub fn text(
    language: Language,
    key: &str,
    args: &HashMap<Cow<'static, str>, FluentValue<'static>>,
) -> Option<String> {
    let id = identifier(language);
    let args = (!args.is_empty()).then_some(args);
    LOCALES
        .lookup_no_default_fallback(id, key, args)
        .filter(|t| !t.is_empty())
}

/// The language of the page for this request.
pub fn choose(req: &HttpRequest) -> Language {
    let chosen = req
        .cookie(LANGUAGE_COOKIE)
        .and_then(|c| Language::parse(c.value()));
    chosen.unwrap_or_else(|| {
        let header = req
            .headers()
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        // By preference; `en-GB` and `fr-BE` are English and French.
        accept_language::parse(header)
            .iter()
            .find_map(|tag| Language::parse(&tag.split('-').next()?.to_ascii_lowercase()))
            .unwrap_or(Language::Fr)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of one catalogue is in the other, over all the files of each language's
    /// folder: no page shows a key instead of words.
    #[test]
    fn both_catalogues_hold_the_same_keys() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).expect("a locale folder") {
                let text = std::fs::read_to_string(entry.expect("a file").path()).expect("text");
                let file = text
                    .lines()
                    .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
                    .map(|l| l.split(" =").next().unwrap_or("").to_owned());
                keys.extend(file);
            }
            keys
        };
        let (fr, en) = (keys("fr"), keys("en"));
        assert!(fr.len() > 20);
        assert_eq!(
            fr.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new()
        );
    }

    #[test]
    fn accept_language_is_read_by_preference_and_by_primary_tag() {
        let choose_for = |header: &str| {
            let req = actix_web::test::TestRequest::default()
                .insert_header(("accept-language", header))
                .to_http_request();
            choose(&req)
        };
        assert_eq!(choose_for("en-GB,en;q=0.9"), Language::En);
        assert_eq!(choose_for("de-DE, en;q=0.8, fr;q=0.9"), Language::Fr);
        assert_eq!(choose_for("de, en-US;q=0.5"), Language::En);
        assert_eq!(choose_for("de"), Language::Fr);
    }

    #[test]
    fn arguments_fill_the_text() {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("name"), FluentValue::from("Camille"));
        let fr = text(Language::Fr, "signed-in-as", &args).unwrap();
        let en = text(Language::En, "signed-in-as", &args).unwrap();
        assert!(fr.contains("Camille") && en.contains("Camille") && fr != en);
        assert_eq!(text(Language::En, "no-such-key", &HashMap::new()), None);
    }
}
