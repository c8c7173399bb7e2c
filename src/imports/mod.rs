//! Bulk import of an inventory (a pre-demolition audit, PEMD) as draft listings: a CSV
//! (French or English headers, `;` or `,`, UTF-8 with or without BOM) or JSON lines (one
//! listing per line, as `POST /api/v1/listings` takes it), up to [`MAX_ROWS`] rows.
//!
//! [`prepare`] reads and checks every row with the API's own rules, without the database,
//! and reports every error with its line and column. [`store`] then creates the drafts in
//! the caller's transaction, all or none. Every row names an `external_ref`: a row whose
//! reference already names one of the organisation's listings is left as it is, so
//! importing the same file twice creates nothing the second time.
pub mod columns;
pub mod command;
pub mod operation;
mod rows;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::Actor;
use crate::domain::{ListingId, OrganisationId, PostStatus, UserId};
use crate::exchange::Context;
use crate::posts::input::PostInput;
use crate::posts::lifecycle;
use crate::posts::listing::ListingInput;

pub use crate::domain::error::RowError;

/// The most rows one import takes.
pub const MAX_ROWS: usize = 10_000;
/// The largest file: 10,000 rows of a full audit fit in well under this.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Where imports are posted (its body may be larger than the app's limit).
pub const PATH: &str = "/api/v1/listings/import";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

/// A row that passed every check, as the draft it becomes.
pub struct Candidate {
    pub line: usize,
    pub external_ref: String,
    pub row: Listing,
}

pub struct Prepared {
    pub rows: usize,
    pub candidates: Vec<Candidate>,
    pub errors: Vec<RowError>,
    /// Headers that name no column (kept from the audit's spreadsheet, and left out).
    pub ignored_columns: Vec<String>,
    /// The file as a whole is refused (no usable headers, too many rows): even a dry
    /// run has no rows to report on.
    pub refused: bool,
}

/// Who imports: the organisation, and the user when a person does.
pub struct Importer {
    pub organisation_id: OrganisationId,
    pub user_id: Option<UserId>,
}

/// Reads and checks every row; nothing is stored.
pub fn prepare(
    text: &str,
    format: Format,
    taxonomy: &Taxonomy,
    importer: &Importer,
    at: NaiveDateTime,
) -> Prepared {
    let text = text.trim_start_matches('\u{feff}');
    // The readers stop at row MAX_ROWS + 1: a longer file costs no more than that.
    let read = match format {
        Format::Csv => rows::csv(text, MAX_ROWS),
        Format::JsonLines => rows::json_lines(text, MAX_ROWS),
    };
    let mut prepared = Prepared {
        rows: read.rows.len(),
        candidates: Vec::new(),
        errors: read.errors,
        ignored_columns: read.ignored_columns,
        refused: read.refused,
    };
    if prepared.refused {
        return prepared;
    }
    let mut seen = HashSet::new();
    for (line, object) in read.rows {
        match rows::check(line, object, taxonomy) {
            Ok((input, checked)) => {
                let Some(external_ref) = input.external_ref.clone() else {
                    let message = "every imported row needs its reference";
                    let error = RowError::new(line, Some("external_ref"), "required", message);
                    prepared.errors.push(error);
                    continue;
                };
                if !seen.insert(external_ref.clone()) {
                    let message = "this reference is on an earlier row of the file";
                    let error = RowError::new(line, Some("external_ref"), "duplicate", message);
                    prepared.errors.push(error);
                    continue;
                }
                let mut row = draft(importer, at);
                input.apply(checked, &mut row);
                prepared.candidates.push(Candidate {
                    line,
                    external_ref,
                    row,
                });
            }
            Err(errors) => prepared.errors.extend(errors),
        }
    }
    prepared.errors.sort_by_key(|e| e.line);
    prepared
}

/// A new draft of the importer's, as `POST /api/v1/listings` makes one.
fn draft(importer: &Importer, at: NaiveDateTime) -> Listing {
    let (organisation_id, author) = (importer.organisation_id.clone(), importer.user_id.clone());
    ListingInput::new_row(organisation_id, author, PostStatus::Draft, at)
}

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    /// In a dry run: would be created.
    ToCreate,
    /// The reference names a listing of the organisation already, left as it is.
    Existing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub line: usize,
    pub external_ref: String,
    pub id: ListingId,
    pub outcome: Outcome,
}

/// How many rows of `items` are new (created, or to be created) and how many exist.
pub fn counts(items: &[Imported]) -> (usize, usize) {
    let existing = items
        .iter()
        .filter(|i| i.outcome == Outcome::Existing)
        .count();
    (items.len() - existing, existing)
}

/// Creates the drafts of `candidates` that do not exist yet, in the caller's transaction
/// (all or none); with `dry_run`, only says what would be done.
pub fn store(
    conn: &mut DbConnection,
    cx: &Context<'_>,
    actor: &Actor,
    candidates: Vec<Candidate>,
    dry_run: bool,
) -> Result<Vec<Imported>, DomainError> {
    let organisation_id = actor.organisation()?.clone();
    let references: Vec<String> = candidates.iter().map(|c| c.external_ref.clone()).collect();
    let existing: HashMap<String, ListingId> =
        Listing::ids_by_external_refs(conn, &organisation_id, &references)?
            .into_iter()
            .collect();
    let mut imported = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let (id, outcome) = match existing.get(&candidate.external_ref) {
            Some(id) => (id.clone(), Outcome::Existing),
            None if dry_run => (candidate.row.id.clone(), Outcome::ToCreate),
            None => {
                lifecycle::create(conn, cx, actor, &candidate.row)?;
                (candidate.row.id.clone(), Outcome::Created)
            }
        };
        imported.push(Imported {
            line: candidate.line,
            external_ref: candidate.external_ref,
            id,
            outcome,
        });
    }
    Ok(imported)
}
