//! The materials catalogue: reference data, and the in-memory search indexes of listings
//! and wanted requests, loaded from the database and kept in step with it.
pub mod demo;
pub mod generate;
pub mod geometry;
pub mod index;
pub mod posts;
pub mod search;
pub mod sync;
pub mod taxonomy;

use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::Db;
use crate::domain::PostStatus;
use index::SpatialIndex;
use posts::{id_key, ListingSummary, WantedSummary};
use taxonomy::Taxonomy;

/// Rows read per query while loading the indexes.
const LOAD_BATCH: i64 = 20_000;

/// Reads rows batch by batch in id order, keeping only their summaries.
fn load_in_batches<R, S>(
    mut batch: impl FnMut(&str) -> diesel::QueryResult<Vec<R>>,
    id: impl Fn(&R) -> &str,
    summarise: impl Fn(&R) -> Option<S>,
) -> anyhow::Result<Vec<S>> {
    let mut summaries = Vec::new();
    let mut after = String::new();
    loop {
        let rows = batch(&after)?;
        let Some(last) = rows.last() else { return Ok(summaries) };
        after = id(last).to_owned();
        summaries.extend(rows.iter().filter_map(&summarise));
    }
}

pub struct Catalogue {
    pub taxonomy: Taxonomy,
    pub listings: SpatialIndex<ListingSummary>,
    pub wanted: SpatialIndex<WantedSummary>,
}

impl Catalogue {
    /// Seeds the reference tables and loads every visible post (blocking; call it from a
    /// blocking thread).
    pub fn load(db: &Db) -> anyhow::Result<Self> {
        let taxonomy = Taxonomy::load()?;
        db.write_blocking(|conn| Ok(taxonomy.seed(conn)?))?;
        let mut conn = db.get()?;
        let listings = load_in_batches(
            |after| Listing::batch_with_status(&mut conn, &PostStatus::VISIBLE, after, LOAD_BATCH),
            |row| &row.id,
            |row| ListingSummary::from_row(row, &taxonomy),
        )?;
        let wanted = load_in_batches(
            |after| WantedRequest::batch_with_status(&mut conn, &PostStatus::VISIBLE, after, LOAD_BATCH),
            |row| &row.id,
            |row| WantedSummary::from_row(row, &taxonomy),
        )?;
        Ok(Self {
            listings: SpatialIndex::build(listings),
            wanted: SpatialIndex::build(wanted),
            taxonomy,
        })
    }

    /// Brings the index in line with a stored listing (after a write, or seen by polling).
    pub fn apply_listing(&self, row: &Listing) {
        match ListingSummary::from_row(row, &self.taxonomy) {
            Some(summary) => self.listings.upsert(summary),
            None => self.listings.remove(id_key(&row.id)),
        }
    }

    pub fn apply_wanted(&self, row: &WantedRequest) {
        match WantedSummary::from_row(row, &self.taxonomy) {
            Some(summary) => self.wanted.upsert(summary),
            None => self.wanted.remove(id_key(&row.id)),
        }
    }
}
