//! Keeps this instance's search indexes in step with writes made by other instances, and
//! expires posts whose window has closed.
//!
//! Every poll re-reads the posts changed since shortly before the previous poll began:
//! the overlap covers transactions that were stamped before that poll but committed after
//! it, and clock differences between instances. Applying a row twice is harmless.
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::watch;

use super::Catalogue;
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::db::{now, Db};
use crate::error::ApiError;

/// How far back each poll looks before the start of the previous one.
const OVERLAP: chrono::Duration = chrono::Duration::seconds(10);
const EXPIRY_EVERY: Duration = Duration::from_secs(60);

pub struct Sync {
    catalogue: Arc<Catalogue>,
    db: Db,
    interval: Duration,
}

impl Sync {
    pub fn new(catalogue: Arc<Catalogue>, db: Db, interval: Duration) -> Self {
        Self {
            catalogue,
            db,
            interval,
        }
    }

    pub async fn run(self, since: NaiveDateTime, mut stop: watch::Receiver<bool>) {
        let mut since = since;
        let mut last_expiry = std::time::Instant::now() - EXPIRY_EVERY;
        while !*stop.borrow() {
            if last_expiry.elapsed() >= EXPIRY_EVERY {
                last_expiry = std::time::Instant::now();
                if let Err(e) = self.expire().await {
                    tracing::warn!(error = %e, "could not expire closed posts");
                }
            }
            match self.poll(since).await {
                Ok(next) => since = next,
                Err(e) => tracing::warn!(error = %e, "could not poll for catalogue changes"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.interval) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Applies the changes since `since`; returns the watermark for the next poll.
    pub async fn poll(&self, since: NaiveDateTime) -> Result<NaiveDateTime, ApiError> {
        catch_up(&self.db, &self.catalogue, since).await
    }

    async fn expire(&self) -> Result<(), ApiError> {
        let (listings, wanted) = expire_closed_posts(&self.db).await?;
        if listings + wanted > 0 {
            tracing::info!(listings, wanted, "expired posts whose window closed");
        }
        Ok(())
    }
}

/// Applies to `catalogue` the posts changed since `since` (less the overlap); returns the
/// watermark for the next call. The matcher calls it before each batch, so a post
/// committed before its counterpart's job ran is in the index that job reads.
pub async fn catch_up(
    db: &Db,
    catalogue: &Catalogue,
    since: NaiveDateTime,
) -> Result<NaiveDateTime, ApiError> {
    let started = now();
    let from = since - OVERLAP;
    let (listings, wanted) = db
        .read(move |conn| {
            Ok((
                Listing::changed_since(conn, from)?,
                WantedRequest::changed_since(conn, from)?,
            ))
        })
        .await?;
    listings.iter().for_each(|row| catalogue.apply_listing(row));
    wanted.iter().for_each(|row| catalogue.apply_wanted(row));
    Ok(started)
}

/// Expires the posts whose window closed before today and closes their matches, in one
/// transaction; returns how many listings and wanted requests expired.
pub async fn expire_closed_posts(db: &Db) -> Result<(usize, usize), ApiError> {
    db.write(|conn| {
        let at = now();
        let today = at.date();
        let expired = (
            Listing::expire_closed(conn, today, at)?,
            WantedRequest::expire_closed(conn, today, at)?,
        );
        crate::matching::reconcile::close_expired(conn)?;
        Ok(expired)
    })
    .await
}
