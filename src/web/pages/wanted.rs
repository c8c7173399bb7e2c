//! The wanted-request pages: what a taker needs, posted through a form
//! (GET/POST /wanted/new), edited by its organisation (GET/POST /wanted/{id}/edit), shown
//! to anyone while public (GET /wanted/{id}), published or withdrawn by its organisation
//! (POST /wanted/{id}).
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};

use crate::db::wanted_requests::WantedRequest;
use crate::domain::WantedId;
use crate::error::ApiError;
use crate::routes::versions::Precondition;
use crate::routes::wanted::actions::{create_wanted, update_wanted};
use crate::startup::AppState;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, FIELDS};
use crate::web::pages::posts::{self, StatusForm};
use crate::web::pages::wanted_form::WantedForm;
use crate::web::visitor::see_other;
use crate::web::Visitor;

pub async fn new_form(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let form = WantedForm::blank(crate::db::now().date());
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
    form: web::Form<WantedForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&state, &form.csrf)?;
    let caller = visitor.caller()?;
    let publish = form.submit == "publish";
    let outcome = match form.to_input() {
        Ok(input) => create_wanted(&state, caller, input, publish).await,
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match outcome {
        Ok(row) => Ok(see_other(&format!("/wanted/{}", row.id))),
        Err(error) => refused(&state, &visitor, &form, None, error),
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
) -> Result<HttpResponse, ApiError> {
    let row = own_wanted(&state, &visitor, id.into_inner()).await?;
    let form = WantedForm::of(&row);
    let status = StatusCode::OK;
    show_form(
        &state,
        &visitor,
        status,
        &form,
        Some(&row.id),
        Default::default(),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
    form: web::Form<WantedForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&state, &form.csrf)?;
    let caller = visitor.caller()?;
    let stored = own_wanted(&state, &visitor, id.into_inner()).await?;
    let outcome = match form.to_input() {
        Ok(mut input) => {
            // What the form does not show stays as the API set it.
            input.external_ref = stored.external_ref.clone();
            input.accepts_hazardous = stored.accepts_hazardous;
            input.location.insee_code = stored.insee_code.clone();
            let precondition = Precondition::None;
            update_wanted(&state, caller, stored.id.clone(), input, precondition).await
        }
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match outcome {
        Ok(row) => Ok(see_other(&format!("/wanted/{}", row.id))),
        Err(error) => refused(&state, &visitor, &form, Some(&stored.id), error),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let none = minijinja::Value::UNDEFINED;
    posts::show::<WantedRequest>(&state, &visitor, id, "wanted.html", "wanted", none).await
}

pub async fn change(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, ApiError> {
    posts::change::<WantedRequest>(&state, &visitor, id.into_inner(), &form, "/wanted").await
}

/// The caller's organisation's request, or 404.
async fn own_wanted(
    state: &AppState,
    visitor: &Visitor,
    id: WantedId,
) -> Result<WantedRequest, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    state
        .db
        .read(move |conn| Ok(WantedRequest::find(conn, &id)?))
        .await?
        .filter(|row| row.organisation_id == organisation_id)
        .ok_or(ApiError::NotFound)
}

/// The form again, with the field errors of a refusal the form can show.
fn refused(
    state: &AppState,
    visitor: &Visitor,
    form: &WantedForm,
    editing: Option<&WantedId>,
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
    form: &WantedForm,
    editing: Option<&WantedId>,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let vars = context! {
        form => Value::from_serialize(form),
        errors,
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
        editing => editing.map(|id| id.to_string()),
    };
    visitor.page(state, status, "wanted_form.html", vars)
}
