//! The `terril` command: `serve` (the default), `migrate`, `worker`, `demo`, `generate`,
//! `outbox`, `jobs`, `import`.
use clap::{Parser, Subcommand};
use tokio::sync::watch;

use crate::app::{build_worker, open_database, Application};
use crate::catalogue::taxonomy::Taxonomy;
use crate::configuration::Settings;
use crate::db::jobs::Job;
use crate::db::now;
use crate::db::outbox::OutboxEmail;
use crate::domain::EmailStatus;

#[derive(Parser)]
#[command(
    name = "terril",
    version,
    about = "Terril: an open materials exchange for reuse"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API (and deliver emails in-process unless --no-worker).
    Serve {
        /// Leave email delivery to a separate `terril worker`.
        #[arg(long)]
        no_worker: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Deliver emails from the outbox, without serving the API.
    Worker,
    /// Fill a fresh database with a small demo catalogue around Lens and Lille.
    Demo,
    /// Load generated benchmark data (deterministic for a seed).
    Generate {
        #[arg(long, default_value_t = 1_000_000)]
        listings: usize,
        #[arg(long, default_value_t = 200_000)]
        wanted: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Inspect the email outbox, or put a failed email back in the queue.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
    /// Inspect the job queue (counts, dead jobs), or put a dead job back in the queue.
    Jobs {
        #[command(subcommand)]
        action: Option<JobsAction>,
    },
    /// Import an inventory (CSV or JSON lines, as POST /api/v1/listings/import takes it)
    /// as draft listings of an organisation: all rows or none.
    Import {
        /// The organisation's id.
        #[arg(long)]
        organisation: String,
        /// Check every row and say what would be created; store nothing.
        #[arg(long)]
        dry_run: bool,
        /// A .csv, .jsonl or .ndjson file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
pub enum JobsAction {
    /// Counts by kind and status, periodic jobs, and the latest dead jobs (the default).
    Status,
    /// Queue a dead job again (by its id, or the id of what it is about), attempts reset.
    Retry { id: String },
}

#[derive(Subcommand)]
pub enum OutboxAction {
    /// Counts by status and the latest failed emails (the default).
    Status,
    /// Queue a failed email again, with its attempts reset.
    Retry { id: String },
}

pub async fn run(cli: Cli, mut settings: Settings) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve { no_worker: false }) {
        Command::Serve { no_worker } => {
            settings.worker.enabled &= !no_worker;
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Command::Migrate => open_database(&settings).await.map(drop),
        Command::Worker => run_worker(settings).await,
        Command::Demo => demo(settings).await,
        Command::Generate {
            listings,
            wanted,
            seed,
        } => generate(settings, listings, wanted, seed).await,
        Command::Outbox { action } => {
            outbox(settings, action.unwrap_or(OutboxAction::Status)).await
        }
        Command::Jobs { action } => jobs(settings, action.unwrap_or(JobsAction::Status)).await,
        Command::Import {
            organisation,
            dry_run,
            file,
        } => {
            let db = open_database(&settings).await?;
            crate::imports::command::run(&settings, db, &organisation, &file, dry_run).await
        }
    }
}

async fn demo(settings: Settings) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let loaded = tokio::task::spawn_blocking(move || {
        let taxonomy = Taxonomy::load_and_seed(&db)?;
        crate::catalogue::demo::load(&db, &taxonomy)
    })
    .await??;
    if loaded {
        println!("demo data loaded: 4 organisations, 40 listings and 20 wanted requests around Lens and Lille");
        println!(
            "try: curl 'http://127.0.0.1:8080/api/v1/listings?lat=50.4320&lon=2.8330&radius_km=30'"
        );
    } else {
        println!("the demo data is there already");
    }
    Ok(())
}

async fn generate(
    settings: Settings,
    listings: usize,
    wanted: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let started = std::time::Instant::now();
    tokio::task::spawn_blocking(move || {
        let taxonomy = Taxonomy::load_and_seed(&db)?;
        crate::catalogue::generate::load(&db, &taxonomy, seed, listings, wanted)
    })
    .await??;
    println!(
        "loaded {listings} listings and {wanted} wanted requests (seed {seed}) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run_worker(settings: Settings) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let worker = build_worker(&settings, db)?;
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(worker.run(stopped));
    shutdown_signal().await;
    let _ = stop.send(true);
    running.await?;
    Ok(())
}

async fn shutdown_signal() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing the SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}

/// Operators' view of the outbox, printed on stdout.
async fn outbox(settings: Settings, action: OutboxAction) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let mut conn = db.get()?;
    match action {
        OutboxAction::Status => {
            for status in [EmailStatus::Pending, EmailStatus::Sent, EmailStatus::Failed] {
                println!(
                    "{status:>8}: {}",
                    OutboxEmail::count_by_status(&mut conn, status)?
                );
            }
            for email in OutboxEmail::list_by_status(&mut conn, EmailStatus::Failed, 50)? {
                println!(
                    "failed {} to {} after {} attempts: {}",
                    email.id,
                    email.recipient,
                    email.attempts,
                    email.last_error.unwrap_or_default()
                );
            }
        }
        OutboxAction::Retry { id } => {
            if !OutboxEmail::retry_failed(&mut conn, &id, now())? {
                anyhow::bail!("no failed email with id {id}");
            }
            println!("email {id} queued again");
        }
    }
    Ok(())
}

/// Operators' view of the job queue, printed on stdout.
async fn jobs(settings: Settings, action: JobsAction) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let mut conn = db.get()?;
    match action {
        JobsAction::Status => {
            for (kind, status, count) in Job::counts(&mut conn)? {
                println!("{kind:>14} {status:>6}: {count}");
            }
            for kind in crate::jobs::periodic::KINDS {
                if let Some(job) = Job::periodic(&mut conn, kind)? {
                    println!(
                        "periodic {}: {} runs, next at {}",
                        job.kind, job.runs, job.due_at
                    );
                }
            }
            for job in Job::dead(&mut conn, 50)? {
                println!(
                    "dead {} {} ({}) after {} attempts: {}",
                    job.kind,
                    job.id,
                    job.subject_id.unwrap_or_default(),
                    job.attempts,
                    job.last_error.unwrap_or_default()
                );
            }
        }
        JobsAction::Retry { id } => {
            if !Job::retry_dead(&mut conn, &id, now())? {
                anyhow::bail!("no dead job with id {id} or about {id}");
            }
            println!("job {id} queued again");
        }
    }
    Ok(())
}
