//! Asking for a listing from its page: a signed-in organisation reserves a quantity of a
//! published listing, or writes to its holder, without posting a need and waiting for
//! matching (`POST /api/v1/listings/{id}/reservations` and `.../messages`, and the
//! listing page's forms, all call [`ask`]).
//!
//! The exchange behind it is an ordinary match, scored by the same rules (`rules`), so
//! that everything after it (confirmation, messages, collection, impact, emails, webhooks,
//! the change feed) is what it is for a match Terril found. A match needs a wanted
//! request: the asker's organisation gets one written for this listing (`for_listing_id`),
//! of the listing's class, for the quantity asked, at the organisation's address (or the
//! position given), needed from today to the end of the listing's window. Such a need is
//! never indexed: no search shows it, no other listing is matched with it, and matching
//! only re-scores it against its listing (`reconcile`). Its creation appends no post
//! event, so the feed and webhooks carry the match's and the reservation's events only,
//! and no "match found" email goes out for it (`exchange::notices`): the holder hears of
//! the reservation or the message instead.
//!
//! When the organisation already has an open match with the listing (from a need it
//! posted, or an earlier ask) that match is used: asking twice never makes two. The
//! reservation itself is the exchange's `reserve` rule, whose conditional take of the
//! listing's quantity is what keeps concurrent takers from reserving more than is left.
//! All of it runs in one transaction, the listing's row locked first (the order every
//! writer takes).
use crate::catalogue::geometry::distance_km;
use crate::catalogue::summaries::{ListingSummary, WantedSummary};
use crate::db::listings::Listing;
use crate::db::match_messages::MatchMessage;
use crate::db::matches::{Match, PostSide};
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{
    Actor, HistoryKind, Interest, ListingId, MatchId, MatchStatus, OrganisationId, PostStatus,
    WantedId,
};
use crate::exchange::history::record as record_event;
use crate::exchange::{matches, messages, reservations, Context, Handle};
use crate::gazetteer::gazetteer;

use super::reconcile::{new_match, refresh};
use super::rules::{distance_limit, evaluate, Score};

/// How far a need written from a listing reaches at least: what people commonly allow
/// when they post one by hand. A listing further away than this is still asked for (the
/// person chose it): the need then reaches just past it.
const DIRECT_REACH_KM: f64 = 50.0;
const EPSILON: f64 = 1e-9;

/// What an organisation asks of a listing.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    /// The quantity to reserve, in the listing's unit; None: only write to the holder.
    pub quantity: Option<f64>,
    /// A message to the holder, on the match's thread.
    pub message: Option<String>,
    /// Where the material would go (latitude, longitude); None: the organisation's
    /// address, placed at its commune.
    pub position: Option<(f64, f64)>,
}

/// What the ask made: the match (found or new), and the reservation and the message.
pub struct Asked {
    pub match_id: MatchId,
    pub reservation: Option<Reservation>,
    pub message: Option<MatchMessage>,
}

/// Runs an ask in one transaction, then shows the listing as it is after it in the search
/// index (once it is stored).
pub async fn ask(
    handle: &Handle,
    actor: Actor,
    listing_id: ListingId,
    ask: Ask,
) -> Result<Asked, DomainError> {
    let this = handle.clone();
    let (asked, listing) = handle
        .db
        .transact(move |conn| ask_in(conn, &this.context(), &actor, &listing_id, &ask))
        .await?;
    handle.catalogue.apply_listing(&listing);
    Ok(asked)
}

/// The ask as one rule over the caller's transaction; returns what it made and the
/// listing as it is after it.
pub fn ask_in(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    listing_id: &ListingId,
    ask: &Ask,
) -> Result<(Asked, Listing), DomainError> {
    check(ask)?;
    let organisation_id = actor.organisation()?;
    Listing::lock(conn, listing_id)?;
    let listing = Listing::find(conn, listing_id)?.ok_or(DomainError::NotFound)?;
    if listing.organisation_id == *organisation_id {
        return Err(Conflict::OwnListing.into());
    }
    if !listing.status.is_visible() {
        return Err(match listing.status {
            PostStatus::Exhausted => short(&listing).into(),
            // A draft, withdrawn or expired listing is not the asker's to see.
            _ => DomainError::NotFound,
        });
    }
    let m = match_for(conn, cx, actor, &listing, ask)?;
    let (reservation, listing) = match ask.quantity {
        Some(quantity) => {
            let (r, l) = reservations::reserve(conn, cx, actor, &m.id, quantity)?;
            (Some(r), l)
        }
        None => {
            if m.taker_interest != Interest::Interested {
                matches::set_interest(conn, cx, actor, &m.id, Interest::Interested)?;
            }
            (None, listing)
        }
    };
    let message = match ask.message.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(body) => Some(messages::post(conn, cx, actor, &m.id, body)?),
        None => None,
    };
    let asked = Asked {
        match_id: m.id,
        reservation,
        message,
    };
    Ok((asked, listing))
}

/// What the ask says, before anything is read: a quantity, a message, or both.
fn check(ask: &Ask) -> Result<(), DomainError> {
    let blank = ask.message.as_deref().is_none_or(|b| b.trim().is_empty());
    if ask.quantity.is_none() && blank {
        let text = "give a quantity to reserve, or a message to the holder";
        return Err(DomainError::field("quantity", "required", text));
    }
    if let Some(q) = ask.quantity {
        if !(q.is_finite() && q > 0.0) {
            let text = "the quantity must be more than 0";
            return Err(DomainError::field("quantity", "range", text));
        }
    }
    if let Some((lat, lon)) = ask.position {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            let text = "a position is a latitude (-90 to 90) and a longitude (-180 to 180)";
            return Err(DomainError::field("position", "range", text));
        }
    }
    Ok(())
}

fn short(listing: &Listing) -> Conflict {
    Conflict::InsufficientQuantity {
        available: listing.quantity_available.max(0.0),
        unit: listing.unit,
    }
}

/// The organisation's open match with the listing if it has one; else the match of the
/// need it wrote for the listing before, reopened; else a new need and its match.
fn match_for(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    listing: &Listing,
    ask: &Ask,
) -> Result<Match, DomainError> {
    let organisation_id = actor.organisation()?;
    let mine: Vec<Match> = Match::of_post(conn, PostSide::Listing, &listing.id)?
        .into_iter()
        .filter(|m| m.taker_organisation_id == *organisation_id)
        .collect();
    if let Some(open) = mine.iter().find(|m| m.status == MatchStatus::Open) {
        return Ok(open.clone());
    }
    let written = WantedRequest::written_for(conn, &listing.id, organisation_id)?
        .filter(|w| w.status.is_visible());
    let wanted = match written {
        Some(wanted) => wanted,
        None => {
            let wanted = need_for(conn, cx, actor, listing, ask)?;
            wanted.insert(conn)?;
            wanted
        }
    };
    let score = score(cx, listing, &wanted)?;
    if let Some(closed) = mine.into_iter().find(|m| m.wanted_request_id == wanted.id) {
        // It closed when the pair stopped fitting; it fits again now.
        let id = closed.id.clone();
        refresh(conn, closed, Some(score), None)?;
        return Match::find(conn, &id)?.ok_or(DomainError::NotFound);
    }
    let m = new_match(listing, &wanted, &score, cx.at);
    if !m.insert_if_new(conn)? {
        return Err(Conflict::MatchClosed.into());
    }
    record_event(conn, &m, None, HistoryKind::Created, actor, None)?;
    Ok(m)
}

/// The pair's score by the matching rules; the rule that fails when they rule it out.
fn score(
    cx: &Context<'_>,
    listing: &Listing,
    wanted: &WantedRequest,
) -> Result<Score, DomainError> {
    let taxonomy = &cx.catalogue.taxonomy;
    let rules = Conflict::DoesNotFit { rule: "rules" };
    let (Some(l), Some(w)) = (
        ListingSummary::from_row(listing, taxonomy),
        WantedSummary::for_rules(wanted, taxonomy),
    ) else {
        return Err(rules.into());
    };
    let today = cx.at.date();
    if let Some(score) = evaluate(&l, &w, taxonomy, today) {
        return Ok(score);
    }
    let distance = distance_km((l.latitude, l.longitude), (w.latitude, w.longitude));
    let lot = l.quantity_available > EPSILON && l.quantity_available + EPSILON >= l.min_lot;
    Err(if !lot {
        short(listing)
    } else if l.available_until.is_some_and(|u| u < today) {
        Conflict::DoesNotFit {
            rule: "window_ended",
        }
    } else if distance > distance_limit(&l, &w) {
        Conflict::DoesNotFit {
            rule: "delivery_radius",
        }
    } else {
        rules
    }
    .into())
}

/// The need the organisation writes for the listing: its class, unit and condition, the
/// quantity asked (else the smallest lot, or all that is left), at the organisation's
/// place, from today to the end of the listing's window, accepting the listing's waste
/// status, at any price.
fn need_for(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    listing: &Listing,
    ask: &Ask,
) -> Result<WantedRequest, DomainError> {
    let organisation_id = actor.organisation()?;
    let organisation = Organisation::find(conn, organisation_id)?;
    let place = place_of(&organisation, ask.position);
    let (latitude, longitude) = place
        .position
        .unwrap_or((listing.latitude, listing.longitude));
    let distance = distance_km((listing.latitude, listing.longitude), (latitude, longitude));
    let quantity = ask.quantity.unwrap_or(if listing.min_lot > 0.0 {
        listing.min_lot
    } else {
        listing.quantity_available
    });
    let mass_t = listing
        .mass_t
        .filter(|_| listing.quantity > 0.0)
        .map(|m| m * quantity / listing.quantity);
    Ok(WantedRequest {
        id: WantedId::generate(),
        organisation_id: organisation_id.clone(),
        created_by: actor.user_id.clone(),
        title: listing.title.clone(),
        description: String::new(),
        material_code: listing.material_code.clone(),
        quantity,
        unit: listing.unit,
        mass_t,
        latitude,
        longitude,
        address: place.address,
        insee_code: place.insee_code,
        max_distance_km: (distance.ceil() + 1.0).max(DIRECT_REACH_KM),
        needed_from: cx.at.date(),
        needed_until: listing.available_until,
        worst_condition: listing.condition,
        max_price_per_unit_eur: None,
        accepts_waste: listing.is_waste,
        accepts_hazardous: listing.hazardous,
        external_ref: None,
        status: PostStatus::Published,
        created_at: cx.at,
        updated_at: cx.at,
        site_id: None,
        for_listing_id: Some(listing.id.clone()),
    })
}

struct Place {
    address: String,
    insee_code: Option<String>,
    /// None when neither was given nor the commune found: the listing's own position is
    /// taken (the distance then counts as none).
    position: Option<(f64, f64)>,
}

/// Where the organisation takes the material: the position given, else its address's
/// commune as the gazetteer places it.
fn place_of(organisation: &Organisation, given: Option<(f64, f64)>) -> Place {
    let address = format!(
        "{}, {} {}",
        organisation.street, organisation.postal_code, organisation.city
    );
    let typed = format!("{} {}", organisation.city, organisation.postal_code);
    let commune = gazetteer()
        .lookup(&typed)
        .first()
        .or_else(|| gazetteer().lookup(&organisation.postal_code).first());
    Place {
        address,
        insee_code: commune.map(|c| c.insee_code.clone()),
        position: given.or_else(|| commune.and_then(|c| c.position())),
    }
}

/// Whether `organisation_id` may ask for a listing of `holder` in `status` (the listing
/// page shows its forms when it may).
pub fn may_ask(
    organisation_id: &OrganisationId,
    holder: &OrganisationId,
    status: PostStatus,
) -> bool {
    organisation_id != holder && status.is_visible()
}
