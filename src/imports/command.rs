//! `terril import`: an inventory file as draft listings of an organisation, for operators
//! (the same checks and the same all-or-nothing store as `POST /api/v1/listings/import`).
//! Prints every error with its line and column, and fails when there is one.
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use diesel::OptionalExtension;

use super::{counts, prepare, store, Format, Importer, MAX_BYTES};
use crate::catalogue::taxonomy::Taxonomy;
use crate::catalogue::Catalogue;
use crate::configuration::Settings;
use crate::db::organisations::Organisation;
use crate::db::{now, Db};
use crate::domain::Actor;
use crate::domain::OrganisationId;
use crate::exchange::Context;
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
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading {} (UTF-8 text)", file.display()))?;
    let notifier = Notifier::new(settings)?;
    let seeding = db.clone();
    let taxonomy = tokio::task::spawn_blocking(move || Taxonomy::load_and_seed(&seeding)).await??;
    let catalogue = Arc::new(Catalogue::from_rows(taxonomy, &[], &[]));
    let importer = Importer {
        organisation_id: organisation_id.clone(),
        user_id: None,
    };
    // Reading and checking needs no database: errors are told before anything is opened.
    let prepared = prepare(&text, format, &catalogue.taxonomy, &importer, now());
    if !prepared.errors.is_empty() {
        for e in &prepared.errors {
            let column = e.column.as_deref().unwrap_or("-");
            eprintln!("line {}, {column}: {} ({})", e.line, e.message, e.code);
        }
        anyhow::bail!("{} errors: nothing was imported", prepared.errors.len());
    }
    let items = db
        .transact::<_, anyhow::Error, _>(move |conn| {
            Organisation::find(conn, &organisation_id)
                .optional()?
                .context("no organisation has this id")?;
            let cx = Context {
                catalogue: &catalogue,
                notifier: &notifier,
                at: now(),
            };
            let actor = Actor::of(&organisation_id, None);
            Ok(store(conn, &cx, &actor, prepared.candidates, dry_run)?)
        })
        .await?;
    let (created, existing) = counts(&items);
    let verb = if dry_run { "would create" } else { "created" };
    println!("{verb} {created} draft listings; {existing} rows name listings that exist already");
    Ok(())
}
