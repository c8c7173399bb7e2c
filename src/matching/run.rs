//! The matcher: claims queued posts (`match_jobs`) with a lease, catches its index up with
//! the database, and runs matching for each, storing the outcome and removing the job in
//! one transaction. A matcher that dies leaves its lease to run out; the job is then run
//! again, which is harmless: matches, events and emails are each stored once per pair,
//! event and recipient. Once a minute it also sends the daily digests that are due.
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::reconcile::{self, Context};
use crate::catalogue::follow::Follower;
use crate::catalogue::Catalogue;
use crate::configuration::MatchingSettings;
use crate::db::match_jobs::MatchJob;
use crate::db::{now, Db};
use crate::error::ApiError;
use crate::notify::{digest, Notifier};

const DIGEST_EVERY: Duration = Duration::from_secs(60);

pub struct Matcher {
    db: Db,
    catalogue: Arc<Catalogue>,
    notifier: Arc<Notifier>,
    settings: MatchingSettings,
    follower: Arc<Follower>,
}

impl Matcher {
    pub fn new(
        db: Db,
        catalogue: Arc<Catalogue>,
        notifier: Arc<Notifier>,
        settings: MatchingSettings,
        follower: Arc<Follower>,
    ) -> Self {
        Self {
            db,
            catalogue,
            notifier,
            settings,
            follower,
        }
    }

    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!("matcher started");
        let idle = Duration::from_millis(self.settings.poll_interval_ms);
        let mut last_digest = Instant::now() - DIGEST_EVERY;
        while !*stop.borrow() {
            if last_digest.elapsed() >= DIGEST_EVERY {
                last_digest = Instant::now();
                if let Err(e) = digest::send_due(&self.db, &self.notifier, now().date()).await {
                    tracing::warn!(error = %e, "could not send the daily digests");
                }
            }
            let worked = match self.run_due().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "matcher could not read its queue");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = tokio::time::sleep(idle) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        tracing::info!("matcher stopped");
    }

    /// Claims and runs one batch of due jobs; returns how many were claimed.
    pub async fn run_due(&self) -> Result<usize, ApiError> {
        let claimed_at = now();
        let lease_until = claimed_at + chrono::Duration::seconds(self.settings.lease_secs);
        let limit = self.settings.batch_size;
        if !self
            .db
            .read(move |conn| Ok(MatchJob::any_due(conn, claimed_at)?))
            .await?
        {
            return Ok(0);
        }
        let (jobs, next_transaction) = self
            .db
            .write(move |conn| {
                let jobs = MatchJob::claim_due(conn, claimed_at, lease_until, limit)?;
                Ok((jobs, crate::db::events::next_transaction(conn)?))
            })
            .await?;
        if jobs.is_empty() {
            return Ok(0);
        }
        // Every post committed before the claim must be in the index the jobs read.
        let patience = Duration::from_millis(self.settings.poll_interval_ms.max(1000));
        let caught_up = self
            .follower
            .catch_up_past(next_transaction, patience)
            .await
            .map_err(ApiError::internal)?;
        if !caught_up {
            tracing::debug!("a long transaction holds the event feed back; jobs wait");
            let until = now() + chrono::Duration::seconds(1);
            let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
            self.db
                .write(move |conn| {
                    for id in &ids {
                        MatchJob::postpone(conn, id, until)?;
                    }
                    Ok(())
                })
                .await?;
            return Ok(0);
        }
        for job in &jobs {
            if let Err(e) = self.run_one(job.clone()).await {
                tracing::warn!(job_id = %job.id, post_id = %job.post_id, error = %e,
                    "matching failed; will retry");
                let (id, until) = (
                    job.id.clone(),
                    now() + chrono::Duration::seconds(self.settings.retry_secs),
                );
                self.db
                    .write(move |conn| Ok(MatchJob::postpone(conn, &id, until)?))
                    .await?;
            }
        }
        Ok(jobs.len())
    }

    async fn run_one(&self, job: MatchJob) -> Result<(), ApiError> {
        let catalogue = self.catalogue.clone();
        let notifier = self.notifier.clone();
        let max_matches = self.settings.max_matches_per_post;
        let started = Instant::now();
        self.db
            .write(move |conn| {
                let cx = Context {
                    catalogue: &catalogue,
                    notifier: &notifier,
                    max_matches,
                    today: now().date(),
                };
                reconcile::run(conn, &cx, &job.post_kind, &job.post_id)?;
                MatchJob::delete(conn, &job.id)?;
                Ok(())
            })
            .await?;
        tracing::debug!(
            micros = started.elapsed().as_micros() as u64,
            "post matched"
        );
        Ok(())
    }
}
