//! What an organisation has going on, gathered for the dashboard (`/dashboard`): its
//! listings and wanted requests by status, the reservations of its listings waiting for its
//! answer, its own reservations still pending, and the threads with messages it has not
//! read. Also the count of what waits for it, shown in the pages' menu.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::listings::{Listing, PostLineRow};
use crate::db::match_reads::{self, UnreadThread};
use crate::db::reservations::Reservation;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{
    ListingId, MatchId, OrganisationId, PostStatus, ReservationId, ReservationStatus, Unit,
    WantedId,
};

/// The most posts of each kind shown (the last changed first); the rest are a search away.
const POSTS_SHOWN: i64 = 200;
/// The most reservations and threads of each list shown.
const ITEMS_SHOWN: i64 = 50;

/// The order the status groups are shown in.
const STATUS_ORDER: [PostStatus; 6] = [
    PostStatus::Draft,
    PostStatus::Published,
    PostStatus::Reserved,
    PostStatus::Exhausted,
    PostStatus::Withdrawn,
    PostStatus::Expired,
];

#[derive(Debug, Serialize)]
pub struct PostLine {
    pub id: String,
    pub title: String,
    pub quantity: f64,
    pub unit: Unit,
    pub updated_at: NaiveDateTime,
}

/// The posts of one status; only statuses that hold posts are listed.
#[derive(Debug, Serialize)]
pub struct StatusGroup {
    pub status: PostStatus,
    pub posts: Vec<PostLine>,
}

#[derive(Debug, Serialize)]
pub struct ReservationLine {
    pub id: ReservationId,
    pub match_id: MatchId,
    pub listing_title: String,
    pub wanted_title: String,
    pub quantity: f64,
    pub unit: Unit,
    pub status: ReservationStatus,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Serialize)]
pub struct ThreadLine {
    pub match_id: MatchId,
    pub listing_title: String,
    pub wanted_title: String,
    pub unread: i64,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub listings: Vec<StatusGroup>,
    pub wanted: Vec<StatusGroup>,
    /// Requested reservations of the organisation's listings: confirm or refuse.
    pub to_answer: Vec<ReservationLine>,
    /// The organisation's own reservations, requested or confirmed, not collected yet.
    pub pending: Vec<ReservationLine>,
    pub unread: Vec<ThreadLine>,
    /// What waits for the organisation: reservations to answer and unread threads.
    pub waiting: usize,
}

/// Everything the dashboard shows, read in one go.
pub fn gather(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<Dashboard, DomainError> {
    let listings = Listing::lines_of_organisation(conn, organisation_id, POSTS_SHOWN)?;
    let wanted = WantedRequest::lines_of_organisation(conn, organisation_id, POSTS_SHOWN)?;
    let requested = [ReservationStatus::Requested];
    let to_answer = Reservation::of_side(conn, organisation_id, true, &requested, ITEMS_SHOWN)?;
    let live = ReservationStatus::LIVE;
    let pending = Reservation::of_side(conn, organisation_id, false, &live, ITEMS_SHOWN)?;
    let unread = match_reads::unread_threads(conn, organisation_id, ITEMS_SHOWN)?;
    let titles = Titles::read(conn, &to_answer, &pending, &unread)?;
    let waiting = to_answer.len() + unread.len();
    Ok(Dashboard {
        listings: by_status(listings),
        wanted: by_status(wanted),
        to_answer: to_answer.iter().map(|r| titles.reservation(r)).collect(),
        pending: pending.iter().map(|r| titles.reservation(r)).collect(),
        unread: unread.iter().map(|t| titles.thread(t)).collect(),
        waiting,
    })
}

/// How many things wait for the organisation (the menu's count): reservations of its
/// listings to answer, and threads with messages it has not read. Two small counts, read
/// on every page of a signed-in person.
pub fn waiting(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<i64, DomainError> {
    let to_answer = Reservation::count_to_answer(conn, organisation_id)?;
    let unread = match_reads::unread_threads(conn, organisation_id, ITEMS_SHOWN)?.len();
    Ok(to_answer + unread as i64)
}

fn by_status(rows: Vec<PostLineRow>) -> Vec<StatusGroup> {
    let mut groups: Vec<StatusGroup> = STATUS_ORDER
        .iter()
        .map(|&status| StatusGroup {
            status,
            posts: Vec::new(),
        })
        .collect();
    for (id, title, status, quantity, unit, updated_at) in rows {
        if let Some(group) = groups.iter_mut().find(|g| g.status == status) {
            group.posts.push(PostLine {
                id,
                title,
                quantity,
                unit,
                updated_at,
            });
        }
    }
    groups.retain(|g| !g.posts.is_empty());
    groups
}

/// The titles of the posts the reservations and threads name, read once.
struct Titles {
    listings: HashMap<String, String>,
    wanted: HashMap<String, String>,
}

impl Titles {
    fn read(
        conn: &mut DbConnection,
        to_answer: &[Reservation],
        pending: &[Reservation],
        unread: &[UnreadThread],
    ) -> Result<Self, DomainError> {
        let reservations = to_answer.iter().chain(pending);
        let mut listing_ids: Vec<ListingId> =
            reservations.clone().map(|r| r.listing_id.clone()).collect();
        listing_ids.extend(unread.iter().map(|t| t.listing_id.clone()));
        let mut wanted_ids: Vec<WantedId> =
            reservations.map(|r| r.wanted_request_id.clone()).collect();
        wanted_ids.extend(unread.iter().map(|t| t.wanted_request_id.clone()));
        let pairs = |briefs: Vec<(String, String, String)>| {
            briefs
                .into_iter()
                .map(|(id, title, _)| (id, title))
                .collect::<HashMap<_, _>>()
        };
        Ok(Self {
            listings: pairs(Listing::briefs(conn, &listing_ids)?),
            wanted: pairs(WantedRequest::briefs(conn, &wanted_ids)?),
        })
    }

    fn titles(&self, listing: &ListingId, wanted: &WantedId) -> (String, String) {
        let find = |map: &HashMap<String, String>, id: &str| map.get(id).cloned();
        (
            find(&self.listings, listing.as_str()).unwrap_or_default(),
            find(&self.wanted, wanted.as_str()).unwrap_or_default(),
        )
    }

    fn reservation(&self, r: &Reservation) -> ReservationLine {
        let (listing_title, wanted_title) = self.titles(&r.listing_id, &r.wanted_request_id);
        ReservationLine {
            id: r.id.clone(),
            match_id: r.match_id.clone(),
            listing_title,
            wanted_title,
            quantity: r.quantity,
            unit: r.unit,
            status: r.status,
            created_at: r.created_at,
        }
    }

    fn thread(&self, t: &UnreadThread) -> ThreadLine {
        let (listing_title, wanted_title) = self.titles(&t.listing_id, &t.wanted_request_id);
        ThreadLine {
            match_id: t.match_id.clone(),
            listing_title,
            wanted_title,
            unread: t.unread,
        }
    }
}
