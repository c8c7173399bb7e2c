//! The organisation's sites (its address book), for any member: the list with a form to
//! add one (GET/POST /account/sites), a site's form to change it
//! (GET/POST /account/sites/{id}/edit), and deletion (POST /account/sites/{id}/delete).
//! Each calls the operation the API calls (`sites`). The place is typed as in the post
//! forms: a commune or postcode, a street address, a pin (`place_form`).
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::db::sites::Site;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::SiteId;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::posts::version::Precondition;
use crate::sites::{self, input::SiteInput};
use crate::views::sites::SiteView;
use crate::web::forms::{conflict_text, field_errors, invalid_fields};
use crate::web::pages::account::CsrfForm;
use crate::web::pages::place_form::PlaceFields;
use crate::web::visitor::see_other;
use crate::web::Visitor;

/// The API's field paths as the site form names them.
const FIELDS: &[(&str, &str)] = &[
    ("insee_code", "place"),
    ("latitude", "place"),
    ("longitude", "place"),
];

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SiteForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    /// The commune, street address and pin (never a site: this is one).
    #[serde(flatten)]
    pub place: PlaceFields,
    #[serde(default)]
    pub access_notes: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub pickup_slots: String,
}

impl SiteForm {
    fn of(site: &Site) -> Self {
        let at = (site.latitude, site.longitude);
        Self {
            name: site.name.clone(),
            place: PlaceFields::of(None, Some(&site.insee_code), &site.address, at),
            access_notes: site.access_notes.clone(),
            contact_phone: site.contact_phone.clone().unwrap_or_default(),
            pickup_slots: site.pickup_slots.clone(),
            ..Self::default()
        }
    }

    /// The API's input; every field error at once, the place's included.
    fn to_input(&self) -> Result<SiteInput, DomainError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let place = PlaceFields {
            site_id: String::new(),
            ..self.place.clone()
        };
        let (_, location) = place.read(&mut errors);
        let phone = self.contact_phone.trim();
        let mut input = SiteInput {
            name: self.name.clone(),
            // The street only: the commune is the site's own field.
            address: self.place.address.trim().to_owned(),
            insee_code: String::new(),
            latitude: None,
            longitude: None,
            access_notes: self.access_notes.clone(),
            contact_phone: (!phone.is_empty()).then(|| phone.to_owned()),
            pickup_slots: self.pickup_slots.clone(),
        };
        match location {
            Some(location) => {
                input.insee_code = location.insee_code.unwrap_or_default();
                input.latitude = Some(location.latitude);
                input.longitude = Some(location.longitude);
                Ok(input)
            }
            None => {
                // The other fields' errors too, in the same round.
                if let Err(DomainError::Invalid(more)) = input.check() {
                    errors.extend(more.into_iter().filter(|e| e.field != "insee_code"));
                }
                Err(DomainError::Invalid(errors))
            }
        }
    }
}

pub async fn list(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let form = SiteForm::default();
    render(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        None,
        BTreeMap::new(),
    )
    .await
}

pub async fn create(
    state: web::Data<AppState>,
    visitor: Visitor,
    form: web::Form<SiteForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let actor = visitor.caller()?.actor();
    let outcome = match form.to_input() {
        Ok(input) => {
            state
                .db
                .write(move |conn| Ok(sites::create(conn, &actor, input, now())?))
                .await
        }
        Err(error) => Err(error.into()),
    };
    match outcome {
        Ok(_) => Ok(see_other("/account/sites")),
        Err(error) => refused(&state, &visitor, &form, None, error).await,
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<SiteId>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    let id = id.into_inner();
    let site = state
        .db
        .read(move |conn| Ok(sites::get(conn, &organisation_id, &id)?))
        .await?;
    let form = SiteForm::of(&site);
    let editing = Some(site.id);
    render(
        &state,
        &visitor,
        StatusCode::OK,
        &form,
        editing,
        BTreeMap::new(),
    )
    .await
}

pub async fn update(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<SiteId>,
    form: web::Form<SiteForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    visitor.check_form(&form.csrf)?;
    let actor = visitor.caller()?.actor();
    let id = id.into_inner();
    let outcome = match form.to_input() {
        Ok(input) => {
            let id = id.clone();
            state
                .db
                .write(move |conn| {
                    let any = |stored| Precondition::None.check(stored);
                    Ok(sites::update(conn, &actor, &id, input, any, now())?)
                })
                .await
        }
        Err(error) => Err(error.into()),
    };
    match outcome {
        Ok(_) => Ok(see_other("/account/sites")),
        Err(error) => refused(&state, &visitor, &form, Some(id), error).await,
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<SiteId>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    visitor.check_form(&form.csrf)?;
    let actor = visitor.caller()?.actor();
    let id = id.into_inner();
    state
        .db
        .write(move |conn| Ok(sites::delete(conn, &actor, &id)?))
        .await?;
    Ok(see_other("/account/sites"))
}

/// The form again with what is wrong: a field error beside its field, the quota's refusal
/// beside the name.
async fn refused(
    state: &AppState,
    visitor: &Visitor,
    form: &SiteForm,
    editing: Option<SiteId>,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let errors = match error {
        ApiError::Conflict(conflict) => {
            BTreeMap::from([("name".to_owned(), conflict_text(visitor.lang, &conflict))])
        }
        other => field_errors(visitor.lang, &invalid_fields(other)?, FIELDS),
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(state, visitor, status, form, editing, errors).await
}

/// The sites page: the list and the form to add one, or the form of the site `editing`.
async fn render(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &SiteForm,
    editing: Option<SiteId>,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = visitor.caller()?.organisation_id;
    let found = state
        .db
        .read(move |conn| Ok(sites::list(conn, &organisation_id)?))
        .await?;
    let place = form.place.view(&[]);
    let sites: Vec<SiteView> = found.into_iter().map(SiteView::from).collect();
    let vars = context! {
        sites => Value::from_serialize(&sites),
        form => Value::from_serialize(form),
        place,
        errors,
        editing,
    };
    visitor.page(status, "sites.html", vars)
}
