//! The open-data export (`impact::open_data`), public: GET /api/v1/open-data/exchanges.csv
//! and its description, GET /api/v1/open-data/datapackage.json.
use actix_web::{web, HttpResponse};

use super::impact::csv_answer;
use crate::db::impact_cells;
use crate::db::now;
use crate::domain::TerritoryLevel;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::impact::disclosure::{disclose, MIN_ORGANISATIONS};
use crate::impact::open_data::{self, FILE_NAME};
use crate::impact::Factors;

/// Every month, as the cells hold them (`YYYY-MM` sorts between these).
const FIRST_MONTH: &str = "0000-01";
const LAST_MONTH: &str = "9999-12";

/// GET /api/v1/open-data/exchanges.csv: every shown commune cell, by month, commune and
/// family.
#[tracing::instrument(skip_all)]
pub async fn exchanges(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let cells = state
        .db
        .read(|conn| {
            let level = TerritoryLevel::Commune;
            Ok(impact_cells::cells(
                conn,
                level,
                None,
                FIRST_MONTH,
                LAST_MONTH,
                MIN_ORGANISATIONS,
            )?)
        })
        .await?;
    let body = open_data::csv(&disclose(cells).shown, &state.catalogue.taxonomy)?;
    Ok(csv_answer(body, FILE_NAME.trim_end_matches(".csv")))
}

/// GET /api/v1/open-data/datapackage.json: what the export holds, column by column, and
/// its licence.
pub async fn datapackage(state: web::Data<AppState>) -> HttpResponse {
    let base = state.settings.base_url();
    let method = Factors::current().method_version;
    HttpResponse::Ok().json(open_data::datapackage(base, now(), method))
}
