//! The listing pages: a listing as anyone may see it (GET /listings/{id}), and for its
//! organisation the forms to post one (GET/POST /listings/new), to edit it
//! (GET/POST /listings/{id}/edit), and to publish or withdraw it (POST /listings/{id}).
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::Deserialize;

use crate::db::listings::Listing;
use crate::domain::ListingId;
use crate::error::ApiError;
use crate::routes::listings::create::create_listing;
use crate::routes::listings::update::update_listing;
use crate::routes::versions::Precondition;
use crate::startup::AppState;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, ListingForm, FIELDS};
use crate::web::pages::posts::{self, StatusForm};
use crate::web::visitor::see_other;
use crate::web::Visitor;

pub async fn new_form(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let form = ListingForm::blank(crate::db::now().date());
    show_form(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        None,
        Default::default(),
    )
}

pub async fn create(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<ListingForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&state, &form.csrf)?;
    let caller = visitor.caller()?;
    let publish = form.submit == "publish";
    let outcome = match form.to_input() {
        Ok(input) => create_listing(&state, caller, input, publish).await,
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match outcome {
        Ok(row) => Ok(see_other(&format!("/listings/{}", row.id))),
        Err(error) => refused(&state, &visitor, &form, None, error),
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
) -> Result<HttpResponse, ApiError> {
    let row = own_listing(&state, &visitor, id.into_inner()).await?;
    let form = ListingForm::of(&row);
    show_form(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        Some(&row.id),
        Default::default(),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    form: web::Form<ListingForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&state, &form.csrf)?;
    let caller = visitor.caller()?;
    let stored = own_listing(&state, &visitor, id.into_inner()).await?;
    let id = stored.id.clone();
    let outcome = match form.to_input() {
        Ok(mut input) => {
            // What the form does not show stays as the API set it.
            input.external_ref = stored.external_ref;
            input.soil = stored
                .soil
                .as_deref()
                .and_then(|json| serde_json::from_str(json).ok());
            update_listing(&state, caller, id.clone(), input, Precondition::None).await
        }
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match outcome {
        Ok(row) => Ok(see_other(&format!("/listings/{}", row.id))),
        Err(error) => refused(&state, &visitor, &form, Some(&id), error),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// The code of what was wrong with the last photo sent (see `photos::add`).
    pub photo_error: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let viewer = visitor.user.as_ref().map(|u| u.organisation_id.clone());
    let photos = crate::routes::listings::photos::photos_of(&state, id.clone(), viewer).await?;
    let photo_error = query.into_inner().photo_error.map(|code| {
        let known = [
            "not_an_image",
            "unreadable_image",
            "required",
            "too_large",
            "quota_exceeded",
        ];
        let code = if known.contains(&code.as_str()) {
            code
        } else {
            "unreadable_image".into()
        };
        format!("invalid-photo-{code}")
    });
    let extra = minijinja::context! {
        photos => minijinja::Value::from_serialize(&photos),
        photo_error,
        max_photos => crate::photos::MAX_PHOTOS_A_LISTING,
    };
    posts::show::<Listing>(&state, &visitor, id, "listing.html", "listing", extra).await
}

pub async fn change(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, ApiError> {
    posts::change::<Listing>(&state, &visitor, id.into_inner(), &form, "/listings").await
}

/// The caller's organisation's listing, or 404.
async fn own_listing(
    state: &AppState,
    visitor: &Visitor,
    id: ListingId,
) -> Result<Listing, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    state
        .db
        .read(move |conn| Ok(Listing::find(conn, &id)?))
        .await?
        .filter(|row| row.organisation_id == organisation_id)
        .ok_or(ApiError::NotFound)
}

/// The form again, with the field errors of a refusal the form can show.
fn refused(
    state: &AppState,
    visitor: &Visitor,
    form: &ListingForm,
    editing: Option<&ListingId>,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let errors = field_errors(visitor.lang, &invalid_fields(error)?, FIELDS);
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    show_form(state, visitor, status, form, editing, errors)
}

fn show_form(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &ListingForm,
    editing: Option<&ListingId>,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let vars = context! {
        form => Value::from_serialize(form),
        errors,
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
        editing => editing.map(|id| id.to_string()),
    };
    visitor.page(state, status, "listing_form.html", vars)
}
