//! Delivering one outbox email (`deliver_email` jobs). The email's own row records each
//! attempt, so `terril outbox` and the tests read what became of it; the job's row carries
//! the queue's state (lease, backoff, dead letter).
use anyhow::Context as _;

use super::Outcome;
use crate::db::jobs::Job;
use crate::db::outbox::OutboxEmail;
use crate::db::{now, Db};
use crate::domain::EmailStatus;
use crate::notify::mailer::Mailer;

pub async fn deliver(
    db: &Db,
    mailer: &Mailer,
    job: &Job,
    max_attempts: i32,
) -> anyhow::Result<Outcome> {
    let email_id = job
        .subject_id
        .clone()
        .context("an email job names no email")?;
    let id = email_id.clone();
    let email = db
        .run(move |conn| anyhow::Ok(OutboxEmail::find(conn, &id)?))
        .await?;
    let job_id = job.id.clone();
    let Some(email) = email.filter(|e| e.status != EmailStatus::Sent) else {
        // Sent already (a lease ran out under a slow send) or gone: nothing to do.
        db.transact(move |conn| anyhow::Ok(Job::delete(conn, &job_id)?))
            .await?;
        return Ok(Outcome::Done);
    };
    let attempts = job.attempts;
    match mailer.deliver(&email).await {
        Ok(()) => {
            tracing::info!(email_id = %email.id, attempts, "email delivered");
            db.transact(move |conn| {
                OutboxEmail::mark_sent(conn, &email_id, attempts, now())?;
                anyhow::Ok(Job::delete(conn, &job_id)?)
            })
            .await?;
            metrics::counter!("terril_emails_sent_total").increment(1);
            Ok(Outcome::Done)
        }
        Err(e) => {
            let error = format!("{e:#}");
            let last = attempts >= max_attempts;
            let recorded = error.clone();
            db.transact(move |conn| {
                anyhow::Ok(OutboxEmail::mark_attempt_failed(
                    conn, &email_id, attempts, &recorded, last,
                )?)
            })
            .await?;
            let outcome = if last { "failed" } else { "retried" };
            metrics::counter!("terril_email_attempts_failed_total", "outcome" => outcome)
                .increment(1);
            Err(anyhow::anyhow!("email delivery failed: {error}"))
        }
    }
}
