//! The columns of an inventory import, in English and in French: each maps to a field of
//! a listing, or to a line of its description for what a pre-demolition audit (PEMD)
//! records and a listing has no field for (dimensions, place in the building, reuse
//! potential, planned outlet). Headers are matched without regard to case, accents,
//! spaces, hyphens or underscores, so `Quantité`, `quantite` and `QUANTITE` are one.
use serde_json::{Map, Value};

use crate::domain::error::DomainError;
use crate::domain::text::fold;
use crate::impact::csv_export::{Cell, CsvExport};

/// How a cell is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A decimal number; a comma is read as the decimal point ("0,30").
    Number,
    /// `YYYY-MM-DD`, or `DD/MM/YYYY` as French spreadsheets write it.
    Date,
    /// yes/no, oui/non, true/false, 1/0.
    Flag,
    /// One of the API's codes, or a label in either language.
    Unit,
    Condition,
    /// A line of the description, after its label.
    DescriptionLine,
}

pub struct Column {
    /// The field of the listing (dotted for the location), or the column's own name for a
    /// description line.
    pub field: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub example: &'static str,
    pub help_en: &'static str,
    /// Also the label of a description line: "Dimensions : 22 x 10,5 x 6 cm".
    pub help_fr: &'static str,
}

const fn col(
    field: &'static str,
    en: &'static str,
    fr: &'static str,
    kind: Kind,
    required: bool,
    example: &'static str,
    help: (&'static str, &'static str),
) -> Column {
    Column {
        field,
        en,
        fr,
        kind,
        required,
        example,
        help_en: help.0,
        help_fr: help.1,
    }
}

pub const COLUMNS: &[Column] = &[
    col(
        "external_ref",
        "external_ref",
        "reference",
        Kind::Text,
        true,
        "PEMD-2026-001",
        (
            "Your reference for the item: importing it again leaves it as it is",
            "Votre référence de l'élément : le réimporter le laisse tel quel",
        ),
    ),
    col(
        "title",
        "title",
        "designation",
        Kind::Text,
        true,
        "Briques pleines rouges",
        ("What it is", "Ce que c'est"),
    ),
    col(
        "material",
        "material",
        "classe",
        Kind::Text,
        true,
        "construction.masonry.bricks",
        (
            "Terril's material class code (GET /api/v1/materials)",
            "Code de classe de matériau Terril (GET /api/v1/materials)",
        ),
    ),
    col(
        "quantity",
        "quantity",
        "quantite",
        Kind::Number,
        true,
        "3000",
        ("How much", "Combien"),
    ),
    col(
        "unit",
        "unit",
        "unite",
        Kind::Unit,
        true,
        "piece",
        (
            "t, kg, m3, m2, m or piece",
            "t, kg, m3, m2, m ou piece (pièce)",
        ),
    ),
    col(
        "condition",
        "condition",
        "etat",
        Kind::Condition,
        true,
        "reusable_as_is",
        (
            "unused, reusable_as_is, needs_reconditioning or recycling_only",
            "neuf, reemployable (en l'état), a_reconditionner ou recyclage",
        ),
    ),
    col(
        "location.latitude",
        "latitude",
        "latitude",
        Kind::Number,
        true,
        "50.4583",
        (
            "Where it is: latitude (WGS 84)",
            "Où il se trouve : latitude (WGS 84)",
        ),
    ),
    col(
        "location.longitude",
        "longitude",
        "longitude",
        Kind::Number,
        true,
        "2.7936",
        ("Longitude (WGS 84)", "Longitude (WGS 84)"),
    ),
    col(
        "location.address",
        "address",
        "adresse",
        Kind::Text,
        true,
        "Rue de la Mine, Loos-en-Gohelle",
        ("The site's address", "L'adresse du chantier"),
    ),
    col(
        "location.insee_code",
        "insee_code",
        "code_insee",
        Kind::Text,
        false,
        "62528",
        ("The commune's INSEE code", "Le code INSEE de la commune"),
    ),
    col(
        "available_from",
        "available_from",
        "disponible_du",
        Kind::Date,
        true,
        "2027-01-15",
        (
            "First day it can be collected",
            "Premier jour où il peut être enlevé",
        ),
    ),
    col(
        "available_until",
        "available_until",
        "disponible_au",
        Kind::Date,
        false,
        "2027-03-31",
        ("Last day (empty: no end)", "Dernier jour (vide : sans fin)"),
    ),
    col(
        "min_lot",
        "min_lot",
        "lot_minimum",
        Kind::Number,
        false,
        "500",
        (
            "The least a taker must take",
            "Le moins qu'un preneur doit prendre",
        ),
    ),
    col(
        "price_per_unit_eur",
        "price_per_unit_eur",
        "prix_unitaire_eur",
        Kind::Number,
        false,
        "0,30",
        (
            "Euros per unit (empty: free)",
            "Euros par unité (vide : gratuit)",
        ),
    ),
    col(
        "waste_code",
        "waste_code",
        "code_dechet",
        Kind::Text,
        false,
        "",
        (
            "List of Waste code, only if it is still waste (17 01 02...)",
            "Code de la liste européenne des déchets, seulement s'il est encore un déchet",
        ),
    ),
    col(
        "description",
        "description",
        "description",
        Kind::Text,
        false,
        "Nettoyées, sur palettes",
        ("Anything else", "Tout le reste"),
    ),
    col(
        "dimensions",
        "dimensions",
        "dimensions",
        Kind::DescriptionLine,
        false,
        "22 x 10,5 x 6 cm",
        ("Dimensions", "Dimensions"),
    ),
    col(
        "location_in_building",
        "location_in_building",
        "localisation",
        Kind::DescriptionLine,
        false,
        "Mur pignon, RDC",
        ("Where in the building", "Localisation dans le bâtiment"),
    ),
    col(
        "reuse_potential",
        "reuse_potential",
        "potentiel_reemploi",
        Kind::DescriptionLine,
        false,
        "Élevé",
        ("Reuse potential (from the audit)", "Potentiel de réemploi"),
    ),
    col(
        "planned_outlet",
        "planned_outlet",
        "exutoire_prevu",
        Kind::DescriptionLine,
        false,
        "Réemploi sur site voisin",
        ("The outlet the audit plans", "Exutoire prévu"),
    ),
    col(
        "pickup",
        "pickup",
        "enlevement",
        Kind::Flag,
        false,
        "oui",
        (
            "Collected by the taker (default yes)",
            "Enlevé par le preneur (oui par défaut)",
        ),
    ),
    col(
        "delivery",
        "delivery",
        "livraison",
        Kind::Flag,
        false,
        "non",
        (
            "Delivered by you (default no)",
            "Livré par vous (non par défaut)",
        ),
    ),
    col(
        "delivery_radius_km",
        "delivery_radius_km",
        "rayon_livraison_km",
        Kind::Number,
        false,
        "",
        (
            "How far you deliver, when you do",
            "Jusqu'où vous livrez, si vous livrez",
        ),
    ),
];

/// A header as compared: lower case, without accents, BOM, spaces, hyphens or
/// underscores.
fn key(header: &str) -> String {
    fold(header.trim_start_matches('\u{feff}'))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The column a header names, in either language.
pub fn find(header: &str) -> Option<&'static Column> {
    let wanted = key(header);
    COLUMNS
        .iter()
        .find(|c| key(c.en) == wanted || key(c.fr) == wanted)
}

/// A cell read as its column says; Err is the code and message of a cell that cannot be.
pub fn read(column: &Column, cell: &str) -> Result<Value, (&'static str, String)> {
    let text = cell.trim();
    Ok(match column.kind {
        Kind::Text | Kind::DescriptionLine => Value::String(text.to_owned()),
        Kind::Number => {
            let number: f64 = text
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or(("not_a_number", format!("{text:?} is not a number")))?;
            serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
        }
        Kind::Date => Value::String(date(text).ok_or((
            "not_a_date",
            format!("{text:?} is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
        ))?),
        Kind::Flag => Value::Bool(
            flag(text).ok_or(("not_yes_or_no", format!("{text:?} is neither yes nor no")))?,
        ),
        Kind::Unit => Value::String(unit(text).to_owned()),
        Kind::Condition => Value::String(condition(text).to_owned()),
    })
}

fn date(text: &str) -> Option<String> {
    if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        return Some(text.to_owned());
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y").ok()?;
    Some(day.format("%Y-%m-%d").to_string())
}

fn flag(text: &str) -> Option<bool> {
    match key(text).as_str() {
        "yes" | "oui" | "true" | "vrai" | "1" | "y" | "o" => Some(true),
        "no" | "non" | "false" | "faux" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// The API's unit code for a code or a label; what is not one is passed on, to be
/// refused with the API's own message.
fn unit(text: &str) -> &str {
    match key(text).as_str() {
        "t" | "tonne" | "tonnes" => "t",
        "kg" | "kilogramme" | "kilogrammes" | "kilogram" | "kilograms" => "kg",
        "m3" | "metrecube" | "metrescubes" | "cubicmetre" | "cubicmetres" => "m3",
        "m2" | "metrecarre" | "metrescarres" | "squaremetre" | "squaremetres" => "m2",
        "m" | "ml" | "metre" | "metres" | "metrelineaire" => "m",
        "piece" | "pieces" | "u" | "unite" | "unites" | "unit" | "units" => "piece",
        _ => text,
    }
}

fn condition(text: &str) -> &str {
    match key(text).as_str() {
        "unused" | "neuf" | "nonutilise" => "unused",
        "reusableasis" | "reemployable" | "reemployableenletat" | "bonetat" => "reusable_as_is",
        "needsreconditioning" | "areconditionner" | "reconditionner" => "needs_reconditioning",
        "recyclingonly" | "recyclage" | "recyclageseulement" => "recycling_only",
        _ => text,
    }
}

/// Sets `field` (dotted for nested objects) of `object` to `value`.
pub fn set(object: &mut Map<String, Value>, field: &str, value: Value) {
    match field.split_once('.') {
        Some((outer, inner)) => {
            let nested = object
                .entry(outer)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(nested) = nested {
                nested.insert(inner.to_owned(), value);
            }
        }
        None => {
            object.insert(field.to_owned(), value);
        }
    }
}

/// The column a field error of the API names (`location.latitude` is `latitude`).
pub fn column_of(field: &str) -> String {
    COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map_or_else(|| field.to_owned(), |c| c.en.to_owned())
}

/// The template: the headers in `french` or English, and one example row, `;`-separated
/// in French (as French spreadsheets expect), `,` in English; written like every CSV
/// Terril writes (numbers as figures, the rest as text that cannot be a formula).
pub fn template(french: bool) -> Result<String, DomainError> {
    let mut export = CsvExport::crlf(if french { b';' } else { b',' });
    export.header(COLUMNS.iter().map(|c| if french { c.fr } else { c.en }))?;
    let example: Vec<(Kind, String)> = COLUMNS
        .iter()
        .map(|c| match (french, c.kind) {
            (false, Kind::Number) => (c.kind, c.example.replace(',', ".")),
            (false, Kind::Flag) => (c.kind, if c.example == "oui" { "yes" } else { "no" }.into()),
            _ => (c.kind, c.example.to_owned()),
        })
        .collect();
    export.row(example.iter().map(|(kind, text)| match kind {
        Kind::Number => Cell::Figure(text),
        _ => Cell::Text(text),
    }))?;
    export.into_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_whatever_their_case_and_accents() {
        assert_eq!(find("Quantité").unwrap().field, "quantity");
        assert_eq!(find("\u{feff}REFERENCE").unwrap().field, "external_ref");
        assert_eq!(find("available-from").unwrap().field, "available_from");
        assert_eq!(find("Code déchet").unwrap().field, "waste_code");
        assert!(find("colour").is_none());
    }

    #[test]
    fn cells_read_french_numbers_dates_flags_and_labels() {
        let column = |field: &str| COLUMNS.iter().find(|c| c.field == field).unwrap();
        assert_eq!(
            read(column("quantity"), " 0,30 ").unwrap(),
            serde_json::json!(0.3)
        );
        assert_eq!(
            read(column("available_from"), "15/01/2027").unwrap(),
            "2027-01-15"
        );
        assert_eq!(read(column("pickup"), "Oui").unwrap(), true);
        assert_eq!(read(column("unit"), "pièces").unwrap(), "piece");
        assert_eq!(
            read(column("condition"), "À reconditionner").unwrap(),
            "needs_reconditioning"
        );
        assert_eq!(
            read(column("quantity"), "beaucoup").unwrap_err().0,
            "not_a_number"
        );
        assert_eq!(
            read(column("quantity"), "inf").unwrap_err().0,
            "not_a_number"
        );
        assert_eq!(
            read(column("available_from"), "demain").unwrap_err().0,
            "not_a_date"
        );
    }

    #[test]
    fn every_column_has_both_names_and_the_template_names_them_all() {
        let french = template(true).unwrap();
        let header = french.lines().next().unwrap();
        assert_eq!(header.split(';').count(), COLUMNS.len());
        for c in COLUMNS {
            assert!(find(c.en).is_some() && find(c.fr).is_some(), "{}", c.en);
        }
    }

    #[test]
    fn the_template_is_written_like_every_export_and_reads_back_as_its_examples() {
        let english = template(false).unwrap();
        assert!(english.ends_with("\r\n"));
        let mut reader = ::csv::Reader::from_reader(english.as_bytes());
        let example = reader.records().next().unwrap().unwrap();
        for (c, cell) in COLUMNS.iter().zip(example.iter()) {
            // No example starts like a formula, so none gets the quote, and numbers are
            // figures (a negative one would keep its sign).
            assert!(!cell.starts_with('\''), "{}: {cell}", c.en);
            if c.kind == Kind::Number {
                assert!(
                    cell.is_empty() || cell.parse::<f64>().is_ok(),
                    "{}: {cell}",
                    c.en
                );
            }
        }
    }
}
