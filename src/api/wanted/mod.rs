//! Wanted requests: what takers need, where and when.
pub mod actions;
pub mod search;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::listings::{Location, Material};
use super::posts::{check_all, check_class, check_window, LocationInput, Post};
use crate::catalogue::posts::{key_id, WantedSummary};
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, Language, OrganisationId, PostStatus, Unit, WantedId};
use crate::http::error::ApiError;

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
    #[validate(nested)]
    pub location: LocationInput,
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
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<Option<f64>, ApiError> {
        let mut errors = Vec::new();
        let class = check_class(taxonomy, &self.material, self.unit, &mut errors);
        check_window(
            self.needed_from,
            self.needed_until,
            "needed_until",
            &mut errors,
        );
        if self.accepts_hazardous && !self.accepts_waste {
            errors.push(crate::domain::error::FieldError::new(
                "accepts_hazardous",
                "needs_waste",
                "hazardous material is waste: accepts_waste must be true too",
            ));
        }
        check_all(self, errors)?;
        Ok(class.and_then(|c| taxonomy.mass_in_tonnes(c, self.quantity, self.unit)))
    }

    pub fn apply(self, mass_t: Option<f64>, row: &mut WantedRequest) {
        row.title = self.title.trim().to_owned();
        row.description = self.description;
        row.material_code = self.material;
        row.quantity = self.quantity;
        row.unit = self.unit;
        row.mass_t = mass_t;
        row.latitude = self.location.latitude;
        row.longitude = self.location.longitude;
        row.address = self.location.address;
        row.insee_code = self.location.insee_code;
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

#[derive(Serialize)]
pub struct WantedView {
    pub id: WantedId,
    pub organisation_id: OrganisationId,
    pub status: PostStatus,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub material: Material,
    pub quantity: f64,
    pub unit: Unit,
    pub mass_t: Option<f64>,
    pub location: Location,
    pub max_distance_km: f64,
    pub needed_from: NaiveDate,
    pub needed_until: Option<NaiveDate>,
    pub worst_condition: Condition,
    pub max_price_per_unit_eur: Option<f64>,
    pub accepts_waste: bool,
    pub accepts_hazardous: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
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

impl WantedView {
    pub fn from_row(row: WantedRequest, taxonomy: &Taxonomy, lang: Language, owner: bool) -> Self {
        Self {
            material: material(taxonomy, &row.material_code, lang),
            id: row.id,
            organisation_id: row.organisation_id,
            status: row.status,
            title: row.title,
            description: Some(row.description),
            quantity: row.quantity,
            unit: row.unit,
            mass_t: row.mass_t,
            location: Location::new(
                row.latitude,
                row.longitude,
                Some(row.address),
                row.insee_code,
            ),
            max_distance_km: row.max_distance_km,
            needed_from: row.needed_from,
            needed_until: row.needed_until,
            worst_condition: row.worst_condition,
            max_price_per_unit_eur: row.max_price_per_unit_eur,
            accepts_waste: row.accepts_waste,
            accepts_hazardous: row.accepts_hazardous,
            external_ref: if owner { row.external_ref } else { None },
            created_at: row.created_at.and_utc(),
            updated_at: Some(row.updated_at.and_utc()),
            distance_km: None,
        }
    }

    pub fn from_summary(
        s: &WantedSummary,
        taxonomy: &Taxonomy,
        lang: Language,
        distance_km: Option<f64>,
    ) -> Self {
        let class = taxonomy.class(s.class);
        Self {
            id: key_id(s.id),
            organisation_id: key_id(s.organisation_id),
            status: s.status,
            title: s.title.to_string(),
            description: None,
            material: Material {
                code: class.code.clone(),
                name: class.name(lang).to_owned(),
            },
            quantity: s.quantity,
            unit: s.unit,
            mass_t: s.mass_t,
            location: Location::new(
                s.latitude,
                s.longitude,
                None,
                s.insee_code.as_deref().map(String::from),
            ),
            max_distance_km: s.max_distance_km,
            needed_from: s.needed_from,
            needed_until: s.needed_until,
            worst_condition: s.worst_condition,
            max_price_per_unit_eur: s.max_price_per_unit_eur,
            accepts_waste: s.accepts_waste,
            accepts_hazardous: s.accepts_hazardous,
            external_ref: None,
            created_at: s.created_at.and_utc(),
            updated_at: None,
            distance_km: distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        }
    }
}

impl Post for WantedRequest {
    type View = WantedView;

    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> WantedView {
        WantedView::from_row(self, taxonomy, lang, owner)
    }
}
