//! The whole service assembled: database, migrations, HTTP server and delivery worker.
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use tokio::sync::watch;

use std::time::Duration;

use crate::catalogue::follow::{self, Follower};
use crate::configuration::Settings;
use crate::db::Db;
use crate::matching::run::Matcher;
use crate::notify::mailer::Mailer;
use crate::notify::worker::Worker;
use crate::notify::Notifier;
use crate::startup::{build_server, AppState};

pub struct Application {
    port: u16,
    server: Server,
    db: Db,
    worker: Option<Worker>,
    matcher: Option<Matcher>,
    follower: Arc<Follower>,
    follow_every: Duration,
}

impl Application {
    /// Connects, migrates and binds; nothing is served until [`Self::run_until_stopped`].
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        warn_about_unsafe_defaults(&settings);
        let db = open_database(&settings).await?;
        let listener = TcpListener::bind(&settings.listen)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let worker = if settings.worker.enabled {
            Some(build_worker(&settings, db.clone())?)
        } else {
            None
        };
        let (catalogue, follower) = load_catalogue(&db).await?;
        let notifier = Arc::new(Notifier::new(&settings)?);
        let matcher = settings.matching.enabled.then(|| {
            Matcher::new(
                db.clone(),
                catalogue.clone(),
                notifier.clone(),
                settings.matching.clone(),
                follower.clone(),
            )
        });
        let settings = Arc::new(settings);
        let server = build_server(
            listener,
            AppState::new(db.clone(), settings.clone(), catalogue, notifier)?,
        )?;
        tracing::info!(address = %settings.listen, port, "Terril is listening");
        Ok(Self {
            port,
            server,
            db,
            worker,
            matcher,
            follower,
            follow_every: Duration::from_millis(settings.catalogue_sync_interval_ms),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Serves until SIGINT or SIGTERM: in-flight requests finish, then the worker stops
    /// after the email it is sending.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let worker = self.worker.map(|w| tokio::spawn(w.run(stopped.clone())));
        let matcher = self.matcher.map(|m| tokio::spawn(m.run(stopped.clone())));
        let sync = tokio::spawn(self.follower.run(self.follow_every, stopped.clone()));
        let housekeeping = tokio::spawn(expire_periodically(self.db.clone(), stopped));
        let served = self.server.await;
        let _ = stop.send(true);
        if let Some(worker) = worker {
            worker.await?;
        }
        if let Some(matcher) = matcher {
            matcher.await?;
        }
        sync.await?;
        housekeeping.await?;
        tracing::info!("Terril stopped");
        Ok(served?)
    }
}

/// Opens the database and applies pending migrations.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let url = settings.database_url.clone();
    let size = settings.database_pool_size;
    let db = tokio::task::spawn_blocking(move || {
        let db = Db::connect(&url, size)?;
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

const EXPIRY_EVERY: Duration = Duration::from_secs(60);

/// Expires the posts whose window closed, once a minute.
async fn expire_periodically(db: Db, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let expired = db
            .transact(|conn| crate::catalogue::lifecycle::expire_closed(conn, crate::db::now()))
            .await;
        match expired {
            Ok((0, 0)) => {}
            Ok((listings, wanted)) => {
                tracing::info!(listings, wanted, "expired posts whose window closed")
            }
            Err(e) => tracing::warn!(error = %e, "could not expire closed posts"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EXPIRY_EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}

pub fn build_worker(settings: &Settings, db: Db) -> anyhow::Result<Worker> {
    let mailer = Mailer::from_settings(&settings.email)?;
    if settings.email.smtp_host.is_none() {
        tracing::info!(
            folder = %settings.email.outbox_dir,
            "no SMTP host configured: emails are written as .eml files in this folder"
        );
    }
    Ok(Worker::new(db, mailer, settings.worker.clone()))
}

fn warn_about_unsafe_defaults(settings: &Settings) {
    if settings.uses_development_secret() {
        tracing::warn!(
            "!!! TERRIL_JWT_SECRET is not set: tokens are signed with the public development \
             secret. Anyone can forge them. Never run like this in production. !!!"
        );
    }
}
