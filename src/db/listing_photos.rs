//! Every query on `listing_photos`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::listing_photos;
use super::DbConnection;
use crate::domain::{ListingId, PhotoId};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = listing_photos)]
pub struct ListingPhoto {
    pub id: PhotoId,
    pub listing_id: ListingId,
    pub width: i32,
    pub height: i32,
    /// The size of the full image as stored.
    pub bytes: i32,
    pub created_at: NaiveDateTime,
}

impl ListingPhoto {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(listing_photos::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConnection, id: &PhotoId) -> QueryResult<Option<ListingPhoto>> {
        listing_photos::table.find(id).first(conn).optional()
    }

    /// The listing's photos in the order they were added.
    pub fn of_listing(
        conn: &mut DbConnection,
        listing_id: &ListingId,
    ) -> QueryResult<Vec<ListingPhoto>> {
        listing_photos::table
            .filter(listing_photos::listing_id.eq(listing_id))
            .order(listing_photos::id.asc())
            .load(conn)
    }

    /// The first photo of each of these listings that has one (a result's thumbnail).
    /// Read as rows rather than with `min`, which PostgreSQL lacks for uuids; a listing
    /// holds a handful of photos at most.
    pub fn covers_of(
        conn: &mut DbConnection,
        listing_ids: &[ListingId],
    ) -> QueryResult<std::collections::HashMap<ListingId, PhotoId>> {
        let rows: Vec<(ListingId, PhotoId)> = listing_photos::table
            .filter(listing_photos::listing_id.eq_any(listing_ids))
            .select((listing_photos::listing_id, listing_photos::id))
            .order(listing_photos::id.desc())
            .load(conn)?;
        // Descending, so the last insert of each listing's key is its first photo.
        Ok(rows.into_iter().collect())
    }

    pub fn count_of_listing(conn: &mut DbConnection, listing_id: &ListingId) -> QueryResult<i64> {
        listing_photos::table
            .filter(listing_photos::listing_id.eq(listing_id))
            .count()
            .get_result(conn)
    }

    pub fn delete(conn: &mut DbConnection, id: &PhotoId) -> QueryResult<bool> {
        diesel::delete(listing_photos::table.find(id))
            .execute(conn)
            .map(|n| n > 0)
    }
}
