//! The public buyer's annual declaration under article 58 of the AGEC law (décret
//! n° 2024-134): for a year, the euros spent on reused goods per product category, from
//! the exchanges the organisation received and the price agreed at completion. The
//! categories and the classes in each are data (`reference/agec_categories.json`); the
//! CSV has the columns of data.gouv.fr's declaration schema, so that the file can be
//! completed and filed.
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use super::csv_export::{
    Cell::{Figure, Text},
    CsvExport,
};
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
    // The year and the amounts are figures (the schema's `year` and `number`); the rest is
    // text, the buyer's name included.
    let mut export = CsvExport::new(b',');
    export.header(COLUMNS)?;
    let year = year.to_string();
    for (index, euros) in spent {
        let category = categories.categories.get(index).map_or("", String::as_str);
        let euros = format!("{:.2}", euros);
        export.row([
            Figure(&year),
            Text(buyer.siret),
            Text(buyer.name),
            Text(category),
            Figure(&euros),
            Figure(&euros),
            Figure("0.00"),
            Figure("0.00"),
            Text(COMMENT),
        ])?;
    }
    export.into_text()
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
    fn the_buyers_name_cannot_be_a_formula_and_the_schemas_values_are_untouched() {
        let buyer = Buyer {
            siret: "12002701600357",
            name: "=HYPERLINK(\"http://evil.example\",\"x\")",
        };
        let purchases = [("construction.fixtures.furniture".to_owned(), Some(591.0))];
        let text = csv(2026, &buyer, &purchases).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[2], "'=HYPERLINK(\"http://evil.example\",\"x\")");
        assert_eq!(&row[0], "2026");
        assert_eq!(&row[1], "12002701600357");
        assert_eq!(&row[4], "591.00");
        assert_eq!(&row[6], "0.00");
        // The schema's enum (type_produit_acquis) holds only what Terril writes as it is:
        // no category starts like a formula, so none gets the quote.
        for category in &Categories::embedded().categories {
            assert_eq!(
                super::super::csv_export::neutralise(category),
                category.as_str()
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
