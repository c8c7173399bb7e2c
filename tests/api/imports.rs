//! Bulk import of an inventory: a French audit's CSV (`;`, BOM, French headers, French
//! numbers and dates) becomes draft listings all or none, every error is reported with its
//! line and column, a dry run stores nothing, a second import of the same file creates
//! nothing, JSON lines work the same, and the template is what the import reads.
use serde_json::Value;

use crate::helpers::{assert_problem, spawn_app, TestApp, TestUser};

const IMPORT: &str = "/api/v1/listings/import";

const AUDIT_FR: &str = "\u{feff}Référence;Désignation;Classe;Quantité;Unité;État;Latitude;Longitude;Adresse;Disponible du;Prix unitaire EUR;Dimensions;Localisation;Lot interne\r\n\
PEMD-001;Briques pleines rouges;construction.masonry.bricks;3000;pièces;Réemployable;50,4583;2,7936;Rue de la Mine, Loos-en-Gohelle;15/01/2027;0,30;22 x 10,5 x 6 cm;Mur pignon;L1\r\n\
PEMD-002;Poutres chêne;construction.timber;4;m3;à reconditionner;50,4583;2,7936;Rue de la Mine, Loos-en-Gohelle;2027-02-01;;;Charpente;L2\r\n";

async fn import(
    app: &TestApp,
    user: &TestUser,
    query: &str,
    kind: &str,
    body: &str,
) -> crate::helpers::ApiResponse {
    let path = format!("{IMPORT}{query}");
    let request = app
        .client
        .post(app.url(&path))
        .header("content-type", kind)
        .body(body.to_owned());
    app.send("POST", &path, request, Some(&user.access_token))
        .await
}

fn drafts_in_db(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use terril::db::schema::listings;
    let mut conn = app.db.get().unwrap();
    listings::table.count().get_result(&mut conn).unwrap()
}

#[tokio::test]
async fn a_french_audit_becomes_drafts_once_however_often_it_is_imported() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("pemd@demolition.test", "Démolition Lens")
        .await;

    let dry = import(&app, &holder, "?dry_run=true", "text/csv", AUDIT_FR).await;
    assert_eq!(dry.status(), 200);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(
        (dry["rows"].as_u64(), dry["created"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(dry["ignored_columns"], serde_json::json!(["Lot interne"]));
    assert_eq!(drafts_in_db(&app), 0, "a dry run stores nothing");

    let done = import(&app, &holder, "", "text/csv; charset=utf-8", AUDIT_FR).await;
    assert_eq!(done.status(), 201);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["created"], 2);
    let first = &done["items"][0];
    assert_eq!(
        (first["line"].as_u64(), first["outcome"].as_str()),
        (Some(2), Some("created"))
    );
    let path = format!("/api/v1/listings/{}", first["id"].as_str().unwrap());
    let listing: Value = app.get_json(&path, Some(&holder.access_token)).await;
    assert_eq!(listing["status"], "draft");
    assert_eq!(listing["quantity"], 3000.0);
    assert_eq!(listing["unit"], "piece");
    assert_eq!(listing["condition"], "reusable_as_is");
    assert_eq!(listing["price_per_unit_eur"], 0.3);
    assert_eq!(listing["available_from"], "2027-01-15");
    assert_eq!(listing["external_ref"], "PEMD-001");
    let description = listing["description"].as_str().unwrap();
    assert!(
        description.contains("Dimensions : 22 x 10,5 x 6 cm"),
        "{description}"
    );
    assert!(
        description.contains("Localisation dans le bâtiment : Mur pignon"),
        "{description}"
    );

    let again = import(&app, &holder, "", "text/csv", AUDIT_FR).await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(
        (again["created"].as_u64(), again["existing"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(drafts_in_db(&app), 2);
}

#[tokio::test]
async fn one_bad_row_stores_nothing_and_every_error_has_its_line_and_column() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("pemd@demolition.test", "Démolition Lens")
        .await;
    let bad = "external_ref,title,material,quantity,unit,condition,latitude,longitude,address,available_from\n\
A1,Bricks,construction.masonry.bricks,100,piece,unused,50.45,2.79,Lens,2027-01-01\n\
A2,Bricks,construction.masonry.bricks,lots,piece,unused,50.45,2.79,Lens,2027-01-01\n\
A3,Bricks,no.such.class,100,piece,unused,95,2.79,Lens,2027-01-01\n\
A1,Bricks,construction.masonry.bricks,100,piece,unused,50.45,2.79,Lens,2027-01-01\n";
    let refused = import(&app, &holder, "", "text/csv", bad).await;
    let problem = assert_problem(refused, 422, "import_rejected").await;
    let errors: Vec<(u64, String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        (3, "quantity", "not_a_number"),
        (4, "material", "unknown"),
        (4, "latitude", "range"),
        (5, "external_ref", "duplicate"),
    ] {
        let expected = (expected.0, expected.1.to_owned(), expected.2.to_owned());
        assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
    }
    assert_eq!(drafts_in_db(&app), 0, "all or nothing");

    let missing = "title;quantity\nBricks;3\n";
    let problem = assert_problem(
        import(&app, &holder, "", "text/csv", missing).await,
        422,
        "import_rejected",
    )
    .await;
    assert!(problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["code"] == "missing_column"));
    let dry = import(&app, &holder, "?dry_run=true", "text/csv", missing).await;
    assert_problem(dry, 422, "import_rejected").await;
    assert_problem(
        import(&app, &holder, "", "text/plain", missing).await,
        415,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn json_lines_import_like_the_api_and_the_template_is_what_the_import_reads() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("pemd@demolition.test", "Démolition Lens")
        .await;
    let mut line = crate::helpers::bricks_in_lens();
    line["external_ref"] = "J-1".into();
    let body = format!("{line}\n\n{{\"title\": \"no ref\"}}\n");
    let refused = import(&app, &holder, "", "application/x-ndjson", &body).await;
    let problem = assert_problem(refused, 422, "import_rejected").await;
    assert!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["line"] == 3),
        "{problem}"
    );
    let done = import(
        &app,
        &holder,
        "",
        "application/x-ndjson",
        &format!("{line}\n"),
    )
    .await;
    assert_eq!(done.status(), 201);

    for (lang, separator) in [("fr", ';'), ("en", ',')] {
        let path = format!("{IMPORT}/template?lang={lang}");
        let template = app.get(&path, Some(&holder.access_token)).await;
        assert_eq!(template.status(), 200);
        assert!(template.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let text = template.text().await.unwrap();
        assert!(text.lines().next().unwrap().contains(separator));
        let dry = import(&app, &holder, "?dry_run=true", "text/csv", &text).await;
        let dry: Value = dry.json().await.unwrap();
        assert_eq!(dry["errors"], serde_json::json!([]), "{lang}: {dry}");
        assert_eq!(dry["rows"], 1);
    }
}

/// A CSV of `rows` good rows, each with its own reference.
fn inventory(rows: usize) -> String {
    let mut text = String::from(
        "external_ref,title,material,quantity,unit,condition,latitude,longitude,address,available_from\n",
    );
    for n in 0..rows {
        text.push_str(&format!(
            "R{n},Bricks,construction.masonry.bricks,100,piece,unused,50.45,2.79,Lens,2027-01-01\n"
        ));
    }
    text
}

#[tokio::test]
async fn one_row_past_the_limit_refuses_the_file_and_a_full_one_passes() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("pemd@demolition.test", "Démolition Lens")
        .await;
    let max = terril::imports::MAX_ROWS;

    let over = inventory(max + 1);
    for query in ["", "?dry_run=true"] {
        let refused = import(&app, &holder, query, "text/csv", &over).await;
        let problem = assert_problem(refused, 422, "import_rejected").await;
        let codes: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["too_many_rows"], "{query}");
    }
    let lines: String = (0..=max)
        .map(|n| format!("{{\"title\": \"row {n}\"}}\n"))
        .collect();
    let refused = import(&app, &holder, "", "application/x-ndjson", &lines).await;
    let problem = assert_problem(refused, 422, "import_rejected").await;
    assert_eq!(problem["errors"][0]["code"], "too_many_rows");
    assert_eq!(drafts_in_db(&app), 0, "nothing stored");

    let full = import(&app, &holder, "?dry_run=true", "text/csv", &inventory(max)).await;
    assert_eq!(full.status(), 200);
    let full: Value = full.json().await.unwrap();
    assert_eq!(full["rows"], max);
    assert_eq!(full["errors"], serde_json::json!([]));
}

#[tokio::test]
async fn a_file_over_the_byte_limit_is_refused_with_its_code() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("pemd@demolition.test", "Démolition Lens")
        .await;
    // Four times the limit: refused from its Content-Length, before the rows are read.
    let rows = 4 * terril::imports::MAX_BYTES / inventory(1).lines().nth(1).unwrap().len();
    let huge = inventory(rows);
    assert!(huge.len() > 4 * terril::imports::MAX_BYTES - 200);
    let refused = import(&app, &holder, "", "text/csv", &huge).await;
    assert_problem(refused, 413, "payload_too_large").await;
    assert_eq!(drafts_in_db(&app), 0, "nothing stored");
}
