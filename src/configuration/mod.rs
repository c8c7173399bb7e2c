//! Typed settings: built-in defaults, then an optional TOML file, then `TERRIL_*` variables.
//!
//! The file is `terril.toml` in the working directory, or the path in `TERRIL_CONFIG`.
//! Nested keys use a double underscore in variables: `TERRIL_EMAIL__SMTP_HOST`.
//! Variables read (all optional):
//! `TERRIL_ENV` (development | production), `TERRIL_LISTEN`, `TERRIL_METRICS_LISTEN`, `TERRIL_DATABASE_URL`,
//! `TERRIL_DATABASE_POOL_SIZE`, `TERRIL_PUBLIC_BASE_URL`, `TERRIL_JWT_SECRET`,
//! `TERRIL_ACCESS_TOKEN_TTL_SECS`, `TERRIL_REFRESH_TOKEN_TTL_DAYS`, `TERRIL_LOG_FORMAT`
//! (pretty | json), `TERRIL_LOG_FILTER`, `TERRIL_CATALOGUE_SYNC_INTERVAL_MS`, `TERRIL_EMAIL__FROM`, `TERRIL_EMAIL__OUTBOX_DIR`,
//! `TERRIL_EMAIL__SMTP_HOST`, `TERRIL_EMAIL__SMTP_PORT`, `TERRIL_EMAIL__SMTP_USERNAME`,
//! `TERRIL_EMAIL__SMTP_PASSWORD`, `TERRIL_EMAIL__SMTP_TLS` (none | starttls | tls),
//! `TERRIL_EMAIL__MATCH_GROUPING_SECS`,
//! `TERRIL_WORKER__*` (see [`WorkerSettings`]), `TERRIL_HTTP__BODY_LIMIT_BYTES`,
//! `TERRIL_HTTP__CORS_ALLOWED_ORIGINS` (`[https://a.example, https://b.example]`),
//! `TERRIL_RATE_LIMIT__*` (see [`RateLimitSettings`]), `TERRIL_QUOTAS__*`.
use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub mod photos;
pub mod rate_limit;
pub mod server;
pub mod web;
pub mod webhooks;
pub mod work;

pub use rate_limit::RateLimitSettings;
pub use server::{HttpSettings, QuotaSettings};
pub use work::{MatchingSettings, WorkerSettings};

/// Where a development instance keeps the secret it made itself, in its data folder.
const GENERATED_SECRET_FILE: &str = "jwt-secret";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub env: Environment,
    pub listen: String,
    /// The address of a server that serves `/metrics` alone; unset, metrics are off. They
    /// are never served on `listen`.
    pub metrics_listen: Option<String>,
    /// `postgres://...` selects PostgreSQL; anything else is a SQLite file path.
    pub database_url: String,
    /// Defaults to a size fitted to the engine (see `db::pool`).
    pub database_pool_size: Option<u32>,
    /// How long a request waits for a database connection before answering 503.
    pub database_wait_ms: u64,
    /// Used to build links in emails, the sitemap and pages' shared links (see `base_url`).
    pub public_base_url: String,
    /// Where Terril keeps what it makes itself (the generated development secret); by
    /// default the SQLite database's folder, or `data`.
    pub data_dir: Option<String>,
    pub jwt_secret: Option<SecretString>,
    /// Whether `jwt_secret` is the one a development instance made itself.
    #[serde(skip)]
    pub jwt_secret_generated: bool,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    pub log_format: LogFormat,
    pub log_filter: String,
    /// How often each instance polls for posts written by other instances.
    pub catalogue_sync_interval_ms: u64,
    pub email: EmailSettings,
    pub worker: WorkerSettings,
    pub matching: MatchingSettings,
    pub http: HttpSettings,
    pub rate_limit: RateLimitSettings,
    pub quotas: QuotaSettings,
    pub webhooks: webhooks::WebhookSettings,
    pub web: web::WebSettings,
    pub photos: photos::PhotoSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            env: Environment::Development,
            listen: "127.0.0.1:8080".into(),
            metrics_listen: None,
            database_url: "data/terril.db".into(),
            database_pool_size: None,
            database_wait_ms: 2_000,
            public_base_url: "http://127.0.0.1:8080".into(),
            data_dir: None,
            jwt_secret: None,
            jwt_secret_generated: false,
            access_token_ttl_secs: 900,
            refresh_token_ttl_days: 30,
            log_format: LogFormat::Pretty,
            log_filter: "info".into(),
            catalogue_sync_interval_ms: 500,
            email: EmailSettings::default(),
            worker: WorkerSettings::default(),
            matching: MatchingSettings::default(),
            http: HttpSettings::default(),
            rate_limit: RateLimitSettings::default(),
            quotas: QuotaSettings::default(),
            webhooks: Default::default(),
            web: Default::default(),
            photos: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    #[default]
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct EmailSettings {
    pub from: String,
    /// Where emails are written when no SMTP host is set.
    pub outbox_dir: String,
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
    pub smtp_tls: SmtpTls,
    pub smtp_timeout_secs: u64,
    /// The domain part of every Message-ID.
    pub message_id_domain: String,
    /// Notification emails one user receives at most in an hour; the rest of the hour's
    /// go into their next daily digest. Account emails are never held back.
    pub notifications_per_hour: u32,
    /// How long a match email waits for the matches found after it, to go out with them
    /// as one email (`notify::grouped`), in seconds. 0: at the next pass (every 30 s).
    pub match_grouping_secs: u64,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            from: "Terril <no-reply@terril.localhost>".into(),
            outbox_dir: "data/outbox".into(),
            smtp_host: None,
            smtp_port: 587,
            smtp_username: None,
            smtp_password: None,
            smtp_tls: SmtpTls::Starttls,
            smtp_timeout_secs: 10,
            message_id_domain: "terril.localhost".into(),
            notifications_per_hour: 20,
            match_grouping_secs: 120,
        }
    }
}

impl Settings {
    /// Reads defaults, then the optional file, then the environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("TERRIL_CONFIG").unwrap_or_else(|_| "terril.toml".into());
        let mut settings: Settings = Figment::new()
            .merge(Toml::file(file))
            .merge(Env::prefixed("TERRIL_").ignore(&["CONFIG"]).split("__"))
            .extract()?;

        settings.check()?;
        settings.ensure_jwt_secret()?;
        Ok(settings)
    }

    /// Refuses settings that are unsafe for the chosen environment.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.env == Environment::Production && self.jwt_secret.is_none() {
            anyhow::bail!("TERRIL_JWT_SECRET must be set when TERRIL_ENV=production");
        }
        if let Some(secret) = &self.jwt_secret {
            if secret.expose_secret().len() < 32 {
                anyhow::bail!("the JWT secret must be at least 32 bytes long");
            }
        }
        self.check_public_base_url()
    }

    /// The public base URL without a trailing slash, ready for a path to follow.
    pub fn base_url(&self) -> &str {
        self.public_base_url.trim_end_matches('/')
    }

    /// Links in emails must be https in production: RFC 8058's one-click unsubscribe is,
    /// and a sign-in or reset link over http gives its token away on the way.
    fn check_public_base_url(&self) -> anyhow::Result<()> {
        let base = &self.public_base_url;
        let url = url::Url::parse(base).ok().filter(url::Url::has_host);
        match url.as_ref().map(url::Url::scheme) {
            Some("https") => Ok(()),
            Some("http") if self.env == Environment::Development => Ok(()),
            Some("http") => anyhow::bail!(
                "TERRIL_PUBLIC_BASE_URL must be an https:// URL when TERRIL_ENV=production \
                 (it is {base}): links in emails, unsubscribe links included (RFC 8058)"
            ),
            _ => anyhow::bail!("TERRIL_PUBLIC_BASE_URL must be an http(s) URL (it is {base:?})"),
        }
    }

    /// Without a configured secret (development only: `check` refuses it in production),
    /// uses the one in `<data_dir>/jwt-secret`, made at random on the first start and
    /// readable by its owner only, so every process of this folder signs alike and tokens
    /// outlive a restart. No secret is ever built in.
    pub fn ensure_jwt_secret(&mut self) -> anyhow::Result<()> {
        if self.jwt_secret.is_none() {
            let path = self.data_folder().join(GENERATED_SECRET_FILE);
            self.jwt_secret = Some(generated_secret(&path)?.into());
            self.jwt_secret_generated = true;
        }
        Ok(())
    }

    /// `data_dir`, or the SQLite database's folder, or `data`.
    pub fn data_folder(&self) -> std::path::PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.into();
        }
        if !self.is_postgres() {
            let file = self
                .database_url
                .strip_prefix("sqlite://")
                .unwrap_or(&self.database_url);
            if let Some(folder) = std::path::Path::new(file).parent() {
                return folder.to_path_buf();
            }
        }
        "data".into()
    }

    /// The signing secret. Settings built in code without one get a random secret of this
    /// process alone (tokens then die with it): there is no default anyone could know.
    pub fn jwt_secret_bytes(&self) -> Vec<u8> {
        static PROCESS_SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        match &self.jwt_secret {
            Some(secret) => secret.expose_secret().as_bytes().to_vec(),
            None => PROCESS_SECRET
                .get_or_init(crate::domain::secret::new_secret)
                .as_bytes()
                .to_vec(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        is_postgres_url(&self.database_url)
    }
}

/// Whether a database URL names PostgreSQL (anything else is a SQLite file).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The secret kept at `path`, made (at random, owner-only) when there is none. Two
/// processes starting at once agree: the file is created once, and read by the other.
fn generated_secret(path: &std::path::Path) -> anyhow::Result<String> {
    use std::io::Write;
    if let Ok(kept) = std::fs::read_to_string(path) {
        if kept.trim().len() >= 32 {
            return Ok(kept.trim().to_owned());
        }
        anyhow::bail!(
            "{} holds no usable secret: remove it to make a new one",
            path.display()
        );
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let secret = crate::domain::secret::new_secret();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())?;
            file.sync_all()?;
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            // Another process made it a moment ago.
            std::thread::sleep(std::time::Duration::from_millis(50));
            Ok(std::fs::read_to_string(path)?.trim().to_owned())
        }
        Err(e) => Err(anyhow::anyhow!("cannot create {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_base_url_is_an_http_or_https_url_with_a_host() {
        let with = |base: &str| Settings {
            public_base_url: base.into(),
            ..Settings::default()
        };
        assert!(with("http://127.0.0.1:8080").check().is_ok());
        for base in ["terril.example.org", "ftp://terril.example.org", "https://"] {
            assert!(with(base).check().is_err(), "{base}");
        }
    }

    #[test]
    fn a_development_start_makes_its_secret_once_owner_only_and_reuses_it() {
        let folder = tempfile::tempdir().unwrap();
        let mut first = Settings {
            data_dir: Some(folder.path().join("data").display().to_string()),
            ..Settings::default()
        };
        first.ensure_jwt_secret().unwrap();
        let mut second = Settings {
            data_dir: first.data_dir.clone(),
            ..Settings::default()
        };
        second.ensure_jwt_secret().unwrap();
        assert_eq!(first.jwt_secret_bytes(), second.jwt_secret_bytes());
        assert!(first.jwt_secret_bytes().len() >= 32);
        let path = folder.path().join("data").join(GENERATED_SECRET_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = tempfile::tempdir().unwrap();
        let mut elsewhere = Settings {
            data_dir: Some(other.path().display().to_string()),
            ..Settings::default()
        };
        elsewhere.ensure_jwt_secret().unwrap();
        assert_ne!(
            first.jwt_secret_bytes(),
            elsewhere.jwt_secret_bytes(),
            "made at random"
        );
    }
}
