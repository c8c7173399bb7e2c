//! Every query on `organisations`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::organisations;
use super::DbConnection;
use crate::domain::{Language, OrganisationId, OrganisationKind};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub language: Language,
    pub created_at: NaiveDateTime,
}

impl Organisation {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(organisations::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConnection, id: &OrganisationId) -> QueryResult<Organisation> {
        organisations::table.find(id).first(conn)
    }

    /// The names of these organisations, by id.
    pub fn names_of(
        conn: &mut DbConnection,
        ids: &[OrganisationId],
    ) -> QueryResult<std::collections::HashMap<OrganisationId, String>> {
        let rows: Vec<(OrganisationId, String)> = organisations::table
            .filter(organisations::id.eq_any(ids))
            .select((organisations::id, organisations::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }
}
