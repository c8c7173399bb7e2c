//! A listing's input: what a holder says of surplus material (the API's body, the page's
//! form read into it, a row of a bulk import), its checks, and how it fills a row.
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use validator::Validate;

use super::input::{check_class, check_place, check_window, LocationInput, PostInput};
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::soil::SoilDetails;
use crate::domain::validation::check_all;
use crate::domain::{Condition, ListingId, OrganisationId, PostStatus, SiteId, Unit, UserId};

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
    /// Optional when `site_id` names a site: the post is then at the site's place.
    #[validate(nested)]
    pub location: Option<LocationInput>,
    /// One of the organisation's sites (`/api/v1/sites`).
    #[serde(default)]
    pub site_id: Option<SiteId>,
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
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<Checked, DomainError> {
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
        check_place(self.location.as_ref(), &mut errors);
        check_all(self, errors)?;
        let class =
            class.ok_or_else(|| DomainError::internal(anyhow::anyhow!("class checked above")))?;
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
        if let Some(location) = self.location {
            row.latitude = location.latitude;
            row.longitude = location.longitude;
            row.address = location.address;
            row.insee_code = location.insee_code;
        }
        row.site_id = self.site_id;
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

/// A row whose every field the input overwrites.
fn blank() -> Listing {
    let epoch = chrono::NaiveDateTime::default();
    Listing {
        id: ListingId::generate(),
        organisation_id: OrganisationId::generate(),
        created_by: None,
        title: String::new(),
        description: String::new(),
        material_code: String::new(),
        quantity: 0.0,
        unit: Unit::Tonne,
        mass_t: None,
        quantity_available: 0.0,
        min_lot: 0.0,
        condition: Condition::Unused,
        latitude: 0.0,
        longitude: 0.0,
        address: String::new(),
        insee_code: None,
        available_from: epoch.date(),
        available_until: None,
        price_per_unit_eur: 0.0,
        is_waste: false,
        waste_code: None,
        hazardous: false,
        pickup: true,
        delivery: false,
        delivery_radius_km: None,
        external_ref: None,
        soil: None,
        site_id: None,
        status: PostStatus::Draft,
        created_at: epoch,
        updated_at: epoch,
    }
}

impl PostInput for ListingInput {
    type Record = Listing;
    type Checked = Checked;

    fn site_id(&self) -> Option<&SiteId> {
        self.site_id.as_ref()
    }

    fn location_mut(&mut self) -> &mut Option<LocationInput> {
        &mut self.location
    }

    fn check(&self, taxonomy: &Taxonomy) -> Result<Checked, DomainError> {
        ListingInput::check(self, taxonomy)
    }

    fn apply(self, checked: Checked, row: &mut Listing) {
        ListingInput::apply(self, checked, row);
    }

    fn new_row(
        organisation_id: OrganisationId,
        author: Option<UserId>,
        status: PostStatus,
        at: NaiveDateTime,
    ) -> Listing {
        Listing {
            id: ListingId::generate(),
            organisation_id,
            created_by: author,
            status,
            created_at: at,
            updated_at: at,
            ..blank()
        }
    }
}
