//! The net CO2e of one exchange, for the trip the material actually made:
//!
//! net = tonnes × (new-product factor − reuse-process factor) − tonne-km × freight factor
//!
//! where tonne-km = tonnes × the distance driven, or, when it is not known, the
//! great-circle distance times the road factor. The [`Snapshot`] keeps every input with
//! its source, so a recorded figure can be explained, and is never recomputed.
use serde::{Deserialize, Serialize};

use super::factors::{Factor, Factors};
use crate::domain::Vehicle;

/// What was actually collected, as the holder records it on completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub tonnes: f64,
    /// True when the tonnes come from a weighbridge ticket, not the quantity's mass.
    pub weighed: bool,
    pub vehicle: Vehicle,
    pub distance_driven_km: Option<f64>,
}

/// A factor as used, with the title of its source: the snapshot stands on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitedFactor {
    #[serde(flatten)]
    pub factor: Factor,
    pub document: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TonnesBasis {
    /// The mass of the quantity collected, from the class's density or piece mass.
    Declared,
    /// A weighbridge ticket.
    Weighed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceBasis {
    Driven,
    GreatCircleTimesRoadFactor,
}

/// Every input and output of one exchange's figure, as recorded at completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub method_version: u32,
    pub class: String,
    pub tonnes: f64,
    pub tonnes_basis: TonnesBasis,
    pub great_circle_km: f64,
    pub distance_km: f64,
    pub distance_basis: DistanceBasis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub road_factor: Option<CitedFactor>,
    pub vehicle: Vehicle,
    pub freight: CitedFactor,
    /// None: no published factor for the class, so no avoided figure (tonnes still count).
    pub embodied: Option<CitedFactor>,
    pub reuse_process: Option<CitedFactor>,
    pub tonne_km: f64,
    pub transport_kg: f64,
    pub avoided_kg: Option<f64>,
    pub net_kg: Option<f64>,
}

fn cite(factors: &Factors, factor: &Factor) -> CitedFactor {
    let document = factors
        .source_of(factor)
        .map_or_else(String::new, |s| s.document.clone());
    CitedFactor {
        factor: factor.clone(),
        document,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The figure of `collection` of `class`, the pair being `great_circle_km` apart.
pub fn compute(
    factors: &Factors,
    class: &str,
    collection: &Collection,
    great_circle_km: f64,
) -> Snapshot {
    let (distance_km, distance_basis, road_factor) = match collection.distance_driven_km {
        Some(driven) => (driven, DistanceBasis::Driven, None),
        None => (
            great_circle_km * factors.road_factor.value,
            DistanceBasis::GreatCircleTimesRoadFactor,
            Some(cite(factors, &factors.road_factor)),
        ),
    };
    let freight = factors.freight(collection.vehicle);
    let tonne_km = collection.tonnes * distance_km;
    let transport_kg = tonne_km * freight.value;
    let embodied = factors.embodied(class);
    let reuse = factors.reuse_process(class);
    let avoided_kg = embodied.map(|new| {
        let reuse = reuse.map_or(0.0, |r| r.value);
        collection.tonnes * (new.value - reuse)
    });
    Snapshot {
        method_version: factors.method_version,
        class: class.to_owned(),
        tonnes: collection.tonnes,
        tonnes_basis: if collection.weighed {
            TonnesBasis::Weighed
        } else {
            TonnesBasis::Declared
        },
        great_circle_km: round2(great_circle_km),
        distance_km: round2(distance_km),
        distance_basis,
        road_factor,
        vehicle: collection.vehicle,
        freight: cite(factors, freight),
        embodied: embodied.map(|f| cite(factors, f)),
        reuse_process: embodied.and(reuse).map(|f| cite(factors, f)),
        tonne_km: round2(tonne_km),
        transport_kg: round2(transport_kg),
        avoided_kg: avoided_kg.map(round2),
        net_kg: avoided_kg.map(|a| round2(a - transport_kg)),
    }
}

impl Snapshot {
    /// The same exchange under `factors`, a newer method: the collection as recorded (its
    /// tonnes, vehicle, and distance driven or the same great-circle distance), the
    /// factors and formula new. For showing beside the recorded figure, never stored.
    pub fn under(&self, factors: &Factors) -> Snapshot {
        let collection = Collection {
            tonnes: self.tonnes,
            weighed: self.tonnes_basis == TonnesBasis::Weighed,
            vehicle: self.vehicle,
            distance_driven_km: (self.distance_basis == DistanceBasis::Driven)
                .then_some(self.distance_km),
        };
        compute(factors, &self.class, &collection, self.great_circle_km)
    }
}
