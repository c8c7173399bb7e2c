//! The wanted-request pages: what a taker needs, posted through a form
//! (GET/POST /wanted/new), edited by its organisation (GET/POST /wanted/{id}/edit), shown
//! to anyone while public (GET /wanted/{id}), published or withdrawn by its organisation
//! (POST /wanted/{id}).
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::api::versions::Precondition;
use crate::api::wanted::actions::{create_wanted, update_wanted};
use crate::db::wanted_requests::WantedRequest;
use crate::domain::WantedId;
use crate::http::error::ApiError;
use crate::http::AppState;
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
    posts::show_form(
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
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let publish = form.submit == "publish";
    let outcome = match form.to_input() {
        Ok(input) => create_wanted(&state, caller, input, publish).await,
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match outcome {
        Ok(row) => Ok(see_other(&format!("/wanted/{}", row.id))),
        Err(error) => posts::refused(&state, &visitor, &form, None, error),
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
) -> Result<HttpResponse, ApiError> {
    let row = posts::own::<WantedRequest>(&state, &visitor, id.into_inner()).await?;
    let form = WantedForm::of(&row);
    let status = StatusCode::OK;
    posts::show_form(
        &state,
        &visitor,
        status,
        &form,
        Some(row.id.to_string()),
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
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let stored = posts::own::<WantedRequest>(&state, &visitor, id.into_inner()).await?;
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
        Err(error) => posts::refused(&state, &visitor, &form, Some(stored.id.to_string()), error),
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
