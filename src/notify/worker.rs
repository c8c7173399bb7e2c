//! The delivery worker: claims due outbox emails, sends them, records the outcome.
//! Failed attempts are retried with exponential backoff; after `max_attempts` the email is
//! marked failed for operators (`terril outbox`).
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::watch;

use super::mailer::Mailer;
use crate::configuration::WorkerSettings;
use crate::db::outbox::OutboxEmail;
use crate::db::{now, Db};
use crate::error::ApiError;

pub struct Worker {
    db: Db,
    mailer: Mailer,
    settings: WorkerSettings,
}

impl Worker {
    pub fn new(db: Db, mailer: Mailer, settings: WorkerSettings) -> Self {
        Self {
            db,
            mailer,
            settings,
        }
    }

    /// Delivers until `shutdown` turns true; the batch in hand is finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(transport = %self.mailer.describe(), "email worker started");
        let idle = Duration::from_millis(self.settings.poll_interval_ms);
        while !*shutdown.borrow() {
            let worked = match self.deliver_due().await {
                Ok(count) => count > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "email worker could not read the outbox");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = tokio::time::sleep(idle) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        tracing::info!("email worker stopped");
    }

    /// Claims and attempts one batch of due emails; returns how many were attempted.
    #[tracing::instrument(skip(self))]
    pub async fn deliver_due(&self) -> Result<usize, ApiError> {
        let claimed_at = now();
        let lease_until = claimed_at + chrono::Duration::seconds(self.settings.lease_secs);
        let limit = self.settings.batch_size;
        if !self
            .db
            .read(move |conn| Ok(OutboxEmail::any_due(conn, claimed_at)?))
            .await?
        {
            return Ok(0);
        }
        let batch = self
            .db
            .write(move |conn| {
                Ok(OutboxEmail::claim_due(
                    conn,
                    claimed_at,
                    lease_until,
                    limit,
                )?)
            })
            .await?;
        for email in &batch {
            self.deliver_one(email).await?;
        }
        Ok(batch.len())
    }

    async fn deliver_one(&self, email: &OutboxEmail) -> Result<(), ApiError> {
        let outcome = self.mailer.deliver(email).await;
        let id = email.id.clone();
        let finished_at = now();
        match outcome {
            Ok(()) => {
                tracing::info!(email_id = %id, attempts = email.attempts, "email delivered");
                self.db
                    .write(move |conn| Ok(OutboxEmail::mark_sent(conn, &id, finished_at)?))
                    .await
            }
            Err(e) => {
                let retry_at = self.retry_at(email.attempts, finished_at);
                let error = format!("{e:#}");
                tracing::warn!(email_id = %id, attempts = email.attempts, give_up = retry_at.is_none(),
                    error = %error, "email delivery failed");
                self.db
                    .write(move |conn| {
                        Ok(OutboxEmail::mark_attempt_failed(
                            conn,
                            &id,
                            &error,
                            finished_at,
                            retry_at,
                        )?)
                    })
                    .await
            }
        }
    }

    /// Exponential backoff: base, 2 base, 4 base... capped; None once attempts run out.
    fn retry_at(&self, attempts: i32, now: NaiveDateTime) -> Option<NaiveDateTime> {
        if attempts >= self.settings.max_attempts {
            return None;
        }
        let exponent = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(30);
        let delay = self
            .settings
            .backoff_base_secs
            .saturating_mul(1_i64 << exponent)
            .min(self.settings.backoff_max_secs);
        Some(now + chrono::Duration::seconds(delay))
    }
}
