//! The one job queue: periodic jobs run once per period across instances, and dead jobs
//! can be put back by an operator.
use std::time::{Duration, Instant};

use terril::db::jobs::Job;
use terril::domain::JobKind;

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn two_instances_run_each_periodic_job_once() {
    // Both instances run their job runner in the background, as `serve` does.
    let app = spawn_app_with(|s| s.matching.enabled = true).await;
    let sibling = app.sibling().await;
    let db = app.db.clone();
    let runs = || {
        let mut conn = db.get().unwrap();
        [
            JobKind::ExpirePosts,
            JobKind::SendDigests,
            JobKind::PurgeIdempotencyKeys,
        ]
        .map(|kind| {
            Job::periodic(&mut conn, kind)
                .unwrap()
                .map_or(0, |job| job.runs)
        })
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while runs() != [1, 1, 1] {
        assert!(
            Instant::now() < deadline,
            "the periodic jobs did not run: {:?}",
            runs()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Several more polls of both runners: neither runs them again within their period.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(runs(), [1, 1, 1]);
    drop(sibling);
}
