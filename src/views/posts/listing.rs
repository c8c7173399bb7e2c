//! A listing as the API shows it, and as a search hit.
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{material, round, Location, Material, Shown};
use crate::catalogue::summaries::ListingSummary;
use crate::catalogue::taxonomy::Taxonomy;
use crate::db::listings::Listing;
use crate::domain::soil::SoilDetails;
use crate::domain::{Condition, Language, ListingId, OrganisationId, PostStatus, SiteId, Unit};

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
    /// The organisation's site it was placed at, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id: Option<SiteId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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
            site_id: row.site_id,
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
    #[serde(serialize_with = "crate::views::posts::json_text::uuid")]
    id: uuid::Uuid,
    #[serde(serialize_with = "crate::views::posts::json_text::uuid")]
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
    #[serde(serialize_with = "crate::views::posts::json_text::date")]
    available_from: NaiveDate,
    #[serde(serialize_with = "crate::views::posts::json_text::optional_date")]
    available_until: Option<NaiveDate>,
    price_per_unit_eur: f64,
    is_waste: bool,
    waste_code: Option<&'a str>,
    hazardous: bool,
    pickup: bool,
    delivery: bool,
    delivery_radius_km: Option<f64>,
    #[serde(serialize_with = "crate::views::posts::json_text::timestamp")]
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

impl super::Hit for ListingSummary {
    type View<'a> = ListingHit<'a>;

    fn hit<'a>(
        &'a self,
        taxonomy: &'a Taxonomy,
        lang: Language,
        distance_km: Option<f64>,
    ) -> ListingHit<'a> {
        ListingHit::new(self, taxonomy, lang, distance_km)
    }
}

impl Shown for Listing {
    type View = ListingView;

    fn view(self, taxonomy: &Taxonomy, lang: Language, owner: bool) -> ListingView {
        ListingView::from_row(self, taxonomy, lang, owner)
    }
}
