//! The regulatory declarations an organisation files from its exchanges, as CSV: the
//! public buyer's under article 58 of the AGEC law
//! (GET /api/v1/organisations/{id}/agec-declaration?year=), in the columns of
//! data.gouv.fr's schema; the receiver's register of excavated soils and sediments
//! (GET /api/v1/organisations/{id}/rndts-register?year=), in the national service's, with
//! only the lines it still takes (the last 18 months).
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::impact::csv_answer;
use crate::db::exchange_impacts::ExchangeImpact;
use crate::db::now;
use crate::db::organisations::Organisation;
use crate::db::DbConnection;
use crate::domain::OrganisationId;
use crate::http::error::{ApiError, Conflict, FieldError};
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::impact::agec::{self, Buyer};
use crate::impact::rndts::{self, RegisterLine, Window};

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub year: i32,
}

fn checked_year(year: i32) -> Result<i32, ApiError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        let error = FieldError::new("year", "range", "a year between 2000 and 2100");
        Err(ApiError::Validation(vec![error]))
    }
}

/// The caller's organisation and what `read` finds of what it received in the year.
async fn received_in_year<T: Send + 'static>(
    state: &AppState,
    caller: &Caller,
    id: &OrganisationId,
    year: i32,
    read: fn(&mut DbConnection, &OrganisationId, &str, &str) -> diesel::QueryResult<T>,
) -> Result<(Organisation, String, T), ApiError> {
    let id = caller.own_organisation(id)?.to_owned();
    let year = checked_year(year)?;
    let (organisation, found) = state
        .db
        .read(move |conn| {
            let organisation = Organisation::find(conn, &id)?;
            let (from, until) = (format!("{year:04}-01"), format!("{year:04}-12"));
            Ok((organisation, read(conn, &id, &from, &until)?))
        })
        .await?;
    let Some(siret) = organisation.siret.clone() else {
        return Err(ApiError::Conflict(Conflict::SiretMissing));
    };
    Ok((organisation, siret, found))
}

/// GET /api/v1/organisations/{id}/agec-declaration: the euros spent on reused goods in
/// the year, per product category of décret n° 2024-134.
#[tracing::instrument(skip_all)]
pub async fn agec(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = query.year;
    let read = ExchangeImpact::received_purchases;
    let (organisation, siret, purchases) =
        received_in_year(&state, &caller, &id, year, read).await?;
    let buyer = Buyer {
        siret: &siret,
        name: &organisation.name,
    };
    let body = agec::csv(year, &buyer, &purchases)?;
    Ok(csv_answer(body, &format!("declaration-agec-{year}")))
}

/// The header that names the reception dates the national service takes today.
pub const WINDOW_HEADER: &str = "terril-register-window";
/// The header that counts the year's lines left out for being older.
pub const LEFT_OUT_HEADER: &str = "terril-lines-left-out";

/// GET /api/v1/organisations/{id}/rndts-register: the year's incoming lines of soils and
/// sediments that were waste, for the national register. The service refuses a line
/// received 18 months ago or more: those are left out, and the headers say how many and
/// which dates it takes (a year with none of those days gives a file with no line: its
/// headers say why, and a request that is valid today stays valid tomorrow).
#[tracing::instrument(skip_all)]
pub async fn rndts(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<OrganisationId>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = query.year;
    let window = Window::on(now().date());
    let read = ExchangeImpact::received_register_lines;
    let (_, siret, rows) = received_in_year(&state, &caller, &id, year, read).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for (reservation, json) in rows {
        let line: RegisterLine = serde_json::from_str(json.as_deref().unwrap_or_default())
            .map_err(ApiError::internal)?;
        lines.push((reservation.to_string(), line));
    }
    let (lines, left_out) = window.keep(lines);
    let body = rndts::csv(&siret, &lines)?;
    let mut answer = csv_answer(body, &format!("registre-texs-entrants-{year}"));
    let headers = answer.headers_mut();
    let dates = format!("{}/{}", window.first, window.last);
    for (name, value) in [
        (WINDOW_HEADER, dates),
        (LEFT_OUT_HEADER, left_out.to_string()),
    ] {
        let value = HeaderValue::from_str(&value).map_err(ApiError::internal)?;
        headers.insert(HeaderName::from_static(name), value);
    }
    Ok(answer)
}
