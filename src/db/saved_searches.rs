//! Every query on `saved_searches` and `saved_search_hits`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{saved_search_hits, saved_searches};
use super::DbConnection;
use crate::domain::{Condition, ListingId, OrganisationId, SavedSearchId, UserId};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = saved_searches)]
pub struct SavedSearch {
    pub id: SavedSearchId,
    pub user_id: UserId,
    pub organisation_id: OrganisationId,
    pub name: String,
    /// None: any material.
    pub material_code: Option<String>,
    pub include_subclasses: bool,
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
    pub worst_condition: Option<Condition>,
    pub max_price_per_unit_eur: Option<f64>,
    pub text: Option<String>,
    pub created_at: NaiveDateTime,
}

impl SavedSearch {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(saved_searches::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// One page of the user's saved searches, in id (creation) order after `after`.
    /// The saved searches of every user of the organisation.
    pub fn count_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<i64> {
        saved_searches::table
            .filter(saved_searches::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)
    }

    pub fn page_of_user(
        conn: &mut DbConnection,
        user_id: &UserId,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<SavedSearch>> {
        let mut query = saved_searches::table
            .filter(saved_searches::user_id.eq(user_id))
            .order(saved_searches::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(saved_searches::id.gt(after.to_owned()));
        }
        query.load(conn)
    }

    /// Deletes the user's saved search; false when there is none with this id.
    pub fn delete(
        conn: &mut DbConnection,
        id: &SavedSearchId,
        user_id: &UserId,
    ) -> QueryResult<bool> {
        let deleted = diesel::delete(
            saved_searches::table
                .filter(saved_searches::id.eq(id))
                .filter(saved_searches::user_id.eq(user_id)),
        )
        .execute(conn)?;
        Ok(deleted == 1)
    }

    /// The saved searches on one of `codes` (a class and its ancestors), or on any material.
    pub fn on_classes(conn: &mut DbConnection, codes: &[String]) -> QueryResult<Vec<SavedSearch>> {
        saved_searches::table
            .filter(
                saved_searches::material_code
                    .eq_any(codes)
                    .or(saved_searches::material_code.is_null()),
            )
            .load(conn)
    }

    /// Records that the listing was announced to this search; false if it already was.
    pub fn record_hit(
        conn: &mut DbConnection,
        saved_search_id: &SavedSearchId,
        listing_id: &ListingId,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let query = diesel::insert_into(saved_search_hits::table)
            .values((
                saved_search_hits::saved_search_id.eq(saved_search_id),
                saved_search_hits::listing_id.eq(listing_id),
                saved_search_hits::created_at.eq(at),
            ))
            .on_conflict((
                saved_search_hits::saved_search_id,
                saved_search_hits::listing_id,
            ))
            .do_nothing();
        let inserted = super::execute_native(conn, query)?;
        Ok(inserted == 1)
    }
}
