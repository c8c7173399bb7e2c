//! Saved searches: GET/POST /api/v1/saved-searches, DELETE /api/v1/saved-searches/{id}.
//! A user's standing search; the matcher tells them of each new listing that fits it.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::db::now;
use crate::db::saved_searches::SavedSearch;
use crate::domain::pagination::{Page, PageQuery};
use crate::domain::{Condition, SavedSearchId};
use crate::http::error::ApiError;
use crate::http::json_body::Json;
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::matching::saved;
use crate::views::utc;

#[derive(Debug, Deserialize, Validate)]
pub struct SavedSearchInput {
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    pub material: Option<String>,
    #[serde(default = "yes")]
    pub include_subclasses: bool,
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    pub radius_km: f64,
    pub worst_condition: Option<Condition>,
    #[validate(range(min = 0.0))]
    pub max_price_per_unit_eur: Option<f64>,
    #[validate(length(max = 200))]
    pub text: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Serialize)]
pub struct SavedSearchView {
    pub id: SavedSearchId,
    pub name: String,
    pub material: Option<String>,
    pub include_subclasses: bool,
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
    pub worst_condition: Option<Condition>,
    pub max_price_per_unit_eur: Option<f64>,
    pub text: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<SavedSearch> for SavedSearchView {
    fn from(s: SavedSearch) -> Self {
        Self {
            id: s.id,
            name: s.name,
            material: s.material_code,
            include_subclasses: s.include_subclasses,
            latitude: s.latitude,
            longitude: s.longitude,
            radius_km: s.radius_km,
            worst_condition: s.worst_condition,
            max_price_per_unit_eur: s.max_price_per_unit_eur,
            text: s.text,
            created_at: utc(s.created_at),
        }
    }
}

/// POST /api/v1/saved-searches
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<SavedSearchInput>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, _) = caller.user()?;
    let mut input = body.into_inner();
    input.name = input.name.trim().to_owned();
    input.validate()?;
    let search = SavedSearch {
        id: SavedSearchId::generate(),
        user_id: user_id.to_owned(),
        organisation_id: caller.organisation_id.clone(),
        name: input.name,
        material_code: input.material,
        include_subclasses: input.include_subclasses,
        latitude: input.latitude,
        longitude: input.longitude,
        radius_km: input.radius_km,
        worst_condition: input.worst_condition,
        max_price_per_unit_eur: input.max_price_per_unit_eur,
        text: input.text.filter(|t| !t.trim().is_empty()),
        created_at: now(),
    };
    let (app, stored) = (state.clone(), search.clone());
    state
        .db
        .write(move |conn| {
            let limit = app.settings.quotas.saved_searches;
            Ok(saved::store(conn, &app.catalogue.taxonomy, &stored, limit)?)
        })
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(SavedSearchView::from(search)))
}

/// GET /api/v1/saved-searches: the caller's own, oldest first.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let user_id = caller.user()?.0.to_owned();
    let request = query.parse()?;
    let (after, limit) = (request.after.clone(), request.fetch_limit());
    let rows = state
        .db
        .read(move |conn| {
            Ok(SavedSearch::page_of_user(
                conn,
                &user_id,
                after.as_deref(),
                limit,
            )?)
        })
        .await?;
    let page: Page<SavedSearchView> = request.page(rows, |s| &s.id, Into::into);
    Ok(HttpResponse::Ok().json(page))
}

/// DELETE /api/v1/saved-searches/{id}
#[tracing::instrument(skip_all)]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SavedSearchId>,
) -> Result<HttpResponse, ApiError> {
    let user_id = caller.user()?.0.to_owned();
    state
        .db
        .write(move |conn| Ok(saved::remove(conn, &user_id, &id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
