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
use index::SpatialIndex;
use posts::{id_key, ListingSummary, WantedSummary};
use taxonomy::Taxonomy;

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
        // One streamed query each: rows are summarised as they arrive, never all held.
        let mut listings = Vec::new();
        for row in Listing::visible_iter(&mut conn)? {
            listings.extend(ListingSummary::from_row(&row?, &taxonomy));
        }
        let mut wanted = Vec::new();
        for row in WantedRequest::visible_iter(&mut conn)? {
            wanted.extend(WantedSummary::from_row(&row?, &taxonomy));
        }
        let partitions = usize::from(taxonomy.partitions());
        Ok(Self {
            listings: SpatialIndex::build(partitions, listings),
            wanted: SpatialIndex::build(partitions, wanted),
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
