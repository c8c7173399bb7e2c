//! The materials catalogue: reference data, and the in-memory search indexes of listings
//! and wanted requests, loaded from the database and kept in step with it.
pub mod demo;
pub mod factors;
pub mod follow;
pub mod generate;
pub mod geometry;
pub mod index;
mod index_build;
mod nearest;
mod newest;
mod recency;
pub mod search;
mod slots;
pub mod summaries;
pub mod taxonomy;
pub mod words;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::NaiveDateTime;

use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::Db;
use index::SpatialIndex;
use summaries::{id_key, ListingSummary, WantedSummary};
use taxonomy::Taxonomy;

/// Decoding rows is most of the start-up time: each thread streams a share of them.
const LOAD_THREADS: u32 = 2;
/// PostgreSQL sends each range as one result, held in memory while it is decoded: small
/// ranges keep that memory small.
const RANGES_PER_THREAD: u32 = 64;

/// Runs `load` on `LOAD_THREADS` threads, each with its own connection, over
/// `RANGES_PER_THREAD` ranges of the rows of `table` each (see `db::row_ranges`).
fn load_sharded<S: Send>(
    db: &Db,
    table: &'static str,
    load: impl Fn(&mut crate::db::DbConnection, &str, &mut Vec<S>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<Vec<Vec<S>>> {
    let ranges = crate::db::row_ranges(&mut *db.get()?, table, LOAD_THREADS * RANGES_PER_THREAD)?;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..LOAD_THREADS as usize)
            .map(|thread| {
                let (load, ranges) = (&load, &ranges);
                scope.spawn(move || {
                    let mut conn = db.get()?;
                    let mut summaries = Vec::new();
                    for range in ranges.iter().skip(thread).step_by(LOAD_THREADS as usize) {
                        load(&mut conn, range, &mut summaries)?;
                    }
                    anyhow::Ok(summaries)
                })
            })
            .collect();
        let mut parts = Vec::with_capacity(handles.len());
        for handle in handles {
            parts.push(
                handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("a loading thread panicked"))??,
            );
        }
        Ok(parts)
    })
}

/// Puts `summary` (None: the post is no longer visible) in `index` if `version` is not
/// older than what the index or the record of removals holds for `key`.
fn apply<S: index::Located>(
    index: &SpatialIndex<S>,
    removed: &mut HashMap<u128, NaiveDateTime>,
    key: u128,
    version: NaiveDateTime,
    summary: Option<S>,
    version_of: impl FnOnce(&S) -> NaiveDateTime,
) {
    let known = index
        .with(key, version_of)
        .or_else(|| removed.get(&key).copied());
    if known.is_some_and(|newer| newer > version) {
        return;
    }
    match summary {
        Some(summary) => {
            removed.remove(&key);
            index.upsert(summary);
        }
        None => {
            removed.insert(key, version);
            index.remove(key);
        }
    }
}

pub struct Catalogue {
    pub taxonomy: Taxonomy,
    pub listings: SpatialIndex<ListingSummary>,
    pub wanted: SpatialIndex<WantedSummary>,
    /// Versions of posts taken out of the indexes, and the lock that makes "compare
    /// versions, then apply" one step: a poll that read a row before this instance changed
    /// it must not put the old version back.
    removed: Mutex<Removed>,
    /// The largest `max_distance_km` of any wanted request seen (f64 bits): how far from a
    /// new listing the matcher must look. It never shrinks; an upper bound is enough.
    wanted_reach: AtomicU64,
}

#[derive(Default)]
struct Removed {
    listings: HashMap<u128, NaiveDateTime>,
    wanted: HashMap<u128, NaiveDateTime>,
    last_pruned: Option<NaiveDateTime>,
}

/// How long a removal is remembered. It guards against a read made before the removal and
/// applied after it; no read lives this long (requests and polls give up within seconds),
/// and without a horizon the record would grow by one entry per withdrawal for good.
const REMOVAL_MEMORY: chrono::Duration = chrono::Duration::minutes(10);

impl Removed {
    /// Forgets removals older than the horizon, at most once a minute.
    fn prune(&mut self, now: NaiveDateTime) {
        if self
            .last_pruned
            .is_some_and(|at| now - at < chrono::Duration::minutes(1))
        {
            return;
        }
        let horizon = now - REMOVAL_MEMORY;
        self.listings.retain(|_, version| *version > horizon);
        self.wanted.retain(|_, version| *version > horizon);
        self.listings.shrink_to_fit();
        self.wanted.shrink_to_fit();
        self.last_pruned = Some(now);
    }
}

impl Catalogue {
    /// Seeds the reference tables and loads every visible post (blocking; call it from a
    /// blocking thread).
    pub fn load(db: &Db) -> anyhow::Result<Self> {
        let taxonomy = Taxonomy::load_and_seed(db)?;
        let started = std::time::Instant::now();
        let listings = load_sharded(db, "listings", |conn, range, summaries| {
            for row in Listing::visible_iter(conn, range)? {
                summaries.extend(ListingSummary::from_row(&row?, &taxonomy));
            }
            Ok(())
        })?;
        let wanted = load_sharded(db, "wanted_requests", |conn, range, summaries| {
            for row in WantedRequest::visible_iter(conn, range)? {
                summaries.extend(WantedSummary::from_row(&row?, &taxonomy));
            }
            Ok(())
        })?;
        let read = started.elapsed().as_secs_f64();
        let catalogue = Self::from_summaries(taxonomy, listings, wanted);
        tracing::debug!(
            read_seconds = read,
            index_seconds = started.elapsed().as_secs_f64() - read,
            "catalogue rows read and indexed"
        );
        Ok(catalogue)
    }

    /// Indexes rows already in memory (benchmarks, tests); only visible ones are kept.
    pub fn from_rows(taxonomy: Taxonomy, listings: &[Listing], wanted: &[WantedRequest]) -> Self {
        let listings = listings
            .iter()
            .filter_map(|row| ListingSummary::from_row(row, &taxonomy))
            .collect();
        let wanted = wanted
            .iter()
            .filter_map(|row| WantedSummary::from_row(row, &taxonomy))
            .collect();
        Self::from_summaries(taxonomy, vec![listings], vec![wanted])
    }

    /// Builds the indexes from the summaries, given in parts (one per loading thread) so
    /// they are moved once, into the index, and never gathered first.
    fn from_summaries(
        taxonomy: Taxonomy,
        listings: Vec<Vec<ListingSummary>>,
        wanted: Vec<Vec<WantedSummary>>,
    ) -> Self {
        let partitions = usize::from(taxonomy.partitions());
        let reach = wanted
            .iter()
            .flatten()
            .map(|w| w.max_distance_km)
            .fold(0.0, f64::max);
        Self {
            wanted_reach: AtomicU64::new(reach.to_bits()),
            listings: SpatialIndex::build(partitions, listings),
            wanted: SpatialIndex::build(partitions, wanted),
            taxonomy,
            removed: Mutex::default(),
        }
    }

    /// Brings the index in line with a stored listing (after a write, or seen by polling),
    /// unless the index already holds a newer version.
    pub fn apply_listing(&self, row: &Listing) {
        let summary = ListingSummary::from_row(row, &self.taxonomy);
        let mut removed = self.lock_removed();
        apply(
            &self.listings,
            &mut removed.listings,
            id_key(&row.id),
            row.updated_at,
            summary,
            |s| s.updated_at,
        );
    }

    pub fn apply_wanted(&self, row: &WantedRequest) {
        let summary = WantedSummary::from_row(row, &self.taxonomy);
        self.extend_reach(row.max_distance_km);
        let mut removed = self.lock_removed();
        apply(
            &self.wanted,
            &mut removed.wanted,
            id_key(&row.id),
            row.updated_at,
            summary,
            |s| s.updated_at,
        );
    }

    /// How far from a listing a wanted request that fits it may be.
    pub fn wanted_reach_km(&self) -> f64 {
        f64::from_bits(self.wanted_reach.load(Ordering::Relaxed))
    }

    fn extend_reach(&self, km: f64) {
        let mut current = self.wanted_reach.load(Ordering::Relaxed);
        while f64::from_bits(current) < km {
            match self.wanted_reach.compare_exchange(
                current,
                km.to_bits(),
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(seen) => current = seen,
            }
        }
    }

    fn lock_removed(&self) -> std::sync::MutexGuard<'_, Removed> {
        let mut removed = self.removed.lock().unwrap_or_else(|p| p.into_inner());
        removed.prune(crate::db::now());
        removed
    }
}

#[cfg(test)]
mod removal_tests {
    use super::*;

    #[test]
    fn removals_are_forgotten_past_the_horizon_only() {
        let now = crate::db::now();
        let mut removed = Removed::default();
        removed
            .listings
            .insert(1, now - chrono::Duration::minutes(11));
        removed
            .listings
            .insert(2, now - chrono::Duration::minutes(9));
        removed.wanted.insert(3, now - chrono::Duration::hours(2));
        removed.prune(now);
        assert_eq!(removed.listings.keys().collect::<Vec<_>>(), vec![&2]);
        assert!(removed.wanted.is_empty());
        // Not again within the minute: an old entry added now stays until the next prune.
        removed.wanted.insert(4, now - chrono::Duration::hours(2));
        removed.prune(now + chrono::Duration::seconds(30));
        assert_eq!(removed.wanted.len(), 1);
        removed.prune(now + chrono::Duration::seconds(61));
        assert!(removed.wanted.is_empty());
    }
}
