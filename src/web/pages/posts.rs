//! What the listing and wanted-request pages share: a post as its visitor may see it, and
//! publishing or withdrawing it by a form of its organisation.
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::Deserialize;

use crate::catalogue::lifecycle;
use crate::db::organisations::Organisation;
use crate::error::ApiError;
use crate::routes::posts::{change_status, Post, Transition};
use crate::startup::AppState;
use crate::web::visitor::see_other;
use crate::web::Visitor;

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
    visitor.ok(state, template, context! { ..vars, ..extra })
}

/// Publishes or withdraws the visitor's organisation's post, then shows it (`base/{id}`).
pub async fn change<P: Post>(
    state: &web::Data<AppState>,
    visitor: &Visitor,
    id: P::Id,
    form: &StatusForm,
    base: &str,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(state, &form.csrf)?;
    let caller = visitor.caller()?;
    let operation: Transition<P> = match form.action.as_str() {
        "publish" => lifecycle::publish::<P>,
        "withdraw" => lifecycle::withdraw::<P>,
        _ => return Err(ApiError::BadRequest("unknown action".into())),
    };
    let post = change_status(state, caller, id, operation).await?;
    Ok(see_other(&format!("{base}/{}", &**post.id())))
}
