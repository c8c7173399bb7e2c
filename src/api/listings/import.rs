//! POST /api/v1/listings/import: an inventory as draft listings, all or none (see
//! `imports`); GET /api/v1/listings/import/template: the CSV to fill in.
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::language::language;
use crate::db::now;
use crate::domain::Language;
use crate::http::body::read_limited;
use crate::http::error::ApiError;
use crate::http::Caller;
use crate::http::{AppState, EdgeDb};
use crate::imports::{self, columns, Format, Imported, Importer, RowError};

#[derive(Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Serialize)]
struct Report {
    dry_run: bool,
    rows: usize,
    /// Drafts created (or, in a dry run, to be created).
    created: usize,
    /// Rows whose reference names a listing of the organisation already, left as it is.
    existing: usize,
    ignored_columns: Vec<String>,
    /// Every error, by line; in a dry run only (an import with errors answers 422).
    errors: Vec<RowError>,
    items: Vec<Imported>,
}

fn format_of(req: &HttpRequest) -> Result<Format, ApiError> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    match essence.to_ascii_lowercase().as_str() {
        "text/csv" => Ok(Format::Csv),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
            Ok(Format::JsonLines)
        }
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

#[tracing::instrument(skip_all)]
pub async fn import(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let format = format_of(&req)?;
    // Refused at the byte limit while it arrives; the rows' limit is the readers'.
    let body = read_limited(&req, payload, imports::MAX_BYTES).await?;
    let dry_run = query.dry_run;
    let importer = Importer {
        organisation_id: caller.organisation_id.clone(),
        user_id: caller.actor().user_id,
    };
    let app = state.clone();
    let prepared = web::block(move || {
        let text = std::str::from_utf8(&body)
            .map_err(|_| ApiError::BadRequest("the file is not UTF-8 text".into()))?;
        Ok::<_, ApiError>(imports::prepare(
            text,
            format,
            &app.catalogue.taxonomy,
            &importer,
            now(),
        ))
    })
    .await
    .map_err(ApiError::internal)??;
    // A dry run reports the errors of rows; a file that is no inventory at all is refused.
    if !prepared.errors.is_empty() && (!dry_run || prepared.refused) {
        return Err(ApiError::ImportRejected(prepared.errors));
    }
    let app = state.clone();
    let candidates = prepared.candidates;
    let work = move |conn: &mut crate::db::DbConnection| {
        let (cx, actor) = (app.context(), caller.actor());
        Ok(imports::store(conn, &cx, &actor, candidates, dry_run)?)
    };
    let items = if dry_run {
        state.db.read(work).await?
    } else {
        state.db.write(work).await?
    };
    let (created, existing) = imports::counts(&items);
    let report = Report {
        dry_run,
        rows: prepared.rows,
        created,
        existing,
        ignored_columns: prepared.ignored_columns,
        errors: prepared.errors,
        items,
    };
    if dry_run {
        Ok(HttpResponse::Ok().json(report))
    } else {
        Ok(HttpResponse::Created().json(report))
    }
}

/// The CSV template in the page's language (`?lang=fr|en`, else `Accept-Language`).
pub async fn template(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let french = language(&req) == Language::Fr;
    let name = if french { "fr" } else { "en" };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"terril-import-{name}.csv\""),
        ))
        .body(columns::template(french)?))
}
