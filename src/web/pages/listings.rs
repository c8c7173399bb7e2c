//! The listing pages: a listing as anyone may see it (GET /listings/{id}), and for its
//! organisation the forms to post one (GET/POST /listings/new), to edit it
//! (GET/POST /listings/{id}/edit), both with their photos (`listing_submit`), and to
//! publish or withdraw it (POST /listings/{id}). Its page shows the photos as a gallery
//! (`gallery`).
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::db::listings::Listing;
use crate::domain::ListingId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::photos::operations::photos_of;
use crate::web::files_form;
use crate::web::pages::ask::AskForm;
use crate::web::pages::gallery::gallery;
use crate::web::pages::listing_form::ListingForm;
use crate::web::pages::listing_submit;
use crate::web::pages::posts::{self, StatusForm};
use crate::web::Visitor;

pub async fn new_form(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let extra = listing_submit::photos_on_form(&[]);
    posts::new_form::<ListingForm>(&state, &visitor, extra).await
}

/// The form comes with its photos (multipart) or without (urlencoded); the signed-in
/// visitor and the form's token are checked before any file is read.
pub async fn create(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let limits = listing_submit::limits(&state);
    let sent = files_form::read(&req, payload, &visitor, &state.decoding, &limits).await?;
    listing_submit::create(&state, &visitor, sent).await
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let viewer = Some(visitor.caller()?.organisation_id);
    let photos = photos_of(&state.db, id.clone(), viewer).await?;
    let extra = listing_submit::photos_on_form(&photos);
    posts::edit_form::<ListingForm>(&state, &visitor, id, extra).await
}

/// As [`create`], for the listing's edit form.
pub async fn update(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let limits = listing_submit::limits(&state);
    let sent = files_form::read(&req, payload, &visitor, &state.decoding, &limits).await?;
    listing_submit::update(&state, &visitor, id.into_inner(), sent).await
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// The code of what was wrong with the last photo sent (see `photos::add`).
    pub photo_error: Option<String>,
    /// The photo the gallery shows large, from 1 (text: any other value shows the first).
    pub photo: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = ListingPage {
        photo_error: query.photo_error,
        photo: query.photo,
        ..ListingPage::default()
    };
    page.render(&state, &visitor, id.into_inner()).await
}

/// The listing's page, with what a form on it left to show: a photo refused, or an ask
/// (`ask`) refused with the form as it was typed.
#[derive(Default)]
pub struct ListingPage {
    pub status: Option<StatusCode>,
    pub photo_error: Option<String>,
    /// The photo shown large (`?photo=`).
    pub photo: Option<String>,
    pub ask_problem: Option<String>,
    pub ask_form: Option<AskForm>,
}

impl ListingPage {
    pub async fn render(
        self,
        state: &AppState,
        visitor: &Visitor,
        id: ListingId,
    ) -> Result<HttpResponse, ApiError> {
        let viewer = visitor.user.as_ref().map(|u| u.organisation_id.clone());
        let photos = photos_of(&state.db, id.clone(), viewer).await?;
        let photo_error = self.photo_error.map(|code| {
            let known = [
                "not_an_image",
                "unreadable_image",
                "required",
                "too_large",
                "image_too_large",
                "quota_exceeded",
                "busy",
            ];
            let code = if known.contains(&code.as_str()) {
                code
            } else {
                "unreadable_image".into()
            };
            format!("invalid-photo-{code}")
        });
        let next = format!("/listings/{id}");
        let extra = minijinja::context! {
            gallery => gallery(&photos, self.photo.as_deref()),
            photos => minijinja::Value::from_serialize(&photos),
            photo_error,
            max_photos => crate::photos::MAX_PHOTOS_A_LISTING,
            signed_in => visitor.user.is_some(),
            ask_problem => self.ask_problem,
            ask => minijinja::Value::from_serialize(&self.ask_form),
            next => next,
            // For the link a shared page carries (Open Graph, canonical).
            base_url => state.settings.base_url(),
        };
        let status = self.status.unwrap_or(StatusCode::OK);
        posts::show_with_status::<Listing>(
            state,
            visitor,
            id,
            "listing.html",
            "listing",
            extra,
            status,
        )
        .await
    }
}

pub async fn change(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ListingId>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, ApiError> {
    posts::change::<Listing>(&state, &visitor, id.into_inner(), &form, "/listings").await
}
