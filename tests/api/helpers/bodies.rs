//! Typed bodies of the posts the tests publish again and again: a listing and a wanted
//! request with sensible defaults (3,000 bricks in Lens, a builder's need in Lille), so that
//! a test writes only what differs.
//!
//! A body goes on the wire as a `serde_json::Value` (`json()`), exactly as the tests' hand
//! written `json!` bodies did: the same keys, in the same (sorted) order. Quantities and
//! distances are `Value`s so that `3000` stays `3000` and `5.0` stays `5.0`.
use serde::Serialize;
use serde_json::{Map, Value};

/// The class of reclaimed bricks, the material most tests exchange.
pub const BRICKS: &str = "construction.masonry.bricks";

/// Where a post is: the API's `location` object.
#[derive(Clone, Serialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insee_code: Option<String>,
}

impl Location {
    pub fn new(latitude: f64, longitude: f64, address: &str) -> Self {
        Location {
            latitude,
            longitude,
            address: address.to_owned(),
            insee_code: None,
        }
    }

    pub fn insee(mut self, code: &str) -> Self {
        self.insee_code = Some(code.to_owned());
        self
    }
}

/// The body of `POST /api/v1/listings`.
#[derive(Clone, Serialize)]
pub struct ListingBody {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub material: String,
    pub quantity: Value,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_lot: Option<Value>,
    pub condition: String,
    pub location: Location,
    pub available_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_per_unit_eur: Option<f64>,
    /// Any other field (`is_waste`, `waste_code`, `external_ref`, `soil`...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Environ 3000 briques rouges in Lens, reusable as they are, from 2026 to 2030.
impl Default for ListingBody {
    fn default() -> Self {
        ListingBody {
            description: Some("Environ 3000 briques rouges, déjà nettoyées.".into()),
            min_lot: Some(500.into()),
            available_until: Some("2030-12-31".into()),
            price_per_unit_eur: Some(0.3),
            ..ListingBody::new(
                "Briques pleines de récupération",
                BRICKS,
                3000,
                "piece",
                Location::new(50.4320, 2.8330, "Rue de la Gare, Lens").insee("62498"),
            )
        }
    }
}

impl ListingBody {
    /// Only what a listing needs, reusable as is and available from 2026-01-01.
    pub fn new(
        title: &str,
        material: &str,
        quantity: impl Into<Value>,
        unit: &str,
        location: Location,
    ) -> Self {
        ListingBody {
            title: title.to_owned(),
            description: None,
            material: material.to_owned(),
            quantity: quantity.into(),
            unit: unit.to_owned(),
            min_lot: None,
            condition: "reusable_as_is".into(),
            location,
            available_from: "2026-01-01".into(),
            available_until: None,
            price_per_unit_eur: None,
            extra: Map::new(),
        }
    }

    pub fn until(mut self, date: &str) -> Self {
        self.available_until = Some(date.to_owned());
        self
    }

    pub fn condition(mut self, condition: &str) -> Self {
        self.condition = condition.to_owned();
        self
    }

    /// Sets a field the struct does not name.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// The body as it goes on the wire.
    pub fn json(&self) -> Value {
        serde_json::to_value(self).expect("a listing body serialises")
    }
}

/// The body of `POST /api/v1/wanted`.
#[derive(Clone, Serialize)]
pub struct WantedBody {
    pub title: String,
    pub material: String,
    pub quantity: Value,
    pub unit: String,
    pub location: Location,
    pub max_distance_km: Value,
    pub needed_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_until: Option<String>,
    pub worst_condition: String,
    /// Any other field (`accepts_waste`, `accepts_hazardous`, `external_ref`...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A builder's need of 1,000 bricks in Lille, up to 50 km away, until mid-2030.
impl Default for WantedBody {
    fn default() -> Self {
        WantedBody::new(
            "Briques pour une extension",
            "construction.masonry",
            1000,
            "piece",
            Location::new(50.6292, 3.0573, "Lille"),
            50,
        )
        .until("2030-06-30")
    }
}

impl WantedBody {
    /// Only what a wanted request needs, from 2026-01-01, accepting reconditioning.
    pub fn new(
        title: &str,
        material: &str,
        quantity: impl Into<Value>,
        unit: &str,
        location: Location,
        max_distance_km: impl Into<Value>,
    ) -> Self {
        WantedBody {
            title: title.to_owned(),
            material: material.to_owned(),
            quantity: quantity.into(),
            unit: unit.to_owned(),
            location,
            max_distance_km: max_distance_km.into(),
            needed_from: "2026-01-01".into(),
            needed_until: None,
            worst_condition: "needs_reconditioning".into(),
            extra: Map::new(),
        }
    }

    pub fn until(mut self, date: &str) -> Self {
        self.needed_until = Some(date.to_owned());
        self
    }

    /// Sets a field the struct does not name.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// The body as it goes on the wire.
    pub fn json(&self) -> Value {
        serde_json::to_value(self).expect("a wanted body serialises")
    }
}

/// The default listing as a JSON value, for tests that spoil one of its fields.
pub fn bricks_in_lens() -> Value {
    ListingBody::default().json()
}

/// The default wanted request as a JSON value.
pub fn bricks_wanted_in_lille() -> Value {
    WantedBody::default().json()
}
