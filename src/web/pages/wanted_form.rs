//! The wanted-request form: what a taker types, read into a request's `WantedInput` so the
//! page is held to the API's rules, and filled from a stored request to edit it.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::wanted_requests::WantedRequest;
use crate::domain::error::FieldError;
use crate::domain::format;
use crate::domain::{Condition, Language, Unit};
use crate::posts::wanted::WantedInput;
use crate::web::pages::listing_form::{read_date, read_number, read_price, stand_in};
use crate::web::pages::place_form::PlaceFields;

impl crate::web::pages::posts::PostForm for WantedForm {
    const TEMPLATE: &'static str = "wanted_form.html";
    const BASE: &'static str = "/wanted";
    type Input = WantedInput;

    fn blank(today: NaiveDate) -> Self {
        WantedForm::blank(today)
    }

    fn of(row: &WantedRequest, lang: Language) -> Self {
        WantedForm::of(row, lang)
    }

    fn read(&self) -> (WantedInput, Vec<FieldError>) {
        WantedForm::read(self)
    }

    /// The reference and the hazard are the API's to set.
    fn keep(input: &mut WantedInput, stored: &WantedRequest) {
        input.external_ref = stored.external_ref.clone();
        input.accepts_hazardous = stored.accepts_hazardous;
    }

    fn place(&self) -> &PlaceFields {
        &self.place
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(&self) -> &str {
        &self.submit
    }
}

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
    /// The site, or the commune, street address and pin.
    #[serde(flatten)]
    pub place: PlaceFields,
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
    pub fn blank(today: NaiveDate) -> Self {
        Self {
            unit: Unit::Tonne.as_str().into(),
            worst_condition: Condition::NeedsReconditioning.as_str().into(),
            max_distance_km: "50".into(),
            needed_from: today.to_string(),
            ..Self::default()
        }
    }

    /// The form filled with a stored request, to edit it.
    pub fn of(row: &WantedRequest, lang: Language) -> Self {
        let number = |n: f64| format::editable(n, lang);
        Self {
            title: row.title.clone(),
            description: row.description.clone(),
            material: row.material_code.clone(),
            quantity: number(row.quantity),
            unit: row.unit.as_str().into(),
            worst_condition: row.worst_condition.as_str().into(),
            place: PlaceFields::of(
                row.site_id.as_ref(),
                row.insee_code.as_deref(),
                &row.address,
                (row.latitude, row.longitude),
            ),
            max_distance_km: number(row.max_distance_km),
            needed_from: row.needed_from.to_string(),
            needed_until: row.needed_until.map(|d| d.to_string()).unwrap_or_default(),
            max_price_per_unit_eur: row.max_price_per_unit_eur.map(number).unwrap_or_default(),
            accepts_waste: row.accepts_waste.then(|| "on".into()),
            ..Self::default()
        }
    }

    /// The API's input, or every field the form could not read.
    pub fn to_input(&self) -> Result<WantedInput, Vec<FieldError>> {
        let (input, errors) = self.read();
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    /// The API's input, with stand-ins for the fields that did not read, and their errors.
    pub fn read(&self) -> (WantedInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let e = &mut errors;
        let quantity = read_number("quantity", &self.quantity, true, e);
        let (site_id, location) = self.place.read(e);
        let distance = read_number("max_distance_km", &self.max_distance_km, true, e);
        let price = read_price("max_price_per_unit_eur", &self.max_price_per_unit_eur, e);
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
        let input = WantedInput {
            title: self.title.clone(),
            description: self.description.trim().to_owned(),
            material: self.material.clone(),
            quantity: quantity.unwrap_or(stand_in::QUANTITY),
            unit: unit.unwrap_or(Unit::Tonne),
            location,
            site_id,
            max_distance_km: distance.unwrap_or(stand_in::DISTANCE_KM),
            needed_from: from.unwrap_or(stand_in::FROM),
            needed_until: until,
            worst_condition: condition.unwrap_or(Condition::NeedsReconditioning),
            max_price_per_unit_eur: price,
            accepts_waste: self.accepts_waste.is_some(),
            accepts_hazardous: false,
            external_ref: None,
        };
        (input, errors)
    }
}
