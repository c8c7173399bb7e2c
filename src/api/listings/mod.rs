//! Listings: surplus material posted by holders.
pub mod create;
pub mod import;
pub mod photos;
pub mod search;
pub mod update;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::posts::{check_all, check_class, check_window, LocationInput, Post};
use crate::catalogue::posts::ListingSummary;
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::domain::soil::SoilDetails;
use crate::domain::{Condition, Language, ListingId, OrganisationId, PostStatus, Unit};
use crate::http::error::{ApiError, FieldError};

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Validate)]
pub struct ListingInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    pub material: String,
    #[validate(range(exclusive_min = 0.0, max = 1e9))]
    pub quantity: f64,
    pub unit: Unit,
    /// The least a taker must take; none means any amount.
    #[validate(range(min = 0.0, max = 1e9))]
    pub min_lot: Option<f64>,
    pub condition: Condition,
    #[validate(nested)]
    pub location: LocationInput,
    pub available_from: NaiveDate,
    pub available_until: Option<NaiveDate>,
    /// Euros per unit; 0 (the default) means free.
    #[serde(default)]
    #[validate(range(min = 0.0, max = 1e7))]
    pub price_per_unit_eur: f64,
    /// Still waste in law: then its List of Waste code is required.
    #[serde(default)]
    pub is_waste: bool,
    pub waste_code: Option<String>,
    #[serde(default = "default_true")]
    pub pickup: bool,
    #[serde(default)]
    pub delivery: bool,
    #[validate(range(exclusive_min = 0.0, max = 2000.0))]
    pub delivery_radius_km: Option<f64>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub external_ref: Option<String>,
    /// For soils and sediments still waste: what their register needs.
    #[validate(nested)]
    pub soil: Option<SoilDetails>,
}

/// What the input adds to a row once checked: derived mass and hazard.
pub struct Checked {
    pub mass_t: Option<f64>,
    pub hazardous: bool,
    pub waste_code: Option<String>,
}

impl ListingInput {
    /// Every check, including against the taxonomy; nothing is stored unless all pass.
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<Checked, ApiError> {
        let mut errors = Vec::new();
        let class = check_class(taxonomy, &self.material, self.unit, &mut errors);
        if let Some(root) = class.filter(|c| c.parent.is_none()) {
            // A family (construction, textiles, sediments) says too little to be matched
            // or counted: a listing names what it is.
            let message = format!("choose a class within {}", root.code);
            errors.push(FieldError::new("material", "too_general", &message));
        }
        check_window(
            self.available_from,
            self.available_until,
            "available_until",
            &mut errors,
        );
        self.check_handover(&mut errors);
        let waste = self
            .waste_code
            .as_deref()
            .map(|code| code.trim_end_matches('*').trim());
        let hazardous = self.check_waste(waste, taxonomy, &mut errors);
        if self.soil.is_some() && !(self.is_waste && self.material.starts_with("sediments.")) {
            let message = "soil details are for soils and sediments that are still waste";
            errors.push(FieldError::new("soil", "not_applicable", message));
        }
        check_all(self, errors)?;
        let class =
            class.ok_or_else(|| ApiError::internal(anyhow::anyhow!("class checked above")))?;
        Ok(Checked {
            mass_t: taxonomy.mass_in_tonnes(class, self.quantity, self.unit),
            hazardous,
            waste_code: waste.map(String::from),
        })
    }

    /// The lot, and how the material changes hands.
    fn check_handover(&self, errors: &mut Vec<FieldError>) {
        if self.min_lot.is_some_and(|lot| lot > self.quantity) {
            let message = "the minimum lot exceeds the quantity";
            errors.push(FieldError::new("min_lot", "above_quantity", message));
        }
        if !self.pickup && !self.delivery {
            let message = "offer pickup, delivery or both";
            errors.push(FieldError::new("pickup", "no_handover", message));
        }
        if self.delivery && self.delivery_radius_km.is_none() {
            let message = "say how far you deliver";
            errors.push(FieldError::new("delivery_radius_km", "required", message));
        }
    }

    /// A List of Waste code exactly when the material is still waste; whether it is
    /// hazardous.
    fn check_waste(
        &self,
        waste: Option<&str>,
        taxonomy: &Taxonomy,
        errors: &mut Vec<FieldError>,
    ) -> bool {
        let field = "waste_code";
        match waste {
            None if self.is_waste => {
                let message = "material that is still waste needs its List of Waste code";
                errors.push(FieldError::new(field, "required", message));
                false
            }
            None => false,
            Some(_) if !self.is_waste => {
                let message = "a List of Waste code is given only for material that is still \
                               waste (is_waste: true)";
                errors.push(FieldError::new(field, "not_waste", message));
                false
            }
            Some(code) => match taxonomy.waste_code(code) {
                Some(known) => known.hazardous,
                None => {
                    let message = "this is not a List of Waste code";
                    errors.push(FieldError::new(field, "unknown", message));
                    false
                }
            },
        }
    }

    /// Writes the input's fields over `row` (a new one, or an edit).
    pub fn apply(self, checked: Checked, row: &mut Listing) {
        row.title = self.title.trim().to_owned();
        row.description = self.description;
        row.material_code = self.material;
        row.quantity = self.quantity;
        row.unit = self.unit;
        row.mass_t = checked.mass_t;
        row.quantity_available = self.quantity;
        row.min_lot = self.min_lot.unwrap_or(0.0);
        row.condition = self.condition;
        row.latitude = self.location.latitude;
        row.longitude = self.location.longitude;
        row.address = self.location.address;
        row.insee_code = self.location.insee_code;
        row.available_from = self.available_from;
        row.available_until = self.available_until;
        row.price_per_unit_eur = self.price_per_unit_eur;
        row.is_waste = self.is_waste;
        row.waste_code = checked.waste_code;
        row.hazardous = checked.hazardous;
        row.pickup = self.pickup;
        row.delivery = self.delivery;
        row.delivery_radius_km = if self.delivery {
            self.delivery_radius_km
        } else {
            None
        };
        row.external_ref = self.external_ref;
        row.soil = self
            .soil
            .as_ref()
            .and_then(|soil| serde_json::to_string(soil).ok());
    }
}

#[derive(Serialize)]
pub struct Material {
    pub code: String,
    pub name: String,
}

/// Search results carry no address (it is on the post itself), to keep them light.
#[derive(Serialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub insee_code: Option<String>,
}

impl Location {
    /// Coordinates to 6 decimals (about 10 cm): more digits are noise.
    pub fn new(
        latitude: f64,
        longitude: f64,
        address: Option<String>,
        insee_code: Option<String>,
    ) -> Self {
        let round = |x: f64| (x * 1e6).round() / 1e6;
        Self {
            latitude: round(latitude),
            longitude: round(longitude),
            address,
            insee_code,
        }
    }
}

/// A listing as the API shows it (search results are `ListingHit`s); nothing
/// identifies the person who posted it, only their organisation.
#[derive(Serialize)]
pub struct ListingView {
    pub id: ListingId,
    pub organisation_id: OrganisationId,
    pub status: PostStatus,
    pub title: String,
    pub description: String,
    pub material: Material,
    pub quantity: f64,
    pub unit: Unit,
    pub mass_t: Option<f64>,
    pub quantity_available: f64,
    pub min_lot: f64,
    pub condition: Condition,
    pub location: Location,
    pub available_from: NaiveDate,
    pub available_until: Option<NaiveDate>,
    pub price_per_unit_eur: f64,
    pub is_waste: bool,
    pub waste_code: Option<String>,
    pub hazardous: bool,
    pub pickup: bool,
    pub delivery: bool,
    pub delivery_radius_km: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// The owner's only: the receiver reads them in its register export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soil: Option<SoilDetails>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn material(taxonomy: &Taxonomy, code: &str, lang: Language) -> Material {
    Material {
        code: code.to_owned(),
        name: taxonomy
            .get(code)
            .map(|c| c.name(lang).to_owned())
            .unwrap_or_default(),
    }
}

impl ListingView {
    /// The full listing; `external_ref` only for its owner.
    pub fn from_row(row: Listing, taxonomy: &Taxonomy, lang: Language, owner: bool) -> Self {
        Self {
            material: material(taxonomy, &row.material_code, lang),
            id: row.id,
            organisation_id: row.organisation_id,
            status: row.status,
            title: row.title,
            description: row.description,
            quantity: row.quantity,
            unit: row.unit,
            mass_t: row.mass_t,
            quantity_available: row.quantity_available,
            min_lot: row.min_lot,
            condition: row.condition,
            location: Location::new(
                row.latitude,
                row.longitude,
                Some(row.address),
                row.insee_code,
            ),
            available_from: row.available_from,
            available_until: row.available_until,
            price_per_unit_eur: row.price_per_unit_eur,
            is_waste: row.is_waste,
            waste_code: row.waste_code,
            hazardous: row.hazardous,
            pickup: row.pickup,
            delivery: row.delivery,
            delivery_radius_km: row.delivery_radius_km,
            external_ref: if owner { row.external_ref } else { None },
            soil: row
                .soil
                .as_deref()
                .filter(|_| owner)
                .and_then(|json| serde_json::from_str(json).ok()),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

/// A search hit, serialised straight from the index's summary: the fields of a listing
/// minus description, address, external_ref and updated_at, without copying any text.
#[derive(Serialize)]
pub struct ListingHit<'a> {
    #[serde(serialize_with = "crate::http::json_text::uuid")]
    id: uuid::Uuid,
    #[serde(serialize_with = "crate::http::json_text::uuid")]
    organisation_id: uuid::Uuid,
    status: &'static str,
    title: &'a str,
    material: MaterialRef<'a>,
    quantity: f64,
    unit: &'static str,
    mass_t: Option<f64>,
    quantity_available: f64,
    min_lot: f64,
    condition: &'static str,
    location: HitLocation<'a>,
    #[serde(serialize_with = "crate::http::json_text::date")]
    available_from: NaiveDate,
    #[serde(serialize_with = "crate::http::json_text::optional_date")]
    available_until: Option<NaiveDate>,
    price_per_unit_eur: f64,
    is_waste: bool,
    waste_code: Option<&'a str>,
    hazardous: bool,
    pickup: bool,
    delivery: bool,
    delivery_radius_km: Option<f64>,
    #[serde(serialize_with = "crate::http::json_text::timestamp")]
    created_at: chrono::NaiveDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_km: Option<f64>,
}

#[derive(Serialize)]
pub struct MaterialRef<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct HitLocation<'a> {
    pub latitude: f64,
    pub longitude: f64,
    pub insee_code: Option<&'a str>,
}

/// Rounded to `decimals`: 6 for coordinates (about 10 cm), 3 for km (a metre).
pub fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

impl<'a> ListingHit<'a> {
    pub fn new(
        s: &'a ListingSummary,
        taxonomy: &'a Taxonomy,
        lang: Language,
        distance_km: Option<f64>,
    ) -> Self {
        let class = taxonomy.class(s.class);
        Self {
            id: uuid::Uuid::from_u128(s.id),
            organisation_id: uuid::Uuid::from_u128(s.organisation_id),
            status: s.status.as_str(),
            title: &s.title,
            material: MaterialRef {
                code: &class.code,
                name: class.name(lang),
            },
            quantity: s.quantity,
            unit: s.unit.as_str(),
            mass_t: s.mass_t,
            quantity_available: s.quantity_available,
            min_lot: s.min_lot,
            condition: s.condition.as_str(),
            location: HitLocation {
                latitude: round(s.latitude, 6),
                longitude: round(s.longitude, 6),
                insee_code: s.insee_code.as_deref(),
            },
            available_from: s.available_from,
            available_until: s.available_until,
            price_per_unit_eur: s.price_per_unit_eur,
            is_waste: s.is_waste,
            waste_code: s.waste_code.as_deref(),
            hazardous: s.hazardous,
            pickup: s.pickup,
            delivery: s.delivery,
            delivery_radius_km: s.delivery_radius_km,
            created_at: s.created_at,
            distance_km: distance_km.map(|d| round(d, 3)),
        }
    }
}

impl Post for Listing {
    type View = ListingView;

    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> ListingView {
        ListingView::from_row(self, taxonomy, lang, owner)
    }
}
