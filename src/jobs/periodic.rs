//! Periodic housekeeping: expiring posts whose window closed, and sending the daily
//! digests. Each kind has one job row, claimed like any job, so across all instances one
//! run happens at a time and each period once.
use std::time::Duration;

use super::matching::Matching;
use super::Outcome;
use crate::catalogue::lifecycle;
use crate::db::jobs::Job;
use crate::db::{now, Db};
use crate::domain::error::DomainError;
use crate::domain::JobKind;
use crate::notify::digest;

pub const KINDS: [JobKind; 2] = [JobKind::ExpirePosts, JobKind::SendDigests];

/// How often each periodic job runs.
pub fn period(kind: JobKind) -> Duration {
    match kind {
        JobKind::ExpirePosts | JobKind::SendDigests => Duration::from_secs(60),
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
        }
        _ => anyhow::bail!("{} is not periodic", kind.as_str()),
    }
    let next = now() + chrono::Duration::from_std(period(kind))?;
    let id = job.id.clone();
    db.transact(move |conn| anyhow::Ok(Job::ran(conn, &id, next)?))
        .await?;
    Ok(Outcome::Done)
}
