//! `[worker]` and `[matching]`: the job queue's runner, and matching.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WorkerSettings {
    /// The job queue's runner (see `jobs`): its polling, batch, lease and retries.
    /// `serve` delivers emails in-process unless this is false (a `terril worker` does).
    pub enabled: bool,
    pub poll_interval_ms: u64,
    pub batch_size: i64,
    /// After this many attempts a job is dead (an email marked failed).
    pub max_attempts: i32,
    pub backoff_base_secs: i64,
    pub backoff_max_secs: i64,
    /// How long a claimed job stays reserved to one runner; a crashed runner's claim runs
    /// out after this and another runner takes the job.
    pub lease_secs: i64,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 1000,
            batch_size: 10,
            max_attempts: 8,
            backoff_base_secs: 30,
            backoff_max_secs: 3600,
            lease_secs: 300,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MatchingSettings {
    /// `serve` runs matching (and the periodic housekeeping) in-process unless this is
    /// false. It needs the search index, so only `serve` instances match; they share the
    /// job queue through the database (its lease, batch and backoff: [`WorkerSettings`]).
    pub enabled: bool,
    /// How often the runner looks for due jobs when it matches (at least this often).
    pub poll_interval_ms: u64,
    /// A post is matched with at most this many counterparts, the best scores.
    pub max_matches_per_post: usize,
}

impl Default for MatchingSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 250,
            max_matches_per_post: 50,
        }
    }
}
