//! The public buyer's annual declaration under article 58 of the AGEC law (décret
//! n° 2024-134): for a year, the euros spent on reused goods per product category, from
//! the exchanges the organisation received and the price agreed at completion. The
//! categories and the classes in each are data (`reference/agec_categories.json`); the
//! CSV has the columns of data.gouv.fr's declaration schema, so that the file can be
//! completed and filed.
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::error::DomainError;

const FILE: &str = include_str!("../../reference/agec_categories.json");

/// The declaration schema's columns, in its order.
pub const COLUMNS: [&str; 9] = [
    "annee",
    "siret",
    "raison_sociale",
    "type_produit_acquis",
    "montant_total",
    "montant_reemploi_et_reutilisation",
    "montant_produits_issus_don",
    "montant_produits_recycles",
    "commentaires",
];

const COMMENT: &str = "Achats de réemploi conclus sur Terril (prix convenus à l'enlèvement) ; \
     montant_total ne compte que ces achats : y ajouter les autres dépenses de la catégorie.";

#[derive(Debug, Deserialize)]
pub struct Categories {
    pub version: u32,
    pub categories: Vec<String>,
    /// Class code (or an ancestor's) to category.
    pub classes: HashMap<String, String>,
}

static CATEGORIES: LazyLock<Categories> =
    LazyLock::new(|| serde_json::from_str(FILE).expect("reference/agec_categories.json is valid"));

impl Categories {
    pub fn embedded() -> &'static Categories {
        &CATEGORIES
    }

    /// The category of a class: its own, else its nearest listed ancestor's.
    pub fn of(&self, class: &str) -> Option<&str> {
        let mut code = class;
        loop {
            if let Some(category) = self.classes.get(code) {
                return Some(category);
            }
            code = &code[..code.rfind('.')?];
        }
    }
}

/// The buyer the declaration is for.
pub struct Buyer<'a> {
    pub siret: &'a str,
    pub name: &'a str,
}

/// One line per category bought in `year`, from `purchases` (class code, euros), in the
/// categories' order; classes outside the 17 categories are left out.
pub fn csv(
    year: i32,
    buyer: &Buyer<'_>,
    purchases: &[(String, Option<f64>)],
) -> Result<String, DomainError> {
    let categories = Categories::embedded();
    let mut spent: BTreeMap<usize, f64> = BTreeMap::new();
    for (class, euros) in purchases {
        if let Some(category) = categories.of(class) {
            let index = categories
                .categories
                .iter()
                .position(|c| c == category)
                .unwrap_or(usize::MAX);
            *spent.entry(index).or_default() += euros.unwrap_or(0.0);
        }
    }
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record(COLUMNS)
        .map_err(DomainError::internal)?;
    for (index, euros) in spent {
        let category = categories.categories.get(index).map_or("", String::as_str);
        let euros = format!("{:.2}", euros);
        writer
            .write_record([
                &year.to_string(),
                buyer.siret,
                buyer.name,
                category,
                &euros,
                &euros,
                "0.00",
                "0.00",
                COMMENT,
            ])
            .map_err(DomainError::internal)?;
    }
    super::csv_text(writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_class_names_one_of_the_seventeen_categories() {
        let categories = Categories::embedded();
        assert_eq!(categories.categories.len(), 17);
        let taxonomy = crate::catalogue::taxonomy::Taxonomy::load().unwrap();
        for (class, category) in &categories.classes {
            assert!(
                categories.categories.contains(category),
                "{class}: {category}"
            );
            assert!(
                taxonomy.get(class).is_some(),
                "{class} is not a Terril class"
            );
        }
    }

    #[test]
    fn a_class_takes_its_nearest_listed_ancestors_category() {
        let categories = Categories::embedded();
        assert_eq!(
            categories.of("construction.fixtures.furniture"),
            Some("Mobilier et aménagement d'intérieur")
        );
        assert_eq!(categories.of("construction.masonry.bricks"), None);
        assert_eq!(categories.of("sediments.river_dredged"), None);
    }
}
