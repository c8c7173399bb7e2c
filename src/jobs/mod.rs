//! The one runner of background work: it claims due jobs of the kinds it handles from the
//! `jobs` table (`db::jobs`), runs each, and records the outcome. Which kinds a process
//! handles depends on what it holds: every process with a mailer delivers emails
//! (`terril worker` does only that); `serve` instances, which hold the search index, also
//! match posts, expire closed posts and send the daily digests. They all share one queue
//! through the database.
//!
//! Failed attempts are retried with exponential backoff and jitter; after
//! `worker.max_attempts` a job is dead until an operator retries it (`terril jobs`).
//! Periodic jobs have one row each, so however many instances run, one runs at a time.
pub mod email;
pub mod feed_readers;
pub mod matching;
pub mod periodic;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use rand::Rng;
use tokio::sync::watch;

use crate::configuration::WorkerSettings;
use crate::db::jobs::Job;
use crate::db::{now, Db};
use crate::domain::JobKind;
use crate::notify::mailer::Mailer;
use crate::webhooks::delivery::Dispatcher;

/// What a job's run came to.
pub enum Outcome {
    /// Done; a one-off job's row was removed with its effects.
    Done,
    /// What it needs is not ready yet (the feed lags a long transaction): again at this time,
    /// without counting an attempt.
    NotYet(NaiveDateTime),
}

pub struct Runner {
    db: Db,
    settings: WorkerSettings,
    poll: Duration,
    kinds: Vec<JobKind>,
    mailer: Option<Mailer>,
    matching: Option<Arc<matching::Matching>>,
    notices: Option<feed_readers::NoticesReader>,
    fan_out: Option<feed_readers::WebhookFanOut>,
    /// Delivers webhooks beside the other jobs, in a loop of its own (its requests wait
    /// on other servers).
    webhooks: Option<Dispatcher>,
}

impl Runner {
    /// A runner that handles nothing yet; add what this process holds.
    pub fn new(db: Db, settings: WorkerSettings) -> Self {
        let poll = Duration::from_millis(settings.poll_interval_ms);
        Self {
            db,
            settings,
            poll,
            kinds: Vec::new(),
            mailer: None,
            matching: None,
            notices: None,
            fan_out: None,
            webhooks: None,
        }
    }

    /// Delivers emails.
    pub fn with_mailer(mut self, mailer: Mailer) -> Self {
        self.mailer = Some(mailer);
        self.kinds.push(JobKind::DeliverEmail);
        self
    }

    /// Delivers webhooks.
    pub fn with_webhooks(mut self, dispatcher: Dispatcher) -> Self {
        self.webhooks = Some(dispatcher);
        self
    }

    /// Matches posts, expires closed ones, sends the digests, and reads the event feed for
    /// notices and webhooks; polls at least as often as matching asks.
    pub fn with_matching(mut self, matching: matching::Matching) -> Self {
        self.poll = self.poll.min(matching.poll_interval());
        self.notices = Some(feed_readers::NoticesReader {
            catalogue: matching.catalogue.clone(),
            notifier: matching.notifier.clone(),
        });
        self.fan_out = Some(feed_readers::WebhookFanOut {
            catalogue: matching.catalogue.clone(),
        });
        self.matching = Some(Arc::new(matching));
        self.kinds.extend([
            JobKind::MatchListing,
            JobKind::MatchWanted,
            JobKind::ExpirePosts,
            JobKind::SendDigests,
            JobKind::PurgeIdempotencyKeys,
            JobKind::PurgeWebhookDeliveries,
        ]);
        self
    }

    pub fn kinds(&self) -> &[JobKind] {
        &self.kinds
    }

    /// Runs until `stop` turns true; the job in hand is finished first.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>) {
        tracing::info!(kinds = ?self.kinds, webhooks = self.webhooks.is_some(),
            "job runner started");
        let dispatching = self
            .webhooks
            .take()
            .map(|dispatcher| tokio::spawn(dispatcher.run(stop.clone())));
        if let Err(e) = self.ensure_periodic().await {
            tracing::warn!(
                error = format!("{e:#}"),
                "could not set up the periodic jobs"
            );
        }
        while !*stop.borrow() {
            let told = match self.send_notices().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(error = format!("{e:#}"), "could not tell of new events");
                    false
                }
            };
            let fanned = match self.fan_out_webhooks().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(error = format!("{e:#}"), "could not fan events out");
                    false
                }
            };
            let worked = match self.run_due().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(
                        error = format!("{e:#}"),
                        "job runner could not read its queue"
                    );
                    false
                }
            };
            if !worked && !told && !fanned {
                tokio::select! {
                    _ = tokio::time::sleep(self.poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        if let Some(dispatching) = dispatching {
            let _ = dispatching.await;
        }
        tracing::info!("job runner stopped");
    }

    /// Creates the rows of the periodic jobs this runner handles, if they are missing.
    pub async fn ensure_periodic(&self) -> anyhow::Result<()> {
        let kinds: Vec<JobKind> = periodic::KINDS
            .into_iter()
            .filter(|k| self.kinds.contains(k))
            .collect();
        self.db
            .transact(move |conn| {
                for kind in kinds {
                    Job::ensure_periodic(conn, kind, now())?;
                }
                anyhow::Ok(())
            })
            .await
    }

    /// Writes the emails of one batch of new events, when this runner matches (the feed's
    /// one reader of emails is taken by one instance at a time); returns how many events
    /// were read.
    pub async fn send_notices(&self) -> anyhow::Result<usize> {
        match &self.notices {
            Some(notices) => notices.read_batch(&self.db).await,
            None => Ok(0),
        }
    }

    /// Writes the webhook deliveries of one batch of new events, when this runner matches
    /// (it holds the taxonomy the payloads show); returns how many events were read.
    pub async fn fan_out_webhooks(&self) -> anyhow::Result<usize> {
        match &self.fan_out {
            Some(fan_out) => fan_out.read_batch(&self.db).await,
            None => Ok(0),
        }
    }

    /// Claims and runs one batch of due jobs; returns how many were claimed.
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let claimed_at = now();
        let lease_until = claimed_at + chrono::Duration::seconds(self.settings.lease_secs);
        let (kinds, limit) = (self.kinds.clone(), self.settings.batch_size);
        let due = self.kinds.clone();
        if !self
            .db
            .run(move |conn| anyhow::Ok(Job::any_due(conn, &due, claimed_at)?))
            .await?
        {
            return Ok(0);
        }
        let (jobs, next_transaction) = self
            .db
            .transact(move |conn| {
                let jobs = Job::claim_due(conn, &kinds, claimed_at, lease_until, limit)?;
                anyhow::Ok((jobs, crate::db::events::next_transaction(conn)?))
            })
            .await?;
        let count = jobs.len();
        // Whether the index has caught up with the feed past the claim: asked once per
        // batch, by its first match job.
        let mut feed_ready = None;
        for job in jobs {
            let outcome = self.run_one(&job, next_transaction, &mut feed_ready).await;
            self.record(job, outcome).await?;
        }
        Ok(count)
    }

    async fn run_one(
        &self,
        job: &Job,
        next_transaction: Option<i64>,
        feed_ready: &mut Option<bool>,
    ) -> anyhow::Result<Outcome> {
        match job.kind {
            // Claimed by the webhooks' own loop (`webhooks::delivery`), never here.
            JobKind::DeliverWebhook => Err(not_held(job.kind)),
            JobKind::DeliverEmail => {
                let mailer = self.mailer.as_ref().ok_or_else(|| not_held(job.kind))?;
                email::deliver(&self.db, mailer, job, self.settings.max_attempts).await
            }
            JobKind::MatchListing | JobKind::MatchWanted => {
                let matching = self.matching.as_ref().ok_or_else(|| not_held(job.kind))?;
                let ready = match *feed_ready {
                    Some(ready) => ready,
                    None => *feed_ready.insert(matching.caught_up(next_transaction).await?),
                };
                matching.run(&self.db, job, ready).await
            }
            JobKind::ExpirePosts
            | JobKind::SendDigests
            | JobKind::PurgeIdempotencyKeys
            | JobKind::PurgeWebhookDeliveries => {
                let matching = self.matching.as_ref().ok_or_else(|| not_held(job.kind))?;
                periodic::run(&self.db, matching, job.kind, job).await
            }
        }
    }

    /// Stores what came of a run: a failure is retried after a backoff, or dead-lettered.
    async fn record(&self, job: Job, outcome: anyhow::Result<Outcome>) -> anyhow::Result<()> {
        let at = now();
        match outcome {
            Ok(Outcome::Done) => Ok(()),
            Ok(Outcome::NotYet(until)) => {
                self.db
                    .transact(move |conn| anyhow::Ok(Job::postpone(conn, &job.id, until)?))
                    .await
            }
            Err(e) => {
                let periodic = job.singleton.is_some();
                let retry_at = retry_at(&self.settings, job.attempts, at, periodic);
                let error = format!("{e:#}");
                tracing::warn!(job_id = %job.id, kind = %job.kind, attempts = job.attempts,
                    dead = retry_at.is_none(), error = %error, "job failed");
                self.db
                    .transact(move |conn| {
                        anyhow::Ok(Job::failed(conn, &job.id, &error, at, retry_at)?)
                    })
                    .await
            }
        }
    }
}

fn not_held(kind: JobKind) -> anyhow::Error {
    anyhow::anyhow!("this runner cannot run {} jobs", kind.as_str())
}

/// Exponential backoff with jitter: about base, 2 base, 4 base... capped, each drawn between
/// half and all of it so that jobs failing together do not retry together; None once the
/// attempts run out (periodic jobs never run out).
pub fn retry_at(
    settings: &WorkerSettings,
    attempts: i32,
    now: NaiveDateTime,
    periodic: bool,
) -> Option<NaiveDateTime> {
    if attempts >= settings.max_attempts && !periodic {
        return None;
    }
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let delay_ms = settings
        .backoff_base_secs
        .saturating_mul(1_i64 << exponent)
        .min(settings.backoff_max_secs)
        .saturating_mul(1000);
    let jittered = if delay_ms > 1 {
        rand::rng().random_range(delay_ms / 2..=delay_ms)
    } else {
        delay_ms
    };
    Some(now + chrono::Duration::milliseconds(jittered))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_jitter_and_stops_after_the_last_attempt() {
        let settings = WorkerSettings {
            max_attempts: 5,
            backoff_base_secs: 10,
            backoff_max_secs: 60,
            ..WorkerSettings::default()
        };
        let t0 = NaiveDateTime::default();
        for (attempts, full) in [(1, 10), (2, 20), (3, 40), (4, 60)] {
            let at = retry_at(&settings, attempts, t0, false).unwrap();
            let waited = (at - t0).num_milliseconds();
            assert!(
                (full * 500..=full * 1000).contains(&waited),
                "attempt {attempts}: {waited} ms"
            );
        }
        assert_eq!(retry_at(&settings, 5, t0, false), None);
        assert!(
            retry_at(&settings, 50, t0, true).is_some(),
            "periodic jobs go on"
        );
    }
}
