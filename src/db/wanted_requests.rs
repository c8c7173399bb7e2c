//! Every query on `wanted_requests` (needs posted by takers).
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::wanted_requests;
use super::DbConnection;

use crate::domain::{
    Condition, ListingId, OrganisationId, PostStatus, SiteId, Unit, UserId, WantedId,
};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = wanted_requests, treat_none_as_null = true)]
pub struct WantedRequest {
    pub id: WantedId,
    pub organisation_id: OrganisationId,
    pub created_by: Option<UserId>,
    pub title: String,
    pub description: String,
    /// A parent class means any class below it.
    pub material_code: String,
    pub quantity: f64,
    pub unit: Unit,
    pub mass_t: Option<f64>,
    pub latitude: f64,
    pub longitude: f64,
    pub address: String,
    pub insee_code: Option<String>,
    /// How far the taker will travel or pay transport.
    pub max_distance_km: f64,
    pub needed_from: NaiveDate,
    pub needed_until: Option<NaiveDate>,
    pub worst_condition: Condition,
    /// None: any price.
    pub max_price_per_unit_eur: Option<f64>,
    pub accepts_waste: bool,
    pub accepts_hazardous: bool,
    pub external_ref: Option<String>,
    pub status: PostStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The organisation's site it was placed at, if it named one (`db::sites`).
    pub site_id: Option<SiteId>,
    /// The listing this need was written for from the listing's page (`matching::direct`):
    /// matched with that listing only, never indexed for search. None for a need posted
    /// by hand.
    pub for_listing_id: Option<ListingId>,
}

impl WantedRequest {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(wanted_requests::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(wanted_requests::table.find(&self.id))
            .set(self)
            .execute(conn)
            .map(drop)
    }

    /// Locks the row until the transaction ends (see `Listing::lock`).
    pub fn lock(conn: &mut DbConnection, id: &WantedId) -> QueryResult<()> {
        diesel::update(wanted_requests::table.find(id))
            .set(wanted_requests::id.eq(wanted_requests::id))
            .execute(conn)
            .map(drop)
    }

    /// Locks the row against changes, not against other readers, until the transaction
    /// ends: two matching runs share it, a withdrawal waits for them (or they for it).
    /// A no-op on SQLite, whose writers take turns anyway.
    pub fn lock_shared(conn: &mut DbConnection, id: &WantedId) -> QueryResult<()> {
        if let DbConnection::Pg(pg) = conn {
            wanted_requests::table
                .find(id)
                .select(wanted_requests::id)
                .for_share()
                .load::<String>(pg)?;
        }
        Ok(())
    }

    pub fn find(conn: &mut DbConnection, id: &WantedId) -> QueryResult<Option<WantedRequest>> {
        wanted_requests::table.find(id).first(conn).optional()
    }

    /// Every row in a public status, for loading the search index, one range of rows at a
    /// time (see `Listing::visible_iter`).
    pub fn visible_iter<'c>(
        conn: &'c mut DbConnection,
        range: &str,
    ) -> QueryResult<Box<dyn Iterator<Item = QueryResult<WantedRequest>> + 'c>> {
        use diesel::dsl::sql;
        use diesel::sql_types::{Bool, Nullable, Text};
        use wanted_requests::*;
        // Author, address and external reference are not read (see `Listing::visible_iter`).
        // A need written for one listing is matched with it alone and never searched.
        let query = table
            .filter(status.eq_any(PostStatus::VISIBLE))
            .filter(for_listing_id.is_null())
            .filter(sql::<Bool>(range))
            .select((
                id,
                organisation_id,
                sql::<Nullable<Text>>("NULL"),
                title,
                description,
                material_code,
                quantity,
                unit,
                mass_t,
                latitude,
                longitude,
                sql::<Text>("''"),
                insee_code,
                max_distance_km,
                needed_from,
                needed_until,
                worst_condition,
                max_price_per_unit_eur,
                accepts_waste,
                accepts_hazardous,
                sql::<Nullable<Text>>("NULL"),
                status,
                created_at,
                updated_at,
                sql::<Nullable<Text>>("NULL"),
                for_listing_id,
            ));
        Ok(Box::new(
            query.load_iter::<WantedRequest, diesel::connection::DefaultLoadingMode>(conn)?,
        ))
    }

    /// The need `organisation_id` wrote for `listing_id` from the listing's page, in any
    /// status, the newest first (see `matching::direct`).
    pub fn written_for(
        conn: &mut DbConnection,
        listing_id: &ListingId,
        organisation_id: &OrganisationId,
    ) -> QueryResult<Option<WantedRequest>> {
        wanted_requests::table
            .filter(wanted_requests::for_listing_id.eq(listing_id))
            .filter(wanted_requests::organisation_id.eq(organisation_id))
            .order(wanted_requests::created_at.desc())
            .first(conn)
            .optional()
    }

    /// The rows of `ids` that exist, whatever their status (for the feed's followers).
    pub fn find_many(conn: &mut DbConnection, ids: &[WantedId]) -> QueryResult<Vec<WantedRequest>> {
        wanted_requests::table
            .filter(wanted_requests::id.eq_any(ids))
            .load(conn)
    }

    /// Marks as expired up to `limit` published wanted requests whose window closed before
    /// `today`; returns them as they are now.
    pub fn expire_closed(
        conn: &mut DbConnection,
        today: NaiveDate,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<WantedRequest>> {
        let published = PostStatus::Published.as_str();
        let ids: Vec<String> = wanted_requests::table
            .filter(wanted_requests::status.eq(published))
            .filter(wanted_requests::needed_until.lt(today))
            .select(wanted_requests::id)
            .order(wanted_requests::id.asc())
            .limit(limit)
            .load(conn)?;
        diesel::update(wanted_requests::table)
            .filter(wanted_requests::id.eq_any(&ids))
            .filter(wanted_requests::status.eq(published))
            .set((
                wanted_requests::status.eq(PostStatus::Expired.as_str()),
                wanted_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        wanted_requests::table
            .filter(wanted_requests::id.eq_any(&ids))
            .filter(wanted_requests::status.eq(PostStatus::Expired.as_str()))
            .load(conn)
    }

    /// (id, title, material code) of each of `ids`: what a list of matches shows of a post.
    pub fn briefs(
        conn: &mut DbConnection,
        ids: &[WantedId],
    ) -> QueryResult<Vec<(String, String, String)>> {
        wanted_requests::table
            .filter(wanted_requests::id.eq_any(ids))
            .select((
                wanted_requests::id,
                wanted_requests::title,
                wanted_requests::material_code,
            ))
            .load(conn)
    }
}

// Dashboard slice.
impl WantedRequest {
    /// The organisation's wanted requests, whatever their status, the last changed first,
    /// at most `limit`: (id, title, status, quantity, unit, last change).
    pub fn lines_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        limit: i64,
    ) -> QueryResult<Vec<super::listings::PostLineRow>> {
        wanted_requests::table
            .filter(wanted_requests::organisation_id.eq(organisation_id))
            .order((
                wanted_requests::updated_at.desc(),
                wanted_requests::id.desc(),
            ))
            .select((
                wanted_requests::id,
                wanted_requests::title,
                wanted_requests::status,
                wanted_requests::quantity,
                wanted_requests::unit,
                wanted_requests::updated_at,
            ))
            .limit(limit)
            .load(conn)
    }
}
