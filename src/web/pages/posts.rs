//! What the listing and wanted-request pages share: a post as its visitor may see it,
//! publishing or withdrawing it by a form of its organisation, the post's form page and the
//! organisation's own post.
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::api::posts::{change_status, Post, Transition};
use crate::db::organisations::Organisation;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::posts::lifecycle;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, FIELDS};
use crate::web::visitor::see_other;
use crate::web::Visitor;

/// A post's form (a listing's or a wanted request's) and the template that shows it.
pub trait PostForm: Serialize {
    const TEMPLATE: &'static str;
}

/// The form page: the form as the visitor left it, its field errors, the class choices in
/// the visitor's language, and the post's id when editing.
pub fn show_form<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &F,
    editing: Option<String>,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let vars = context! {
        form => Value::from_serialize(form),
        errors,
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
        editing,
    };
    visitor.page(status, F::TEMPLATE, vars)
}

/// The form again, with the field errors of a refusal the form can show.
pub fn refused<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    form: &F,
    editing: Option<String>,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let errors = field_errors(visitor.lang, &invalid_fields(error)?, FIELDS);
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    show_form(state, visitor, status, form, editing, errors)
}

/// The visitor's organisation's post, or 404 (someone else's is not there to edit).
pub async fn own<P: Post>(state: &AppState, visitor: &Visitor, id: P::Id) -> Result<P, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    state
        .db
        .read(move |conn| Ok(P::find(conn, &id)?))
        .await?
        .filter(|post| *post.organisation_id() == organisation_id)
        .ok_or(ApiError::NotFound)
}

#[derive(Deserialize)]
pub struct StatusForm {
    pub csrf: String,
    /// `publish` or `withdraw`.
    pub action: String,
}

/// The post's page (`template`, the post as `name`), when the visitor may see it: public
/// posts for anyone, the others for their organisation only (404 otherwise).
pub async fn show<P: Post>(
    state: &AppState,
    visitor: &Visitor,
    id: P::Id,
    template: &str,
    name: &str,
    extra: Value,
) -> Result<HttpResponse, ApiError> {
    let (post, organisation) = state
        .db
        .read(move |conn| {
            let post = P::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let organisation = Organisation::find(conn, post.organisation_id())?;
            Ok((post, organisation))
        })
        .await?;
    let viewer = visitor.user.as_ref().map(|u| &u.organisation_id);
    if !lifecycle::may_see(viewer, post.organisation_id(), post.status()) {
        return Err(ApiError::NotFound);
    }
    let owner = viewer == Some(post.organisation_id());
    let view = Value::from_serialize(post.view(&state.catalogue.taxonomy, visitor.lang, owner));
    let vars = Value::from_iter([
        (name, view),
        ("owner", Value::from(owner)),
        ("organisation_name", Value::from(organisation.name)),
    ]);
    visitor.ok(template, context! { ..vars, ..extra })
}

/// Publishes or withdraws the visitor's organisation's post, then shows it (`base/{id}`).
pub async fn change<P: Post>(
    state: &web::Data<AppState>,
    visitor: &Visitor,
    id: P::Id,
    form: &StatusForm,
    base: &str,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    let caller = visitor.caller()?;
    let operation: Transition<P> = match form.action.as_str() {
        "publish" => lifecycle::publish::<P>,
        "withdraw" => lifecycle::withdraw::<P>,
        _ => return Err(ApiError::BadRequest("unknown action".into())),
    };
    let post = change_status(state, caller, id, operation).await?;
    Ok(see_other(&format!("{base}/{}", &**post.id())))
}
