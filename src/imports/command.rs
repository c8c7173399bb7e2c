//! `terril import`: an inventory file as draft listings of an organisation, for operators
//! (the same checks and the same all-or-nothing store as `POST /api/v1/listings/import`).
//! Prints every error with its line and column, and fails when there is one.
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use super::operation::{Imports, Refused};
use super::{Format, RowError, MAX_BYTES};
use crate::catalogue::taxonomy::Taxonomy;
use crate::catalogue::Catalogue;
use crate::configuration::Settings;
use crate::db::Db;
use crate::domain::error::DomainError;
use crate::domain::Actor;
use crate::domain::OrganisationId;
use crate::notify::Notifier;

pub async fn run(
    settings: &Settings,
    db: Db,
    organisation: &str,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let organisation_id = OrganisationId::parse(organisation)
        .with_context(|| format!("{organisation:?} is not an organisation id"))?;
    let format = match file.extension().and_then(|e| e.to_str()) {
        Some("csv") => Format::Csv,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        _ => anyhow::bail!("the file must end in .csv, .jsonl or .ndjson"),
    };
    // The API's limits hold here too; the size is known before the file is read.
    let size = std::fs::metadata(file)
        .with_context(|| format!("reading {}", file.display()))?
        .len();
    if size > MAX_BYTES as u64 {
        anyhow::bail!(
            "{} has {size} bytes: an import takes at most {MAX_BYTES}",
            file.display()
        );
    }
    let text = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let notifier = Arc::new(Notifier::new(settings)?);
    let seeding = db.clone();
    let taxonomy = tokio::task::spawn_blocking(move || Taxonomy::load_and_seed(&seeding)).await??;
    let catalogue = Arc::new(Catalogue::from_rows(taxonomy, &[], &[]));
    let imports = Imports {
        db,
        catalogue,
        notifier,
    };
    let actor = Actor::of(&organisation_id, None);
    let report = match imports.import(actor, text, format, dry_run).await {
        Ok(report) => report,
        Err(Refused::Rows(errors)) => return refuse(&errors),
        Err(Refused::Domain(DomainError::NotFound)) => anyhow::bail!("no organisation has this id"),
        Err(refused) => return Err(refused).context(format!("reading {}", file.display())),
    };
    // The command refuses a file with errors even in a dry run, where the API reports them.
    if !report.errors.is_empty() {
        return refuse(&report.errors);
    }
    let (created, existing) = (report.created, report.existing);
    let verb = if dry_run { "would create" } else { "created" };
    println!("{verb} {created} draft listings; {existing} rows name listings that exist already");
    Ok(())
}

/// Prints every error with its line and column, and fails.
fn refuse(errors: &[RowError]) -> anyhow::Result<()> {
    for e in errors {
        let column = e.column.as_deref().unwrap_or("-");
        eprintln!("line {}, {column}: {} ({})", e.line, e.message, e.code);
    }
    anyhow::bail!("{} errors: nothing was imported", errors.len());
}
