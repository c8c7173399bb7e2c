//! Create, read, replace, publish and withdraw wanted requests.
use actix_web::{web, HttpRequest, HttpResponse};

use super::{WantedInput, WantedView};
use crate::auth::Caller;
use crate::db::wanted_requests::WantedRequest;
use crate::db::{new_id, now, DbConnection};
use crate::domain::PostStatus;
use crate::error::ApiError;
use crate::routes::language::language;
use crate::routes::listings::create::{author, PublishQuery};
use crate::routes::listings::get::may_see;
use crate::routes::posts::require_status;
use crate::startup::AppState;

fn view(req: &HttpRequest, state: &AppState, row: WantedRequest, owner: bool) -> HttpResponse {
    HttpResponse::Ok().json(WantedView::from_row(
        row,
        &state.catalogue.taxonomy,
        language(req),
        owner,
    ))
}

fn owned(
    conn: &mut DbConnection,
    id: &str,
    organisation_id: &str,
) -> Result<WantedRequest, ApiError> {
    WantedRequest::find(conn, id)?
        .filter(|row| row.organisation_id == organisation_id)
        .ok_or(ApiError::NotFound)
}

#[tracing::instrument(skip_all)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PublishQuery>,
    body: web::Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let mass_t = input.check(&state.catalogue.taxonomy)?;
    let at = now();
    let mut row = WantedRequest {
        id: new_id(),
        organisation_id: caller.organisation_id.clone(),
        created_by: author(&caller),
        title: String::new(),
        description: String::new(),
        material_code: String::new(),
        quantity: 0.0,
        unit: String::new(),
        mass_t: None,
        latitude: 0.0,
        longitude: 0.0,
        address: String::new(),
        insee_code: None,
        max_distance_km: 0.0,
        needed_from: at.date(),
        needed_until: None,
        worst_condition: String::new(),
        max_price_per_unit_eur: None,
        accepts_waste: false,
        accepts_hazardous: false,
        external_ref: None,
        status: if query.publish {
            PostStatus::Published
        } else {
            PostStatus::Draft
        }
        .as_str()
        .into(),
        created_at: at,
        updated_at: at,
    };
    input.apply(mass_t, &mut row);
    let stored = row.clone();
    state.db.write(move |conn| Ok(stored.insert(conn)?)).await?;
    state.catalogue.apply_wanted(&row);
    let view = WantedView::from_row(row, &state.catalogue.taxonomy, language(&req), true);
    Ok(HttpResponse::Created().json(view))
}

#[tracing::instrument(skip_all)]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let row = state
        .db
        .read(move |conn| Ok(WantedRequest::find(conn, &id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    if !may_see(caller.as_ref(), &row.organisation_id, &row.status) {
        return Err(ApiError::NotFound);
    }
    let owner = caller.is_some_and(|c| c.organisation_id == row.organisation_id);
    Ok(view(&req, &state, row, owner))
}

#[tracing::instrument(skip_all)]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<WantedInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let mass_t = input.check(&state.catalogue.taxonomy)?;
    let (id, organisation_id) = (id.into_inner(), caller.organisation_id.clone());
    let row = state
        .db
        .write(move |conn| {
            let mut row = owned(conn, &id, &organisation_id)?;
            require_status(
                &row.status,
                &[
                    PostStatus::Draft,
                    PostStatus::Published,
                    PostStatus::Expired,
                ],
                "edited",
            )?;
            input.apply(mass_t, &mut row);
            row.updated_at = now();
            row.save(conn)?;
            Ok(row)
        })
        .await?;
    state.catalogue.apply_wanted(&row);
    Ok(view(&req, &state, row, true))
}

async fn transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    from: &'static [PostStatus],
    to: PostStatus,
    action: &'static str,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = caller.organisation_id.clone();
    let row = state
        .db
        .write(move |conn| {
            let mut row = owned(conn, &id, &organisation_id)?;
            require_status(&row.status, from, action)?;
            if to == PostStatus::Published && row.needed_until.is_some_and(|u| u < now().date()) {
                return Err(ApiError::Conflict(
                    "the window has closed; edit it first".into(),
                ));
            }
            row.status = to.as_str().into();
            row.updated_at = now();
            row.save(conn)?;
            Ok(row)
        })
        .await?;
    state.catalogue.apply_wanted(&row);
    Ok(view(&req, &state, row, true))
}

#[tracing::instrument(skip_all)]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        &[PostStatus::Draft, PostStatus::Expired],
        PostStatus::Published,
        "published",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let from = &[
        PostStatus::Draft,
        PostStatus::Published,
        PostStatus::Reserved,
        PostStatus::Expired,
    ];
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        from,
        PostStatus::Withdrawn,
        "withdrawn",
    )
    .await
}
