//! Every query on the reference tables `material_classes` and `waste_codes`, loaded from
//! `reference/*.json` at start-up: an upsert per row (one statement, so instances starting
//! at once on a fresh database do not collide), so loading twice changes nothing.
use diesel::prelude::*;

use super::schema::{material_classes, waste_codes};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = waste_codes, primary_key(code))]
pub struct WasteCodeRow {
    pub code: String,
    pub hazardous: bool,
    pub label_en: String,
    pub label_fr: String,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = material_classes, primary_key(code), treat_none_as_null = true)]
pub struct MaterialClassRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub name_fr: String,
    pub name_en: String,
    pub default_unit: String,
    pub units: String,
    pub density_t_per_m3: Option<f64>,
    pub mass_per_piece_t: Option<f64>,
    pub waste_codes: String,
    pub embodied_kgco2e_per_t: Option<f64>,
    pub carbon_source: Option<String>,
}

impl WasteCodeRow {
    pub fn upsert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        let query = diesel::insert_into(waste_codes::table)
            .values(self)
            .on_conflict(waste_codes::code)
            .do_update()
            .set(self);
        super::execute_native(conn, query).map(drop)
    }
}

impl MaterialClassRow {
    /// Parents must be upserted before their children (the foreign key).
    pub fn upsert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        let query = diesel::insert_into(material_classes::table)
            .values(self)
            .on_conflict(material_classes::code)
            .do_update()
            .set(self);
        super::execute_native(conn, query).map(drop)
    }
}
