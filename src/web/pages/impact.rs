//! The organisation's impact page (GET /account/impact): tonnes given and received by
//! month and by class family, drawn as bar charts in SVG on the server (no script), with
//! the same figures in tables, and the CSV download (GET /account/impact.csv). Both read
//! the organisation report the API reads (`impact::reports`).
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::{format, Language};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::impact::reports::{self, organisation_csv, organisation_lines, Line, Months};
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::Visitor;

/// The charts' drawing area, in SVG user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 180.0;
/// At most this many month labels under the bars, so they never overlap.
const MONTH_LABELS: usize = 12;

/// The period: each end a month select and a year field (`from_month=1&from_year=2026`),
/// or `YYYY-MM` as links and the CSV name it (`from=2026-01`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PeriodForm {
    pub from: String,
    pub until: String,
    pub from_month: String,
    pub from_year: String,
    pub until_month: String,
    pub until_year: String,
}

/// One end as `YYYY-MM` (what `Months::parse` reads), or None when not given.
fn end(whole: &str, month: &str, year: &str) -> Option<String> {
    let (month, year) = (month.trim(), year.trim());
    if !year.is_empty() {
        let month: u32 = month.parse().unwrap_or(0);
        // A year that is not four digits stays as typed, so the field error names it.
        return Some(match year.parse::<u32>() {
            Ok(y) if year.len() == 4 => format!("{y:04}-{month:02}"),
            _ => format!("{year}-{month:02}"),
        });
    }
    Some(whole.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// What the pickers show: the month's number and the year, from `YYYY-MM` or as typed.
fn picked(whole: Option<&str>, month: &str, year: &str) -> Value {
    match whole.and_then(|w| w.split_once('-')) {
        Some((y, m)) => context! { year => y, month => m.parse::<u32>().unwrap_or(0) },
        None => context! { year, month => month.trim().parse::<u32>().unwrap_or(0) },
    }
}

fn month_names(lang: Language) -> Vec<&'static str> {
    (1..=12).map(|m| format::month_name(m, lang)).collect()
}

fn months_of(form: &PeriodForm) -> Result<Months, ApiError> {
    let from = end(&form.from, &form.from_month, &form.from_year);
    let until = end(&form.until, &form.until_month, &form.until_year);
    Ok(Months::parse(
        from.as_deref(),
        until.as_deref(),
        now().date(),
    )?)
}

/// One month's bars: tonnes given and received, and where they are drawn.
#[derive(Debug, Serialize)]
struct MonthBars {
    month: String,
    label: Option<String>,
    given: f64,
    received: f64,
    x: f64,
    width: f64,
    given_height: f64,
    received_height: f64,
}

/// One family's bar: tonnes given and received together, their net CO2e.
#[derive(Debug, Serialize)]
struct FamilyBar {
    name: String,
    tonnes: f64,
    net_co2e_kg: f64,
    exchanges: i64,
    length: f64,
}

/// To a tenth; `+ 0.0` makes the -0.0 of an empty sum a plain 0.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

fn by_month(months: &Months, given: &[Line], received: &[Line]) -> Vec<MonthBars> {
    let all = months.each();
    let slot = WIDTH / all.len().max(1) as f64;
    let sum = |lines: &[Line], month: &str| -> f64 {
        lines
            .iter()
            .filter(|l| l.month == month)
            .map(|l| l.tonnes)
            .sum()
    };
    let totals: Vec<(f64, f64)> = all
        .iter()
        .map(|m| (sum(given, m), sum(received, m)))
        .collect();
    let top = totals
        .iter()
        .map(|(g, r)| g.max(*r))
        .fold(0.0_f64, f64::max);
    let scale = if top > 0.0 { HEIGHT / top } else { 0.0 };
    let every = all.len().div_ceil(MONTH_LABELS).max(1);
    all.into_iter()
        .zip(totals)
        .enumerate()
        .map(|(i, (month, (g, r)))| MonthBars {
            label: (i % every == 0).then(|| format!("{}/{}", &month[5..], &month[2..4])),
            month,
            given: round1(g),
            received: round1(r),
            x: round1(i as f64 * slot + slot * 0.1),
            width: round1(slot * 0.4),
            given_height: round1(g * scale),
            received_height: round1(r * scale),
        })
        .collect()
}

fn by_family(given: &[Line], received: &[Line]) -> Vec<FamilyBar> {
    let mut bars: Vec<FamilyBar> = Vec::new();
    for line in given.iter().chain(received) {
        match bars.iter_mut().find(|b| b.name == line.family_name) {
            Some(bar) => {
                bar.tonnes += line.tonnes;
                bar.net_co2e_kg += line.net_co2e_kg;
                bar.exchanges += line.exchanges;
            }
            None => bars.push(FamilyBar {
                name: line.family_name.clone(),
                tonnes: line.tonnes,
                net_co2e_kg: line.net_co2e_kg,
                exchanges: line.exchanges,
                length: 0.0,
            }),
        }
    }
    bars.sort_by(|a, b| b.tonnes.total_cmp(&a.tonnes));
    let top = bars.first().map_or(0.0, |b| b.tonnes);
    for bar in &mut bars {
        bar.length = if top > 0.0 {
            round1(bar.tonnes / top * WIDTH * 0.6)
        } else {
            0.0
        };
        bar.tonnes = round1(bar.tonnes);
        bar.net_co2e_kg = round1(bar.net_co2e_kg);
    }
    bars
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Query<PeriodForm>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let form = form.into_inner();
    let months = match months_of(&form) {
        Ok(months) => months,
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, &[]);
            let (from, until) = (Some(form.from.as_str()), Some(form.until.as_str()));
            let shown = context! {
                from => picked(from.filter(|f| !f.is_empty()), &form.from_month, &form.from_year),
                until => picked(until.filter(|u| !u.is_empty()), &form.until_month, &form.until_year),
            };
            return visitor.page(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "impact.html",
                context! { form => shown, errors, month_names => month_names(visitor.lang) },
            );
        }
    };
    let (taxonomy, actor) = (&state.catalogue.taxonomy, caller.actor());
    let (given, received) =
        organisation_lines(&state.db, taxonomy, &actor, &months, visitor.lang).await?;
    let csv_query = serde_urlencoded::to_string([("from", &months.from), ("until", &months.until)])
        .map_err(ApiError::internal)?;
    let vars = context! {
        form => context! {
            from => picked(Some(&months.from), "", ""),
            until => picked(Some(&months.until), "", ""),
        },
        month_names => month_names(visitor.lang),
        months => &months,
        chart => context! { width => WIDTH, height => HEIGHT },
        month_bars => by_month(&months, &given, &received),
        family_bars => by_family(&given, &received),
        given_totals => reports::totals(&given),
        received_totals => reports::totals(&received),
        csv_href => format!("/account/impact.csv?{csv_query}"),
    };
    visitor.ok("impact.html", vars)
}

pub async fn download(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Query<PeriodForm>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let months = months_of(&form)?;
    let (taxonomy, actor) = (&state.catalogue.taxonomy, caller.actor());
    let (given, received) =
        organisation_lines(&state.db, taxonomy, &actor, &months, visitor.lang).await?;
    let body = organisation_csv(&given, &received, visitor.lang)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header(("cache-control", "no-store"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"terril-impact-{}-{}.csv\"",
                months.from, months.until
            ),
        ))
        .body(body))
}
