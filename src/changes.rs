//! The public change feed (`GET /api/v1/changes`): the domain events a caller may see, in
//! feed order, for integrators that keep a copy of Terril's posts in step.
//!
//! A post's change carries the post as it is now when the caller may see it (anyone sees
//! public posts; an organisation also sees its own drafts, withdrawn and expired posts),
//! and is a tombstone when the post was withdrawn or expired and the caller may no longer
//! see it. A client that applies the changes in order (an upsert for a post, a delete for
//! a tombstone) from the start, then from each page's `next_cursor`, ends with exactly the
//! posts the caller may see. The events of matches and reservations are given to the two
//! organisations of the match only, by id.
use std::collections::HashMap;

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::events::{self, Cursor, Event};
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::{EventKind, Language, ListingId, OrganisationId, WantedId};
use crate::posts::lifecycle::{may_see, PostRecord};
use crate::views::changes::ChangeView;
use crate::views::posts::Shown;

pub enum Subject {
    /// None: a tombstone.
    Listing(ListingId, Option<Listing>),
    Wanted(WantedId, Option<WantedRequest>),
    /// A match's or reservation's event: its ids are on the event.
    Exchange,
}

pub struct Change {
    pub event: Event,
    pub subject: Subject,
}

pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Where the next page starts: past every event read, shown or not.
    pub next: Cursor,
}

/// Up to `limit` events after `after`, of which those `viewer` may see.
pub fn read(
    conn: &mut DbConnection,
    viewer: Option<&OrganisationId>,
    after: Cursor,
    limit: i64,
) -> Result<ChangePage, DomainError> {
    let (read, _) = events::after(conn, after, limit)?;
    let next = read.last().map_or(after, Event::cursor);
    let posts = Posts::load(conn, &read)?;
    let changes = read
        .into_iter()
        .filter_map(|event| {
            let subject = posts.subject_of(&event, viewer)?;
            Some(Change { event, subject })
        })
        .collect();
    Ok(ChangePage { changes, next })
}

/// The posts a batch of events names, read in two queries, to tell what each viewer may
/// see of each event (the change feed's and the webhooks' rule).
pub struct Posts {
    listings: HashMap<ListingId, Listing>,
    wanted: HashMap<WantedId, WantedRequest>,
}

impl Posts {
    pub fn load(conn: &mut DbConnection, batch: &[Event]) -> Result<Self, DomainError> {
        let listing_ids: Vec<ListingId> =
            batch.iter().filter_map(|e| e.listing_id.clone()).collect();
        let wanted_ids: Vec<WantedId> = batch
            .iter()
            .filter_map(|e| e.wanted_request_id.clone())
            .collect();
        Ok(Self {
            listings: Listing::find_many(conn, &listing_ids)?
                .into_iter()
                .map(|l| (l.id.clone(), l))
                .collect(),
            wanted: WantedRequest::find_many(conn, &wanted_ids)?
                .into_iter()
                .map(|w| (w.id.clone(), w))
                .collect(),
        })
    }

    /// What `viewer` may see of `event`; None when nothing.
    pub fn subject_of(&self, event: &Event, viewer: Option<&OrganisationId>) -> Option<Subject> {
        if is_exchange(event.kind) {
            let party = |org: &Option<OrganisationId>| viewer.is_some() && org.as_ref() == viewer;
            let ours = party(&event.holder_organisation_id) || party(&event.taker_organisation_id);
            return ours.then_some(Subject::Exchange);
        }
        let gone = matches!(
            event.kind,
            EventKind::ListingWithdrawn
                | EventKind::ListingExpired
                | EventKind::WantedWithdrawn
                | EventKind::WantedExpired
        );
        if let Some(id) = &event.listing_id {
            let post = self
                .listings
                .get(id)
                .filter(|l| may_see(viewer, &l.organisation_id, l.status));
            return match post {
                Some(post) => Some(Subject::Listing(id.clone(), Some(post.clone()))),
                None => gone.then(|| Subject::Listing(id.clone(), None)),
            };
        }
        let id = event.wanted_request_id.as_ref()?;
        let post = self
            .wanted
            .get(id)
            .filter(|w| may_see(viewer, &w.organisation_id, w.status));
        match post {
            Some(post) => Some(Subject::Wanted(id.clone(), Some(post.clone()))),
            None => gone.then(|| Subject::Wanted(id.clone(), None)),
        }
    }
}

fn is_exchange(kind: EventKind) -> bool {
    // A review is the exchange's too: only its two sides are told (its text is public on
    // the reviewed organisation's page, not in others' feeds).
    ["match.", "reservation.", "review."]
        .iter()
        .any(|family| kind.as_str().starts_with(family))
}

/// The change as `viewer` sees it: the feed's item, and a webhook's `data`.
pub fn view(
    change: Change,
    taxonomy: &Taxonomy,
    lang: Language,
    viewer: Option<&OrganisationId>,
) -> ChangeView {
    let event = &change.event;
    match change.subject {
        Subject::Listing(id, post) => {
            let shown = post_view(post, taxonomy, lang, viewer);
            ChangeView::of_post(event, "listing", id.to_string(), shown)
        }
        Subject::Wanted(id, post) => {
            let shown = post_view(post, taxonomy, lang, viewer);
            ChangeView::of_post(event, "wanted", id.to_string(), shown)
        }
        Subject::Exchange => ChangeView::of_exchange(event),
    }
}

/// A post as the viewer sees it (its owner's view for its own organisation).
fn post_view<P: Shown + PostRecord>(
    post: Option<P>,
    taxonomy: &Taxonomy,
    lang: Language,
    viewer: Option<&OrganisationId>,
) -> Option<serde_json::Value> {
    let post = post?;
    let owner = viewer == Some(post.organisation_id());
    serde_json::to_value(post.view(taxonomy, lang, owner)).ok()
}
