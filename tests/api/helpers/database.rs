//! A database of its own for each test: a SQLite file, or a fresh PostgreSQL database when
//! `TEST_DATABASE_URL` is set.
use diesel::connection::SimpleConnection;
use diesel::Connection;

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
        let name = format!("terril_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = diesel::PgConnection::establish(&admin_url).expect("TEST_DATABASE_URL");
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("a database URL ends with /name");
        Self {
            url: format!("{base}/{name}"),
            admin_url: Some(admin_url),
            name,
            _dir: None,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(admin_url) = &self.admin_url {
            if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }
}
