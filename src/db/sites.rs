//! Every query on `sites` (an organisation's address book), and the posts' link to them.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sites;
use super::DbConnection;
use crate::domain::{OrganisationId, SiteId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sites, treat_none_as_null = true)]
pub struct Site {
    pub id: SiteId,
    pub organisation_id: OrganisationId,
    pub name: String,
    /// The street address, without the commune (which `insee_code` names).
    pub address: String,
    /// A commune of the embedded gazetteer.
    pub insee_code: String,
    pub latitude: f64,
    pub longitude: f64,
    /// What a taker needs to get in: gate, opening hours, whom to ask.
    pub access_notes: String,
    pub contact_phone: Option<String>,
    pub created_at: NaiveDateTime,
    /// Also the site's version (its `ETag`).
    pub updated_at: NaiveDateTime,
    /// When takers may come to collect, as people write it ("lun.–ven. 8 h–12 h").
    pub pickup_slots: String,
}

impl Site {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(sites::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(sites::table.find(&self.id))
            .set(self)
            .execute(conn)
            .map(drop)
    }

    /// The organisation's site `id`; none when it is another organisation's.
    pub fn find_of(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &SiteId,
    ) -> QueryResult<Option<Site>> {
        sites::table
            .filter(sites::id.eq(id))
            .filter(sites::organisation_id.eq(organisation_id))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Site `id`, whoever's it is (what a post's page reads of the site it names).
    pub fn find(conn: &mut DbConnection, id: &SiteId) -> QueryResult<Option<Site>> {
        sites::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// The organisation's sites by name.
    pub fn of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<Vec<Site>> {
        sites::table
            .filter(sites::organisation_id.eq(organisation_id))
            .order((sites::name.asc(), sites::id.asc()))
            .select(Self::as_select())
            .load(conn)
    }

    pub fn count_of_organisation(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
    ) -> QueryResult<i64> {
        sites::table
            .filter(sites::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)
    }

    /// Deletes the organisation's site `id` (posts naming it keep their place and name
    /// none); false when there is none.
    pub fn delete_of(
        conn: &mut DbConnection,
        organisation_id: &OrganisationId,
        id: &SiteId,
    ) -> QueryResult<bool> {
        let deleted = diesel::delete(
            sites::table
                .filter(sites::id.eq(id))
                .filter(sites::organisation_id.eq(organisation_id)),
        )
        .execute(conn)?;
        Ok(deleted == 1)
    }
}
