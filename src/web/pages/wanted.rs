//! The wanted-request pages: what a taker needs, posted through a form
//! (GET/POST /wanted/new), edited by its organisation (GET/POST /wanted/{id}/edit), shown
//! to anyone while public (GET /wanted/{id}), published or withdrawn by its organisation
//! (POST /wanted/{id}).
use actix_web::{web, HttpResponse};

use crate::db::wanted_requests::WantedRequest;
use crate::domain::WantedId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::web::pages::posts::{self, StatusForm};
use crate::web::pages::wanted_form::WantedForm;
use crate::web::Visitor;

pub async fn new_form(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    posts::new_form::<WantedForm>(&state, &visitor, minijinja::context! {}).await
}

pub async fn create(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<WantedForm>,
) -> Result<HttpResponse, ApiError> {
    posts::create(&state, &visitor, form.into_inner()).await
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
) -> Result<HttpResponse, ApiError> {
    let extra = minijinja::context! {};
    posts::edit_form::<WantedForm>(&state, &visitor, id.into_inner(), extra).await
}

pub async fn update(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<WantedId>,
    form: web::Form<WantedForm>,
) -> Result<HttpResponse, ApiError> {
    posts::update(&state, &visitor, id.into_inner(), form.into_inner()).await
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
