//! Impact reports over HTTP: an organisation's own (GET /api/v1/organisations/{id}/impact),
//! and any territory's, public (GET /api/v1/territories/{level}/{code}/impact). JSON, or
//! CSV with `format=csv`, in the language of `lang` or `Accept-Language`.
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::language::language;
use crate::db::impact_cells::{self, Cell};
use crate::db::now;
use crate::domain::{OrganisationId, TerritoryLevel};
use crate::gazetteer::gazetteer;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::impact::disclosure::{disclose, MIN_ORGANISATIONS};
use crate::impact::reports::{self, organisation_csv, organisation_lines, Line, Months};
use crate::impact::Factors;

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub from: Option<String>,
    pub until: Option<String>,
    pub format: Option<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
}

/// GET /api/v1/organisations/{id}/impact: what the caller's organisation gave and received.
#[tracing::instrument(skip_all)]
pub async fn organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = caller.own_organisation(&id)?.to_owned();
    let months = Months::parse(query.from.as_deref(), query.until.as_deref(), now().date())?;
    let lang = language(&req);
    let taxonomy = &state.catalogue.taxonomy;
    let (given, received) =
        organisation_lines(&state.db, taxonomy, &caller.actor(), &months, lang).await?;
    if query.format == Some(Format::Csv) {
        let body = organisation_csv(&given, &received, lang)?;
        return Ok(csv_answer(body, &format!("terril-impact-{id}")));
    }
    Ok(HttpResponse::Ok().json(json!({
        "organisation_id": id,
        "months": months,
        "current_method_version": Factors::current().method_version,
        "given": { "totals": reports::totals(&given), "lines": given },
        "received": { "totals": reports::totals(&received), "lines": received },
    })))
}

/// GET /api/v1/territories/{level}/{code}/impact: the exchanges whose material left it,
/// cells of fewer than three organisations withheld (`impact::disclosure`).
#[tracing::instrument(skip_all)]
pub async fn territory(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(TerritoryLevel, String)>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (level, code) = path.into_inner();
    let name = territory_name(level, &code).ok_or(ApiError::NotFound)?;
    let months = Months::parse(query.from.as_deref(), query.until.as_deref(), now().date())?;
    let cells = {
        let (m, code) = (months.clone(), code.clone());
        state
            .db
            .read(move |conn| {
                Ok(impact_cells::cells(
                    conn,
                    level,
                    Some(&code),
                    &m.from,
                    &m.until,
                    0,
                )?)
            })
            .await?
    };
    let disclosed = disclose(cells);
    let rows = disclosed.shown.iter().map(Cell::line).collect();
    let lang = language(&req);
    let lines = reports::lines(rows, &state.catalogue.taxonomy, lang);
    if query.format == Some(Format::Csv) {
        let rows: Vec<(Vec<String>, &Line)> = lines.iter().map(|l| (Vec::new(), l)).collect();
        let body = reports::csv(&rows, &[], lang)?;
        return Ok(csv_answer(body, &format!("terril-impact-{code}")));
    }
    Ok(HttpResponse::Ok().json(json!({
        "territory": { "level": level, "code": code, "name": name },
        "months": months,
        "totals": reports::totals(&lines),
        "lines": lines,
        "withheld_lines": disclosed.withheld,
        "min_organisations": MIN_ORGANISATIONS,
    })))
}

/// Whether the gazetteer knows the territory: Some(its name, where it has one).
fn territory_name(level: TerritoryLevel, code: &str) -> Option<Option<String>> {
    let gazetteer = gazetteer();
    match level {
        TerritoryLevel::Commune => gazetteer.by_code(code).map(|c| Some(c.name.clone())),
        TerritoryLevel::Epci => gazetteer.has_epci(code).then_some(None),
        TerritoryLevel::Department => gazetteer.has_department(code).then_some(None),
        TerritoryLevel::Region => gazetteer.has_region(code).then_some(None),
    }
}

pub(super) fn csv_answer(body: String, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(body)
}
