//! Reviews after collection (issue 26): once a reservation is completed, each side (its
//! holder's and its taker's organisation) may rate the other once, 1 to 5 with a comment,
//! and edit that review for `EDITABLE_DAYS` days. No exchange completed, no review. An
//! organisation's public summary counts its completed exchanges and its reviews.
//! Writing a review appends a `review.posted` event for both sides' change feeds and
//! webhooks. The API and the pages make one call each to the operations below.
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::db::matches::Match;
use crate::db::organisations::Organisation;
use crate::db::reservations::Reservation;
use crate::db::reviews::{NamedReview, Review};
use crate::db::DbConnection;
use crate::domain::error::{Conflict, DomainError, FieldError};
use crate::domain::storage::StorageError;
use crate::domain::{
    Actor, EventId, EventKind, MatchId, OrganisationId, ReservationId, ReservationStatus, ReviewId,
};
use crate::exchange::reservations::visible_reservation;
use crate::views::reviews::ReviewSummaryView;

pub use crate::db::reviews::EDITABLE_DAYS;

/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// How many reviews the public summary lists (the latest).
pub const LATEST_REVIEWS: i64 = 20;

/// A rating and a comment, as the API's body and the page's form give them.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewInput {
    /// 1 (bad) to 5 (excellent): a whole number, which JSON may also write `4.0` (JSON
    /// Schema's `integer` takes it, so clients generated from the spec may send it).
    pub rating: f64,
    #[serde(default)]
    pub comment: String,
}

impl ReviewInput {
    /// Every field that is not acceptable, at once.
    fn check(&self) -> Result<(i32, String), DomainError> {
        let mut errors = Vec::new();
        if !(self.rating.fract() == 0.0 && (1.0..=5.0).contains(&self.rating)) {
            errors.push(FieldError::new(
                "rating",
                "range",
                "the rating is a whole number from 1 to 5",
            ));
        }
        let comment = self.comment.trim();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            errors.push(FieldError::new(
                "comment",
                "length",
                "the comment is at most 2000 characters",
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        // A whole number from 1 to 5, checked above.
        Ok((self.rating as i32, comment.to_owned()))
    }
}

/// The completed reservation the actor's organisation is a side of, its match, and the
/// other side.
fn reviewable(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ReservationId,
) -> Result<(Reservation, Match, OrganisationId), DomainError> {
    let organisation_id = actor.organisation()?;
    let (reservation, m) = visible_reservation(conn, id, organisation_id)?;
    if reservation.status != ReservationStatus::Completed {
        return Err(Conflict::NotCollected.into());
    }
    let other = if m.holder_organisation_id == *organisation_id {
        m.taker_organisation_id.clone()
    } else {
        m.holder_organisation_id.clone()
    };
    Ok((reservation, m, other))
}

/// Whether its author may still edit the review at `at`.
pub fn editable(review: &Review, at: NaiveDateTime) -> bool {
    at <= review.editable_until()
}

/// The actor's organisation reviews the other side of a completed reservation, once.
pub fn write(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ReservationId,
    input: ReviewInput,
    at: NaiveDateTime,
) -> Result<NamedReview, DomainError> {
    let (rating, comment) = input.check()?;
    let (reservation, m, reviewed) = reviewable(conn, actor, id)?;
    let author = actor.organisation()?;
    if Review::by_author(conn, &reservation.id, author)?.is_some() {
        return Err(Conflict::AlreadyReviewed.into());
    }
    let review = Review {
        id: ReviewId::generate(),
        reservation_id: reservation.id,
        author_organisation_id: author.clone(),
        reviewed_organisation_id: reviewed,
        author_user_id: actor.user_id.clone(),
        rating,
        comment,
        created_at: at,
        updated_at: at,
    };
    // Two writes by one side at once: the later meets the UNIQUE index, and is told the same.
    review
        .insert(conn)
        .map_err(|err| match StorageError::from(err) {
            StorageError::UniqueViolation(_) => DomainError::from(Conflict::AlreadyReviewed),
            other => other.into(),
        })?;
    // Its `review.posted` event (same id) tells both sides' feeds and webhooks; an edit
    // appends none.
    let event_id = EventId::parse(review.id.as_str())
        .ok_or_else(|| DomainError::internal(anyhow::anyhow!("a review id is not a UUID")))?;
    let kind = EventKind::ReviewPosted;
    crate::events::of_match(
        conn,
        &m,
        Some(&review.reservation_id),
        kind,
        event_id,
        actor,
        at,
    )?;
    named(conn, review)
}

/// The actor's organisation changes its review of a reservation, within `EDITABLE_DAYS`
/// days of writing it.
pub fn edit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ReservationId,
    input: ReviewInput,
    at: NaiveDateTime,
) -> Result<NamedReview, DomainError> {
    let (rating, comment) = input.check()?;
    let (reservation, _, _) = reviewable(conn, actor, id)?;
    let mut review = Review::by_author(conn, &reservation.id, actor.organisation()?)?
        .ok_or(DomainError::NotFound)?;
    if !editable(&review, at) {
        return Err(Conflict::ReviewLocked {
            days: EDITABLE_DAYS,
        }
        .into());
    }
    review.rating = rating;
    review.comment = comment;
    review.author_user_id = actor.user_id.clone().or(review.author_user_id);
    review.updated_at = at;
    review.revise(conn)?;
    named(conn, review)
}

/// What the match page shows under its collections: the other side, and for each completed
/// reservation the review the organisation wrote of it, if any.
pub struct Collections {
    pub other: Organisation,
    pub reviews: Vec<(ReservationId, Option<NamedReview>)>,
}

/// The collections of a match the organisation is a side of, with its reviews of them.
pub fn of_match(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    match_id: &MatchId,
) -> Result<Collections, DomainError> {
    let m = crate::exchange::matches::visible(conn, match_id, organisation_id)?;
    let other = if m.holder_organisation_id == *organisation_id {
        &m.taker_organisation_id
    } else {
        &m.holder_organisation_id
    };
    let other = Organisation::find(conn, other)?;
    let mut reviews = Vec::new();
    for reservation in Reservation::of_match(conn, &m.id)? {
        if reservation.status == ReservationStatus::Completed {
            let mine = match Review::by_author(conn, &reservation.id, organisation_id)? {
                Some(review) => Some(named(conn, review)?),
                None => None,
            };
            reviews.push((reservation.id, mine));
        }
    }
    Ok(Collections { other, reviews })
}

/// What anyone may read of an organisation: its completed exchanges, the number and mean
/// of the ratings others gave it, and the latest reviews.
pub fn summary(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<ReviewSummaryView, DomainError> {
    let organisation = Organisation::find(conn, organisation_id)?;
    let completed = Reservation::count_completed_of(conn, organisation_id)?;
    let tally = Review::tally(conn, organisation_id)?;
    let latest = Review::of_reviewed(conn, organisation_id, LATEST_REVIEWS)?;
    Ok(ReviewSummaryView::new(
        organisation,
        completed,
        tally,
        latest,
    ))
}

fn named(conn: &mut DbConnection, review: Review) -> Result<NamedReview, DomainError> {
    let author_name = Organisation::find(conn, &review.author_organisation_id)?.name;
    Ok(NamedReview {
        review,
        author_name,
    })
}
