//! Email templates: one folder per email and language under `templates/emails/`, each with
//! `subject.txt`, `body.txt` and `body.html`, rendered with minijinja. They are embedded in
//! the binary. HTML bodies are auto-escaped (minijinja escapes by the `.html` extension).
use include_dir::{include_dir, Dir};
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::domain::Language;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/emails");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub struct EmailTemplates {
    env: Environment<'static>,
}

impl EmailTemplates {
    pub fn load() -> anyhow::Result<Self> {
        let mut env = Environment::new();
        // A variable the code forgot to pass fails the render instead of sending a blank.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        add_dir(&mut env, &TEMPLATES)?;
        super::filters::add(&mut env);
        Ok(Self { env })
    }

    /// Renders `<email>/<language>/{subject.txt, body.txt, body.html}`.
    pub fn render(
        &self,
        email: &str,
        language: Language,
        vars: &Value,
    ) -> anyhow::Result<RenderedEmail> {
        // The format filters read the language from `lang`, in the text bodies too.
        let vars = minijinja::context! { lang => language.as_str(), ..vars.clone() };
        let part = |file: &str| -> anyhow::Result<String> {
            let name = format!("{email}/{}/{file}", language.as_str());
            Ok(self.env.get_template(&name)?.render(&vars)?)
        };
        Ok(RenderedEmail {
            subject: part("subject.txt")?.trim().replace(['\r', '\n'], " "),
            text: part("body.txt")?,
            html: part("body.html")?,
        })
    }
}

pub(crate) fn add_dir(
    env: &mut Environment<'static>,
    dir: &'static Dir<'static>,
) -> anyhow::Result<()> {
    for file in dir.files() {
        let name = file
            .path()
            .to_str()
            .ok_or_else(|| anyhow::anyhow!("template path is not UTF-8"))?;
        let source = file
            .contents_utf8()
            .ok_or_else(|| anyhow::anyhow!("template {name} is not UTF-8"))?;
        env.add_template(name, source)?;
    }
    for sub in dir.dirs() {
        add_dir(env, sub)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn vars(name: &str) -> Value {
        context! {
            app_name => "Terril", base_url => "http://t.example", recipient_name => name,
            link => "http://t.example/verify?token=a&b=<c>", expires_hours => 48,
        }
    }

    #[test]
    fn html_body_escapes_user_text_and_text_body_does_not() {
        let templates = EmailTemplates::load().unwrap();
        let email = templates
            .render(
                "verify_email",
                Language::En,
                &vars("<script>alert(1)</script> & Co"),
            )
            .unwrap();
        assert!(email
            .html
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; Co"));
        assert!(!email.html.contains("<script>"));
        assert!(email.text.contains("<script>alert(1)</script> & Co"));
    }

    #[test]
    fn every_email_renders_in_both_languages() {
        let templates = EmailTemplates::load().unwrap();
        let all = context! {
            login_link => "l", reset_link => "r", organisation_name => "Org",
            inviter_name => "Ana", role => "member",
            unsubscribe_url => "http://t.example/api/v1/unsubscribe?token=t",
            listing_title => "Briques", wanted_title => "Besoin de briques",
            taker_name => "Bâtir", holder_name => "Démolir", by_name => "Bâtir",
            material_name => "Briques", distance_km => "27.3", quantity => "1000",
            quantity_available => "3000", unit => "piece", score => 81,
            condition_label => "réemployable en l'état", price_label => "0,3 € / piece",
            match_url => "http://t.example/api/v1/matches/1", commune => "Lens (62)",
            thumbnail_url => "http://t.example/photos/1/thumb.jpg",
            reservation_url => "http://t.example/api/v1/reservations/1",
            listing_url => "http://t.example/api/v1/listings/1", search_name => "Lille",
            day => "2026-11-27", count => 2, from_name => "Bâtir", message => "Bonjour",
            items => vec![
                context! { summary => "one", url => "http://t.example/1" },
                context! { summary => "two", url => "http://t.example/2" },
            ],
            ..vars("Zoé")
        };
        for email in [
            "verify_email",
            "account_exists",
            "password_reset",
            "invitation",
            "match_found_holder",
            "match_found_taker",
            "reservation_requested",
            "reservation_confirmed",
            "reservation_refused",
            "reservation_cancelled",
            "saved_search_hit",
            "message_received",
            "digest",
        ] {
            let fr = templates.render(email, Language::Fr, &all).unwrap();
            let en = templates.render(email, Language::En, &all).unwrap();
            assert_ne!(fr.subject, en.subject, "{email}");
            assert!(!fr.subject.is_empty() && !fr.text.is_empty() && !fr.html.is_empty());
        }
    }

    #[test]
    fn emails_write_numbers_and_dates_as_their_language_does() {
        let templates = EmailTemplates::load().unwrap();
        let all = context! {
            listing_title => "Briques", wanted_title => "Besoin", material_name => "Briques",
            distance_km => 27.34, quantity_available => 1250.5, unit => "t", score => 81,
            condition_label => "neuf", price_label => "gratuit", match_url => "http://t/m",
            commune => None::<String>, thumbnail_url => None::<String>,
            unsubscribe_url => "http://t/u", day => "2026-12-01", count => 1,
            items => vec![context! { summary => "one", url => "http://t/1" }],
            ..vars("Zoé")
        };
        let seen = |text: String| text.replace(['\u{202f}', '\u{a0}'], " ");
        let fr = templates
            .render("match_found_taker", Language::Fr, &all)
            .unwrap();
        assert!(seen(fr.subject).contains("à 27,3 km"));
        assert!(!fr.text.contains("Commune") && !fr.html.contains("<img"));
        assert!(seen(fr.text).contains("Quantité disponible : 1 250,5 tonnes"));
        let en = templates
            .render("match_found_taker", Language::En, &all)
            .unwrap();
        assert!(seen(en.html).contains("1,250.5 tonnes"));
        let digest = templates.render("digest", Language::Fr, &all).unwrap();
        assert!(seen(digest.subject).contains("du 1er décembre 2026"));
        let digest = templates.render("digest", Language::En, &all).unwrap();
        assert!(seen(digest.subject).contains("for 1 December 2026"));
    }

    #[test]
    fn a_grouped_email_lists_each_match_with_its_lot_and_escapes_it() {
        let templates = EmailTemplates::load().unwrap();
        let item = |side: &str, title: &str, thumbnail: Option<&str>| {
            context! {
                side, listing_title => title, wanted_title => "Besoin de briques",
                taker_name => "Bâtir", quantity => 500, quantity_available => 3000,
                unit => "piece", commune => "Lens (62)", distance_km => 27.34, score => 81,
                price_label => "gratuit", thumbnail_url => thumbnail,
                match_url => format!("http://t/matches/{title}"),
            }
        };
        let all = context! {
            count => 3, holder_count => 1, taker_count => 2, more => 0,
            matches_url => "http://t/matches", unsubscribe_url => "http://t/u",
            items => vec![
                item("taker", "Briques <rouges>", Some("http://t/photos/p1/thumb.jpg")),
                item("taker", "Tuiles", None),
                item("holder", "Poutres", Some("http://t/photos/p2/thumb.jpg")),
            ],
            ..vars("Zoé")
        };
        let seen = |text: &str| text.replace(['\u{202f}', '\u{a0}'], " ");
        let fr = templates
            .render("match_found_grouped", Language::Fr, &all)
            .unwrap();
        assert_eq!(fr.subject, "3 nouvelles mises en relation");
        // (The HTML body escapes the slashes of links, as it does every value.)
        assert!(fr
            .html
            .contains("<img src=\"http:&#x2f;&#x2f;t&#x2f;photos&#x2f;p1&#x2f;thumb.jpg\""));
        assert_eq!(fr.html.matches("<img").count(), 2);
        assert!(fr.html.contains("Briques &lt;rouges&gt;"));
        assert_eq!(fr.html.matches("Voir la mise en relation").count(), 3);
        let text = seen(&fr.text);
        assert!(
            text.contains("Quantité disponible : 3 000 pièces"),
            "{text}"
        );
        assert!(text.contains("Quantité recherchée : 500 pièces"), "{text}");
        assert!(text.contains("Lens (62), à 27,3 km"), "{text}");
        assert!(text.contains("Pertinence : 81/100"), "{text}");
        assert!(text.contains("http://t/matches/Tuiles"), "{text}");
        assert!(
            text.contains("Photo : http://t/photos/p2/thumb.jpg"),
            "{text}"
        );
        assert!(!text.contains("correspondance"), "{text}");
        let en = templates
            .render("match_found_grouped", Language::En, &all)
            .unwrap();
        assert_eq!(en.subject, "3 new matches");
        assert!(seen(&en.text).contains("Lens (62), 27.3 km away"));
        let takers_only = context! { holder_count => 0, taker_count => 3, ..all.clone() };
        let fr = templates
            .render("match_found_grouped", Language::Fr, &takers_only)
            .unwrap();
        assert_eq!(fr.subject, "3 lots disponibles pour vos demandes");
    }
}
