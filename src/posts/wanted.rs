//! A wanted request's input: what a taker needs, where and when (the API's body, the
//! page's form read into it), its checks, and how it fills a row.
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use validator::Validate;

use super::input::{check_class, check_place, check_window, LocationInput, PostInput};
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::error::{DomainError, FieldError};
use crate::domain::validation::check_all;
use crate::domain::{Condition, OrganisationId, PostStatus, SiteId, Unit, UserId, WantedId};

#[derive(Debug, Clone, Deserialize, Validate)]
pub struct WantedInput {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    /// A parent class means any class below it.
    pub material: String,
    #[validate(range(exclusive_min = 0.0, max = 1e9))]
    pub quantity: f64,
    pub unit: Unit,
    /// Optional when `site_id` names a site: the post is then at the site's place.
    #[validate(nested)]
    pub location: Option<LocationInput>,
    /// One of the organisation's sites (`/api/v1/sites`).
    #[serde(default)]
    pub site_id: Option<SiteId>,
    /// How far the taker will travel or pay transport.
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    pub max_distance_km: f64,
    pub needed_from: NaiveDate,
    pub needed_until: Option<NaiveDate>,
    /// The worst condition the taker accepts.
    pub worst_condition: Condition,
    /// None: any price.
    #[validate(range(min = 0.0, max = 1e7))]
    pub max_price_per_unit_eur: Option<f64>,
    /// Only licensed sites may receive material that is still waste, or hazardous.
    #[serde(default)]
    pub accepts_waste: bool,
    #[serde(default)]
    pub accepts_hazardous: bool,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub external_ref: Option<String>,
}

impl WantedInput {
    /// Every check, against the taxonomy too; the request's mass in tonnes, when its unit
    /// says.
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<Option<f64>, DomainError> {
        let mut errors = Vec::new();
        let class = check_class(taxonomy, &self.material, self.unit, &mut errors);
        check_window(
            self.needed_from,
            self.needed_until,
            "needed_until",
            &mut errors,
        );
        if self.accepts_hazardous && !self.accepts_waste {
            errors.push(FieldError::new(
                "accepts_hazardous",
                "needs_waste",
                "hazardous material is waste: accepts_waste must be true too",
            ));
        }
        check_place(self.location.as_ref(), &mut errors);
        check_all(self, errors)?;
        Ok(class.and_then(|c| taxonomy.mass_in_tonnes(c, self.quantity, self.unit)))
    }

    /// Writes the input's fields over `row` (a new one, or an edit).
    pub fn apply(self, mass_t: Option<f64>, row: &mut WantedRequest) {
        row.title = self.title.trim().to_owned();
        row.description = self.description;
        row.material_code = self.material;
        row.quantity = self.quantity;
        row.unit = self.unit;
        row.mass_t = mass_t;
        if let Some(location) = self.location {
            row.latitude = location.latitude;
            row.longitude = location.longitude;
            row.address = location.address;
            row.insee_code = location.insee_code;
        }
        row.site_id = self.site_id;
        row.max_distance_km = self.max_distance_km;
        row.needed_from = self.needed_from;
        row.needed_until = self.needed_until;
        row.worst_condition = self.worst_condition;
        row.max_price_per_unit_eur = self.max_price_per_unit_eur;
        row.accepts_waste = self.accepts_waste;
        row.accepts_hazardous = self.accepts_hazardous;
        row.external_ref = self.external_ref;
    }
}

impl PostInput for WantedInput {
    type Record = WantedRequest;
    /// The request's mass in tonnes.
    type Checked = Option<f64>;

    fn site_id(&self) -> Option<&SiteId> {
        self.site_id.as_ref()
    }

    fn location_mut(&mut self) -> &mut Option<LocationInput> {
        &mut self.location
    }

    fn check(&self, taxonomy: &Taxonomy) -> Result<Option<f64>, DomainError> {
        WantedInput::check(self, taxonomy)
    }

    fn apply(self, mass_t: Option<f64>, row: &mut WantedRequest) {
        WantedInput::apply(self, mass_t, row);
    }

    /// A new row, whose every field of the input is still blank.
    fn new_row(
        organisation_id: OrganisationId,
        author: Option<UserId>,
        status: PostStatus,
        at: NaiveDateTime,
    ) -> WantedRequest {
        WantedRequest {
            id: WantedId::generate(),
            organisation_id,
            created_by: author,
            title: String::new(),
            description: String::new(),
            material_code: String::new(),
            quantity: 0.0,
            unit: Unit::Tonne,
            mass_t: None,
            latitude: 0.0,
            longitude: 0.0,
            address: String::new(),
            insee_code: None,
            max_distance_km: 0.0,
            needed_from: at.date(),
            needed_until: None,
            worst_condition: Condition::Unused,
            max_price_per_unit_eur: None,
            accepts_waste: false,
            accepts_hazardous: false,
            external_ref: None,
            status,
            created_at: at,
            updated_at: at,
            site_id: None,
            for_listing_id: None,
        }
    }
}
