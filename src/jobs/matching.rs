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
use crate::matching::reconcile::{self, Context};
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
    /// Tells the recipients of what the event feed holds since the last call (see
    /// `exchange::notices`); returns how many events were read.
    pub async fn send_notices(&self, db: &Db) -> anyhow::Result<usize> {
        let (catalogue, notifier) = (self.catalogue.clone(), self.notifier.clone());
        let read = db
            .transact(move |conn| {
                let cx = crate::exchange::Context {
                    catalogue: &catalogue,
                    notifier: &notifier,
                    at: now(),
                };
                crate::exchange::notices::send_batch(conn, &cx)
            })
            .await
            .context("telling the recipients of events")?;
        Ok(read)
    }

    /// Writes the webhook deliveries of the events since the last call (see
    /// `webhooks::fanout`); returns how many events were read.
    pub async fn fan_out_webhooks(&self, db: &Db) -> anyhow::Result<usize> {
        let catalogue = self.catalogue.clone();
        db.transact(move |conn| {
            crate::webhooks::fanout::fan_out_batch(conn, &catalogue.taxonomy, now())
        })
        .await
        .context("fanning events out to webhooks")
    }

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
        let post_kind = job.kind.as_str().trim_start_matches("match_").to_owned();
        let post_id = job
            .subject_id
            .clone()
            .context("a match job names no post")?;
        let (catalogue, notifier) = (self.catalogue.clone(), self.notifier.clone());
        let max_matches = self.settings.max_matches_per_post;
        let job_id = job.id.clone();
        let started = Instant::now();
        db.transact::<_, DomainError, _>(move |conn| {
            let cx = Context {
                catalogue: &catalogue,
                notifier: &notifier,
                max_matches,
                today: now().date(),
            };
            reconcile::run(conn, &cx, &post_kind, &post_id)?;
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
