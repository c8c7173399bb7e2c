//! Every query on `reviews`: one side's rating of the other after a collection, and what an
//! organisation's public page shows of the reviews of it.
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use super::schema::{organisations, reviews};
use super::DbConnection;
use crate::domain::{OrganisationId, ReservationId, ReviewId, UserId};

/// Days after it was written during which its author may still edit a review: the rule is
/// the operations' (`reviews`), kept beside the row so that views say the same date.
pub const EDITABLE_DAYS: i64 = 14;

/// Its rating and comment change only through [`Review::revise`].
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = reviews)]
pub struct Review {
    pub id: ReviewId,
    pub reservation_id: ReservationId,
    pub author_organisation_id: OrganisationId,
    pub reviewed_organisation_id: OrganisationId,
    pub author_user_id: Option<UserId>,
    /// 1 to 5 (a CHECK on both engines).
    pub rating: i32,
    pub comment: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A review with its author organisation's name, as lists show it.
#[derive(Debug, Clone, Queryable)]
pub struct NamedReview {
    pub review: Review,
    pub author_name: String,
}

/// The number of reviews of an organisation and the sum of their ratings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub count: i64,
    pub sum: i64,
}

impl Review {
    /// Until when its author may edit it.
    pub fn editable_until(&self) -> NaiveDateTime {
        self.created_at + chrono::Duration::days(EDITABLE_DAYS)
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(reviews::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// The review the organisation wrote of the reservation's other side, if any.
    pub fn by_author(
        conn: &mut DbConnection,
        reservation_id: &ReservationId,
        author: &OrganisationId,
    ) -> QueryResult<Option<Review>> {
        reviews::table
            .filter(reviews::reservation_id.eq(reservation_id))
            .filter(reviews::author_organisation_id.eq(author))
            .first(conn)
            .optional()
    }

    /// Stores a new rating and comment (and who wrote them) over this review.
    pub fn revise(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(reviews::table.find(&self.id))
            .set((
                reviews::rating.eq(self.rating),
                reviews::comment.eq(&self.comment),
                reviews::author_user_id.eq(&self.author_user_id),
                reviews::updated_at.eq(self.updated_at),
            ))
            .execute(conn)
            .map(drop)
    }

    /// The reviews of the organisation, newest first, at most `limit`, with their authors'
    /// names.
    pub fn of_reviewed(
        conn: &mut DbConnection,
        reviewed: &OrganisationId,
        limit: i64,
    ) -> QueryResult<Vec<NamedReview>> {
        reviews::table
            .inner_join(
                organisations::table.on(organisations::id.eq(reviews::author_organisation_id)),
            )
            .filter(reviews::reviewed_organisation_id.eq(reviewed))
            .order((reviews::created_at.desc(), reviews::id.desc()))
            .limit(limit)
            .select((reviews::all_columns, organisations::name))
            .load(conn)
    }

    /// How many reviews of the organisation there are, and the sum of their ratings.
    pub fn tally(conn: &mut DbConnection, reviewed: &OrganisationId) -> QueryResult<Tally> {
        let (count, total): (i64, Option<i64>) = reviews::table
            .filter(reviews::reviewed_organisation_id.eq(reviewed))
            .select((count_star(), sum(reviews::rating)))
            .first(conn)?;
        Ok(Tally {
            count,
            sum: total.unwrap_or(0),
        })
    }
}
