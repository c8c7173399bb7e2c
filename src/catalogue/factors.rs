//! The factors of impact accounting, as data: each with its value, unit, source document,
//! the row or table it comes from, its year, and a note when it stands in for something
//! it is not exactly (a proxy). Read once from `reference/impact_factors.json`, embedded in
//! the binary; a class without a published factor has none, and so no avoided figure. The
//! densities and piece masses that turn volumes and pieces into tonnes are factors too: a
//! class without a sourced one counts tonnes only when posted by mass or weighed.
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::domain::{Unit, Vehicle};

pub const FILE: &str = include_str!("../../reference/impact_factors.json");

/// One published figure and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub value: f64,
    pub unit: String,
    /// An id of [`Factors::sources`].
    pub source: String,
    /// The row, table or material type of the source the value comes from.
    pub row: String,
    /// None only where the source gives no year (`note` says so).
    #[serde(default)]
    pub year: Option<u16>,
    /// Set when the row is not exactly what it is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A document factors are read from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub document: String,
    pub publisher: String,
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default)]
    pub url: Option<String>,
    /// How it was read: the publisher's own file, or the transcription used.
    pub read_via: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factors {
    /// Bumped whenever a factor or the formula changes; each exchange records its own.
    pub method_version: u32,
    pub method: String,
    pub sources: BTreeMap<String, Source>,
    /// Embodied carbon of the new product, per class code (kgCO2e per tonne).
    pub embodied: BTreeMap<String, Factor>,
    /// The classes for which no published figure was found: no avoided figure.
    pub no_published_factor: Vec<String>,
    /// Emissions of reuse itself (reconditioning), per class code; a code applies to its
    /// subtree, the most specific one winning (kgCO2e per tonne).
    pub reuse_process: BTreeMap<String, Factor>,
    /// Bulk density as posted (stacked, loose or in bales, as each row says), per class
    /// code with the unit m³ (tonnes per cubic metre).
    pub densities: BTreeMap<String, Factor>,
    /// Mass of one piece, per class code with the unit piece (tonnes per piece).
    pub piece_masses: BTreeMap<String, Factor>,
    /// Road freight per vehicle class, well to wheel (kgCO2e per tonne-km).
    pub freight: HashMap<Vehicle, Factor>,
    pub default_vehicle: Vehicle,
    /// Road distance per great-circle kilometre, when the distance driven is not known.
    pub road_factor: Factor,
}

static FACTORS: LazyLock<Factors> =
    LazyLock::new(|| serde_json::from_str(FILE).expect("reference/impact_factors.json is valid"));

impl Factors {
    /// The embedded factors.
    pub fn current() -> &'static Factors {
        &FACTORS
    }

    pub fn embodied(&self, class: &str) -> Option<&Factor> {
        self.embodied.get(class)
    }

    /// The reuse-process factor of `class`: its own, else its nearest ancestor's.
    pub fn reuse_process(&self, class: &str) -> Option<&Factor> {
        let mut code = class;
        loop {
            if let Some(factor) = self.reuse_process.get(code) {
                return Some(factor);
            }
            code = &code[..code.rfind('.')?];
        }
    }

    /// The factor that turns a quantity of `class` in `unit` into tonnes: its density for
    /// m³, its piece mass for pieces; None for every other unit.
    pub fn mass_factor(&self, class: &str, unit: Unit) -> Option<&Factor> {
        match unit {
            Unit::CubicMetre => self.densities.get(class),
            Unit::Piece => self.piece_masses.get(class),
            _ => None,
        }
    }

    /// The quantity in tonnes, to the kilogram; None where no sourced factor says how heavy
    /// a unit of `class` is.
    pub fn mass_in_tonnes(&self, class: &str, quantity: f64, unit: Unit) -> Option<f64> {
        let tonnes = match unit {
            Unit::Tonne => Some(quantity),
            Unit::Kilogram => Some(quantity / 1000.0),
            _ => self.mass_factor(class, unit).map(|f| quantity * f.value),
        };
        // To the kilogram: more digits would only show floating-point noise.
        tonnes.map(|t| (t * 1000.0).round() / 1000.0)
    }

    pub fn freight(&self, vehicle: Vehicle) -> &Factor {
        self.freight
            .get(&vehicle)
            .expect("a freight factor for every vehicle (checked by the tests)")
    }

    /// kgCO2e per tonne and great-circle kilometre, for an estimate before collection: the
    /// road factor times the default vehicle's freight factor.
    pub fn estimated_transport_kg_per_tkm(&self) -> f64 {
        self.road_factor.value * self.freight(self.default_vehicle).value
    }

    /// The source of a factor, for a report or a snapshot.
    pub fn source_of(&self, factor: &Factor) -> Option<&Source> {
        self.sources.get(&factor.source)
    }

    /// Every factor with what it is for, for the checks and the factors' page.
    pub fn all(&self) -> impl Iterator<Item = (String, &Factor)> {
        let embodied = self
            .embodied
            .iter()
            .map(|(c, f)| (format!("embodied {c}"), f));
        let reuse = self
            .reuse_process
            .iter()
            .map(|(c, f)| (format!("reuse {c}"), f));
        let freight = self
            .freight
            .iter()
            .map(|(v, f)| (format!("freight {v}"), f));
        let densities = self
            .densities
            .iter()
            .map(|(c, f)| (format!("density {c}"), f));
        let pieces = self
            .piece_masses
            .iter()
            .map(|(c, f)| (format!("piece mass {c}"), f));
        let road = std::iter::once(("road factor".to_owned(), &self.road_factor));
        embodied
            .chain(reuse)
            .chain(densities)
            .chain(pieces)
            .chain(freight)
            .chain(road)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_factor_names_a_known_source_a_row_and_a_year() {
        let factors = Factors::current();
        let mut count = 0;
        for (what, factor) in factors.all() {
            count += 1;
            let source = factors.source_of(factor);
            assert!(
                source.is_some(),
                "{what}: unknown source {:?}",
                factor.source
            );
            assert!(!factor.row.trim().is_empty(), "{what}: no row");
            assert!(!factor.unit.trim().is_empty(), "{what}: no unit");
            match factor.year {
                Some(year) => assert!((1960..=2030).contains(&year), "{what}: year {year}"),
                None => assert!(factor.note.is_some(), "{what}: no year and no note why"),
            }
            assert!(factor.value.is_finite() && factor.value >= 0.0, "{what}");
            let source = source.unwrap();
            assert!(
                !source.read_via.trim().is_empty(),
                "{what}: how was it read?"
            );
        }
        assert!(count > 40, "{count} factors");
    }

    #[test]
    fn every_class_has_a_factor_or_is_listed_without_one() {
        let factors = Factors::current();
        let taxonomy = crate::catalogue::taxonomy::Taxonomy::load().unwrap();
        for code in factors.embodied.keys().chain(&factors.no_published_factor) {
            assert!(taxonomy.id_of(code).is_some(), "{code} is not a class");
        }
        for code in &factors.no_published_factor {
            assert!(factors.embodied(code).is_none(), "{code} has a factor");
        }
        // The two classes the checked sources named as missing are there.
        assert!(factors.embodied("construction.timber.glulam").is_some());
        assert!(factors
            .no_published_factor
            .contains(&"construction.insulation.ceiling_tiles".into()));
    }

    #[test]
    fn densities_and_piece_masses_belong_to_classes_measured_that_way() {
        let factors = Factors::current();
        let taxonomy = crate::catalogue::taxonomy::Taxonomy::load().unwrap();
        let checks = [
            (&factors.densities, "m3", "t/m3", 0.01..8.0),
            (&factors.piece_masses, "piece", "t/piece", 0.0001..3.0),
        ];
        for (table, unit, factor_unit, plausible) in checks {
            assert!(table.len() >= 10, "{factor_unit}: {} only", table.len());
            for (code, factor) in table {
                let class = taxonomy.get(code).unwrap_or_else(|| panic!("{code}"));
                assert!(
                    class.units.iter().any(|u| u == unit),
                    "{code} has no {unit}"
                );
                assert_eq!(factor.unit, factor_unit, "{code}");
                assert!(
                    plausible.contains(&factor.value),
                    "{code}: {}",
                    factor.value
                );
            }
        }
        // A class without a sourced density has none: dredged sediment counts tonnes
        // only when posted by mass or weighed.
        let dredged = "sediments.river_dredged";
        assert_eq!(
            factors.mass_in_tonnes(dredged, 10.0, Unit::CubicMetre),
            None
        );
        assert_eq!(
            factors.mass_in_tonnes(dredged, 10.0, Unit::Tonne),
            Some(10.0)
        );
        let topsoil = "sediments.excavated_soil.topsoil";
        assert_eq!(
            factors.mass_in_tonnes(topsoil, 10.0, Unit::CubicMetre),
            Some(9.5)
        );
        assert_eq!(
            factors.mass_in_tonnes(topsoil, 10.0, Unit::SquareMetre),
            None
        );
    }

    #[test]
    fn every_vehicle_has_a_freight_factor_in_tonne_km() {
        let factors = Factors::current();
        for vehicle in Vehicle::ALL {
            assert_eq!(factors.freight(*vehicle).unit, "kgCO2e/t.km", "{vehicle}");
        }
        assert_eq!(factors.default_vehicle, Vehicle::RigidOver17);
    }

    #[test]
    fn a_reuse_factor_applies_to_the_subtree_of_its_class() {
        let factors = Factors::current();
        // Reclaimed bricks have their own; a class below one with a factor inherits it.
        let bricks = factors
            .reuse_process("construction.masonry.bricks")
            .unwrap();
        assert_eq!(bricks.value, 20.4);
        let mut with_parent = factors.clone();
        let timber = with_parent
            .reuse_process
            .remove("construction.timber.beams")
            .unwrap();
        with_parent
            .reuse_process
            .insert("construction.timber".into(), timber.clone());
        assert_eq!(
            with_parent.reuse_process("construction.timber.beams"),
            Some(&timber)
        );
        assert!(factors
            .reuse_process("construction.glass.flat_glass")
            .is_none());
    }
}
