//! What listings and wanted requests share in the API: the place, checks against the
//! taxonomy, ownership, and the life-cycle actions.
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::language::language;
use crate::auth::Caller;
use crate::catalogue::taxonomy::{MaterialClass, Taxonomy};
use crate::catalogue::Catalogue;
use crate::db::match_jobs::MatchJob;
use crate::db::{now, DbConnection};
use crate::domain::{Language, PostStatus, Unit};
use crate::error::{ApiError, FieldError};
use crate::startup::AppState;

#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
pub struct LocationInput {
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
    #[validate(length(min = 1, max = 300))]
    pub address: String,
    /// The INSEE commune code: 5 characters (digits, or 2A/2B for Corsica).
    #[validate(custom(function = "validate_insee"))]
    pub insee_code: Option<String>,
}

fn validate_insee(code: &str) -> Result<(), validator::ValidationError> {
    let valid = code.len() == 5
        && (code.bytes().all(|b| b.is_ascii_digit())
            || (code.starts_with("2A") || code.starts_with("2B"))
                && code[2..].bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(validator::ValidationError::new("insee_code")
            .with_message("an INSEE commune code has 5 characters".into()))
    }
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

/// The owner may do this to a post in this status, or the answer is 409.
pub fn require_status(status: &str, allowed: &[PostStatus], action: &str) -> Result<(), ApiError> {
    let current = PostStatus::parse(status);
    if current.is_some_and(|s| allowed.contains(&s)) {
        Ok(())
    } else {
        Err(ApiError::Conflict(format!(
            "a {status} post cannot be {action}"
        )))
    }
}

/// An (optional) external reference is unique per organisation: a 409 on a second use.
pub fn external_ref_taken() -> ApiError {
    ApiError::Conflict(
        "this external_ref is already used by another post of your organisation".into(),
    )
}

/// What the shared handlers (read, publish, withdraw) need of a listing or a wanted request.
pub trait Post: Sized + Send + 'static {
    type View: Serialize;
    /// The kind of matching job for this type of post.
    const JOB_KIND: &'static str;
    fn id(&self) -> &str;
    /// Locks the row for the rest of the transaction (see `Listing::lock`).
    fn lock(conn: &mut DbConnection, id: &str) -> QueryResult<()>;
    fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>>;
    fn save(&self, conn: &mut DbConnection) -> QueryResult<()>;
    fn organisation_id(&self) -> &str;
    fn status(&self) -> &str;
    fn set_status(&mut self, status: PostStatus, at: NaiveDateTime);
    /// The last day of the availability (listing) or need (wanted) window.
    fn window_end(&self) -> Option<NaiveDate>;
    /// Brings the search index in line with the stored row.
    fn index(&self, catalogue: &Catalogue);
    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> Self::View;
    /// Brings the status in line with what is held, once published again (a listing that
    /// expired with reservations waiting is `reserved`, not `published`).
    fn on_publish(&self, _conn: &mut DbConnection) -> Result<(), ApiError> {
        Ok(())
    }

    /// What withdrawing the post undoes besides its matches (a listing's reservations).
    fn on_withdraw(
        &self,
        _conn: &mut DbConnection,
        _state: &AppState,
        _caller: &Caller,
    ) -> Result<(), ApiError> {
        Ok(())
    }
}

/// Queues the post for matching, in the transaction that changed it: a published post
/// finds its counterparts, a changed one has its matches refreshed, a withdrawn one has
/// them closed. Drafts are never matched.
pub fn queue_matching<P: Post>(conn: &mut DbConnection, post: &P) -> QueryResult<()> {
    if post.status() == PostStatus::Draft.as_str() {
        return Ok(());
    }
    MatchJob::enqueue(conn, P::JOB_KIND, post.id(), now())
}

/// The post if it belongs to the organisation; 404 otherwise, whether or not it exists.
/// For writes: the row stays locked until the transaction ends, so a reservation cannot
/// slip between this read and the write that follows.
pub fn owned<P: Post>(
    conn: &mut DbConnection,
    id: &str,
    organisation_id: &str,
) -> Result<P, ApiError> {
    P::lock(conn, id)?;
    P::find(conn, id)?
        .filter(|post| post.organisation_id() == organisation_id)
        .ok_or(ApiError::NotFound)
}

/// Whether `caller` may see a post of `organisation_id` in `status`: published posts are
/// public; drafts, withdrawn and expired ones are their organisation's only.
pub fn may_see(caller: Option<&Caller>, organisation_id: &str, status: &str) -> bool {
    let public =
        PostStatus::parse(status).is_some_and(|s| s.is_visible() || s == PostStatus::Exhausted);
    public || caller.is_some_and(|c| c.organisation_id == organisation_id)
}

/// The answer to a write: the post's full view.
pub fn answer<P: Post>(
    req: &HttpRequest,
    state: &AppState,
    post: P,
    status: StatusCode,
) -> HttpResponse {
    // Only the owner writes, so the answer to a write is the owner's view.
    HttpResponse::build(status).json(post.view(&state.catalogue.taxonomy, language(req), true))
}

/// GET /api/v1/{listings,wanted}/{id}
#[tracing::instrument(skip_all)]
pub async fn get<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Option<Caller>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let post = state
        .db
        .read(move |conn| Ok(P::find(conn, &id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    if !may_see(caller.as_ref(), post.organisation_id(), post.status()) {
        return Err(ApiError::NotFound);
    }
    let owner = caller.is_some_and(|c| c.organisation_id == post.organisation_id());
    let view = post.view(&state.catalogue.taxonomy, language(&req), owner);
    Ok(HttpResponse::Ok().json(view))
}

/// POST /api/v1/{listings,wanted}/{id}/publish
#[tracing::instrument(skip_all)]
pub async fn publish<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let from = &[PostStatus::Draft, PostStatus::Expired];
    transition::<P>(
        req,
        state,
        caller,
        id.into_inner(),
        from,
        PostStatus::Published,
        "published",
    )
    .await
}

/// POST /api/v1/{listings,wanted}/{id}/withdraw
#[tracing::instrument(skip_all)]
pub async fn withdraw<P: Post>(
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
    transition::<P>(
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

async fn transition<P: Post>(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    from: &'static [PostStatus],
    to: PostStatus,
    action: &'static str,
) -> Result<HttpResponse, ApiError> {
    let app = state.clone();
    let post = state
        .db
        .write(move |conn| {
            let mut post: P = owned(conn, &id, &caller.organisation_id)?;
            require_status(post.status(), from, action)?;
            let at = now();
            if to == PostStatus::Published && post.window_end().is_some_and(|end| end < at.date()) {
                return Err(ApiError::Conflict(
                    "the window has closed; edit it first".into(),
                ));
            }
            post.set_status(to, at);
            post.save(conn)?;
            match to {
                PostStatus::Withdrawn => post.on_withdraw(conn, &app, &caller)?,
                PostStatus::Published => post.on_publish(conn)?,
                _ => {}
            }
            let post = P::find(conn, post.id())?.ok_or(ApiError::NotFound)?;
            queue_matching(conn, &post)?;
            Ok(post)
        })
        .await?;
    post.index(&state.catalogue);
    Ok(answer(&req, &state, post, StatusCode::OK))
}
