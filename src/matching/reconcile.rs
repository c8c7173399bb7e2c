//! One matching run for one post: bring its stored matches in line with what fits now.
//! New pairs become matches (and emails), changed pairs are re-scored, pairs that no
//! longer fit are closed, closed ones that fit again are reopened. Everything happens in
//! the caller's transaction, with the removal of the job that asked for it.
use chrono::{NaiveDate, NaiveDateTime};

use super::engine::{listings_for_wanted, wanted_for_listing};
use super::rules::{evaluate, Score};
use super::saved;
use crate::catalogue::summaries::{id_key, key_id, ListingSummary, WantedSummary};
use crate::catalogue::Catalogue;
use crate::db::listings::Listing;
use crate::db::matches::{Match, PostSide};
use crate::db::reservations::Reservation;
use crate::db::wanted_requests::WantedRequest;
use crate::db::{now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::Actor;
use crate::domain::{
    HistoryKind, Interest, ListingId, MatchId, MatchStatus, PostRef, PostStatus, WantedId,
};
use crate::exchange::history::record as record_event;
use crate::notify::Notifier;

/// What one matching run reads besides the database: the indexes, the notifier, how many
/// matches a post may hold, and the day it runs on.
pub struct MatchRun<'a> {
    pub catalogue: &'a Catalogue,
    pub notifier: &'a Notifier,
    pub max_matches: usize,
    pub today: NaiveDate,
}

/// Matches the post named by a job.
pub fn run(conn: &mut DbConnection, cx: &MatchRun<'_>, post: &PostRef) -> Result<(), DomainError> {
    match post {
        PostRef::Listing(id) => run_for_listing(conn, cx, id),
        PostRef::Wanted(id) => run_for_wanted(conn, cx, id),
    }
}

fn run_for_listing(
    conn: &mut DbConnection,
    cx: &MatchRun<'_>,
    id: &ListingId,
) -> Result<(), DomainError> {
    // The post's row first, shared: a change to it (a withdrawal, a reservation) waits
    // for this run, whose matches its own run will then see, or is seen here. Shared
    // locks do not block each other, so runs for the two sides of a pair never deadlock.
    Listing::lock_shared(conn, id)?;
    let Some(row) = Listing::find(conn, id)? else {
        return Ok(());
    };
    let existing = Match::of_post(conn, PostSide::Listing, id)?;
    let holding = Reservation::matches_holding(conn, PostSide::Listing, id)?;
    let Some(listing) = ListingSummary::from_row(&row, &cx.catalogue.taxonomy) else {
        return close_all(conn, existing, &holding, row.status);
    };
    let found = wanted_for_listing(cx.catalogue, &listing, cx.today, cx.max_matches);
    for matched in existing.iter().cloned() {
        let (wanted, reason) = counterpart_wanted(conn, cx, &matched.wanted_request_id)?;
        let score = wanted
            .as_ref()
            .and_then(|w| evaluate(&listing, w, &cx.catalogue.taxonomy, cx.today));
        if holding.contains(&matched.id) {
            // A live reservation keeps its match open, whatever is left of the listing.
            continue;
        }
        refresh(conn, matched, score, reason)?;
    }
    for (wanted, score) in found {
        let wanted_id: WantedId = key_id(wanted);
        if existing.iter().any(|m| m.wanted_request_id == wanted_id) {
            continue;
        }
        // Locked, so a withdrawal committing now either waits for this run (and its own
        // run then closes the match) or is seen here.
        WantedRequest::lock_shared(conn, &wanted_id)?;
        if let Some(wanted_row) = WantedRequest::find(conn, &wanted_id)? {
            open(conn, &row, &wanted_row, &score)?;
        }
    }
    saved::announce(conn, cx, &row, &listing)
}

fn run_for_wanted(
    conn: &mut DbConnection,
    cx: &MatchRun<'_>,
    id: &WantedId,
) -> Result<(), DomainError> {
    WantedRequest::lock_shared(conn, id)?;
    let Some(row) = WantedRequest::find(conn, id)? else {
        return Ok(());
    };
    let existing = Match::of_post(conn, PostSide::Wanted, id)?;
    let holding = Reservation::matches_holding(conn, PostSide::Wanted, id)?;
    let Some(wanted) = WantedSummary::for_rules(&row, &cx.catalogue.taxonomy) else {
        return close_all(conn, existing, &holding, row.status);
    };
    // A need written for one listing is matched with that listing alone (its match is
    // made by `direct`): it is only re-scored here, never offered other listings.
    let found = match row.for_listing_id {
        Some(_) => Vec::new(),
        None => listings_for_wanted(cx.catalogue, &wanted, cx.today, cx.max_matches),
    };
    for matched in existing.iter().cloned() {
        let listing = cx.catalogue.listings.get(id_key(&matched.listing_id));
        let score = listing
            .as_ref()
            .and_then(|l| evaluate(l, &wanted, &cx.catalogue.taxonomy, cx.today));
        let reason = match &listing {
            Some(_) => None,
            None => Listing::find(conn, &matched.listing_id)?.map(|l| l.status),
        };
        if holding.contains(&matched.id) {
            // A live reservation keeps its match open, whatever is left of the listing.
            continue;
        }
        refresh(conn, matched, score, reason)?;
    }
    for (listing, score) in found {
        let listing_id: ListingId = key_id(listing);
        if existing.iter().any(|m| m.listing_id == listing_id) {
            continue;
        }
        Listing::lock_shared(conn, &listing_id)?;
        if let Some(listing_row) = Listing::find(conn, &listing_id)? {
            open(conn, &listing_row, &row, &score)?;
        }
    }
    Ok(())
}

/// The wanted request of a listing's match as the rules read it: from the index, or from
/// its row when it is a need written for one listing (never indexed); else None, with the
/// status that keeps it out of the index.
fn counterpart_wanted(
    conn: &mut DbConnection,
    cx: &MatchRun<'_>,
    id: &WantedId,
) -> Result<(Option<WantedSummary>, Option<PostStatus>), DomainError> {
    if let Some(wanted) = cx.catalogue.wanted.get(id_key(id)) {
        return Ok((Some(wanted), None));
    }
    let Some(row) = WantedRequest::find(conn, id)? else {
        return Ok((None, None));
    };
    let direct = row
        .for_listing_id
        .as_ref()
        .and_then(|_| WantedSummary::for_rules(&row, &cx.catalogue.taxonomy));
    Ok(match direct {
        Some(wanted) => (Some(wanted), None),
        None => (None, Some(row.status)),
    })
}

/// Why a match closes when a post is in `status`.
fn close_reason(status: PostStatus) -> &'static str {
    match status {
        PostStatus::Withdrawn | PostStatus::Expired | PostStatus::Exhausted | PostStatus::Draft => {
            status.as_str()
        }
        PostStatus::Published | PostStatus::Reserved => "no_longer_fits",
    }
}

/// Closes every open match of a post that is no longer public, but those that hold a live
/// reservation (`holding`): the taker still collects what was confirmed.
fn close_all(
    conn: &mut DbConnection,
    existing: Vec<Match>,
    holding: &[MatchId],
    status: PostStatus,
) -> Result<(), DomainError> {
    let open = existing
        .into_iter()
        .filter(|m| m.status == MatchStatus::Open);
    for matched in open.filter(|m| !holding.contains(&m.id)) {
        close(conn, matched, close_reason(status))?;
    }
    Ok(())
}

pub fn close(conn: &mut DbConnection, mut matched: Match, reason: &str) -> Result<(), DomainError> {
    let seen = (matched.status, matched.score);
    matched.status = MatchStatus::Closed;
    matched.closed_reason = Some(reason.into());
    matched.updated_at = now();
    if matched.update_if_unchanged(conn, (seen.0, seen.1))? {
        record_event(
            conn,
            &matched,
            None,
            HistoryKind::Closed,
            &Actor::default(),
            Some(reason),
        )?;
    }
    Ok(())
}

/// Re-scores, closes or reopens an existing match. `score` is None when the pair no
/// longer fits; `counterpart_status` is the other post's status when it is not public.
/// Each change is a compare-and-set on what was read: when two runs race, one changes
/// the match and records the event, the other does nothing.
pub fn refresh(
    conn: &mut DbConnection,
    mut matched: Match,
    score: Option<Score>,
    counterpart_status: Option<PostStatus>,
) -> Result<(), DomainError> {
    let was_open = matched.status == MatchStatus::Open;
    let Some(score) = score else {
        if was_open {
            let reason = counterpart_status.map_or("no_longer_fits", close_reason);
            close(conn, matched, reason)?;
        }
        return Ok(());
    };
    let rescored = (matched.score - score.total()).abs() >= 0.005;
    if was_open && !rescored {
        return Ok(());
    }
    let seen = (matched.status, matched.score);
    set_score(&mut matched, &score);
    matched.status = MatchStatus::Open;
    matched.closed_reason = None;
    matched.updated_at = now();
    if matched.update_if_unchanged(conn, (seen.0, seen.1))? {
        let kind = if was_open {
            HistoryKind::Refreshed
        } else {
            HistoryKind::Reopened
        };
        record_event(conn, &matched, None, kind, &Actor::default(), None)?;
    }
    Ok(())
}

pub fn set_score(matched: &mut Match, score: &Score) {
    matched.distance_km = (score.distance_km * 1000.0).round() / 1000.0;
    matched.score = score.total();
    matched.score_distance = score.distance;
    matched.score_class = score.class_fit;
    matched.score_quantity = score.quantity;
    matched.score_window = score.window;
    matched.score_carbon = score.carbon;
    matched.co2e_avoided_kg = score.co2e_avoided_kg;
}

/// Stores a new match, unless the pair already has one.
fn open(
    conn: &mut DbConnection,
    listing: &Listing,
    wanted: &WantedRequest,
    score: &Score,
) -> Result<(), DomainError> {
    // The index may lag a withdrawal committed a moment ago: trust only the rows.
    if !listing.status.is_visible() || !wanted.status.is_visible() {
        return Ok(());
    }
    let matched = new_match(listing, wanted, score, now());
    if !matched.insert_if_new(conn)? {
        return Ok(());
    }
    // Both sides are told from the event (`exchange::notices`).
    record_event(
        conn,
        &matched,
        None,
        HistoryKind::Created,
        &Actor::default(),
        None,
    )
}

/// A new open match of the pair, scored, interests pending.
pub fn new_match(
    listing: &Listing,
    wanted: &WantedRequest,
    score: &Score,
    at: NaiveDateTime,
) -> Match {
    let mut matched = Match {
        id: MatchId::generate(),
        listing_id: listing.id.clone(),
        wanted_request_id: wanted.id.clone(),
        holder_organisation_id: listing.organisation_id.clone(),
        taker_organisation_id: wanted.organisation_id.clone(),
        status: MatchStatus::Open,
        closed_reason: None,
        distance_km: 0.0,
        score: 0.0,
        score_distance: 0.0,
        score_class: 0.0,
        score_quantity: 0.0,
        score_window: 0.0,
        score_carbon: 0.0,
        co2e_avoided_kg: None,
        holder_interest: Interest::Pending,
        taker_interest: Interest::Pending,
        created_at: at,
        updated_at: at,
    };
    set_score(&mut matched, score);
    matched
}

/// Closes the open matches of posts that expired (the expiry job does not run matching).
/// Those that hold a live reservation stay open, as they do when a listing runs out.
pub fn close_expired(conn: &mut DbConnection) -> Result<usize, DomainError> {
    let expired = Match::open_with_post_status(conn, PostStatus::Expired)?;
    let mut count = 0;
    for matched in expired {
        if Reservation::live_on_match(conn, &matched.id)? {
            continue;
        }
        close(conn, matched, "expired")?;
        count += 1;
    }
    Ok(count)
}
