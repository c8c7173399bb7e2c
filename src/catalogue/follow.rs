//! Keeps this instance's search indexes in step with writes made by other instances by
//! following the domain events (`db::events`): every event about a post makes the
//! follower reload that post's row and apply it. Reading the feed never skips a
//! transaction that commits late, and no clock is compared, so neither a slow commit nor
//! a clock that is off can hide a post from an instance.
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{watch, Mutex};

use super::Catalogue;
use crate::db::events::{self, Cursor, Event};
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::{Db, FEED_BATCH};
use crate::domain::{ListingId, WantedId};

/// How often a caller waiting for the feed to pass a point looks again.
const WAIT_STEP: Duration = Duration::from_millis(20);

pub struct Follower {
    catalogue: Arc<Catalogue>,
    db: Db,
    cursor: Mutex<Cursor>,
}

/// Loads the catalogue and a follower that goes on from where the load stood: the feed's
/// head is read first, so whatever the load missed comes after it.
pub async fn load(db: &Db) -> anyhow::Result<(Arc<Catalogue>, Arc<Follower>)> {
    let source = db.clone();
    let (catalogue, start) = tokio::task::spawn_blocking(move || {
        let start = events::head(&mut *source.get()?)?;
        anyhow::Ok((Catalogue::load(&source)?, start))
    })
    .await??;
    let catalogue = Arc::new(catalogue);
    let follower = Follower {
        catalogue: catalogue.clone(),
        db: db.clone(),
        cursor: Mutex::new(start),
    };
    Ok((catalogue, Arc::new(follower)))
}

impl Follower {
    /// Follows the feed every `interval` until `stop` turns true.
    pub async fn run(self: Arc<Self>, interval: Duration, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = format!("{e:#}"), "could not follow the event feed");
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Applies every event that can be read now; returns the horizon they were read under
    /// (None: everything committed was read).
    pub async fn catch_up(&self) -> anyhow::Result<Option<i64>> {
        let mut cursor = self.cursor.lock().await;
        loop {
            let from = *cursor;
            let (batch, horizon) = self
                .db
                .run(move |conn| anyhow::Ok(events::after(conn, from, FEED_BATCH)?))
                .await?;
            let full = batch.len() as i64 == FEED_BATCH;
            if let Some(last) = batch.last() {
                let next = last.cursor();
                self.apply(batch).await?;
                *cursor = next;
            }
            if !full {
                return Ok(horizon);
            }
        }
    }

    /// Catches up until every transaction below `next_transaction` (see
    /// `events::next_transaction`) has been read, waiting at most `patience` for those
    /// still running; false if they still run then.
    pub async fn catch_up_past(
        &self,
        next_transaction: Option<i64>,
        patience: Duration,
    ) -> anyhow::Result<bool> {
        let started = Instant::now();
        loop {
            let horizon = self.catch_up().await?;
            let passed = match (horizon, next_transaction) {
                (Some(horizon), Some(next)) => horizon >= next,
                _ => true,
            };
            if passed {
                return Ok(true);
            }
            if started.elapsed() >= patience {
                return Ok(false);
            }
            tokio::time::sleep(WAIT_STEP).await;
        }
    }

    /// Reloads the posts the events name and applies them to the indexes.
    async fn apply(&self, batch: Vec<Event>) -> anyhow::Result<()> {
        let mut listing_ids = BTreeSet::new();
        let mut wanted_ids = BTreeSet::new();
        for event in batch {
            if event.kind.as_str().starts_with("listing.") {
                listing_ids.extend(event.listing_id);
            } else if event.kind.as_str().starts_with("wanted.") {
                wanted_ids.extend(event.wanted_request_id);
            }
        }
        if listing_ids.is_empty() && wanted_ids.is_empty() {
            return Ok(());
        }
        let listing_ids: Vec<ListingId> = listing_ids.into_iter().collect();
        let wanted_ids: Vec<WantedId> = wanted_ids.into_iter().collect();
        let (listings, wanted) = self
            .db
            .run(move |conn| {
                anyhow::Ok((
                    Listing::find_many(conn, &listing_ids)?,
                    WantedRequest::find_many(conn, &wanted_ids)?,
                ))
            })
            .await?;
        listings
            .iter()
            .for_each(|row| self.catalogue.apply_listing(row));
        wanted
            .iter()
            .for_each(|row| self.catalogue.apply_wanted(row));
        Ok(())
    }
}
