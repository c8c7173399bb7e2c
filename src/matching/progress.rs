//! Where the matching of one post stands, for its author: still searching (its match job
//! waits in the queue), or done with so many open matches. Publishing waits a moment for
//! it, so the page that follows can say how many matches were found.
use std::time::Duration;

use crate::db::jobs::Job;
use crate::db::matches::{Match, PostSide};
use crate::db::{Db, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{JobKind, PostRef};

/// How often [`settled`] looks again.
const LOOK_EVERY: Duration = Duration::from_millis(50);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The post's match job has not run yet.
    pub searching: bool,
    /// Its open matches so far.
    pub open: i64,
}

/// Where the matching of `post` stands now.
pub fn progress(conn: &mut DbConnection, post: &PostRef) -> Result<Progress, DomainError> {
    let (kind, side, id) = match post {
        PostRef::Listing(id) => (JobKind::MatchListing, PostSide::Listing, id.as_str()),
        PostRef::Wanted(id) => (JobKind::MatchWanted, PostSide::Wanted, id.as_str()),
    };
    Ok(Progress {
        searching: Job::is_queued(conn, kind, id)?,
        open: Match::count_open_of_post(conn, side, id)?,
    })
}

/// Where the matching of `post` stands once its job has run, or after `patience` (then
/// still searching): a matcher on any instance takes the job within its poll interval.
pub async fn settled(db: &Db, post: PostRef, patience: Duration) -> Result<Progress, DomainError> {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        let looked = post.clone();
        let now = db.run(move |conn| progress(conn, &looked)).await?;
        if !now.searching || tokio::time::Instant::now() >= deadline {
            return Ok(now);
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}
