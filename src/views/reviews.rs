//! Reviews after collection as the API shows them, and an organisation's public summary
//! (the pages read the same shapes).
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::utc;
use crate::db::organisations::Organisation;
use crate::db::reviews::{NamedReview, Review, Tally};
use crate::domain::{OrganisationId, ReservationId, ReviewId};

/// One review. Who wrote it is said by organisation only: a person's name is not public.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    pub id: ReviewId,
    pub reservation_id: ReservationId,
    pub author_organisation_id: OrganisationId,
    pub author_organisation_name: String,
    pub reviewed_organisation_id: OrganisationId,
    pub rating: i32,
    pub comment: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// After this, the review can no longer be edited.
    pub editable_until: DateTime<Utc>,
}

impl From<NamedReview> for ReviewView {
    fn from(named: NamedReview) -> Self {
        let r: Review = named.review;
        Self {
            editable_until: utc(r.editable_until()),
            id: r.id,
            reservation_id: r.reservation_id,
            author_organisation_id: r.author_organisation_id,
            author_organisation_name: named.author_name,
            reviewed_organisation_id: r.reviewed_organisation_id,
            rating: r.rating,
            comment: r.comment,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// The public facts of the reviewed organisation.
#[derive(Debug, Serialize)]
pub struct ReviewedOrganisation {
    pub id: OrganisationId,
    pub name: String,
    pub city: String,
}

/// What anyone may read of an organisation's record of exchanges: how many it completed,
/// how others rated it, and the latest reviews.
#[derive(Debug, Serialize)]
pub struct ReviewSummaryView {
    pub organisation: ReviewedOrganisation,
    /// Completed reservations where it was the holder or the taker.
    pub exchanges_completed: i64,
    pub reviews_count: i64,
    /// The mean rating to one decimal; none before the first review.
    pub average_rating: Option<f64>,
    /// The latest reviews of it, newest first.
    pub reviews: Vec<ReviewView>,
}

impl ReviewSummaryView {
    pub fn new(
        organisation: Organisation,
        exchanges_completed: i64,
        tally: Tally,
        latest: Vec<NamedReview>,
    ) -> Self {
        let average_rating = (tally.count > 0)
            .then(|| (tally.sum as f64 / tally.count as f64 * 10.0).round() / 10.0);
        Self {
            organisation: ReviewedOrganisation {
                id: organisation.id,
                name: organisation.name,
                city: organisation.city,
            },
            exchanges_completed,
            reviews_count: tally.count,
            average_rating,
            reviews: latest.into_iter().map(ReviewView::from).collect(),
        }
    }
}
