//! The public buyer's AGEC article 58 declaration: the euros of the year's reused goods
//! per category of décret n° 2024-134, in the columns of data.gouv.fr's schema, read back
//! by Python's csv module; classes outside the 17 categories are not declared.
use std::collections::BTreeMap;

use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};
use crate::impact::{exchange_between, Trip};

fn python_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("declaration.csv");
    std::fs::write(&file, text).unwrap();
    let script = "import csv,json,sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1],encoding='utf-8',newline='')))))";
    let out = std::process::Command::new("python3")
        .args(["-c", script, file.to_str().unwrap()])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn trip(
    name: &'static str,
    class: &'static str,
    unit: &'static str,
    quantity: f64,
    price: f64,
) -> Trip {
    Trip {
        name,
        class,
        unit,
        quantity,
        from: (50.4573, 2.7952),
        to: (50.6292, 3.0573),
        completion: json!({ "price_per_unit_eur": price }),
    }
}

#[tokio::test]
async fn the_agec_declaration_sums_the_years_reused_goods_by_category() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("holder@example.fr", "Ressourcerie")
        .await;
    let buyer = app.signed_up_user("achats@lens.fr", "Ville de Lens").await;
    // Two lots of office furniture and one of bricks (no AGEC category).
    let desks = trip(
        "Bureaux",
        "construction.fixtures.furniture",
        "piece",
        12.0,
        35.5,
    );
    let chairs = trip(
        "Chaises",
        "construction.fixtures.furniture",
        "piece",
        20.0,
        8.25,
    );
    let bricks = trip("Briques", "construction.masonry.bricks", "t", 3.0, 40.0);
    for t in [&desks, &chairs, &bricks] {
        exchange_between(&app, &holder, &buyer, t).await;
    }
    let year = terril::db::now().format("%Y").to_string();
    let path = format!(
        "/api/v1/organisations/{}/agec-declaration?year={year}",
        buyer.organisation_id
    );
    let answer = app.get(&path, Some(&buyer.access_token)).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
    let text = answer.text().await.unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "annee,siret,raison_sociale,type_produit_acquis,montant_total,\
         montant_reemploi_et_reutilisation,montant_produits_issus_don,\
         montant_produits_recycles,commentaires"
    );
    let rows = python_rows(&text);
    assert_eq!(rows.len(), 1, "{text}");
    let row = &rows[0];
    assert_eq!(row["annee"], year);
    assert_eq!(row["siret"], "12002701600357");
    assert_eq!(row["raison_sociale"], "Ville de Lens");
    assert_eq!(
        row["type_produit_acquis"],
        "Mobilier et aménagement d'intérieur"
    );
    // 12 × 35.50 + 20 × 8.25
    assert_eq!(row["montant_total"], "591.00");
    assert_eq!(row["montant_reemploi_et_reutilisation"], "591.00");
    assert_eq!(row["montant_produits_recycles"], "0.00");

    // Another year has nothing; the holder declares nothing it gave; no one else reads it.
    let other = format!(
        "/api/v1/organisations/{}/agec-declaration?year=2001",
        buyer.organisation_id
    );
    let empty = app
        .get(&other, Some(&buyer.access_token))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(empty.lines().count(), 1);
    let given = format!(
        "/api/v1/organisations/{}/agec-declaration?year={year}",
        holder.organisation_id
    );
    let given = app
        .get(&given, Some(&holder.access_token))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(given.lines().count(), 1);
    assert_problem(
        app.get(&path, Some(&holder.access_token)).await,
        404,
        "not_found",
    )
    .await;
    let bad_year = format!(
        "/api/v1/organisations/{}/agec-declaration?year=1999",
        buyer.organisation_id
    );
    assert_problem(
        app.get(&bad_year, Some(&buyer.access_token)).await,
        422,
        "validation_failed",
    )
    .await;
}
