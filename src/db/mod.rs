//! Storage: one connection type over PostgreSQL and SQLite, a pool, embedded migrations.
//!
//! The URL scheme picks the engine: `postgres://` or `postgresql://` is PostgreSQL, anything
//! else is a SQLite file path (an optional `sqlite://` prefix is accepted).
//! Blocking diesel calls run on the blocking thread pool, never on the async executors:
//! handlers go through [`Db::read`] and [`Db::write`].
pub mod api_keys;
pub mod events;
pub mod exchange_impacts;
pub mod feed_cursors;
pub mod idempotency_keys;
pub mod impact_cells;
pub mod jobs;
pub mod listing_photos;
pub mod listings;
pub mod match_messages;
pub mod match_reads;
pub mod matches;
pub mod notifications;
pub mod one_time_tokens;
pub mod organisations;
pub mod outbox;
pub mod reference;
pub mod refresh_tokens;
pub mod reservations;
pub mod reviews;
pub mod saved_searches;
pub mod schema;
pub mod sites;
pub mod users;
pub mod wanted_requests;
pub mod web_sessions;
pub mod webhook_deliveries;
pub mod webhook_endpoints;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use crate::domain::StorageError;

/// How long a request waits for a database connection by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(2);

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// PostgreSQL comes first: SQLite would accept any string as a file path.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    Sqlite,
}

pub use crate::configuration::is_postgres_url;

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// WAL lets readers proceed beside the one writer; the busy timeout makes a second process
/// (a separate worker) wait for the lock instead of failing.
/// The busy timeout comes first: switching to WAL takes a lock that another process
/// opening the same fresh file may hold for a moment.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

/// Opens connections of the engine the URL names, so a bad PostgreSQL URL fails as such.
pub struct Manager {
    url: String,
    engine: Engine,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self.engine {
            Engine::Postgres => diesel::PgConnection::establish(&self.url)
                .map(DbConnection::Pg)
                .map_err(r2d2::Error::ConnectionError),
            Engine::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// The shared handle to the database.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    engine: Engine,
    /// SQLite has one writer at a time; taking this lock before a write transaction avoids
    /// the deadlock of two deferred transactions both upgrading to write.
    sqlite_write_lock: Arc<Mutex<()>>,
}

impl Db {
    /// Connects with the default wait for a connection ([`DEFAULT_WAIT`]).
    pub fn connect(url: &str, pool_size: Option<u32>) -> anyhow::Result<Db> {
        Db::connect_waiting(url, pool_size, DEFAULT_WAIT)
    }

    /// Connects, checking the database answers once so a bad URL gives a clear error. A
    /// request waits at most `wait` for a connection: when the database is gone, it fails
    /// then with 503 rather than hanging.
    pub fn connect_waiting(
        url: &str,
        pool_size: Option<u32>,
        wait: Duration,
    ) -> anyhow::Result<Db> {
        let engine = if is_postgres_url(url) {
            Engine::Postgres
        } else {
            Engine::Sqlite
        };
        if engine == Engine::Sqlite {
            create_parent_dir(sqlite_path(url))?;
        }
        let manager = Manager {
            url: url.to_owned(),
            engine,
        };
        // Probe once, outside the pool, to report the real cause of a failure at once.
        manager
            .connect()
            .map_err(|e| anyhow::anyhow!("cannot connect to the database ({engine:?}): {e}"))?;
        let default_size = match engine {
            Engine::Postgres => 10,
            Engine::Sqlite => 4,
        };
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.unwrap_or(default_size))
            .connection_timeout(wait)
            .build(manager)?;
        Ok(Db {
            pool,
            engine,
            sqlite_write_lock: Arc::new(Mutex::new(())),
        })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Whether the database answers within `wait` (readiness probes), whatever the pool's
    /// own wait.
    pub async fn answers_within(&self, wait: Duration) -> bool {
        let pool = self.pool.clone();
        let probe = tokio::task::spawn_blocking(move || {
            pool.get_timeout(wait)
                .is_ok_and(|mut conn| conn.batch_execute("SELECT 1").is_ok())
        });
        matches!(tokio::time::timeout(wait, probe).await, Ok(Ok(true)))
    }

    /// How many connections the pool holds, and how many of them are idle.
    /// The most connections the pool opens: how much database work can run at once.
    pub fn max_connections(&self) -> u32 {
        self.pool.max_size()
    }

    pub fn pool_state(&self) -> r2d2::State {
        self.pool.state()
    }

    /// A pooled connection for blocking code (the CLI, the workers, tests).
    pub fn get(&self) -> Result<PooledConnection, StorageError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` on a pooled connection on the blocking thread pool, with the caller's
    /// error type (domain operations, background work).
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StorageError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || f(&mut *db.get()?)).await
    }

    /// Runs `f` in one transaction on the blocking thread pool, with the caller's error.
    pub async fn transact<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StorageError> + From<diesel::result::Error> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || db.write_blocking(f)).await
    }

    /// The blocking form of [`Db::transact`].
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StorageError> + From<diesel::result::Error>,
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
    {
        let mut conn = self.get()?;
        let _guard = match self.engine {
            Engine::Sqlite => Some(
                self.sqlite_write_lock
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()),
            ),
            Engine::Postgres => None,
        };
        (*conn).transaction(f)
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.pool.get()?;
        run_migrations(&mut conn)
    }
}

async fn blocking<T, E, F>(f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<StorageError> + Send + 'static,
    F: FnOnce() -> Result<T, E> + Send + 'static,
{
    actix_web::rt::task::spawn_blocking(f).await.map_err(|e| {
        E::from(StorageError::Other(anyhow::anyhow!(
            "blocking task failed: {e}"
        )))
    })?
}

fn create_parent_dir(path: &str) -> anyhow::Result<()> {
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(())
}

/// Several instances may start at once on PostgreSQL: an advisory lock makes one migrate
/// while the others wait.
const MIGRATION_LOCK_ID: i64 = 0x7465_7272_696c;

pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_ID})"))?;
            let result = pg.run_pending_migrations(POSTGRES_MIGRATIONS).map(versions);
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})"))?;
            result
        }
        // One exclusive transaction: another process migrating the same file waits for it
        // (the busy timeout), then finds nothing left to do.
        DbConnection::Sqlite(lite) => lite.exclusive_transaction(|lite| {
            lite.run_pending_migrations(SQLITE_MIGRATIONS).map(versions)
        }),
    };
    applied.map_err(|e| anyhow::anyhow!("migrations failed: {e}"))
}

fn versions(list: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    list.into_iter().map(|v| v.to_string()).collect()
}

/// How many events a follower of the feed reads per query.
pub const FEED_BATCH: i64 = 2_000;

/// Splits a table into `shards` ranges of its physical rows, one SQL condition each, so
/// that several threads loading it each read their part only: block ranges of the heap
/// (`ctid`, a TID range scan) on PostgreSQL, `rowid` ranges on SQLite. The last range is
/// open-ended, so rows added meanwhile are read too. A small table gets fewer ranges.
/// `table` is one of ours, never input.
pub fn row_ranges(
    conn: &mut DbConnection,
    table: &'static str,
    shards: u32,
) -> QueryResult<Vec<String>> {
    use diesel::sql_types::BigInt;
    #[derive(QueryableByName)]
    struct Size {
        #[diesel(sql_type = BigInt)]
        size: i64,
    }
    let shards = i64::from(shards.max(1));
    let (column, size) = match conn {
        DbConnection::Pg(pg) => {
            // TID range scans came with PostgreSQL 14; before it each range would scan the
            // whole table, so older servers get one range (size -1).
            let query = format!(
                "SELECT CASE WHEN current_setting('server_version_num')::int >= 140000 \
                 THEN (pg_relation_size('{table}') / current_setting('block_size')::bigint)::bigint \
                 ELSE -1 END AS size"
            );
            (
                "ctid",
                diesel::sql_query(query).get_result::<Size>(pg)?.size,
            )
        }
        DbConnection::Sqlite(lite) => {
            let query = format!("SELECT coalesce(max(rowid), 0) AS size FROM {table}");
            (
                "rowid",
                diesel::sql_query(query).get_result::<Size>(lite)?.size,
            )
        }
    };
    if size < 0 {
        return Ok(vec!["TRUE".to_owned()]);
    }
    // A small table is not worth many queries: at least 64 blocks (512 KB) or 2,000 rows
    // per range.
    let least = if column == "ctid" { 64 } else { 2_000 };
    let shards = shards.min(size / least + 1);
    let per = size / shards + 1;
    let bound = |n: i64| match column {
        "ctid" => format!("'({n},0)'::tid"),
        _ => n.to_string(),
    };
    Ok((0..shards)
        .map(|shard| {
            let from = format!("{column} >= {}", bound(shard * per));
            if shard + 1 == shards {
                from
            } else {
                format!("{from} AND {column} < {}", bound((shard + 1) * per))
            }
        })
        .collect())
}

/// Runs a statement on the connection's own engine: for what diesel's multi-engine
/// connection cannot express (`INSERT ... ON CONFLICT`), written once for both engines.
pub fn execute_native<Q>(conn: &mut DbConnection, query: Q) -> QueryResult<usize>
where
    Q: diesel::query_dsl::methods::ExecuteDsl<diesel::PgConnection>
        + diesel::query_dsl::methods::ExecuteDsl<diesel::SqliteConnection>,
{
    use diesel::query_dsl::methods::ExecuteDsl;
    match conn {
        DbConnection::Pg(pg) => ExecuteDsl::<diesel::PgConnection>::execute(query, pg),
        DbConnection::Sqlite(lite) => ExecuteDsl::<diesel::SqliteConnection>::execute(query, lite),
    }
}

/// A fresh UUID v7: time-ordered, so it doubles as a stable pagination key.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current UTC time to the microsecond: what PostgreSQL stores, so a row read back
/// compares equal to the copy kept in memory (SQLite would keep nanoseconds).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}
