//! GET /matches/{id}: a match as one of its two organisations sees it (the score's parts
//! drawn and said in words, the reservations, the history), with what that side may do:
//! say it is interested or decline, reserve a quantity (the taker), confirm or refuse
//! (the holder), cancel, mark collected. Each action is a form that posts back here.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::Deserialize;

use crate::domain::format::read_decimal;
use crate::domain::pagination::PageQuery;
use crate::domain::{Interest, MatchId, ReservationId, Vehicle};
use crate::exchange;
use crate::exchange::completion::Completion;
use crate::exchange::query::MatchQuery;
use crate::exchange::transitions::Action;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::matching::rules::{
    CARBON_FULL_KG, CARBON_POINTS, CLASS_POINTS, DISTANCE_POINTS, QUANTITY_POINTS, WINDOW_POINTS,
};
use crate::views::exchange::{detail, match_page, thread};
use crate::web::flash::Flash;
use crate::web::forms::{conflict_text, field_error_text};
use crate::web::Visitor;

const MATCHES_A_PAGE: i64 = 20;

#[derive(Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Deserialize)]
pub struct ActionForm {
    pub csrf: String,
    /// interested, declined, reserve, confirm, refuse, cancel, complete or message.
    pub action: String,
    pub quantity: Option<String>,
    pub reservation: Option<ReservationId>,
    /// The text of a message (action `message`).
    pub body: Option<String>,
    /// What was collected (action `complete`): all optional.
    pub weighed_tonnes: Option<String>,
    pub vehicle: Option<String>,
    pub distance_km: Option<String>,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// Where the thread's page starts (a message id from the previous page).
    pub messages: Option<String>,
}

/// Messages shown on the match's page at a time.
const MESSAGES_A_PAGE: i64 = 50;

/// GET /matches: the organisation's matches, best first, a page at a time.
pub async fn list(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let query = MatchQuery {
        status: Some(query.status.clone().unwrap_or_else(|| "open".into())),
        listing: None,
        wanted: None,
        min_score: None,
        limit: Some(MATCHES_A_PAGE),
        cursor: query.cursor.clone(),
    };
    let status = query.status.clone();
    let filter = query.filter(&caller.organisation_id)?;
    let found = state
        .db
        .read(move |conn| {
            let rows = exchange::query::page(conn, &filter)?;
            Ok(match_page(conn, rows, &filter.organisation_id)?)
        })
        .await?;
    let vars = context! { page => Value::from_serialize(&found), status };
    visitor.ok("matches.html", vars)
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<MatchId>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let thread_from = query.into_inner().messages;
    let id = id.into_inner();
    // Opening the page reads the thread: the dashboard stops listing it as unread.
    crate::web::pages::dashboard::read_thread(&state, &visitor, &id).await?;
    render(&state, &visitor, id, StatusCode::OK, None, thread_from).await
}

/// The page, with what went wrong with the last action when it was refused.
pub(super) async fn render(
    state: &AppState,
    visitor: &Visitor,
    id: MatchId,
    status: StatusCode,
    problem: Option<String>,
    thread_from: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let organisation_id = caller.organisation_id.clone();
    let reviews = super::reviews::for_match(state, organisation_id.clone(), id.clone()).await?;
    let page = PageQuery {
        limit: Some(MESSAGES_A_PAGE),
        cursor: thread_from,
    }
    .parse()?;
    let (found, messages) = state
        .db
        .read(move |conn| {
            let (m, rows) = exchange::messages::thread(conn, &id, &organisation_id, &page)?;
            let messages = thread(conn, &m, rows, &organisation_id)?;
            Ok((detail(conn, m, &organisation_id)?, messages))
        })
        .await?;
    let lot = super::match_lot::lot(state, visitor, &found, caller.organisation_id.clone()).await?;
    let view = Value::from_serialize(&found);
    let s = &found.summary.score_parts;
    let parts = [
        ("distance", s.distance, DISTANCE_POINTS),
        ("class_fit", s.class_fit, CLASS_POINTS),
        ("quantity", s.quantity, QUANTITY_POINTS),
        ("window", s.window, WINDOW_POINTS),
        ("carbon", s.carbon, CARBON_POINTS),
    ]
    .map(|(name, points, max)| context! { name, points, max });
    visitor.page(
        status,
        "match.html",
        context! {
            m => view, parts, problem, carbon_full_kg => CARBON_FULL_KG, lot,
            messages => Value::from_serialize(&messages), reviews,
        },
    )
}

pub async fn act(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<MatchId>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let id = id.into_inner();
    let outcome = perform(&state, caller, id.clone(), &form).await;
    match outcome {
        Ok(()) if form.action == "message" => {
            Ok(visitor.see_other_with(&format!("/matches/{id}#messages"), done(&form.action)))
        }
        Ok(()) => Ok(visitor.see_other_with(&format!("/matches/{id}"), done(&form.action))),
        // A refusal the person can act on is shown on the match's page.
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            let problem = match &error {
                ApiError::Validation(fields) => fields
                    .iter()
                    .map(|f| field_error_text(visitor.lang, &f.field, &f.code, &f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                ApiError::Conflict(conflict) => conflict_text(visitor.lang, conflict),
                other => other.to_string(),
            };
            render(
                &state,
                &visitor,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(problem),
                None,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

async fn perform(
    state: &web::Data<AppState>,
    caller: crate::http::Caller,
    id: MatchId,
    form: &ActionForm,
) -> Result<(), ApiError> {
    let reservation = || {
        form.reservation
            .clone()
            .ok_or_else(|| ApiError::BadRequest("no reservation named".into()))
    };
    let (exchange, actor) = (state.exchange(), caller.actor());
    match form.action.as_str() {
        "interested" => {
            exchange
                .record_interest(actor, id, Interest::Interested)
                .await?;
        }
        "declined" => {
            exchange
                .record_interest(actor, id, Interest::Declined)
                .await?;
        }
        "message" => {
            let body = form.body.clone().unwrap_or_default();
            exchange.write_message(actor, id, body).await?;
        }
        "complete" => {
            let completion = completion_of(form)?;
            exchange
                .record_completion(actor, reservation()?, completion)
                .await?;
        }
        "reserve" => {
            let quantity = parse_quantity(form.quantity.as_deref())?;
            exchange.reserve(actor, id, quantity).await?;
        }
        action => {
            let action = match action {
                "confirm" => Action::Confirm,
                "refuse" => Action::Refuse,
                "cancel" => Action::Cancel,
                _ => return Err(ApiError::BadRequest("unknown action".into())),
            };
            exchange.apply(actor, reservation()?, action).await?;
        }
    }
    Ok(())
}

/// What the page says after an action went through (dashboard slice).
fn done(action: &str) -> Flash {
    Flash::new(match action {
        "interested" => "flash-match-interested",
        "declined" => "flash-match-declined",
        "message" => "flash-message-sent",
        "complete" => "flash-collected",
        "reserve" => "flash-reserved",
        "confirm" => "flash-confirmed",
        "refuse" => "flash-refused",
        _ => "flash-cancelled",
    })
}

/// The collection form: each field may be left empty.
fn completion_of(form: &ActionForm) -> Result<Completion, ApiError> {
    let number = |field: &str, text: &Option<String>| -> Result<Option<f64>, ApiError> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => read_decimal(t)
                .map(Some)
                .ok_or_else(|| ApiError::field(field, "number", "this is not a number")),
        }
    };
    let vehicle = match form.vehicle.as_deref().filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            Vehicle::parse(v)
                .ok_or_else(|| ApiError::field("vehicle", "unknown", "choose a vehicle"))?,
        ),
    };
    Ok(Completion {
        quantity: number("quantity", &form.quantity)?,
        weighed_tonnes: number("weighed_tonnes", &form.weighed_tonnes)?,
        vehicle,
        distance_km: number("distance_km", &form.distance_km)?,
        price_per_unit_eur: None,
        register: None,
    })
}

/// A quantity as people type it: `5`, `2.5`, `2,5` or `1 250`.
fn parse_quantity(text: Option<&str>) -> Result<f64, ApiError> {
    text.and_then(read_decimal)
        .filter(|q| q.is_finite() && *q > 0.0)
        .ok_or_else(|| ApiError::field("quantity", "range", "a quantity is a number above 0"))
}
