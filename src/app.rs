//! The whole service assembled: database, migrations, search index, HTTP server, the
//! follower of the event feed, and the job runner.
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use tokio::sync::watch;

use crate::catalogue::follow::{self, Follower};
use crate::configuration::{Environment, Settings};
use crate::db::Db;
use crate::http::AppState;
use crate::jobs::matching::Matching;
use crate::jobs::Runner;
use crate::notify::mailer::Mailer;
use crate::notify::Notifier;
use crate::startup::{build_server, loading_server};
use crate::webhooks::delivery::Dispatcher;

pub struct Application {
    port: u16,
    db: Db,
    settings: Arc<Settings>,
    listener: TcpListener,
    /// `/metrics`, apart from the API, when `TERRIL_METRICS_LISTEN` is set (else none).
    metrics_listener: Option<TcpListener>,
    /// Answers 503 (ready: no) while the search index loads.
    loading: Server,
}

impl Application {
    /// Connects, migrates, binds, and answers that it is not ready yet; the index loads and
    /// the API is served in [`Self::run_until_stopped`].
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        warn_about_unsafe_defaults(&settings);
        let db = open_database(&settings).await?;
        let listener = TcpListener::bind(&settings.listen)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let metrics_listener = match &settings.metrics_listen {
            Some(address) => Some(
                TcpListener::bind(address)
                    .map_err(|e| anyhow::anyhow!("cannot listen on {address} for metrics: {e}"))?,
            ),
            None => None,
        };
        let loading = loading_server(listener.try_clone()?)?;
        tracing::info!(address = %settings.listen, port, "Terril is listening; loading");
        Ok(Self {
            port,
            db,
            settings: Arc::new(settings),
            listener,
            metrics_listener,
            loading,
        })
    }

    /// The port of the metrics address, when it has one of its own.
    pub fn metrics_port(&self) -> Option<u16> {
        let listener = self.metrics_listener.as_ref()?;
        Some(listener.local_addr().ok()?.port())
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Loads the index, then serves until SIGINT or SIGTERM: in-flight requests finish,
    /// then the runner stops after the job in hand.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let loading = self.loading.handle();
        let waiting = tokio::spawn(self.loading);
        let settings = self.settings;
        let (catalogue, follower) = load_catalogue(&self.db).await?;
        let notifier = Arc::new(Notifier::new(&settings)?);
        let runner = build_runner(&settings, &self.db, &catalogue, &notifier, &follower)?;
        let state = AppState::new(self.db.clone(), settings.clone(), catalogue, notifier)?;
        crate::auth::password::reserve_hashing_memory();
        let server = build_server(self.listener, self.metrics_listener, state)?;
        loading.stop(true).await;
        waiting.await??;
        tracing::info!("Terril is ready");

        let (stop, stopped) = watch::channel(false);
        let every = Duration::from_millis(settings.catalogue_sync_interval_ms);
        let following = tokio::spawn(follower.run(every, stopped.clone()));
        let running = tokio::spawn(runner.run(stopped));
        let served = server.await;
        let _ = stop.send(true);
        running.await?;
        following.await?;
        tracing::info!("Terril stopped");
        Ok(served?)
    }
}

/// The runner of a `serve` instance: emails unless a separate `terril worker` delivers
/// them, matching and housekeeping unless matching is off.
fn build_runner(
    settings: &Settings,
    db: &Db,
    catalogue: &Arc<crate::catalogue::Catalogue>,
    notifier: &Arc<Notifier>,
    follower: &Arc<Follower>,
) -> anyhow::Result<Runner> {
    let mut runner = Runner::new(db.clone(), settings.worker.clone());
    if settings.worker.enabled {
        runner = runner
            .with_mailer(mailer(settings)?)
            .with_webhooks(dispatcher(settings, db, notifier.clone())?);
    }
    if settings.matching.enabled {
        runner = runner.with_matching(Matching {
            catalogue: catalogue.clone(),
            notifier: notifier.clone(),
            follower: follower.clone(),
            settings: settings.matching.clone(),
            webhook_kept_days: settings.webhooks.kept_days,
        });
    }
    Ok(runner)
}

/// Opens the database and applies pending migrations.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let url = settings.database_url.clone();
    let size = settings.database_pool_size;
    let wait = std::time::Duration::from_millis(settings.database_wait_ms);
    let db = tokio::task::spawn_blocking(move || {
        let db = Db::connect_waiting(&url, size, wait)?;
        let applied = db.migrate()?;
        Ok::<_, anyhow::Error>((db, applied))
    })
    .await??;
    let (db, applied) = db;
    tracing::info!(engine = ?db.engine(), migrations_applied = applied.len(), "database ready");
    Ok(db)
}

/// Seeds reference data and builds the search indexes, with the follower of the event
/// feed that keeps them in step with the other instances.
async fn load_catalogue(
    db: &Db,
) -> anyhow::Result<(Arc<crate::catalogue::Catalogue>, Arc<Follower>)> {
    let started = std::time::Instant::now();
    let (catalogue, follower) = follow::load(db).await?;
    tracing::info!(
        listings = catalogue.listings.len(),
        wanted = catalogue.wanted.len(),
        seconds = started.elapsed().as_secs_f64(),
        "catalogue loaded"
    );
    Ok((catalogue, follower))
}

/// A runner that only delivers emails, as `terril worker` runs.
pub fn build_worker(settings: &Settings, db: Db) -> anyhow::Result<Runner> {
    let notifier = Arc::new(Notifier::new(settings)?);
    Ok(Runner::new(db.clone(), settings.worker.clone())
        .with_mailer(mailer(settings)?)
        .with_webhooks(dispatcher(settings, &db, notifier)?))
}

/// Webhook delivery goes wherever emails are delivered: both wait on other servers.
fn dispatcher(settings: &Settings, db: &Db, notifier: Arc<Notifier>) -> anyhow::Result<Dispatcher> {
    let https_only = settings.env == Environment::Production;
    Dispatcher::new(db.clone(), settings.webhooks.clone(), https_only, notifier)
}

fn mailer(settings: &Settings) -> anyhow::Result<Mailer> {
    let mailer = Mailer::from_settings(&settings.email)?;
    if settings.email.smtp_host.is_none() {
        tracing::info!(
            folder = %settings.email.outbox_dir,
            "no SMTP host configured: emails are written as .eml files in this folder"
        );
    }
    Ok(mailer)
}

fn warn_about_unsafe_defaults(settings: &Settings) {
    if settings.jwt_secret_generated {
        tracing::warn!(
            data_dir = %settings.data_folder().display(),
            "TERRIL_JWT_SECRET is not set: tokens are signed with the secret this instance \
             made in its data folder (jwt-secret). Set TERRIL_ENV=production and a secret of \
             your own to serve real users."
        );
    }
}
