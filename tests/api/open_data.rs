//! The open-data export: commune cells as CSV that Python's csv module reads with the
//! columns its data package describes, none involving fewer than three organisations.
use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::spawn_app;
use crate::helpers::spreadsheet::python_rows;
use crate::impact::{exchange_between, trip};
use crate::impact_reports::{close, generated_exchanges};

#[tokio::test]
async fn the_export_shows_only_cells_of_three_organisations_or_more_as_described() {
    let app = spawn_app().await;
    let (_, _, recorded) = generated_exchanges(&app, 24, 3).await;
    let month = terril::db::now().format("%Y-%m").to_string();

    let package: Value = app
        .get_json("/api/v1/open-data/datapackage.json", None)
        .await;
    assert_eq!(package["licenses"][0]["name"], "etalab-2.0");
    // Frictionless's tabular-data-package profile asks every resource to be tabular.
    assert_eq!(package["profile"], "tabular-data-package");
    assert_eq!(package["resources"][0]["profile"], "tabular-data-resource");
    let fields = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap();
    for field in fields {
        assert!(field["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(field["description_fr"]
            .as_str()
            .is_some_and(|d| !d.is_empty()));
    }
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();

    // Public: no token.
    let answer = app.get("/api/v1/open-data/exchanges.csv", None).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
    let text = answer.text().await.unwrap();
    assert!(
        !text.starts_with('\u{feff}'),
        "no byte-order mark in open data"
    );
    assert_eq!(text.lines().next().unwrap(), names.join(","));

    let rows = python_rows(&text, ',');
    let communes: Vec<&str> = rows.iter().map(|r| r["commune_code"].as_str()).collect();
    // Lens and Douai went to three takers; Amiens's all went to one (two organisations).
    assert_eq!(communes, vec!["59178", "62498"], "{text}");
    for row in &rows {
        let mine: Vec<_> = recorded
            .iter()
            .filter(|r| r.commune == row["commune_code"])
            .collect();
        let takers: BTreeSet<usize> = mine.iter().map(|r| r.taker).collect();
        assert!(
            1 + takers.len() >= 3,
            "a cell of fewer than 3 organisations: {row:?}"
        );
        assert_eq!(row["month"], month);
        assert_eq!(row["family"], "construction.masonry");
        assert_eq!(row["exchanges"], mine.len().to_string());
        let tonnes: f64 = mine.iter().map(|r| r.tonnes).sum();
        let net: f64 = mine.iter().map(|r| r.net_kg).sum();
        assert!(
            close(row["tonnes"].parse().unwrap(), tonnes),
            "{row:?} against {tonnes}"
        );
        assert!(
            close(row["net_co2e_kg"].parse().unwrap(), net),
            "{row:?} against {net}"
        );
    }
    assert_eq!(rows[1]["commune_name"], "Lens");
    assert_eq!(rows[1]["department_code"], "62");
    assert_eq!(rows[1]["region_code"], "32");
    assert_eq!(rows[1]["family_name_fr"], "Maçonnerie");
}

/// Office chairs in pieces have no sourced piece mass: a cell of such exchanges leaves its
/// tonnes and its CO2e empty (unknown), not 0.
#[tokio::test]
async fn a_cell_whose_masses_are_unknown_leaves_tonnes_and_co2e_empty() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Ressourcerie")
        .await;
    let chairs = trip("Chaises", "construction.fixtures.furniture", "piece", 20.0);
    for (email, name) in [
        ("a@lens.fr", "Ville de Lens"),
        ("b@douai.fr", "Ville de Douai"),
    ] {
        let taker = app.signed_up_user(email, name).await;
        exchange_between(&app, &holder, &taker, &chairs).await;
    }
    let text = app
        .get("/api/v1/open-data/exchanges.csv", None)
        .await
        .text()
        .await
        .unwrap();
    let rows = python_rows(&text, ',');
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(rows[0]["family"], "construction.fixtures");
    assert_eq!(rows[0]["exchanges"], "2");
    assert_eq!(rows[0]["tonnes"], "", "{text}");
    assert_eq!(rows[0]["net_co2e_kg"], "", "{text}");
}
