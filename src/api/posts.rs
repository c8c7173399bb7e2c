//! What listings and wanted requests share in the API: the place, checks against the
//! taxonomy, ownership, and the life-cycle actions.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::language::language;
use crate::catalogue::taxonomy::{MaterialClass, Taxonomy};
use crate::db::DbConnection;
use crate::domain::Actor;
use crate::domain::{Language, Unit};
use crate::exchange::Context;
use crate::http::error::{ApiError, DomainError, FieldError};
use crate::http::AppState;
use crate::http::Caller;
use crate::http::EdgeDb;
use crate::posts::lifecycle::{self, PostRecord};

#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
pub struct LocationInput {
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
    #[validate(
        length(min = 1, max = 300),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub address: String,
    /// The INSEE commune code: 5 characters (digits, or 2A/2B for Corsica).
    #[validate(custom(function = "crate::domain::validators::validate_insee"))]
    pub insee_code: Option<String>,
}

/// Runs validator's checks, then the ones that need the taxonomy, and reports all of them.
pub fn check_all(input: &impl Validate, more: Vec<FieldError>) -> Result<(), ApiError> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => match ApiError::from(e) {
            ApiError::Validation(list) => list,
            other => return Err(other),
        },
    };
    errors.extend(more);
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Validation(errors))
    }
}

/// The class of `code` if it exists and allows `unit`; errors otherwise.
pub fn check_class<'a>(
    taxonomy: &'a Taxonomy,
    code: &str,
    unit: Unit,
    errors: &mut Vec<FieldError>,
) -> Option<&'a MaterialClass> {
    let Some(id) = taxonomy.id_of(code) else {
        errors.push(FieldError::new(
            "material",
            "unknown",
            "no material class has this code",
        ));
        return None;
    };
    if !taxonomy.allows(id, unit) {
        let message = format!(
            "this class is counted in {}",
            taxonomy.units_of(id).join(", ")
        );
        errors.push(FieldError::new("unit", "not_allowed", &message));
    }
    Some(taxonomy.class(id))
}

pub fn check_window(
    from: NaiveDate,
    until: Option<NaiveDate>,
    field: &str,
    errors: &mut Vec<FieldError>,
) {
    if until.is_some_and(|until| until < from) {
        errors.push(FieldError::new(
            field,
            "before_start",
            "the window ends before it starts",
        ));
    }
}

/// What the shared handlers (read, publish, withdraw) need of a listing or a wanted
/// request besides its life cycle: how the API shows it.
pub trait Post: PostRecord {
    type View: Serialize;
    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> Self::View;
}

/// The answer to a write: the post's full view.
pub fn answer<P: Post>(
    req: &HttpRequest,
    state: &AppState,
    post: P,
    status: StatusCode,
) -> HttpResponse {
    // Only the owner writes, so the answer to a write is the owner's view.
    let version = post.updated_at();
    let response =
        HttpResponse::build(status).json(post.view(&state.catalogue.taxonomy, language(req), true));
    crate::api::versions::with_etag(response, version)
}

/// GET /api/v1/{listings,wanted}/{id}
#[tracing::instrument(skip_all)]
pub async fn get<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let post = state
        .db
        .read(move |conn| Ok(P::find(conn, &id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    let viewer = caller.as_ref().map(|c| &c.organisation_id);
    if !lifecycle::may_see(viewer, post.organisation_id(), post.status()) {
        return Err(ApiError::NotFound);
    }
    let owner = viewer == Some(post.organisation_id());
    let version = post.updated_at();
    let view = post.view(&state.catalogue.taxonomy, language(&req), owner);
    Ok(crate::api::versions::with_etag(
        HttpResponse::Ok().json(view),
        version,
    ))
}

/// POST /api/v1/{listings,wanted}/{id}/publish
pub async fn publish<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    transition(req, state, caller, id.into_inner(), lifecycle::publish::<P>).await
}

/// POST /api/v1/{listings,wanted}/{id}/withdraw
pub async fn withdraw<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, ApiError> {
    transition(
        req,
        state,
        caller,
        id.into_inner(),
        lifecycle::withdraw::<P>,
    )
    .await
}

pub type Transition<P> =
    fn(&mut DbConnection, &Context<'_>, &Actor, &<P as PostRecord>::Id) -> Result<P, DomainError>;

#[tracing::instrument(skip_all)]
async fn transition<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: P::Id,
    operation: Transition<P>,
) -> Result<HttpResponse, ApiError> {
    let post = change_status(&state, caller, id, operation).await?;
    Ok(answer(&req, &state, post, StatusCode::OK))
}

/// Publishes or withdraws the caller's post (the API's way and the page's).
pub async fn change_status<P: Post>(
    state: &web::Data<AppState>,
    caller: Caller,
    id: P::Id,
    operation: Transition<P>,
) -> Result<P, ApiError> {
    let app = state.clone();
    let post = state
        .db
        .write(move |conn| Ok(operation(conn, &app.context(), &caller.actor(), &id)?))
        .await?;
    post.index(&state.catalogue);
    Ok(post)
}
