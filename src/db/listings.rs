//! Every query on `listings` (surplus posted by holders).
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::listings;
use super::DbConnection;

use crate::domain::{Condition, ListingId, OrganisationId, PostStatus, SiteId, Unit, UserId};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = listings, treat_none_as_null = true)]
pub struct Listing {
    pub id: ListingId,
    pub organisation_id: OrganisationId,
    pub created_by: Option<UserId>,
    pub title: String,
    pub description: String,
    pub material_code: String,
    pub quantity: f64,
    pub unit: Unit,
    /// The quantity in tonnes, where the class gives a density or a mass per piece.
    pub mass_t: Option<f64>,
    pub quantity_available: f64,
    pub min_lot: f64,
    pub condition: Condition,
    pub latitude: f64,
    pub longitude: f64,
    pub address: String,
    pub insee_code: Option<String>,
    pub available_from: NaiveDate,
    pub available_until: Option<NaiveDate>,
    /// 0 means free.
    pub price_per_unit_eur: f64,
    pub is_waste: bool,
    pub waste_code: Option<String>,
    pub hazardous: bool,
    pub pickup: bool,
    pub delivery: bool,
    pub delivery_radius_km: Option<f64>,
    pub external_ref: Option<String>,
    pub status: PostStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// For soils and sediments still waste: `domain::soil::SoilDetails` as JSON.
    pub soil: Option<String>,
    /// The organisation's site it was placed at, if it named one (`db::sites`).
    pub site_id: Option<SiteId>,
}

impl Listing {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(listings::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(listings::table.find(&self.id))
            .set(self)
            .execute(conn)
            .map(drop)
    }

    /// Locks the row until the transaction ends (PostgreSQL; SQLite has one writer), so a
    /// read-modify-write of the listing cannot interleave with a reservation.
    pub fn lock(conn: &mut DbConnection, id: &ListingId) -> QueryResult<()> {
        diesel::update(listings::table.find(id))
            .set(listings::id.eq(listings::id))
            .execute(conn)
            .map(drop)
    }

    /// Sets the status if the listing is in one of `from`; only status and version change.
    pub fn set_status_if(
        conn: &mut DbConnection,
        id: &ListingId,
        from: &[PostStatus],
        status: PostStatus,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = diesel::update(listings::table.find(id))
            .filter(listings::status.eq_any(from))
            .set((listings::status.eq(status), listings::updated_at.eq(at)))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Locks the row against changes, not against other readers, until the transaction
    /// ends: two matching runs share it, a withdrawal waits for them (or they for it).
    /// A no-op on SQLite, whose writers take turns anyway.
    pub fn lock_shared(conn: &mut DbConnection, id: &ListingId) -> QueryResult<()> {
        if let DbConnection::Pg(pg) = conn {
            listings::table
                .find(id)
                .select(listings::id)
                .for_share()
                .load::<String>(pg)?;
        }
        Ok(())
    }

    pub fn find(conn: &mut DbConnection, id: &ListingId) -> QueryResult<Option<Listing>> {
        listings::table.find(id).first(conn).optional()
    }

    /// Every row in a public status, as the search index needs it (author, address and
    /// external reference left empty), for loading the search index. `range` is one of
    /// `db::row_ranges`: several threads each read their part, and PostgreSQL, which sends
    /// a whole result before it is decoded, holds one small range at a time in memory.
    /// (Its row-by-row mode costs a result structure per row: 15 % slower start-up.)
    pub fn visible_iter<'c>(
        conn: &'c mut DbConnection,
        range: &str,
    ) -> QueryResult<Box<dyn Iterator<Item = QueryResult<Listing>> + 'c>> {
        use diesel::dsl::sql;
        use diesel::sql_types::{Bool, Nullable, Text};
        // What the index does not hold (author, address, external reference) is not read:
        // a quarter less for PostgreSQL to send at start-up.
        let query = listings::table
            .filter(listings::status.eq_any(PostStatus::VISIBLE))
            .filter(sql::<Bool>(range))
            .select((
                listings::id,
                listings::organisation_id,
                sql::<Nullable<Text>>("NULL"),
                listings::title,
                listings::description,
                listings::material_code,
                listings::quantity,
                listings::unit,
                listings::mass_t,
                listings::quantity_available,
                listings::min_lot,
                listings::condition,
                listings::latitude,
                listings::longitude,
                sql::<Text>("''"),
                listings::insee_code,
                listings::available_from,
                listings::available_until,
                listings::price_per_unit_eur,
                listings::is_waste,
                listings::waste_code,
                listings::hazardous,
                listings::pickup,
                listings::delivery,
                listings::delivery_radius_km,
                sql::<Nullable<Text>>("NULL"),
                listings::status,
                listings::created_at,
                listings::updated_at,
                sql::<Nullable<Text>>("NULL"),
                sql::<Nullable<Text>>("NULL"),
            ));
        Ok(Box::new(
            query.load_iter::<Listing, diesel::connection::DefaultLoadingMode>(conn)?,
        ))
    }

    /// The rows of `ids` that exist, whatever their status (for the feed's followers).
    pub fn find_many(conn: &mut DbConnection, ids: &[ListingId]) -> QueryResult<Vec<Listing>> {
        listings::table.filter(listings::id.eq_any(ids)).load(conn)
    }

    /// (reference, id) of the organisation's listings whose `external_ref` is one of
    /// `references`.
    pub fn ids_by_external_refs(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        references: &[String],
    ) -> QueryResult<Vec<(String, ListingId)>> {
        let mut found = Vec::new();
        // In chunks: an import may name 10,000 references, more than one statement binds.
        for chunk in references.chunks(1_000) {
            let rows: Vec<(Option<String>, ListingId)> = listings::table
                .filter(listings::organisation_id.eq(organisation_id))
                .filter(listings::external_ref.eq_any(chunk))
                .select((listings::external_ref, listings::id))
                .load(conn)?;
            found.extend(rows.into_iter().filter_map(|(r, id)| Some((r?, id))));
        }
        Ok(found)
    }

    /// Marks as expired up to `limit` published or reserved listings whose window closed
    /// before `today`; returns them as they are now.
    pub fn expire_closed(
        conn: &mut DbConnection,
        today: NaiveDate,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<Listing>> {
        let ids: Vec<String> = listings::table
            .filter(listings::status.eq_any(PostStatus::VISIBLE))
            .filter(listings::available_until.lt(today))
            .select(listings::id)
            .order(listings::id.asc())
            .limit(limit)
            .load(conn)?;
        diesel::update(listings::table)
            .filter(listings::id.eq_any(&ids))
            .filter(listings::status.eq_any(PostStatus::VISIBLE))
            .set((
                listings::status.eq(PostStatus::Expired.as_str()),
                listings::updated_at.eq(now),
            ))
            .execute(conn)?;
        listings::table
            .filter(listings::id.eq_any(&ids))
            .filter(listings::status.eq(PostStatus::Expired.as_str()))
            .load(conn)
    }

    /// (id, title, material code) of each of `ids`: what a list of matches shows of a post.
    pub fn briefs(
        conn: &mut DbConnection,
        ids: &[ListingId],
    ) -> QueryResult<Vec<(String, String, String)>> {
        listings::table
            .filter(listings::id.eq_any(ids))
            .select((listings::id, listings::title, listings::material_code))
            .load(conn)
    }
}

// Dashboard slice.
/// A post as the organisation's list shows it: (id, title, status, quantity, unit, last
/// change); the wanted requests' list reads the same.
pub type PostLineRow = (String, String, PostStatus, f64, Unit, NaiveDateTime);

impl Listing {
    /// The organisation's listings, whatever their status, the last changed first, at most
    /// `limit`: (id, title, status, quantity available, unit, last change).
    pub fn lines_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        limit: i64,
    ) -> QueryResult<Vec<PostLineRow>> {
        listings::table
            .filter(listings::organisation_id.eq(organisation_id))
            .order((listings::updated_at.desc(), listings::id.desc()))
            .select((
                listings::id,
                listings::title,
                listings::status,
                listings::quantity_available,
                listings::unit,
                listings::updated_at,
            ))
            .limit(limit)
            .load(conn)
    }
}
