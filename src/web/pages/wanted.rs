//! The wanted-request pages: what a taker needs, posted through a form
//! (GET/POST /wanted/new), shown to anyone while public (GET /wanted/{id}), published or
//! withdrawn by its organisation (POST /wanted/{id}). The form is read into the API's
//! `WantedInput`, so the page is held to the API's rules.
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, Unit, WantedId};
use crate::error::{ApiError, FieldError};
use crate::routes::posts::LocationInput;
use crate::routes::wanted::actions::create_wanted;
use crate::routes::wanted::WantedInput;
use crate::startup::AppState;
use crate::web::forms::{field_errors, invalid_fields};
use crate::web::pages::listing_form::{choices, read_date, read_number, FIELDS};
use crate::web::pages::posts::{self, StatusForm};
use crate::web::visitor::see_other;
use crate::web::Visitor;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct WantedForm {
    #[serde(default, skip_serializing)]
    pub csrf: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub material: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub worst_condition: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub max_distance_km: String,
    #[serde(default)]
    pub needed_from: String,
    #[serde(default)]
    pub needed_until: String,
    #[serde(default)]
    pub max_price_per_unit_eur: String,
    pub accepts_waste: Option<String>,
    #[serde(default, skip_serializing)]
    pub submit: String,
}

impl WantedForm {
    fn blank(today: NaiveDate) -> Self {
        Self {
            unit: Unit::Tonne.as_str().into(),
            worst_condition: Condition::NeedsReconditioning.as_str().into(),
            max_distance_km: "50".into(),
            needed_from: today.to_string(),
            ..Self::default()
        }
    }

    fn to_input(&self) -> Result<WantedInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let quantity = read_number("quantity", &self.quantity, true, e);
        let latitude = read_number("latitude", &self.latitude, true, e);
        let longitude = read_number("longitude", &self.longitude, true, e);
        let distance = read_number("max_distance_km", &self.max_distance_km, true, e);
        let price = read_number(
            "max_price_per_unit_eur",
            &self.max_price_per_unit_eur,
            false,
            e,
        );
        let from = read_date("needed_from", &self.needed_from, true, e);
        let until = read_date("needed_until", &self.needed_until, false, e);
        let unit = Unit::parse(&self.unit);
        let condition = Condition::parse(&self.worst_condition);
        if unit.is_none() {
            e.push(FieldError::new("unit", "required", "choose a unit"));
        }
        if condition.is_none() {
            e.push(FieldError::new(
                "worst_condition",
                "required",
                "choose a condition",
            ));
        }
        match (
            quantity, latitude, longitude, distance, from, unit, condition,
        ) {
            (
                Some(quantity),
                Some(latitude),
                Some(longitude),
                Some(max_distance_km),
                Some(needed_from),
                Some(unit),
                Some(worst_condition),
            ) if errors.is_empty() => Ok(WantedInput {
                title: self.title.clone(),
                description: self.description.trim().to_owned(),
                material: self.material.clone(),
                quantity,
                unit,
                location: LocationInput {
                    latitude,
                    longitude,
                    address: self.address.clone(),
                    insee_code: None,
                },
                max_distance_km,
                needed_from,
                needed_until: until,
                worst_condition,
                max_price_per_unit_eur: price,
                accepts_waste: self.accepts_waste.is_some(),
                accepts_hazardous: false,
                external_ref: None,
            }),
            _ => Err(errors),
        }
    }
}

pub async fn new_form(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    visitor.caller()?;
    let form = WantedForm::blank(crate::db::now().date());
    show_form(&state, &visitor, StatusCode::OK, &form, Default::default())
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
        Err(error) => {
            let errors = field_errors(visitor.lang, &invalid_fields(error)?, FIELDS);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            show_form(&state, &visitor, status, &form, errors)
        }
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

fn show_form(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    form: &WantedForm,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let vars = context! {
        form => Value::from_serialize(form),
        errors,
        choices => choices(&state.catalogue.taxonomy, visitor.lang),
    };
    visitor.page(state, status, "wanted_form.html", vars)
}
