//! POST /api/v1/listings/import: an inventory as draft listings, all or none (see
//! `imports`); GET /api/v1/listings/import/template: the CSV to fill in.
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::language::language;
use crate::domain::Language;
use crate::http::body::read_limited;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::imports::{self, columns, Format};

#[derive(Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    pub dry_run: bool,
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
    let report = state
        .imports()
        .import(caller.actor(), body, format, query.dry_run)
        .await?;
    if report.dry_run {
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
