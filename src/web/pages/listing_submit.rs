//! The listing form as sent, with the photos chosen in it (POST /listings/new and
//! /listings/{id}/edit): read by `files_form`, then stored with its photos in one call,
//! all or nothing (`photos::with_listing`). When anything is refused the form comes back
//! with every reason beside its field: the listing's fields, the file refused and why
//! (by its name), or, when only the fields were wrong, a word that the photos must be
//! chosen again (a browser never fills a file input back in).
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use fluent_templates::fluent_bundle::FluentValue;
use minijinja::{context, Value};

use crate::db::listings::Listing;
use crate::domain::error::DomainError;
use crate::domain::ListingId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::photos::with_listing::{Refusal, WithPhotos};
use crate::photos::MAX_PHOTOS_A_LISTING;
use crate::views::photos::PhotoView;
use crate::web::files_form::{FileLimits, FilesForm, RefusedFile};
use crate::web::flash::Flash;
use crate::web::forms::field_errors;
use crate::web::i18n;
use crate::web::pages::gallery;
use crate::web::pages::listing_form::{ListingForm, FIELDS};
use crate::web::pages::posts::{self, read_all, refusal_errors, FormPage, PostForm};
use crate::web::Visitor;

/// The file input of the listing form.
pub const PHOTO_FIELD: &str = "photos";

/// What the listing form may send: its text within the app's body limit, and at most
/// as many photos as a listing holds.
pub fn limits(state: &AppState) -> FileLimits {
    FileLimits {
        text_bytes: state.settings.http.body_limit_bytes,
        file_field: PHOTO_FIELD,
        max_files: MAX_PHOTOS_A_LISTING as usize,
    }
}

/// What the form page shows of the listing's photos: those it has, and how many more it
/// may take.
pub fn photos_on_form(photos: &[PhotoView]) -> Value {
    let max = MAX_PHOTOS_A_LISTING as usize;
    context! {
        photos => Value::from_serialize(gallery::photos(photos)),
        photos_left => max.saturating_sub(photos.len()),
        max_photos => max,
    }
}

/// POST /listings/new: the listing and its photos stored, then shown; or the form again.
pub async fn create(
    state: &AppState,
    visitor: &Visitor,
    sent: FilesForm,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let form = ListingForm::from_fields(&sent.fields)?;
    let page = |status| FormPage::new(status, None, photos_on_form(&[]));
    let publish = form.submit == "publish";
    let (input, names, uploads) = match checked(state, visitor, &form, sent) {
        Ok(read) => read,
        Err(errors) => return again(state, visitor, &form, errors, page(INVALID)).await,
    };
    let stored = with_photos(state)
        .create(caller.actor(), input, publish, uploads)
        .await;
    match stored {
        Ok(row) => {
            let flash = if publish {
                posts::published::<Listing>(state, "listings", &row.id).await
            } else {
                Flash::new("flash-listings-draft-saved")
            };
            Ok(visitor.see_other_with(&format!("/listings/{}", &*row.id), flash))
        }
        Err(refusal) => {
            let errors = refused(visitor, refusal, &names)?;
            again(state, visitor, &form, errors, page(INVALID)).await
        }
    }
}

/// POST /listings/{id}/edit: the listing's details replaced and the photos added, then
/// shown; or the form again.
pub async fn update(
    state: &AppState,
    visitor: &Visitor,
    id: ListingId,
    sent: FilesForm,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let form = ListingForm::from_fields(&sent.fields)?;
    let stored = posts::own::<crate::db::listings::Listing>(state, visitor, id).await?;
    let id = stored.id.clone();
    let viewer = Some(caller.organisation_id.clone());
    let photos = crate::photos::operations::photos_of(&state.db, id.clone(), viewer).await?;
    let page = FormPage::new(INVALID, Some(id.to_string()), photos_on_form(&photos));
    let (mut input, names, uploads) = match checked(state, visitor, &form, sent) {
        Ok(read) => read,
        Err(errors) => return again(state, visitor, &form, errors, page).await,
    };
    ListingForm::keep(&mut input, &stored);
    let saved = with_photos(state)
        .update(caller.actor(), id, input, uploads)
        .await;
    match saved {
        Ok(row) => {
            let flash = Flash::new("flash-listings-saved");
            Ok(visitor.see_other_with(&format!("/listings/{}", &*row.id), flash))
        }
        Err(refusal) => {
            let errors = refused(visitor, refusal, &names)?;
            again(state, visitor, &form, errors, page).await
        }
    }
}

const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

type Read = (
    <ListingForm as PostForm>::Input,
    Vec<String>,
    Vec<crate::photos::Upload>,
);

/// The listing's input and the photos sent (their names and uploads); or every error the
/// form can tell without storing anything: the fields that do not read or break a rule,
/// and the file refused as it came.
fn checked(
    state: &AppState,
    visitor: &Visitor,
    form: &ListingForm,
    sent: FilesForm,
) -> Result<Read, BTreeMap<String, String>> {
    let had_files = !sent.files.is_empty() || sent.refused.is_some();
    let fields = match (read_all(state, form), &sent.refused) {
        (Ok(input), None) => {
            let (names, uploads) = sent.files.into_iter().map(|f| (f.name, f.upload)).unzip();
            return Ok((input, names, uploads));
        }
        (Ok(input), Some(_)) => match input.check(&state.catalogue.taxonomy) {
            Err(DomainError::Invalid(errors)) => errors,
            _ => Vec::new(),
        },
        (Err(errors), _) => errors,
    };
    let mut errors = field_errors(visitor.lang, &fields, FIELDS);
    let photos = match &sent.refused {
        Some(RefusedFile {
            code: "too_many", ..
        }) => too_many(visitor),
        Some(RefusedFile { name, code }) => file_refused(visitor, name, code),
        None if had_files => text(visitor, "photos-choose-again", &[]),
        None => return Err(errors),
    };
    errors.insert(PHOTO_FIELD.into(), photos);
    Err(errors)
}

/// The form's errors for a refusal: the listing's fields (and the photos to choose
/// again), or the photo refused; the error itself when the form cannot show it.
fn refused(
    visitor: &Visitor,
    refusal: Refusal,
    names: &[String],
) -> Result<BTreeMap<String, String>, ApiError> {
    let photos = match refusal {
        Refusal::Listing(error) => {
            let mut errors = refusal_errors(visitor, error.into())?;
            if !names.is_empty() {
                let again = text(visitor, "photos-choose-again", &[]);
                errors.insert(PHOTO_FIELD.into(), again);
            }
            return Ok(errors);
        }
        Refusal::TooMany => too_many(visitor),
        Refusal::Photo { index, error } => {
            let code = match ApiError::from(error) {
                ApiError::Validation(errors) => errors
                    .into_iter()
                    .next()
                    .map_or("unreadable_image".into(), |e| e.code),
                // Too many photos being read at once: worth sending again.
                ApiError::ServiceUnavailable => "busy".into(),
                other => return Err(other),
            };
            let name = names.get(index).map_or("", String::as_str);
            file_refused(visitor, name, &code)
        }
    };
    Ok(BTreeMap::from([(PHOTO_FIELD.to_owned(), photos)]))
}

fn too_many(visitor: &Visitor) -> String {
    let max = i64::from(MAX_PHOTOS_A_LISTING);
    text(visitor, "photos-too-many", &[("max", max.into())])
}

/// The file refused by its name, and why, in the page's language.
fn file_refused(visitor: &Visitor, name: &str, code: &str) -> String {
    let why = text(visitor, &format!("invalid-photo-{code}"), &[]);
    let why = if why.is_empty() {
        text(visitor, "invalid-photo-unreadable_image", &[])
    } else {
        why
    };
    let file = FluentValue::from(name.to_owned());
    text(
        visitor,
        "photo-file-refused",
        &[("file", file), ("why", why.into())],
    )
}

fn text(visitor: &Visitor, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(name, value)| ((*name).into(), value.clone()))
        .collect();
    i18n::text(visitor.lang, key, &args).unwrap_or_default()
}

fn with_photos(state: &AppState) -> WithPhotos<'_> {
    WithPhotos {
        posts: state.posts(),
        db: &state.db,
        decoding: &state.decoding,
        store: &state.photos,
    }
}

async fn again(
    state: &AppState,
    visitor: &Visitor,
    form: &ListingForm,
    errors: BTreeMap<String, String>,
    page: FormPage,
) -> Result<HttpResponse, ApiError> {
    posts::show_form(state, visitor, form, errors, page).await
}
