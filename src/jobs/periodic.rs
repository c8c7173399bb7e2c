//! Periodic housekeeping: expiring posts whose window closed, sending the daily digests
//! and the match emails that waited for others (`notify::grouped`), forgetting idempotent
//! answers older than a day and webhook deliveries past their keeping. Each kind has one job row, claimed like any job, so across all instances one
//! run happens at a time and each period once.
use std::time::Duration;

use super::matching::Matching;
use super::Outcome;
use crate::db::idempotency_keys::IdempotencyKey;
use crate::db::jobs::Job;
use crate::db::webhook_deliveries::WebhookDelivery;
use crate::db::{now, Db};
use crate::domain::error::DomainError;
use crate::domain::JobKind;
use crate::notify::{digest, grouped};
use crate::posts::lifecycle;

pub const KINDS: [JobKind; 4] = [
    JobKind::ExpirePosts,
    JobKind::SendDigests,
    JobKind::PurgeIdempotencyKeys,
    JobKind::PurgeWebhookDeliveries,
];

/// How often each periodic job runs.
pub fn period(kind: JobKind) -> Duration {
    match kind {
        JobKind::ExpirePosts => Duration::from_secs(60),
        // Often enough that a group of match emails goes out soon after its wait.
        JobKind::SendDigests => Duration::from_secs(30),
        JobKind::PurgeIdempotencyKeys | JobKind::PurgeWebhookDeliveries => {
            Duration::from_secs(3_600)
        }
        _ => Duration::ZERO,
    }
}

pub async fn run(
    db: &Db,
    matching: &Matching,
    kind: JobKind,
    job: &Job,
) -> anyhow::Result<Outcome> {
    match kind {
        JobKind::ExpirePosts => {
            let (listings, wanted) = db
                .transact::<_, DomainError, _>(|conn| lifecycle::expire_closed(conn, now()))
                .await?;
            if listings + wanted > 0 {
                tracing::info!(listings, wanted, "expired posts whose window closed");
            }
        }
        JobKind::SendDigests => {
            let sent = digest::send_due(db, &matching.notifier, now().date()).await?;
            if sent > 0 {
                tracing::info!(sent, "daily digests queued");
            }
            let sent = grouped::send_due(db, &matching.notifier, now()).await?;
            if sent > 0 {
                tracing::info!(sent, "grouped match emails queued");
            }
        }
        JobKind::PurgeIdempotencyKeys => {
            let before = now() - chrono::Duration::hours(crate::http::idempotency::KEPT_HOURS);
            let purged = db
                .transact(move |conn| anyhow::Ok(IdempotencyKey::purge(conn, before)?))
                .await?;
            if purged > 0 {
                tracing::info!(purged, "forgot idempotent answers older than a day");
            }
        }
        JobKind::PurgeWebhookDeliveries => {
            let before = now() - chrono::Duration::days(matching.webhook_kept_days);
            let purged = db
                .transact(move |conn| anyhow::Ok(WebhookDelivery::purge(conn, before)?))
                .await?;
            if purged > 0 {
                tracing::info!(purged, "forgot webhook deliveries past their keeping");
            }
        }
        _ => anyhow::bail!("{} is not periodic", kind.as_str()),
    }
    let next = now() + chrono::Duration::from_std(period(kind))?;
    let id = job.id.clone();
    db.transact(move |conn| anyhow::Ok(Job::ran(conn, &id, next)?))
        .await?;
    Ok(Outcome::Done)
}
