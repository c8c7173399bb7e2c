//! A database of its own for each test: a SQLite file, or a fresh PostgreSQL database when
//! `TEST_DATABASE_URL` is set.
//!
//! On PostgreSQL each test's database is a copy of a migrated template (`CREATE DATABASE ..
//! TEMPLATE ..`), a file copy on the server, instead of a fresh database that runs every
//! migration again. The template is made once, by the first test that needs it in any
//! process, and kept between runs: its name carries a hash of `migrations/postgres`, so a
//! changed or added migration makes a new one.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::Connection;
use diesel::PgConnection;
use sha2::{Digest, Sha256};

/// A fresh database for one test, removed afterwards.
pub struct TestDatabase {
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub fn create() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(admin_url),
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let url = dir.path().join("terril.db").to_str().unwrap().to_owned();
                Self {
                    url,
                    admin_url: None,
                    name: String::new(),
                    _dir: Some(dir),
                }
            }
        }
    }

    fn postgres(admin_url: String) -> Self {
        let template = template(&admin_url);
        let name = format!("terril_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&admin_url).expect("TEST_DATABASE_URL");
        conn.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .unwrap();
        Self {
            url: database_url(&admin_url, &name),
            admin_url: Some(admin_url),
            name,
            _dir: None,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(admin_url) = &self.admin_url {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }
}

/// The URL of database `name` on the server of `admin_url`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL ends with /name");
    format!("{base}/{name}")
}

/// Held while a process looks for the template and makes it if it is missing, so that test
/// processes started together (`cargo test` runs test binaries one after the other, but two
/// `cargo test`s may share a server) make it once; released with the session if one dies.
const TEMPLATE_LOCK_ID: i64 = 0x0074_6573_7474_706c; // "testtpl"

/// The name of the migrated template, made on first use. The threads of one process wait on
/// the `OnceLock`, processes on the advisory lock.
fn template(admin_url: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("terril_template_{}", migrations_hash());
        let mut admin = PgConnection::establish(admin_url).expect("TEST_DATABASE_URL");
        admin
            .batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_ID})"))
            .unwrap();
        let made = make_template(&mut admin, admin_url, &name);
        admin
            .batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_ID})"))
            .unwrap();
        made.unwrap_or_else(|e| panic!("making the template database {name}: {e}"));
        name
    })
}

/// Makes template `name` unless it is there. `datistemplate` marks a finished one: a
/// database of that name without it is what a process that died while migrating left, and is
/// made again.
fn make_template(admin: &mut PgConnection, admin_url: &str, name: &str) -> anyhow::Result<()> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Nullable};
    use diesel::RunQueryDsl;
    let finished: Option<bool> = diesel::select(sql::<Nullable<Bool>>(&format!(
        "(SELECT datistemplate FROM pg_database WHERE datname = '{name}')"
    )))
    .get_result(admin)?;
    if finished == Some(true) {
        return Ok(());
    }
    if finished == Some(false) {
        admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))?;
    }
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let url = database_url(admin_url, name);
    {
        // The app's own migration code, through a pool of one that is closed again before
        // the template is copied (a template may have no one connected).
        let db = terril::db::Db::connect(&url, Some(1))?;
        db.migrate()?;
    }
    admin.batch_execute(&format!("ALTER DATABASE {name} WITH IS_TEMPLATE true"))?;
    Ok(())
}

/// The first 16 hex digits of a SHA-256 over every file under migrations/postgres (its path
/// and its contents, in path order).
fn migrations_hash() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    files.sort();
    let mut hash = Sha256::new();
    for file in files {
        hash.update(
            file.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .as_bytes(),
        );
        hash.update([0]);
        hash.update(std::fs::read(&file).unwrap());
        hash.update([0]);
    }
    format!("{:x}", hash.finalize())[..16].to_owned()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}
