//! What the matching emails say, in the recipient's language: the notices handed to
//! `notify::notice::tell`. Only what the recipient may see goes in: post titles, the
//! other organisation's name, distance, quantity, condition, price, commune, the lot's
//! public thumbnail. No contact data.
use minijinja::context;

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::db::match_messages::MatchMessage;
use crate::db::matches::Match;
use crate::db::reservations::Reservation;
use crate::db::saved_searches::SavedSearch;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::format;
use crate::domain::{Condition, Language, PhotoId, Unit};
use crate::gazetteer::gazetteer;
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

/// "0,30 € HT par pièce", "€0.30 excl. VAT per piece", "gratuit".
pub fn price_label(price: f64, unit: Unit, language: Language) -> String {
    format::price_per(price, unit, language)
}

/// The pair a match email is about.
pub struct Pair<'a> {
    pub matched: &'a Match,
    pub listing: &'a Listing,
    pub wanted: &'a WantedRequest,
    pub holder_name: &'a str,
    pub taker_name: &'a str,
    /// The listing's first photo, if it has one.
    pub cover: Option<&'a PhotoId>,
}

impl Pair<'_> {
    fn match_url(&self, notifier: &Notifier) -> String {
        notifier.link(&format!("/matches/{}", self.matched.id))
    }

    /// The lot's thumbnail, as a full link. A mail client has no session: only a photo
    /// of a listing anyone may see can be shown.
    fn thumbnail_url(&self, notifier: &Notifier) -> Option<String> {
        let cover = self.cover.filter(|_| self.listing.status.is_public())?;
        Some(notifier.link(&format!("/photos/{cover}/thumb.jpg")))
    }

    pub fn to_holder(&self, notifier: &Notifier, language: Language) -> Notice {
        let distance = format::distance(self.matched.distance_km, language);
        let url = self.match_url(notifier);
        let quantity = format::quantity(self.wanted.quantity, self.wanted.unit, language);
        let summary = match language {
            Language::Fr => format!(
                "{} recherche {quantity} à {distance} : « {} »",
                self.taker_name, self.listing.title
            ),
            Language::En => format!(
                "{} needs {quantity} {distance} away: \"{}\"",
                self.taker_name, self.listing.title
            ),
        };
        Notice {
            template: "match_found_holder",
            vars: context! {
                side => "holder",
                match_id => &self.matched.id,
                listing_title => &self.listing.title,
                wanted_title => &self.wanted.title,
                taker_name => self.taker_name,
                distance_km => self.matched.distance_km,
                quantity => self.wanted.quantity,
                unit => &self.wanted.unit,
                commune => gazetteer().label_of(self.wanted.insee_code.as_deref()),
                score => self.matched.score.round() as i64,
                thumbnail_url => self.thumbnail_url(notifier),
                match_url => &url,
            },
            summary,
            url,
        }
    }

    pub fn to_taker(&self, notifier: &Notifier, taxonomy: &Taxonomy, language: Language) -> Notice {
        let distance = format::distance(self.matched.distance_km, language);
        let url = self.match_url(notifier);
        let material = taxonomy
            .get(&self.listing.material_code)
            .map_or(self.listing.material_code.as_str(), |c| c.name(language));
        let listing = self.listing;
        let quantity = format::quantity(listing.quantity_available, listing.unit, language);
        let summary = match language {
            Language::Fr => format!("« {} » : {quantity} à {distance}", listing.title),
            Language::En => format!("\"{}\": {quantity} {distance} away", listing.title),
        };
        Notice {
            template: "match_found_taker",
            vars: context! {
                side => "taker",
                match_id => &self.matched.id,
                listing_title => &self.listing.title,
                wanted_title => &self.wanted.title,
                material_name => material,
                distance_km => self.matched.distance_km,
                quantity_available => self.listing.quantity_available,
                unit => &self.listing.unit,
                condition_label => condition_label(self.listing.condition.as_str(), language),
                price_label => price_label(listing.price_per_unit_eur, listing.unit, language),
                commune => gazetteer().label_of(listing.insee_code.as_deref()),
                score => self.matched.score.round() as i64,
                thumbnail_url => self.thumbnail_url(notifier),
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
    let quantity = format::quantity(reservation.quantity, reservation.unit, language);
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
            quantity => reservation.quantity,
            unit => &reservation.unit,
            match_url => &match_url,
            reservation_url => &reservation_url,
        },
        summary: format!("{what} ({other_name}) : {quantity} — {listing_title}"),
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
    let away = format::distance(distance, language);
    let summary = match language {
        Language::Fr => format!("« {} » : « {} » à {away}", search.name, listing.title),
        Language::En => format!("\"{}\": \"{}\" {away} away", search.name, listing.title),
    };
    Notice {
        template: "saved_search_hit",
        vars: context! {
            search_name => &search.name,
            listing_title => &listing.title,
            material_name => material,
            distance_km => distance,
            quantity_available => listing.quantity_available,
            unit => &listing.unit,
            condition_label => condition_label(listing.condition.as_str(), language),
            price_label => price_label(listing.price_per_unit_eur, listing.unit, language),
            listing_url => &url,
        },
        summary,
        url,
    }
}
