//! What the search index holds of each listing and wanted request: what searches filter
//! on and what result lists show. Full posts (with description) come from the database.
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::index::Located;
use super::search::{Filter, Searchable};
use super::taxonomy::{ClassId, Taxonomy};
use super::words::contains_words;
use crate::db::listings::Listing;
use crate::db::wanted_requests::WantedRequest;
use crate::domain::text::{fold, fold_into};
use crate::domain::{Condition, PostStatus, Unit};

/// The folded text a search looks words up in: title and description, built in one
/// buffer (a million of these are made at start-up).
fn search_text(title: &str, description: &str) -> Arc<str> {
    let mut text = String::with_capacity(title.len() + description.len() + 1);
    fold_into(&mut text, title);
    text.push(' ');
    fold_into(&mut text, description);
    Arc::from(text.as_str())
}

/// The words of a search, as the posts' words are cut (see `words`).
pub fn words(query: &str) -> Vec<String> {
    super::words::tokens(&fold(query))
        .map(String::from)
        .collect()
}

pub fn id_key(id: &str) -> u128 {
    uuid::Uuid::parse_str(id)
        .map(|u| u.as_u128())
        .unwrap_or_default()
}

pub fn key_id<Id: From<uuid::Uuid>>(key: u128) -> Id {
    Id::from(uuid::Uuid::from_u128(key))
}

fn window_contains(from: NaiveDate, until: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && until.is_none_or(|u| day <= u)
}

#[derive(Debug, Clone)]
pub struct ListingSummary {
    pub id: u128,
    pub organisation_id: u128,
    pub class: ClassId,
    group: ClassId,
    pub title: Arc<str>,
    search_text: Arc<str>,
    pub quantity: f64,
    pub unit: Unit,
    pub quantity_available: f64,
    pub min_lot: f64,
    pub mass_t: Option<f64>,
    pub condition: Condition,
    pub latitude: f64,
    pub longitude: f64,
    pub insee_code: Option<Arc<str>>,
    pub available_from: NaiveDate,
    pub available_until: Option<NaiveDate>,
    pub price_per_unit_eur: f64,
    pub is_waste: bool,
    pub waste_code: Option<Arc<str>>,
    pub hazardous: bool,
    pub pickup: bool,
    pub delivery: bool,
    pub delivery_radius_km: Option<f64>,
    pub status: PostStatus,
    pub created_at: NaiveDateTime,
    /// The row version: an older copy of the row never replaces a newer one.
    pub updated_at: NaiveDateTime,
}

impl ListingSummary {
    /// None when the row is not searchable (hidden status or unknown class).
    pub fn from_row(row: &Listing, taxonomy: &Taxonomy) -> Option<Self> {
        let status = Some(row.status).filter(|s| s.is_visible())?;
        let class = taxonomy.id_of(&row.material_code)?;
        Some(Self {
            id: id_key(&row.id),
            organisation_id: id_key(&row.organisation_id),
            class,
            group: taxonomy.group_of(class),
            title: Arc::from(row.title.as_str()),
            search_text: search_text(&row.title, &row.description),
            quantity: row.quantity,
            unit: row.unit,
            quantity_available: row.quantity_available,
            min_lot: row.min_lot,
            mass_t: row.mass_t,
            condition: row.condition,
            latitude: row.latitude,
            longitude: row.longitude,
            insee_code: row.insee_code.as_deref().map(Arc::from),
            available_from: row.available_from,
            available_until: row.available_until,
            price_per_unit_eur: row.price_per_unit_eur,
            is_waste: row.is_waste,
            waste_code: row.waste_code.as_deref().map(Arc::from),
            hazardous: row.hazardous,
            pickup: row.pickup,
            delivery: row.delivery,
            delivery_radius_km: row.delivery_radius_km,
            status,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl Located for ListingSummary {
    fn key(&self) -> u128 {
        self.id
    }

    fn partition(&self) -> u16 {
        self.group
    }

    fn position(&self) -> (f64, f64) {
        (self.latitude, self.longitude)
    }

    fn created_at(&self) -> NaiveDateTime {
        self.created_at
    }

    fn text(&self) -> &str {
        &self.search_text
    }
}

impl Searchable for ListingSummary {
    fn matches(&self, f: &Filter) -> bool {
        f.classes.as_ref().is_none_or(|c| c.contains(&self.class))
            && f.condition_rank
                .is_none_or(|rank| self.condition.rank() >= rank)
            && f.available_on
                .is_none_or(|day| window_contains(self.available_from, self.available_until, day))
            && f.today
                .is_none_or(|today| self.available_until.is_none_or(|u| u >= today))
            && f.max_price.is_none_or(|max| self.price_per_unit_eur <= max)
            && f.organisation.is_none_or(|o| o == self.organisation_id)
            && f.updated_since.is_none_or(|since| self.updated_at >= since)
            && contains_words(&self.search_text, &f.words)
    }
}

#[derive(Debug, Clone)]
pub struct WantedSummary {
    pub id: u128,
    pub organisation_id: u128,
    pub class: ClassId,
    group: ClassId,
    pub title: Arc<str>,
    search_text: Arc<str>,
    pub quantity: f64,
    pub unit: Unit,
    pub mass_t: Option<f64>,
    pub latitude: f64,
    pub longitude: f64,
    pub insee_code: Option<Arc<str>>,
    pub max_distance_km: f64,
    pub needed_from: NaiveDate,
    pub needed_until: Option<NaiveDate>,
    pub worst_condition: Condition,
    pub max_price_per_unit_eur: Option<f64>,
    pub accepts_waste: bool,
    pub accepts_hazardous: bool,
    pub status: PostStatus,
    pub created_at: NaiveDateTime,
    /// The row version: an older copy of the row never replaces a newer one.
    pub updated_at: NaiveDateTime,
}

impl WantedSummary {
    /// None when the row is not searchable: hidden status, unknown class, or a need
    /// written for one listing (`for_listing_id`), which the index never holds, so that no
    /// search shows it and no other listing is matched with it.
    pub fn from_row(row: &WantedRequest, taxonomy: &Taxonomy) -> Option<Self> {
        if row.for_listing_id.is_some() {
            return None;
        }
        Self::for_rules(row, taxonomy)
    }

    /// What the matching rules read of a row in a public status, indexed or not (a need
    /// written for one listing is scored against that listing from its row).
    pub fn for_rules(row: &WantedRequest, taxonomy: &Taxonomy) -> Option<Self> {
        let status = Some(row.status).filter(|s| s.is_visible())?;
        let class = taxonomy.id_of(&row.material_code)?;
        Some(Self {
            id: id_key(&row.id),
            organisation_id: id_key(&row.organisation_id),
            class,
            group: taxonomy.group_of(class),
            title: Arc::from(row.title.as_str()),
            search_text: search_text(&row.title, &row.description),
            quantity: row.quantity,
            unit: row.unit,
            mass_t: row.mass_t,
            latitude: row.latitude,
            longitude: row.longitude,
            insee_code: row.insee_code.as_deref().map(Arc::from),
            max_distance_km: row.max_distance_km,
            needed_from: row.needed_from,
            needed_until: row.needed_until,
            worst_condition: row.worst_condition,
            max_price_per_unit_eur: row.max_price_per_unit_eur,
            accepts_waste: row.accepts_waste,
            accepts_hazardous: row.accepts_hazardous,
            status,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl Located for WantedSummary {
    fn key(&self) -> u128 {
        self.id
    }

    fn partition(&self) -> u16 {
        self.group
    }

    fn position(&self) -> (f64, f64) {
        (self.latitude, self.longitude)
    }

    fn created_at(&self) -> NaiveDateTime {
        self.created_at
    }

    fn text(&self) -> &str {
        &self.search_text
    }
}

impl Searchable for WantedSummary {
    /// For wanted requests the condition filter reads "would accept material in this
    /// condition", and the price filter "would pay at least this much".
    fn matches(&self, f: &Filter) -> bool {
        f.classes.as_ref().is_none_or(|c| c.contains(&self.class))
            && f.condition_rank
                .is_none_or(|rank| self.worst_condition.rank() <= rank)
            && f.available_on
                .is_none_or(|day| window_contains(self.needed_from, self.needed_until, day))
            && f.today
                .is_none_or(|today| self.needed_until.is_none_or(|u| u >= today))
            && f.max_price
                .is_none_or(|price| self.max_price_per_unit_eur.is_none_or(|max| max >= price))
            && f.organisation.is_none_or(|o| o == self.organisation_id)
            && f.updated_since.is_none_or(|since| self.updated_at >= since)
            && contains_words(&self.search_text, &f.words)
    }
}
