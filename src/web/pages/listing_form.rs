//! The listing form: what a person types (text, with decimal commas and empty fields),
//! read into a listing's `ListingInput`, so the page is held to exactly the API's rules;
//! and the choices it offers (material classes by family, List of Waste codes).
use std::collections::BTreeMap;

use chrono::NaiveDate;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::domain::error::FieldError;
use crate::domain::format::{self, PriceRefusal};
use crate::domain::{Condition, Language, Unit};
use crate::http::error::ApiError;
use crate::posts::listing::ListingInput;
use crate::web::pages::place_form::PlaceFields;

/// The API's field paths as the form names them.
pub use crate::web::pages::place_form::PLACE_FIELDS as FIELDS;

pub const UNITS: [Unit; 6] = [
    Unit::Tonne,
    Unit::Kilogram,
    Unit::CubicMetre,
    Unit::SquareMetre,
    Unit::Metre,
    Unit::Piece,
];

pub const CONDITIONS: [Condition; 4] = [
    Condition::Unused,
    Condition::ReusableAsIs,
    Condition::NeedsReconditioning,
    Condition::RecyclingOnly,
];

impl crate::web::pages::posts::PostForm for ListingForm {
    const TEMPLATE: &'static str = "listing_form.html";
    const BASE: &'static str = "/listings";
    type Input = ListingInput;

    fn blank(today: NaiveDate) -> Self {
        ListingForm::blank(today)
    }

    fn of(row: &Listing, lang: Language) -> Self {
        ListingForm::of(row, lang)
    }

    fn read(&self) -> (ListingInput, Vec<FieldError>) {
        ListingForm::read(self)
    }

    /// The reference and the soil details are the API's to set.
    fn keep(input: &mut ListingInput, stored: &Listing) {
        input.external_ref = stored.external_ref.clone();
        input.soil = stored
            .soil
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
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
pub struct ListingForm {
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
    pub min_lot: String,
    #[serde(default)]
    pub condition: String,
    /// The site, or the commune, street address and pin.
    #[serde(flatten)]
    pub place: PlaceFields,
    #[serde(default)]
    pub available_from: String,
    #[serde(default)]
    pub available_until: String,
    #[serde(default)]
    pub price_per_unit_eur: String,
    /// Checkboxes: present ("on") when ticked, absent otherwise.
    pub is_waste: Option<String>,
    #[serde(default)]
    pub waste_code: String,
    pub pickup: Option<String>,
    pub delivery: Option<String>,
    #[serde(default)]
    pub delivery_radius_km: String,
    /// Which button sent the form: `publish` or `draft`.
    #[serde(default, skip_serializing)]
    pub submit: String,
}

/// Text as people type a number: `2,5` is 2.5, `4 000` is 4000, `1,250.5` is 1250.5;
/// empty is none (an error when the field is `required`).
pub fn read_number(
    field: &str,
    text: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<f64> {
    if text.trim().is_empty() {
        if required {
            errors.push(FieldError::new(field, "required", "this field is required"));
        }
        return None;
    }
    let number = format::read_decimal(text);
    if number.is_none() {
        errors.push(FieldError::new(field, "number", "this is not a number"));
    }
    number
}

/// A price in euros as people type it (`15 €`, `15,50 € HT`, `1 250,00 €`, `15 euros`);
/// empty is none. A price with VAT (`TTC`) is refused: the exchange's prices exclude it.
pub fn read_price(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    let refusal = match format::read_price(text) {
        Ok(eur) => return Some(eur),
        Err(PriceRefusal::IncludesVat) => {
            FieldError::new(field, "price_includes_vat", "give the price excluding VAT")
        }
        Err(PriceRefusal::NotAPrice) => {
            FieldError::new(field, "price", "this is not a price in euros")
        }
    };
    errors.push(refusal);
    None
}

/// What stands in for a field that did not parse, so that the API's rules still check
/// the others in the same round: values no rule between fields can object to (a huge
/// quantity is above any minimum lot, the earliest date before any end). Their own
/// field's rule errors are dropped, as the field already has one.
pub mod stand_in {
    pub const QUANTITY: f64 = f64::MAX;
    pub const DISTANCE_KM: f64 = 1.0;
    pub const FROM: chrono::NaiveDate = chrono::NaiveDate::MIN;
}

/// A date as a date field sends it (`2026-12-01`) or as people write it (`01/12/2026`).
pub fn read_date(
    field: &str,
    text: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        if required {
            errors.push(FieldError::new(field, "required", "this field is required"));
        }
        return None;
    }
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"));
    parsed
        .map_err(|_| errors.push(FieldError::new(field, "date", "this is not a date")))
        .ok()
}

fn required<T>(field: &str, value: Option<T>, errors: &mut Vec<FieldError>) -> Option<T> {
    if value.is_none() && !errors.iter().any(|e| e.field == field) {
        errors.push(FieldError::new(field, "required", "this field is required"));
    }
    value
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

impl ListingForm {
    /// The form from its fields as sent (urlencoded or multipart, see `files_form`); of a
    /// field sent twice, the last value counts.
    pub fn from_fields(fields: &[(String, String)]) -> Result<Self, ApiError> {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::from(value.as_str())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|_| ApiError::BadRequest("the form could not be read".into()))
    }

    /// The API's input, or every field the form could not read.
    pub fn to_input(&self) -> Result<ListingInput, Vec<FieldError>> {
        let (input, errors) = self.read();
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    /// The API's input, with stand-ins for the fields that did not read, and their errors.
    pub fn read(&self) -> (ListingInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let e = &mut errors;
        let quantity = read_number("quantity", &self.quantity, true, e);
        let min_lot = read_number("min_lot", &self.min_lot, false, e);
        let (site_id, location) = self.place.read(e);
        let available_from = read_date("available_from", &self.available_from, true, e);
        let available_until = read_date("available_until", &self.available_until, false, e);
        let price = read_price("price_per_unit_eur", &self.price_per_unit_eur, e);
        let radius = read_number("delivery_radius_km", &self.delivery_radius_km, false, e);
        let unit = required("unit", Unit::parse(&self.unit), e);
        let condition = required("condition", Condition::parse(&self.condition), e);
        let input = ListingInput {
            title: self.title.clone(),
            description: self.description.trim().to_owned(),
            material: self.material.clone(),
            quantity: quantity.unwrap_or(stand_in::QUANTITY),
            unit: unit.unwrap_or(Unit::Tonne),
            min_lot,
            condition: condition.unwrap_or(Condition::ReusableAsIs),
            location,
            site_id,
            available_from: available_from.unwrap_or(stand_in::FROM),
            available_until,
            price_per_unit_eur: price.unwrap_or(0.0),
            is_waste: self.is_waste.is_some(),
            waste_code: text(&self.waste_code).filter(|_| self.is_waste.is_some()),
            pickup: self.pickup.is_some(),
            delivery: self.delivery.is_some(),
            delivery_radius_km: radius,
            external_ref: None,
            soil: None,
        };
        (input, errors)
    }

    /// The form filled with a stored listing, to edit it.
    pub fn of(row: &Listing, lang: Language) -> Self {
        let number = |n: f64| format::editable(n, lang);
        Self {
            title: row.title.clone(),
            description: row.description.clone(),
            material: row.material_code.clone(),
            quantity: number(row.quantity),
            unit: row.unit.as_str().into(),
            min_lot: if row.min_lot > 0.0 {
                number(row.min_lot)
            } else {
                String::new()
            },
            condition: row.condition.as_str().into(),
            place: PlaceFields::of(
                row.site_id.as_ref(),
                row.insee_code.as_deref(),
                &row.address,
                (row.latitude, row.longitude),
            ),
            available_from: row.available_from.to_string(),
            available_until: row
                .available_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            price_per_unit_eur: number(row.price_per_unit_eur),
            is_waste: row.is_waste.then(|| "on".into()),
            waste_code: row.waste_code.clone().unwrap_or_default(),
            pickup: row.pickup.then(|| "on".into()),
            delivery: row.delivery.then(|| "on".into()),
            delivery_radius_km: row.delivery_radius_km.map(number).unwrap_or_default(),
            ..Self::default()
        }
    }

    /// A new listing's form: collected by the taker, available from today.
    pub fn blank(today: NaiveDate) -> Self {
        Self {
            unit: Unit::Tonne.as_str().into(),
            condition: Condition::ReusableAsIs.as_str().into(),
            available_from: today.to_string(),
            pickup: Some("on".into()),
            ..Self::default()
        }
    }
}

/// What the form's pickers offer: classes grouped by family, in the page's language, and
/// the List of Waste codes of construction and demolition (chapter 17) and the others.
pub fn choices(taxonomy: &Taxonomy, lang: Language) -> Value {
    let mut families: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut family_names = BTreeMap::new();
    for class in taxonomy.classes() {
        let family = class.code.split('.').next().unwrap_or_default().to_owned();
        match &class.parent {
            None => {
                family_names.insert(family, class.name(lang).to_owned());
            }
            Some(_) => families.entry(family).or_default().push(context! {
                code => &class.code,
                name => class.name(lang),
                depth => class.code.matches('.').count(),
            }),
        }
    }
    let groups: Vec<Value> = families
        .into_iter()
        .map(|(family, classes)| {
            context! { name => family_names.get(&family).cloned().unwrap_or(family), classes }
        })
        .collect();
    let waste_codes: Vec<Value> = taxonomy
        .waste_codes()
        .iter()
        .map(|w| {
            let label = match lang {
                Language::Fr => &w.label_fr,
                Language::En => &w.label_en,
            };
            context! { code => &w.code, label, hazardous => w.hazardous }
        })
        .collect();
    let units: Vec<&str> = UNITS.iter().map(|u| u.as_str()).collect();
    let conditions: Vec<&str> = CONDITIONS.iter().map(|c| c.as_str()).collect();
    context! { groups, waste_codes, units, conditions }
}
