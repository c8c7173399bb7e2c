//! What the listing and wanted-request pages share, written once for both: the form to
//! post one and to edit it, a post as its visitor may see it, publishing or withdrawing it
//! by a form of its organisation, and the organisation's own post. Each page reads its
//! form into the post's input and makes one call on `posts::Posts`.
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::organisations::Organisation;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::{Language, PostRef, PostStatus};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::matching::progress;
use crate::posts::input::PostInput;
use crate::posts::lifecycle::{self, PostRecord};
use crate::posts::version::Precondition;
use crate::posts::{Post, Transition};
use crate::sites;
use crate::web::flash::Flash;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, FIELDS};
use crate::web::pages::place_form::PlaceFields;
use crate::web::Visitor;

/// The kind of post a form's input describes.
pub type Record<F> = <<F as PostForm>::Input as PostInput>::Record;

/// A post's form (a listing's or a wanted request's): what a person types, read into the
/// post's input so the page is held to exactly the API's rules.
pub trait PostForm: Serialize {
    /// The template that shows it.
    const TEMPLATE: &'static str;
    /// Where the pages of its posts are (`/listings`, `/wanted`).
    const BASE: &'static str;
    type Input: PostInput;
    /// A new post's form, on `today`.
    fn blank(today: NaiveDate) -> Self;
    /// The form filled with a stored post, to edit it.
    fn of(row: &Record<Self>, lang: Language) -> Self;
    /// The input, with stand-ins for the fields the form could not read, and their errors.
    fn read(&self) -> (Self::Input, Vec<FieldError>);
    /// Keeps in an edit what the form does not show, as the API set it.
    fn keep(input: &mut Self::Input, stored: &Record<Self>);
    /// Where the post is, as the form says it.
    fn place(&self) -> &PlaceFields;
    /// The browser's token the form carries.
    fn csrf(&self) -> &str;
    /// Which button sent the form: `publish` or `draft`.
    fn submit(&self) -> &str;
}

/// GET {base}/new: a new post's form.
pub async fn new_form<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    extra: Value,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let form = F::blank(crate::db::now().date());
    let page = FormPage::new(StatusCode::OK, None, extra);
    show_form(state, visitor, &form, Default::default(), page).await
}

/// POST {base}/new: stores the post, a draft or published, and shows it; or the form
/// again with what is wrong.
pub async fn create<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    form: F,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(form.csrf())?;
    let caller = visitor.caller()?;
    let publish = form.submit() == "publish";
    let outcome = match read_all(state, &form) {
        Ok(input) => state.posts().create(caller.actor(), input, publish).await,
        Err(errors) => Err(DomainError::Invalid(errors)),
    };
    match outcome {
        Ok(row) => {
            let kind = &F::BASE[1..];
            let flash = if publish {
                published::<Record<F>>(state, kind, row.id()).await
            } else {
                Flash::new(&format!("flash-{kind}-draft-saved"))
            };
            Ok(visitor.see_other_with(&format!("{}/{}", F::BASE, &**row.id()), flash))
        }
        Err(error) => {
            let page = FormPage::new(StatusCode::UNPROCESSABLE_ENTITY, None, context! {});
            refused(state, visitor, &form, error.into(), page).await
        }
    }
}

/// GET {base}/{id}/edit: the form filled with the organisation's post.
pub async fn edit_form<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    id: <Record<F> as PostRecord>::Id,
    extra: Value,
) -> Result<HttpResponse, ApiError> {
    let row = own::<Record<F>>(state, visitor, id).await?;
    let form = F::of(&row, visitor.lang);
    let page = FormPage::new(StatusCode::OK, Some(row.id().to_string()), extra);
    show_form(state, visitor, &form, Default::default(), page).await
}

/// POST {base}/{id}/edit: replaces the organisation's post's details and shows it; or the
/// form again with what is wrong.
pub async fn update<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    id: <Record<F> as PostRecord>::Id,
    form: F,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(form.csrf())?;
    let caller = visitor.caller()?;
    let stored = own::<Record<F>>(state, visitor, id).await?;
    let id = stored.id().clone();
    let outcome = match read_all(state, &form) {
        Ok(mut input) => {
            F::keep(&mut input, &stored);
            let precondition = Precondition::None;
            state
                .posts()
                .update(caller.actor(), id.clone(), input, precondition)
                .await
        }
        Err(errors) => Err(DomainError::Invalid(errors)),
    };
    match outcome {
        Ok(row) => {
            let flash = Flash::new(&format!("flash-{}-saved", &F::BASE[1..]));
            Ok(visitor.see_other_with(&format!("{}/{}", F::BASE, &**row.id()), flash))
        }
        Err(error) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let page = FormPage::new(status, Some(id.to_string()), context! {});
            refused(state, visitor, &form, error.into(), page).await
        }
    }
}

/// The form's input, or all its errors in one round: the fields that did not read, and
/// the API's rules on the others (checked with stand-ins for the unread ones, whose own
/// rule errors are dropped: a field shows one error, the first).
pub fn read_all<F: PostForm>(state: &AppState, form: &F) -> Result<F::Input, Vec<FieldError>> {
    let (input, mut errors) = form.read();
    if errors.is_empty() {
        return Ok(input);
    }
    if let Err(DomainError::Invalid(rules)) = input.check(&state.catalogue.taxonomy) {
        let named = |field: &str| {
            FIELDS
                .iter()
                .find(|(api, _)| *api == field)
                .map_or(field, |(_, form)| form)
                .to_owned()
        };
        let unread: BTreeSet<String> = errors.iter().map(|e| named(&e.field)).collect();
        errors.extend(
            rules
                .into_iter()
                .filter(|r| !unread.contains(&named(&r.field))),
        );
    }
    Err(errors)
}

/// How a form page is answered: its status, the post's id when editing, and what the
/// page adds of its own (a listing's photos).
pub struct FormPage {
    pub status: StatusCode,
    pub editing: Option<String>,
    pub extra: Value,
}

impl FormPage {
    pub fn new(status: StatusCode, editing: Option<String>, extra: Value) -> Self {
        Self {
            status,
            editing,
            extra,
        }
    }
}

/// The form page: the form as the visitor left it, its field errors, the class choices in
/// the visitor's language, the organisation's sites and the communes to choose from, and
/// the post's id when editing.
pub async fn show_form<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    form: &F,
    errors: BTreeMap<String, String>,
    page: FormPage,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    let sites = state
        .db
        .read(move |conn| Ok(sites::list(conn, &organisation_id)?))
        .await?;
    let vars = context! {
        form => Value::from_serialize(form),
        errors,
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
        place => form.place().view(&sites),
        editing => page.editing,
    };
    let extra = page.extra;
    visitor.page(page.status, F::TEMPLATE, context! { ..vars, ..extra })
}

/// The field errors of a refusal the form can show, by form field; the error itself when
/// the form cannot show it.
pub fn refusal_errors(
    visitor: &Visitor,
    error: ApiError,
) -> Result<BTreeMap<String, String>, ApiError> {
    Ok(field_errors(visitor.lang, &invalid_fields(error)?, FIELDS))
}

/// The form again, with the field errors of a refusal the form can show.
pub async fn refused<F: PostForm>(
    state: &AppState,
    visitor: &Visitor,
    form: &F,
    error: ApiError,
    page: FormPage,
) -> Result<HttpResponse, ApiError> {
    let errors = refusal_errors(visitor, error)?;
    show_form(state, visitor, form, errors, page).await
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
    show_with_status::<P>(state, visitor, id, template, name, extra, StatusCode::OK).await
}

/// As [`show`], answered with `status` (a form on the page that was refused: 422, 409).
pub async fn show_with_status<P: Post>(
    state: &AppState,
    visitor: &Visitor,
    id: P::Id,
    template: &str,
    name: &str,
    extra: Value,
    status: StatusCode,
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
    let matching = match owner && post.status() == PostStatus::Published {
        true => matching_of::<P>(state, post.id()).await?,
        false => Value::from(()),
    };
    let view = Value::from_serialize(post.view(&state.catalogue.taxonomy, visitor.lang, owner));
    let vars = Value::from_iter([
        (name, view),
        ("owner", Value::from(owner)),
        ("organisation_name", Value::from(organisation.name)),
        ("matching", matching),
    ]);
    visitor.page(status, template, context! { ..vars, ..extra })
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
    let (operation, done): (Transition<P>, _) = match form.action.as_str() {
        "publish" => (lifecycle::publish::<P>, "published"),
        "withdraw" => (lifecycle::withdraw::<P>, "withdrawn"),
        _ => return Err(ApiError::BadRequest("unknown action".into())),
    };
    let post = state
        .posts()
        .change_status(caller.actor(), id, operation)
        .await?;
    let kind = &base[1..];
    let flash = if done == "published" {
        published::<P>(state, kind, post.id()).await
    } else {
        Flash::new(&format!("flash-{kind}-{done}"))
    };
    Ok(visitor.see_other_with(&format!("{base}/{}", &**post.id()), flash))
}

/// Where the matching of the owner's post `id` stands, for its page.
async fn matching_of<P: PostRecord>(state: &AppState, id: &str) -> Result<Value, ApiError> {
    let Some(post) = PostRef::of_match_job(P::JOB_KIND, id) else {
        return Ok(Value::from(()));
    };
    let now = state
        .db
        .read(move |conn| Ok(progress::progress(conn, &post)?))
        .await?;
    Ok(context! { searching => now.searching, open => now.open })
}

/// The flash after publishing post `id` (of `kind`, `listings` or `wanted`): how many
/// matches the matcher found, once it has run; that it is searching when it takes longer.
pub(crate) async fn published<P: PostRecord>(state: &AppState, kind: &str, id: &str) -> Flash {
    let searching = Flash::new(&format!("flash-{kind}-published"));
    let Some(post) = PostRef::of_match_job(P::JOB_KIND, id) else {
        return searching;
    };
    let patience = Duration::from_millis(state.settings.web.publish_wait_ms);
    match progress::settled(&state.db, post, patience).await {
        Ok(done) if !done.searching => {
            Flash::counted(&format!("flash-{kind}-published-found"), done.open)
        }
        Ok(_) => searching,
        Err(error) => {
            // The post is published: only the count is missing.
            tracing::warn!(error = %error, "reading a post's matching progress");
            searching
        }
    }
}
