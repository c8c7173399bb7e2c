//! What the matching emails say, in the recipient's language: the notices handed to
//! `notify::notice::tell`. Only what the recipient may see goes in: post titles, the
//! other organisation's name, distance, quantity, condition, price. No contact data.
use minijinja::context;

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::db::match_messages::MatchMessage;
use crate::db::matches::Match;
use crate::db::reservations::Reservation;
use crate::db::saved_searches::SavedSearch;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, Language};
use crate::notify::notice::Notice;
use crate::notify::Notifier;

pub fn condition_label(condition: &str, language: Language) -> &'static str {
    let condition = Condition::parse(condition).unwrap_or(Condition::RecyclingOnly);
    match (condition, language) {
        (Condition::Unused, Language::Fr) => "neuf, jamais utilisé",
        (Condition::Unused, Language::En) => "unused",
        (Condition::ReusableAsIs, Language::Fr) => "réemployable en l'état",
        (Condition::ReusableAsIs, Language::En) => "reusable as is",
        (Condition::NeedsReconditioning, Language::Fr) => "à reconditionner",
        (Condition::NeedsReconditioning, Language::En) => "needs reconditioning",
        (Condition::RecyclingOnly, Language::Fr) => "pour recyclage uniquement",
        (Condition::RecyclingOnly, Language::En) => "for recycling only",
    }
}

pub fn price_label(price: f64, unit: &str, language: Language) -> String {
    match language {
        Language::Fr if price <= 0.0 => "gratuit".into(),
        Language::En if price <= 0.0 => "free".into(),
        Language::Fr => format!("{} € / {unit}", number(price).replace('.', ",")),
        Language::En => format!("€{} / {unit}", number(price)),
    }
}

/// At most two decimals, none when whole: 12, 12.5, 12.25.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn km(value: f64) -> String {
    format!("{value:.1}")
}

/// The pair a match email is about.
pub struct Pair<'a> {
    pub matched: &'a Match,
    pub listing: &'a Listing,
    pub wanted: &'a WantedRequest,
    pub holder_name: &'a str,
    pub taker_name: &'a str,
}

impl Pair<'_> {
    fn match_url(&self, notifier: &Notifier) -> String {
        notifier.link(&format!("/matches/{}", self.matched.id))
    }

    pub fn to_holder(&self, notifier: &Notifier, language: Language) -> Notice {
        let distance = km(self.matched.distance_km);
        let url = self.match_url(notifier);
        let summary = match language {
            Language::Fr => format!(
                "{} recherche {} {} à {distance} km : « {} »",
                self.taker_name,
                number(self.wanted.quantity),
                self.wanted.unit,
                self.listing.title
            ),
            Language::En => format!(
                "{} needs {} {} {distance} km away: \"{}\"",
                self.taker_name,
                number(self.wanted.quantity),
                self.wanted.unit,
                self.listing.title
            ),
        };
        Notice {
            template: "match_found_holder",
            vars: context! {
                listing_title => &self.listing.title,
                wanted_title => &self.wanted.title,
                taker_name => self.taker_name,
                distance_km => distance,
                quantity => number(self.wanted.quantity),
                unit => &self.wanted.unit,
                score => self.matched.score.round() as i64,
                match_url => &url,
            },
            summary,
            url,
        }
    }

    pub fn to_taker(&self, notifier: &Notifier, taxonomy: &Taxonomy, language: Language) -> Notice {
        let distance = km(self.matched.distance_km);
        let url = self.match_url(notifier);
        let material = taxonomy
            .get(&self.listing.material_code)
            .map_or(self.listing.material_code.as_str(), |c| c.name(language));
        let summary = match language {
            Language::Fr => format!(
                "« {} » : {} {} à {distance} km",
                self.listing.title,
                number(self.listing.quantity_available),
                self.listing.unit
            ),
            Language::En => format!(
                "\"{}\": {} {} {distance} km away",
                self.listing.title,
                number(self.listing.quantity_available),
                self.listing.unit
            ),
        };
        Notice {
            template: "match_found_taker",
            vars: context! {
                listing_title => &self.listing.title,
                wanted_title => &self.wanted.title,
                material_name => material,
                distance_km => distance,
                quantity_available => number(self.listing.quantity_available),
                unit => &self.listing.unit,
                condition_label => condition_label(self.listing.condition.as_str(), language),
                price_label => price_label(self.listing.price_per_unit_eur, self.listing.unit.as_str(), language),
                score => self.matched.score.round() as i64,
                match_url => &url,
            },
            summary,
            url,
        }
    }
}

/// A reservation email: `template` is one of the `reservation_*` templates; `other_name`
/// is the organisation on the other side (or the one that cancelled).
pub fn reservation_notice(
    notifier: &Notifier,
    template: &'static str,
    reservation: &Reservation,
    listing_title: &str,
    other_name: &str,
    language: Language,
) -> Notice {
    let match_url = notifier.link(&format!("/matches/{}", reservation.match_id));
    // The reservation's row on the match's page: emails lead to pages, never to the API.
    let reservation_url = format!("{match_url}#reservation-{}", reservation.id);
    let quantity = number(reservation.quantity);
    let what = match (template, language) {
        ("reservation_requested", Language::Fr) => "Réservation demandée",
        ("reservation_requested", Language::En) => "Reservation requested",
        ("reservation_confirmed", Language::Fr) => "Réservation confirmée",
        ("reservation_confirmed", Language::En) => "Reservation confirmed",
        ("reservation_refused", Language::Fr) => "Réservation refusée",
        ("reservation_refused", Language::En) => "Reservation refused",
        (_, Language::Fr) => "Réservation annulée",
        (_, Language::En) => "Reservation cancelled",
    };
    Notice {
        template,
        vars: context! {
            listing_title => listing_title,
            taker_name => other_name,
            holder_name => other_name,
            by_name => other_name,
            quantity => &quantity,
            unit => &reservation.unit,
            match_url => &match_url,
            reservation_url => &reservation_url,
        },
        summary: format!(
            "{what} ({other_name}) : {quantity} {} — {listing_title}",
            reservation.unit
        ),
        url: reservation_url,
    }
}

/// A message of a match's thread, to the other side; `from_name` is the writer's
/// organisation.
pub fn message_notice(
    notifier: &Notifier,
    message: &MatchMessage,
    listing_title: &str,
    from_name: &str,
    language: Language,
) -> Notice {
    let match_url = notifier.link(&format!("/matches/{}#messages", message.match_id));
    let excerpt: String = message.body.chars().take(80).collect();
    let summary = match language {
        Language::Fr => format!("Message de « {from_name} » ({listing_title}) : {excerpt}"),
        Language::En => format!("Message from “{from_name}” ({listing_title}): {excerpt}"),
    };
    Notice {
        template: "message_received",
        vars: context! {
            listing_title => listing_title,
            from_name => from_name,
            message => &message.body,
            match_url => &match_url,
        },
        summary,
        url: match_url,
    }
}

pub fn saved_search_notice(
    notifier: &Notifier,
    taxonomy: &Taxonomy,
    search: &SavedSearch,
    listing: &Listing,
    distance: f64,
    language: Language,
) -> Notice {
    let url = notifier.link(&format!("/listings/{}", listing.id));
    let material = taxonomy
        .get(&listing.material_code)
        .map_or(listing.material_code.as_str(), |c| c.name(language));
    let summary = match language {
        Language::Fr => format!(
            "« {} » : « {} » à {} km",
            search.name,
            listing.title,
            km(distance)
        ),
        Language::En => format!(
            "\"{}\": \"{}\" {} km away",
            search.name,
            listing.title,
            km(distance)
        ),
    };
    Notice {
        template: "saved_search_hit",
        vars: context! {
            search_name => &search.name,
            listing_title => &listing.title,
            material_name => material,
            distance_km => km(distance),
            quantity_available => number(listing.quantity_available),
            unit => &listing.unit,
            condition_label => condition_label(listing.condition.as_str(), language),
            price_label => price_label(listing.price_per_unit_eur, listing.unit.as_str(), language),
            listing_url => &url,
        },
        summary,
        url,
    }
}
