//! The open-data export: completed exchanges by the commune the material left, month and
//! class family, anonymised ([`super::disclosure`]: no cell of fewer than three
//! organisations), under the Licence Ouverte 2.0. A plain CSV (commas, points, UTF-8
//! without a byte-order mark, as data.gouv.fr's validators expect) and a Frictionless
//! Data Package describing every column, both written from [`COLUMNS`] so the two
//! never disagree.
use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::catalogue::taxonomy::Taxonomy;
use crate::db::impact_cells::Cell;
use crate::domain::error::DomainError;
use crate::domain::Language;
use crate::gazetteer::gazetteer;

use super::csv_export::{Cell as CsvCell, CsvExport};
use super::disclosure::MIN_ORGANISATIONS;

/// The file's name in the data package and in the download.
pub const FILE_NAME: &str = "terril-echanges-par-commune.csv";

/// Each column: name, Frictionless type, description in English, in French.
pub const COLUMNS: [(&str, &str, &str, &str); 11] = [
    ("month", "yearmonth", "Month the exchanges were completed (YYYY-MM, UTC)", "Mois où les échanges ont été terminés (AAAA-MM, UTC)"),
    ("commune_code", "string", "INSEE code of the commune the material left (Code officiel géographique 2026)", "Code INSEE de la commune d'où le matériau est parti (Code officiel géographique 2026)"),
    ("commune_name", "string", "Name of that commune", "Nom de cette commune"),
    ("department_code", "string", "Its department's code", "Code de son département"),
    ("region_code", "string", "Its region's code", "Code de sa région"),
    ("family", "string", "Terril's material class family (reference/materials.json)", "Famille de classes de matériaux de Terril (reference/materials.json)"),
    ("family_name_fr", "string", "The family's name in French", "Nom de la famille en français"),
    ("family_name_en", "string", "The family's name in English", "Nom de la famille en anglais"),
    ("exchanges", "integer", "Completed exchanges", "Échanges terminés"),
    ("tonnes", "number", "Tonnes collected (weighed, or the declared quantity's mass from a cited density or piece mass), of the exchanges whose mass is known; empty when none is", "Tonnes enlevées (pesées, ou masse de la quantité déclarée par une densité ou une masse unitaire citée), des échanges dont la masse est connue ; vide quand aucune ne l'est"),
    ("net_co2e_kg", "number", "Net kg CO2e avoided, of the exchanges whose class has a published factor, as recorded at completion (new product minus reuse process minus transport); empty when no mass is known", "kg CO2e nets évités, des échanges dont la classe a un facteur publié, tels qu'enregistrés à l'enlèvement (produit neuf moins réemploi moins transport) ; vide quand aucune masse n'est connue"),
];

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn family_names(taxonomy: &Taxonomy, code: &str) -> (String, String) {
    match taxonomy.id_of(code).map(|id| taxonomy.class(id)) {
        Some(class) => (
            class.name(Language::Fr).to_owned(),
            class.name(Language::En).to_owned(),
        ),
        None => (code.to_owned(), code.to_owned()),
    }
}

/// A cell's figure (`of` it: tonnes or net kg), empty when none of its exchanges has a
/// known mass (a net CO2e needs one). Every known mass is above 0 (a positive quantity by
/// a positive density or piece mass, or a weighbridge ticket of at least 0.001 t), so
/// tonnes summing to 0 can only be a cell of unknown masses, to which each exchange added
/// nothing.
fn known(cell: &Cell, of: f64) -> String {
    if cell.tonnes > 0.0 {
        round3(of).to_string()
    } else {
        String::new()
    }
}

/// The shown cells (commune level) as the export's CSV. A column of type `string` is
/// text; the others (`yearmonth`, `integer`, `number`) are figures Terril formats.
pub fn csv(cells: &[Cell], taxonomy: &Taxonomy) -> Result<String, DomainError> {
    let mut export = CsvExport::new(b',');
    export.header(COLUMNS.map(|c| c.0))?;
    for cell in cells {
        let commune = gazetteer().by_code(&cell.code);
        let (fr, en) = family_names(taxonomy, &cell.family_code);
        let values = [
            cell.month.clone(),
            cell.code.clone(),
            commune.map(|c| c.name.clone()).unwrap_or_default(),
            commune.map(|c| c.department.clone()).unwrap_or_default(),
            commune.map(|c| c.region.clone()).unwrap_or_default(),
            cell.family_code.clone(),
            fr,
            en,
            cell.exchanges.to_string(),
            known(cell, cell.tonnes),
            known(cell, cell.net_kg),
        ];
        export.row(
            COLUMNS
                .iter()
                .zip(&values)
                .map(|((_, kind, ..), value)| match *kind {
                    "string" => CsvCell::Text(value),
                    _ => CsvCell::Figure(value),
                }),
        )?;
    }
    export.into_text()
}

/// The Frictionless Data Package (datapackage.json) that describes the export.
pub fn datapackage(base_url: &str, generated_at: NaiveDateTime, method_version: u32) -> Value {
    let fields: Vec<Value> = COLUMNS
        .iter()
        .map(|(name, kind, en, fr)| json!({ "name": name, "type": kind, "description": en, "description_fr": fr }))
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "terril-exchanges-by-commune",
        "title": "Terril: reuse exchanges by commune, month and material family",
        "title_fr": "Terril : échanges de réemploi par commune, mois et famille de matériaux",
        "description": format!(
            "Completed exchanges of materials for reuse on Terril, by the commune the material \
             left, month and class family. A cell involving fewer than {MIN_ORGANISATIONS} \
             organisations (givers and receivers) is left out. CO2e figures are those recorded \
             at completion, under the method version of each exchange (current: {method_version})."
        ),
        "description_fr": format!(
            "Échanges de matériaux pour le réemploi terminés sur Terril, par commune de départ du \
             matériau, mois et famille de classes. Une case concernant moins de {MIN_ORGANISATIONS} \
             organisations (cédants et preneurs) est omise. Les CO2e sont ceux enregistrés à \
             l'enlèvement, selon la version de méthode de chaque échange (actuelle : {method_version})."
        ),
        "licenses": [{
            "name": "etalab-2.0",
            "title": "Licence Ouverte / Open Licence version 2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
        }],
        "created": generated_at.and_utc().to_rfc3339(),
        "sources": [
            { "title": "Terril exchanges (completed reservations)", "path": base_url },
            { "title": "INSEE, Code officiel géographique 2026, through @etalab/decoupage-administratif 6.0.0 (Licence Ouverte)" },
            { "title": "Emission factors: reference/impact_factors.json, each with its source" }
        ],
        "resources": [{
            // Frictionless's tabular-data-package profile asks it of every resource.
            "profile": "tabular-data-resource",
            "name": "exchanges-by-commune",
            "path": format!("{base_url}/api/v1/open-data/exchanges.csv"),
            "filename": FILE_NAME,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "header": true },
            "schema": {
                "fields": fields,
                "primaryKey": ["month", "commune_code", "family"]
            }
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(family_code: &str, tonnes: f64, net_kg: f64) -> Cell {
        Cell {
            code: "62498".into(),
            month: "2026-11".into(),
            family_code: family_code.into(),
            exchanges: 3,
            tonnes,
            net_kg,
            tonne_km: 0.0,
            organisations: 3,
        }
    }

    fn rows(cells: &[Cell]) -> Vec<::csv::StringRecord> {
        let taxonomy = Taxonomy::load().unwrap();
        let text = csv(cells, &taxonomy).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        reader.records().map(Result::unwrap).collect()
    }

    #[test]
    fn text_cells_cannot_be_formulas_and_figures_keep_their_sign() {
        // A family code the taxonomy does not know is written as its own name.
        let rows = rows(&[cell("=cmd|' /C calc'!A0", 2.5, -12.25)]);
        let row = &rows[0];
        assert_eq!(&row[5], "'=cmd|' /C calc'!A0");
        assert_eq!(&row[6], "'=cmd|' /C calc'!A0");
        assert_eq!(&row[7], "'=cmd|' /C calc'!A0");
        assert_eq!(&row[0], "2026-11");
        assert_eq!(&row[2], "Lens");
        assert_eq!(&row[8], "3");
        assert_eq!(&row[9], "2.5");
        assert_eq!(&row[10], "-12.25");
    }

    #[test]
    fn a_cell_whose_masses_are_all_unknown_has_empty_tonnes_and_co2e() {
        let rows = rows(&[cell("construction.fixtures", 0.0, 0.0)]);
        assert_eq!(&rows[0][8], "3");
        assert_eq!(&rows[0][9], "");
        assert_eq!(&rows[0][10], "");
    }

    #[test]
    fn every_resource_of_the_package_is_a_tabular_data_resource() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let package = datapackage("https://terril.example", at, 3);
        assert_eq!(package["profile"], "tabular-data-package");
        for resource in package["resources"].as_array().unwrap() {
            assert_eq!(resource["profile"], "tabular-data-resource");
        }
    }
}
