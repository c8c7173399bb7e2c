//! Create and replace wanted requests (reading, publishing and withdrawing are shared
//! with listings, in `api::posts`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

use super::WantedInput;
use crate::api::listings::create::{author, PublishQuery};
use crate::api::posts::answer;
use crate::api::versions::Precondition;
use crate::db::now;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, PostStatus, Unit, WantedId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::lifecycle::{self, PostRecord};

#[tracing::instrument(skip_all)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PublishQuery>,
    body: Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let row = create_wanted(&state, caller, body.into_inner(), query.publish).await?;
    Ok(answer(&req, &state, row, StatusCode::CREATED))
}

/// Checks and stores a new wanted request of the caller's organisation (the API's way
/// and the page's), and puts it in the search index.
pub async fn create_wanted(
    state: &web::Data<AppState>,
    caller: Caller,
    input: WantedInput,
    publish: bool,
) -> Result<WantedRequest, ApiError> {
    let mass_t = input.check(&state.catalogue.taxonomy)?;
    let at = now();
    let status = if publish {
        PostStatus::Published
    } else {
        PostStatus::Draft
    };
    let mut row = blank(&caller, status, at);
    input.apply(mass_t, &mut row);
    let (app, stored) = (state.clone(), row.clone());
    state
        .db
        .write(move |conn| {
            let (cx, actor) = (app.context(), caller.actor());
            Ok(lifecycle::create(conn, &cx, &actor, &stored)?)
        })
        .await?;
    row.index(&state.catalogue);
    Ok(row)
}

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<WantedId>,
    body: Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let precondition = Precondition::of(&req);
    let row = update_wanted(
        &state,
        caller,
        id.into_inner(),
        body.into_inner(),
        precondition,
    )
    .await?;
    Ok(answer(&req, &state, row, StatusCode::OK))
}

/// Replaces the owner's request's details (the API's way and the page's).
pub async fn update_wanted(
    state: &web::Data<AppState>,
    caller: Caller,
    id: WantedId,
    input: WantedInput,
    precondition: Precondition,
) -> Result<WantedRequest, ApiError> {
    let mass_t = input.check(&state.catalogue.taxonomy)?;
    let app = state.clone();
    let row = state
        .db
        .write(move |conn| {
            let edited = lifecycle::edit(
                conn,
                &app.context(),
                &caller.actor(),
                &id,
                |_, row: &mut WantedRequest| {
                    precondition.check(row.updated_at)?;
                    input.apply(mass_t, row);
                    Ok(())
                },
            );
            Ok(edited?)
        })
        .await?;
    row.index(&state.catalogue);
    Ok(row)
}

/// A new row of the caller's, whose every field of the input is overwritten.
fn blank(caller: &Caller, status: PostStatus, at: NaiveDateTime) -> WantedRequest {
    WantedRequest {
        id: WantedId::generate(),
        organisation_id: caller.organisation_id.clone(),
        created_by: author(caller),
        title: String::new(),
        description: String::new(),
        material_code: String::new(),
        quantity: 0.0,
        unit: Unit::Tonne,
        mass_t: None,
        latitude: 0.0,
        longitude: 0.0,
        address: String::new(),
        insee_code: None,
        max_distance_km: 0.0,
        needed_from: at.date(),
        needed_until: None,
        worst_condition: Condition::Unused,
        max_price_per_unit_eur: None,
        accepts_waste: false,
        accepts_hazardous: false,
        external_ref: None,
        status,
        created_at: at,
        updated_at: at,
    }
}
