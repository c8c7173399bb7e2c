//! A wanted request as the API shows it, in full or as a search hit.
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{material, Location, Material, Shown};
use crate::catalogue::summaries::{key_id, WantedSummary};
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::{Condition, Language, OrganisationId, PostStatus, SiteId, Unit, WantedId};

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
    /// The organisation's site it was placed at, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id: Option<SiteId>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
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
            site_id: row.site_id,
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
            site_id: None,
            created_at: s.created_at.and_utc(),
            updated_at: None,
            distance_km: distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        }
    }
}

impl super::Hit for WantedSummary {
    type View<'a> = WantedView;

    fn hit(&self, taxonomy: &Taxonomy, lang: Language, distance_km: Option<f64>) -> WantedView {
        WantedView::from_summary(self, taxonomy, lang, distance_km)
    }
}

impl Shown for WantedRequest {
    type View = WantedView;

    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> WantedView {
        WantedView::from_row(self, taxonomy, lang, owner)
    }
}
