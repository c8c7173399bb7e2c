//! An inventory read, checked and stored as draft listings, all or none: the one call that
//! `POST /api/v1/listings/import` and `terril import` each make.
use std::sync::Arc;

use serde::Serialize;

use super::{counts, prepare, store, Format, Imported, Importer, RowError};
use crate::catalogue::Catalogue;
use crate::db::organisations::Organisation;
use crate::db::{now, Db};
use crate::domain::error::DomainError;
use crate::domain::Actor;
use crate::exchange::Context;
use crate::notify::Notifier;

/// What an import did, or in a dry run would do.
#[derive(Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub rows: usize,
    /// Drafts created (or, in a dry run, to be created).
    pub created: usize,
    /// Rows whose reference names a listing of the organisation already, left as it is.
    pub existing: usize,
    pub ignored_columns: Vec<String>,
    /// Every error, by line; in a dry run only (an import with errors is refused).
    pub errors: Vec<RowError>,
    pub items: Vec<Imported>,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("the file is not UTF-8 text")]
    NotText,
    /// Rows with errors (every one, with its line and column), or a file that is no
    /// inventory at all.
    #[error("{} rows of the import have errors: nothing was imported", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// What an import needs besides the file.
pub struct Imports {
    pub db: Db,
    pub catalogue: Arc<Catalogue>,
    pub notifier: Arc<Notifier>,
}

impl Imports {
    /// Reads and checks every row of `file` off the async executor, then (unless a row
    /// fails, or in a dry run) stores the drafts of the actor's organisation in one
    /// transaction. A dry run reports the errors of rows; a file that is no inventory at
    /// all is refused even then.
    pub async fn import(
        &self,
        actor: Actor,
        file: impl AsRef<[u8]> + Send + 'static,
        format: Format,
        dry_run: bool,
    ) -> Result<Report, Refused> {
        let importer = Importer {
            organisation_id: actor.organisation()?.clone(),
            user_id: actor.user_id.clone(),
        };
        let catalogue = self.catalogue.clone();
        let prepared = actix_web::rt::task::spawn_blocking(move || {
            let text = std::str::from_utf8(file.as_ref()).map_err(|_| Refused::NotText)?;
            Ok::<_, Refused>(prepare(text, format, &catalogue.taxonomy, &importer, now()))
        })
        .await
        .map_err(DomainError::internal)??;
        if !prepared.errors.is_empty() && (!dry_run || prepared.refused) {
            return Err(Refused::Rows(prepared.errors));
        }
        let (catalogue, notifier) = (self.catalogue.clone(), self.notifier.clone());
        let candidates = prepared.candidates;
        let work = move |conn: &mut crate::db::DbConnection| -> Result<_, DomainError> {
            // An organisation that does not exist (a mistyped id given to `terril import`)
            // holds nothing: nothing is imported for it.
            Organisation::find(conn, actor.organisation()?)?;
            let cx = Context {
                catalogue: &catalogue,
                notifier: &notifier,
                at: now(),
            };
            store(conn, &cx, &actor, candidates, dry_run)
        };
        let items = if dry_run {
            self.db.run(work).await?
        } else {
            self.db.transact(work).await?
        };
        let (created, existing) = counts(&items);
        Ok(Report {
            dry_run,
            rows: prepared.rows,
            created,
            existing,
            ignored_columns: prepared.ignored_columns,
            errors: prepared.errors,
            items,
        })
    }
}
