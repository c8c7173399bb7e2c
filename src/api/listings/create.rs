//! POST /api/v1/listings: a new listing of the caller's organisation, as a draft or
//! published at once (`?publish=true`).
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use actix_web::http::StatusCode;

use super::ListingInput;
use crate::api::posts::answer;
use crate::db::listings::Listing;
use crate::db::now;
use crate::domain::{Condition, ListingId, OrganisationId, PostStatus, Unit, UserId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::http::{Caller, Principal};
use crate::posts::lifecycle::{self, PostRecord};

#[derive(Deserialize)]
pub struct PublishQuery {
    #[serde(default)]
    pub publish: bool,
}

pub fn author(caller: &Caller) -> Option<UserId> {
    match &caller.principal {
        Principal::User { user_id, .. } => Some(user_id.clone()),
        Principal::ApiKey { .. } => None,
    }
}

#[tracing::instrument(skip_all)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PublishQuery>,
    body: Json<ListingInput>,
) -> Result<HttpResponse, ApiError> {
    let row = create_listing(&state, caller, body.into_inner(), query.publish).await?;
    Ok(answer(&req, &state, row, StatusCode::CREATED))
}

/// Checks and stores a new listing of the caller's organisation, a draft or published
/// (the API's way and the page's), and puts it in the search index.
pub async fn create_listing(
    state: &web::Data<AppState>,
    caller: Caller,
    input: ListingInput,
    publish: bool,
) -> Result<Listing, ApiError> {
    let checked = input.check(&state.catalogue.taxonomy)?;
    let at = now();
    let mut row = Listing {
        id: ListingId::generate(),
        organisation_id: caller.organisation_id.clone(),
        created_by: author(&caller),
        status: if publish {
            PostStatus::Published
        } else {
            PostStatus::Draft
        },
        created_at: at,
        updated_at: at,
        ..blank()
    };
    input.apply(checked, &mut row);
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

/// A row whose every field the input overwrites.
pub fn blank() -> Listing {
    let epoch = chrono::NaiveDateTime::default();
    Listing {
        id: ListingId::generate(),
        organisation_id: OrganisationId::generate(),
        created_by: None,
        title: String::new(),
        description: String::new(),
        material_code: String::new(),
        quantity: 0.0,
        unit: Unit::Tonne,
        mass_t: None,
        quantity_available: 0.0,
        min_lot: 0.0,
        condition: Condition::Unused,
        latitude: 0.0,
        longitude: 0.0,
        address: String::new(),
        insee_code: None,
        available_from: epoch.date(),
        available_until: None,
        price_per_unit_eur: 0.0,
        is_waste: false,
        waste_code: None,
        hazardous: false,
        pickup: true,
        delivery: false,
        delivery_radius_km: None,
        external_ref: None,
        soil: None,
        status: PostStatus::Draft,
        created_at: epoch,
        updated_at: epoch,
    }
}
