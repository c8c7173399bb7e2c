//! Matching one post (`match_listing` and `match_wanted` jobs): the index is caught up with
//! the event feed past the claim, so every post committed before it is seen, then the post's
//! matches are brought in line and the job removed, in one transaction. A run repeated after
//! a lease ran out is harmless: matches, events and emails are each stored once per pair,
//! event and recipient.
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::Outcome;
use crate::catalogue::follow::Follower;
use crate::catalogue::Catalogue;
use crate::configuration::MatchingSettings;
use crate::db::jobs::Job;
use crate::db::{now, Db};
use crate::domain::error::DomainError;
use crate::domain::PostRef;
use crate::matching::reconcile::{self, MatchRun};
use crate::notify::Notifier;

/// What a runner needs to match posts (and to run the housekeeping that goes with it).
pub struct Matching {
    pub catalogue: Arc<Catalogue>,
    pub notifier: Arc<Notifier>,
    pub follower: Arc<Follower>,
    pub settings: MatchingSettings,
    /// How long webhook deliveries are kept (`webhooks.kept_days`).
    pub webhook_kept_days: i64,
}

impl Matching {
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.settings.poll_interval_ms)
    }

    /// Catches the index up with the event feed past `next_transaction` (the claim's):
    /// every post committed before the claim must be in the index the runs read. False
    /// while a long transaction still holds the feed back.
    pub async fn caught_up(&self, next_transaction: Option<i64>) -> anyhow::Result<bool> {
        let patience = self.poll_interval().max(Duration::from_secs(1));
        self.follower
            .catch_up_past(next_transaction, patience)
            .await
    }

    /// Matches the job's post; `feed_ready` is what [`Self::caught_up`] said for its batch.
    pub async fn run(&self, db: &Db, job: &Job, feed_ready: bool) -> anyhow::Result<Outcome> {
        if !feed_ready {
            tracing::debug!(job_id = %job.id, "a long transaction holds the event feed back");
            return Ok(Outcome::NotYet(now() + chrono::Duration::seconds(1)));
        }
        let subject = job
            .subject_id
            .as_deref()
            .context("a match job names no post")?;
        let Some(post) = PostRef::of_match_job(job.kind, subject) else {
            // A row Terril could not have written: logged and dropped, never retried.
            tracing::warn!(kind = %job.kind, subject, "match job about no known post ignored");
            let job_id = job.id.clone();
            db.transact::<_, DomainError, _>(move |conn| Ok(Job::delete(conn, &job_id)?))
                .await?;
            return Ok(Outcome::Done);
        };
        let (catalogue, notifier) = (self.catalogue.clone(), self.notifier.clone());
        let max_matches = self.settings.max_matches_per_post;
        let job_id = job.id.clone();
        let started = Instant::now();
        db.transact::<_, DomainError, _>(move |conn| {
            let cx = MatchRun {
                catalogue: &catalogue,
                notifier: &notifier,
                max_matches,
                today: now().date(),
            };
            reconcile::run(conn, &cx, &post)?;
            Ok(Job::delete(conn, &job_id)?)
        })
        .await?;
        tracing::debug!(
            micros = started.elapsed().as_micros() as u64,
            "post matched"
        );
        Ok(Outcome::Done)
    }
}
