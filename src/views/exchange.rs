//! Matches, their history, reservations and threads as the API shows them, as the match
//! pages read them, and as webhooks carry them: each built from the rows the exchange
//! found visible to the viewer's organisation (the caller decides that; these only read
//! what they show: the posts' titles, the authors' names, the other side's contacts).
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::listings::Listing;
use crate::db::match_messages::MatchMessage;
use crate::db::matches::{Match, MatchEvent};
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::sites::Site;
use crate::db::users::User;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::pagination::Page;
use crate::domain::{
    HistoryKind, Interest, ListingId, MatchId, MatchStatus, MessageId, OrganisationId,
    ReservationId, ReservationStatus, Unit, UserId, WantedId,
};
use crate::gazetteer::gazetteer;
use crate::views::utc;

#[derive(Serialize)]
pub struct PostBrief {
    pub id: String,
    pub title: String,
    pub material: String,
    pub organisation_id: OrganisationId,
}

#[derive(Serialize)]
pub struct ScoreParts {
    pub distance: f64,
    pub class_fit: f64,
    pub quantity: f64,
    pub window: f64,
    pub carbon: f64,
}

#[derive(Serialize)]
pub struct MatchView {
    pub id: MatchId,
    pub status: MatchStatus,
    pub closed_reason: Option<String>,
    pub listing: PostBrief,
    pub wanted: PostBrief,
    /// `holder` or `taker`: the caller's side.
    pub side: &'static str,
    pub distance_km: f64,
    pub score: f64,
    pub score_parts: ScoreParts,
    pub co2e_avoided_kg: Option<f64>,
    pub holder_interest: Interest,
    pub taker_interest: Interest,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct MatchDetail {
    #[serde(flatten)]
    pub summary: MatchView,
    pub reservations: Vec<ReservationView>,
    pub events: Vec<EventView>,
    /// The other side's organisation and the people to talk to, once a reservation is
    /// confirmed (not before: until then the two sides talk through the match's thread).
    pub counterpart: Option<CounterpartView>,
}

#[derive(Serialize)]
pub struct CounterpartView {
    pub organisation_id: OrganisationId,
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub contacts: Vec<ContactView>,
    /// The site the other side's post names, when it names one: where the taker collects
    /// (or the holder delivers), with its access notes, phone and collection slots.
    pub site: Option<CounterpartSiteView>,
}

#[derive(Serialize)]
pub struct CounterpartSiteView {
    pub name: String,
    pub address: String,
    /// The commune's name, from the gazetteer.
    pub commune: String,
    pub access_notes: String,
    pub contact_phone: Option<String>,
    pub pickup_slots: String,
}

impl From<Site> for CounterpartSiteView {
    fn from(site: Site) -> Self {
        Self {
            commune: gazetteer()
                .label_of(Some(&site.insee_code))
                .unwrap_or_default(),
            name: site.name,
            address: site.address,
            access_notes: site.access_notes,
            contact_phone: site.contact_phone,
            pickup_slots: site.pickup_slots,
        }
    }
}

#[derive(Serialize)]
pub struct ContactView {
    pub name: String,
    pub email: String,
}

#[derive(Serialize)]
pub struct EventView {
    pub id: String,
    pub kind: HistoryKind,
    pub reservation_id: Option<ReservationId>,
    pub actor_organisation_id: Option<OrganisationId>,
    pub actor_user_id: Option<UserId>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct ReservationView {
    pub id: ReservationId,
    pub match_id: MatchId,
    pub listing_id: ListingId,
    pub wanted_id: WantedId,
    pub quantity: f64,
    pub unit: Unit,
    pub status: ReservationStatus,
    pub mass_t: Option<f64>,
    pub co2e_avoided_kg: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Reservation> for ReservationView {
    fn from(r: Reservation) -> Self {
        Self {
            id: r.id,
            match_id: r.match_id,
            listing_id: r.listing_id,
            wanted_id: r.wanted_request_id,
            quantity: r.quantity,
            unit: r.unit,
            status: r.status,
            mass_t: r.mass_t,
            co2e_avoided_kg: r.co2e_avoided_kg,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

impl From<MatchEvent> for EventView {
    fn from(e: MatchEvent) -> Self {
        Self {
            id: e.id,
            kind: e.kind,
            reservation_id: e.reservation_id,
            actor_organisation_id: e.actor_organisation_id,
            actor_user_id: e.actor_user_id,
            note: e.note,
            created_at: utc(e.created_at),
        }
    }
}

/// Titles and classes of the posts of `matches`, read in two queries.
pub struct Briefs {
    listings: HashMap<String, (String, String)>,
    wanted: HashMap<String, (String, String)>,
}

impl Briefs {
    pub fn load(conn: &mut DbConnection, matches: &[Match]) -> diesel::QueryResult<Self> {
        let listing_ids: Vec<ListingId> = matches.iter().map(|m| m.listing_id.clone()).collect();
        let wanted_ids: Vec<WantedId> = matches
            .iter()
            .map(|m| m.wanted_request_id.clone())
            .collect();
        let index = |rows: Vec<(String, String, String)>| {
            rows.into_iter()
                .map(|(id, title, material)| (id, (title, material)))
                .collect()
        };
        Ok(Self {
            listings: index(Listing::briefs(conn, &listing_ids)?),
            wanted: index(WantedRequest::briefs(conn, &wanted_ids)?),
        })
    }

    /// The view of `m` for a caller of `organisation_id`.
    pub fn view(&self, m: Match, organisation_id: &OrganisationId) -> MatchView {
        let brief = |map: &HashMap<String, (String, String)>, id: &str, org: &OrganisationId| {
            let (title, material) = map.get(id).cloned().unwrap_or_default();
            PostBrief {
                id: id.to_owned(),
                title,
                material,
                organisation_id: org.clone(),
            }
        };
        MatchView {
            listing: brief(&self.listings, &m.listing_id, &m.holder_organisation_id),
            wanted: brief(&self.wanted, &m.wanted_request_id, &m.taker_organisation_id),
            side: if m.holder_organisation_id == *organisation_id {
                "holder"
            } else {
                "taker"
            },
            id: m.id,
            status: m.status,
            closed_reason: m.closed_reason,
            distance_km: m.distance_km,
            score: m.score,
            score_parts: ScoreParts {
                distance: m.score_distance,
                class_fit: m.score_class,
                quantity: m.score_quantity,
                window: m.score_window,
                carbon: m.score_carbon,
            },
            co2e_avoided_kg: m.co2e_avoided_kg,
            holder_interest: m.holder_interest,
            taker_interest: m.taker_interest,
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        }
    }
}

/// A page of matches as `viewer` sees them (the page's rows as the exchange found them).
pub fn match_page(
    conn: &mut DbConnection,
    rows: Page<Match>,
    viewer: &OrganisationId,
) -> Result<Page<MatchView>, DomainError> {
    let briefs = Briefs::load(conn, &rows.items)?;
    Ok(Page {
        items: rows
            .items
            .into_iter()
            .map(|m| briefs.view(m, viewer))
            .collect(),
        next_cursor: rows.next_cursor,
    })
}

/// One match as `viewer` sees it, without its reservations and history.
pub fn match_view(
    conn: &mut DbConnection,
    m: Match,
    viewer: &OrganisationId,
) -> Result<MatchView, DomainError> {
    let briefs = Briefs::load(conn, std::slice::from_ref(&m))?;
    Ok(briefs.view(m, viewer))
}

/// The match as its page and `GET /api/v1/matches/{id}` show it, to `viewer`, one of its
/// two sides.
pub fn detail(
    conn: &mut DbConnection,
    m: Match,
    viewer: &OrganisationId,
) -> Result<MatchDetail, DomainError> {
    let reservations = Reservation::of_match(conn, &m.id)?;
    let events = MatchEvent::of_match(conn, &m.id)?;
    let briefs = Briefs::load(conn, std::slice::from_ref(&m))?;
    let agreed = reservations.iter().any(|r| {
        matches!(
            r.status,
            ReservationStatus::Confirmed | ReservationStatus::Completed
        )
    });
    let counterpart = if agreed {
        Some(counterpart(conn, &m, viewer)?)
    } else {
        None
    };
    Ok(MatchDetail {
        summary: briefs.view(m, viewer),
        reservations: reservations.into_iter().map(Into::into).collect(),
        events: events.into_iter().map(Into::into).collect(),
        counterpart,
    })
}

/// The other side of the match as `viewer` may see it after an agreement: its address and
/// the people who follow its post.
fn counterpart(
    conn: &mut DbConnection,
    m: &Match,
    viewer: &OrganisationId,
) -> Result<CounterpartView, DomainError> {
    let (other, author, site_id) = if m.holder_organisation_id == *viewer {
        let wanted =
            WantedRequest::find(conn, &m.wanted_request_id)?.ok_or(DomainError::NotFound)?;
        let site = wanted.site_id;
        (m.taker_organisation_id.clone(), wanted.created_by, site)
    } else {
        let listing = Listing::find(conn, &m.listing_id)?.ok_or(DomainError::NotFound)?;
        (
            m.holder_organisation_id.clone(),
            listing.created_by,
            listing.site_id,
        )
    };
    // Only the other side's own site: a post keeps its id if it moved organisation.
    let site = match site_id {
        Some(id) => Site::find_of(conn, &other, &id)?.map(Into::into),
        None => None,
    };
    let organisation = Organisation::find(conn, &other)?;
    let contacts = User::contacts_for_post(conn, author.as_ref(), &other)?
        .into_iter()
        .map(|u| ContactView {
            name: u.name,
            email: u.email,
        })
        .collect();
    Ok(CounterpartView {
        organisation_id: organisation.id,
        name: organisation.name,
        street: organisation.street,
        postal_code: organisation.postal_code,
        city: organisation.city,
        contacts,
        site,
    })
}

#[derive(Serialize)]
pub struct MessageView {
    pub id: MessageId,
    pub match_id: MatchId,
    /// `holder` or `taker`: the side that wrote it.
    pub side: &'static str,
    pub organisation_id: OrganisationId,
    /// The person who wrote it; none for a program's API key or a removed user.
    pub author_name: Option<String>,
    /// Whether the caller's organisation wrote it.
    pub mine: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A page of the match's thread as `viewer` sees it.
pub fn thread(
    conn: &mut DbConnection,
    m: &Match,
    rows: Page<MatchMessage>,
    viewer: &OrganisationId,
) -> Result<Page<MessageView>, DomainError> {
    let authors: Vec<_> = rows
        .items
        .iter()
        .filter_map(|r| r.user_id.clone())
        .collect();
    let names = User::names_of(conn, &authors)?;
    let view = |row: MatchMessage| {
        let author_name = row.user_id.as_ref().and_then(|u| names.get(u).cloned());
        message_of(m, row, author_name, viewer)
    };
    Ok(Page {
        items: rows.items.into_iter().map(view).collect(),
        next_cursor: rows.next_cursor,
    })
}

/// One message of the match's thread as `viewer` sees it.
pub fn message(
    conn: &mut DbConnection,
    m: &Match,
    row: MatchMessage,
    viewer: &OrganisationId,
) -> Result<MessageView, DomainError> {
    let author = row.user_id.iter().cloned().collect::<Vec<_>>();
    let name = User::names_of(conn, &author)?.into_values().next();
    Ok(message_of(m, row, name, viewer))
}

fn message_of(
    m: &Match,
    row: MatchMessage,
    author_name: Option<String>,
    viewer: &OrganisationId,
) -> MessageView {
    // Only the match's two sides write on its thread.
    let side = if row.organisation_id == m.holder_organisation_id {
        "holder"
    } else {
        "taker"
    };
    MessageView {
        author_name,
        mine: row.organisation_id == *viewer,
        side,
        id: row.id,
        match_id: row.match_id,
        organisation_id: row.organisation_id,
        body: row.body,
        created_at: utc(row.created_at),
    }
}
