//! The net CO2e of one exchange, for the trip the material actually made:
//!
//! net = tonnes × (new-product factor − reuse-process factor) − tonne-km × freight factor
//!
//! where tonne-km = tonnes × the distance driven, or, when it is not known, the
//! great-circle distance times the road factor. The [`Snapshot`] keeps every input with
//! its source, so a recorded figure can be explained, and is never recomputed.
use serde::{Deserialize, Serialize};

use super::factors::{Factor, Factors};
use crate::domain::{Unit, Vehicle};

/// What was actually collected, as the holder records it on completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// The quantity collected, in the listing's unit.
    pub quantity: f64,
    pub unit: Unit,
    /// None when not weighed and no sourced factor gives the quantity's mass.
    pub tonnes: Option<f64>,
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
    /// Not weighed, and no sourced density or piece mass for the quantity's unit.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceBasis {
    Driven,
    GreatCircleTimesRoadFactor,
}

/// The quantity that declared tonnes come from, with the density or piece mass that
/// turned it into tonnes (none for tonnes and kilograms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclaredMass {
    pub quantity: f64,
    pub unit: Unit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mass_factor: Option<CitedFactor>,
}

/// Every input and output of one exchange's figure, as recorded at completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub method_version: u32,
    pub class: String,
    /// None: the mass is not known, and so neither is any figure.
    pub tonnes: Option<f64>,
    pub tonnes_basis: TonnesBasis,
    /// Set when the tonnes are not weighed (method 3 on; older snapshots have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<DeclaredMass>,
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
    pub tonne_km: Option<f64>,
    pub transport_kg: Option<f64>,
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
    let tonne_km = collection.tonnes.map(|t| t * distance_km);
    let transport_kg = tonne_km.map(|tkm| tkm * freight.value);
    let embodied = factors.embodied(class);
    let reuse = factors.reuse_process(class);
    let avoided_kg = embodied.zip(collection.tonnes).map(|(new, tonnes)| {
        let reuse = reuse.map_or(0.0, |r| r.value);
        tonnes * (new.value - reuse)
    });
    Snapshot {
        method_version: factors.method_version,
        class: class.to_owned(),
        tonnes: collection.tonnes,
        tonnes_basis: match (collection.weighed, collection.tonnes) {
            (true, _) => TonnesBasis::Weighed,
            (false, Some(_)) => TonnesBasis::Declared,
            (false, None) => TonnesBasis::Unknown,
        },
        declared: (!collection.weighed).then(|| DeclaredMass {
            quantity: collection.quantity,
            unit: collection.unit,
            mass_factor: factors
                .mass_factor(class, collection.unit)
                .map(|f| cite(factors, f)),
        }),
        great_circle_km: round2(great_circle_km),
        distance_km: round2(distance_km),
        distance_basis,
        road_factor,
        vehicle: collection.vehicle,
        freight: cite(factors, freight),
        embodied: embodied.map(|f| cite(factors, f)),
        reuse_process: embodied.and(reuse).map(|f| cite(factors, f)),
        tonne_km: tonne_km.map(round2),
        transport_kg: transport_kg.map(round2),
        avoided_kg: avoided_kg.map(round2),
        net_kg: avoided_kg.zip(transport_kg).map(|(a, t)| round2(a - t)),
    }
}

impl Snapshot {
    /// The same exchange under `factors`, a newer method: the collection as recorded (its
    /// tonnes, vehicle, and distance driven or the same great-circle distance), the
    /// factors and formula new. Declared tonnes are turned again from the quantity where
    /// the newer factors have a density or piece mass for it; otherwise (and for a
    /// snapshot older than method 3, which kept no quantity) they stay as recorded. For
    /// showing beside the recorded figure, never stored.
    pub fn under(&self, factors: &Factors) -> Snapshot {
        let (quantity, unit) = match &self.declared {
            Some(declared) => (declared.quantity, declared.unit),
            None => (self.tonnes.unwrap_or(0.0), Unit::Tonne),
        };
        let redeclared = self
            .declared
            .as_ref()
            .and_then(|_| factors.mass_in_tonnes(&self.class, quantity, unit));
        let collection = Collection {
            quantity,
            unit,
            tonnes: redeclared.or(self.tonnes),
            weighed: self.tonnes_basis == TonnesBasis::Weighed,
            vehicle: self.vehicle,
            distance_driven_km: (self.distance_basis == DistanceBasis::Driven)
                .then_some(self.distance_km),
        };
        let mut under = compute(factors, &self.class, &collection, self.great_circle_km);
        if self.declared.is_none() {
            // An older snapshot kept no quantity: none to show.
            under.declared = None;
        }
        under
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bricks(quantity: f64, unit: Unit, weighed: Option<f64>) -> Snapshot {
        let factors = Factors::current();
        let class = "construction.masonry.bricks";
        let collection = Collection {
            quantity,
            unit,
            tonnes: weighed.or_else(|| factors.mass_in_tonnes(class, quantity, unit)),
            weighed: weighed.is_some(),
            vehicle: Vehicle::RigidOver17,
            distance_driven_km: Some(20.0),
        };
        compute(factors, class, &collection, 15.0)
    }

    #[test]
    fn declared_tonnes_are_turned_again_under_a_newer_piece_mass_and_weighed_ones_kept() {
        let mut newer = Factors::current().clone();
        newer.method_version += 1;
        newer
            .piece_masses
            .get_mut("construction.masonry.bricks")
            .unwrap()
            .value = 0.003;
        let declared = bricks(1000.0, Unit::Piece, None);
        assert_eq!(declared.tonnes, Some(2.0));
        let cited = declared.declared.as_ref().unwrap().mass_factor.as_ref();
        assert_eq!(cited.unwrap().factor.value, 0.002);
        let under = declared.under(&newer);
        assert_eq!(under.tonnes, Some(3.0));
        assert_eq!(
            under.declared.unwrap().mass_factor.unwrap().factor.value,
            0.003
        );
        let weighed = bricks(1000.0, Unit::Piece, Some(2.4));
        assert!(weighed.declared.is_none());
        assert_eq!(weighed.under(&newer).tonnes, Some(2.4));
    }

    #[test]
    fn without_a_mass_there_is_no_figure_and_an_older_snapshot_reads_as_before() {
        let factors = Factors::current();
        let collection = Collection {
            quantity: 12.0,
            unit: Unit::Piece,
            tonnes: None,
            weighed: false,
            vehicle: Vehicle::Van,
            distance_driven_km: None,
        };
        let snapshot = compute(factors, "construction.fixtures.furniture", &collection, 8.0);
        assert_eq!(snapshot.tonnes_basis, TonnesBasis::Unknown);
        assert_eq!((snapshot.tonnes, snapshot.tonne_km), (None, None));
        assert_eq!((snapshot.transport_kg, snapshot.net_kg), (None, None));
        // Method 2 wrote tonnes as a number and no declared quantity.
        let mut old = serde_json::to_value(bricks(5.0, Unit::Tonne, None)).unwrap();
        old.as_object_mut().unwrap().remove("declared");
        let old: Snapshot = serde_json::from_value(old).unwrap();
        assert_eq!((old.tonnes, old.declared.is_none()), (Some(5.0), true));
        assert!(old.under(factors).declared.is_none());
    }
}
