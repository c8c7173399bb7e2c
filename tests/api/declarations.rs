//! The public buyer's AGEC article 58 declaration: the euros of the year's reused goods
//! per category of décret n° 2024-134, in the columns of data.gouv.fr's schema, read back
//! by Python's csv module; classes outside the 17 categories are not declared.

use serde_json::json;

use crate::helpers::spreadsheet::python_rows;
use crate::helpers::{assert_problem, spawn_app, ListingBody, Location, BRICKS};
use crate::impact::{exchange_between, Trip};

/// A trip completed at `price` euros per unit.
fn trip(
    name: &'static str,
    class: &'static str,
    unit: &'static str,
    quantity: f64,
    price: f64,
) -> Trip {
    Trip {
        completion: json!({ "price_per_unit_eur": price }),
        ..crate::impact::trip(name, class, unit, quantity)
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
    let rows = python_rows(&text, ',');
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
    // An organisation without its SIRET cannot be declared.
    {
        use diesel::prelude::*;
        use terril::db::schema::organisations;
        let mut conn = app.db.get().unwrap();
        diesel::update(organisations::table.find(&buyer.organisation_id))
            .set(organisations::siret.eq(None::<String>))
            .execute(&mut *conn)
            .unwrap();
    }
    assert_problem(
        app.get(&path, Some(&buyer.access_token)).await,
        409,
        "siret_missing",
    )
    .await;
}

#[tokio::test]
async fn the_rndts_register_lists_the_received_soils_in_the_services_columns() {
    let app = spawn_app().await;
    let holder = app.signed_up_user("voies@vnf.fr", "Voies navigables").await;
    let receiver = app
        .signed_up_user("plateforme@terres.fr", "Plateforme Terres")
        .await;
    let soil = json!({
        "is_waste": true, "waste_code": "17 05 06",
        "soil": {
            "acceptance_reference": "DAP-2026-042", "pop": false,
            "parcels": [{ "insee_code": "59122", "number": "000-AB-0123" }]
        }
    });
    let sediments = Trip {
        name: "Sédiments de curage de l'Escaut",
        class: "sediments.river_dredged",
        unit: "t",
        quantity: 18.0,
        from: (50.1760, 3.2350),
        to: (50.3570, 3.5235),
        completion: json!({
            "weighed_tonnes": 17.42,
            "register": {
                "volume_m3": 11.6, "operation_code": "R 5", "operation_mode": "AUTRES_VALORISATIONS",
                "transporter": {
                    "siret": "12002701600357", "name": "Transports Hainaut", "address": "2 rue du Port",
                    "postal_code": "59300", "city": "Valenciennes", "receipt_number": "TR-59-0042"
                }
            }
        }),
        waste: Some(soil),
    };
    exchange_between(&app, &holder, &receiver, &sediments).await;
    // Bricks are not in the register.
    exchange_between(
        &app,
        &holder,
        &receiver,
        &trip("Briques", "construction.masonry.bricks", "t", 3.0, 40.0),
    )
    .await;

    let year = terril::db::now().format("%Y").to_string();
    let path = format!(
        "/api/v1/organisations/{}/rndts-register?year={year}",
        receiver.organisation_id
    );
    let answer = app.get(&path, Some(&receiver.access_token)).await;
    assert_eq!(answer.status(), 200);
    let text = answer.text().await.unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(';').collect();
    assert_eq!(header, terril::impact::rndts::labels());
    assert_eq!(header.len(), 107);
    let rows = python_rows(&text, ';');
    assert_eq!(rows.len(), 1, "{text}");
    let row = &rows[0];
    let today = terril::db::now().format("%Y-%m-%d").to_string();
    for (column, expected) in [
        ("Motif", ""),
        ("SIRET du destinataire", "12002701600357"),
        (
            "Dénomination usuelle des terres et sédiments ou des déchets",
            "Sédiments de curage de l'Escaut (listing)",
        ),
        ("Code déchet", "17 05 06"),
        ("POP", "NON"),
        ("Dangereux", "NON"),
        ("DAP", "DAP-2026-042"),
        ("Date de réception", today.as_str()),
        ("Poids en tonnes", "17.420"),
        ("Type de poids", "REEL"),
        ("Volume en M3", "11.600"),
        ("Codes INSEE des parcelles", "59122"),
        ("Numéro(s) des parcelles", "000-AB-0123"),
        ("Type d'expéditeur ou détenteur", "ETABLISSEMENT_FR"),
        (
            "Raison sociale de l'expéditeur ou détenteur",
            "Voies navigables",
        ),
        ("Code de traitement réalisé", "R 5"),
        ("Mode de traitement", "AUTRES_VALORISATIONS"),
        ("Approvisionnement direct", "NON"),
        ("Mode de transport du transporteur n°1", "ROUTE"),
        ("Numéro de récépissé du transporteur n°1", "TR-59-0042"),
        ("Exemption de récépissé du transporteur n°1", "NON"),
    ] {
        assert_eq!(row[column], expected, "{column}");
    }
    assert!(!row["Identifiant unique"].is_empty());

    // A mode the code does not allow, and register details on bricks, are field errors.
    let wrong = Trip {
        completion: json!({ "register": { "operation_code": "R 5", "operation_mode": "ELIMINATION" } }),
        ..sediments.clone()
    };
    let refused = complete_refused(&app, &holder, &receiver, &wrong).await;
    assert_eq!(
        refused["errors"][0]["field"], "register.operation_mode",
        "{refused}"
    );
    // Dredged sediment in m³ has no sourced density: the register's weight must be weighed.
    let by_volume = Trip {
        unit: "m3",
        completion: json!({ "register": { "volume_m3": 18 } }),
        ..sediments.clone()
    };
    let refused = complete_refused(&app, &holder, &receiver, &by_volume).await;
    assert_eq!(refused["errors"][0]["field"], "weighed_tonnes", "{refused}");
    assert_eq!(refused["errors"][0]["code"], "required");
    let bricks = Trip {
        completion: json!({ "register": { "volume_m3": 2 } }),
        ..trip("Briques", "construction.masonry.bricks", "t", 3.0, 40.0)
    };
    let refused = complete_refused(&app, &holder, &receiver, &bricks).await;
    assert_eq!(refused["errors"][0]["field"], "register", "{refused}");
    assert_eq!(refused["errors"][0]["code"], "not_applicable");
    let lens = Location::new(50.4, 2.8, "Lens");
    let soil_on_bricks =
        ListingBody::new("Briques", BRICKS, 3, "t", lens).with("soil", json!({ "pop": true }));
    let answer = app
        .post(
            "/api/v1/listings",
            &soil_on_bricks.json(),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(answer.status(), 422);
    let problem: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "soil", "{problem}");
}

/// Posts, matches, reserves and confirms `trip`, then tries to complete it: the problem.
async fn complete_refused(
    app: &crate::helpers::TestApp,
    holder: &crate::helpers::TestUser,
    taker: &crate::helpers::TestUser,
    trip: &Trip,
) -> serde_json::Value {
    let reservation = crate::impact::reserve_and_confirm(app, holder, taker, trip).await;
    let path = format!("/api/v1/reservations/{reservation}/complete");
    let answer = app
        .post(&path, &trip.completion, Some(&holder.access_token))
        .await;
    assert_eq!(answer.status(), 422);
    answer.json().await.unwrap()
}

/// The register's cells that the other party typed (the listing's title and DAP, the
/// holder's name, the transporter's name, address, town and receipt number) come out as
/// text a spreadsheet will not run, whatever they start with; the figures keep their form.
#[tokio::test]
async fn register_cells_typed_like_formulas_come_out_as_text() {
    let app = spawn_app().await;
    let holder = app
        .signed_up_user("voies@vnf.fr", "=Voies navigables")
        .await;
    let receiver = app
        .signed_up_user("plateforme@terres.fr", "Plateforme Terres")
        .await;
    let soil = json!({
        "is_waste": true, "waste_code": "17 05 06",
        "soil": { "acceptance_reference": "-2+3", "pop": false }
    });
    let sediments = Trip {
        name: "@SUM(1+1)*cmd|' /C calc'!A0",
        class: "sediments.river_dredged",
        unit: "t",
        quantity: 18.0,
        from: (50.1760, 3.2350),
        to: (50.3570, 3.5235),
        completion: json!({
            "weighed_tonnes": 17.42,
            "register": {
                "transporter": {
                    "siret": "12002701600357", "name": "=HYPERLINK(\"http://evil.example\")",
                    "address": "+33 quai", "postal_code": "59300", "city": "-Valenciennes",
                    "receipt_number": "@TR-59-0042"
                }
            }
        }),
        waste: Some(soil),
    };
    exchange_between(&app, &holder, &receiver, &sediments).await;
    let year = terril::db::now().format("%Y").to_string();
    let path = format!(
        "/api/v1/organisations/{}/rndts-register?year={year}",
        receiver.organisation_id
    );
    let text = app
        .get(&path, Some(&receiver.access_token))
        .await
        .text()
        .await
        .unwrap();
    let rows = python_rows(&text, ';');
    let row = &rows[0];
    for (column, expected) in [
        (
            "Dénomination usuelle des terres et sédiments ou des déchets",
            "'@SUM(1+1)*cmd|' /C calc'!A0 (listing)",
        ),
        ("DAP", "'-2+3"),
        ("Raison sociale du producteur initial", "'=Voies navigables"),
        (
            "Raison sociale de l'expéditeur ou détenteur",
            "'=Voies navigables",
        ),
        (
            "Raison sociale du transporteur n°1",
            "'=HYPERLINK(\"http://evil.example\")",
        ),
        ("Libellé de l'adresse du transporteur n°1", "'+33 quai"),
        ("Commune du transporteur n°1", "'-Valenciennes"),
        ("Numéro de récépissé du transporteur n°1", "'@TR-59-0042"),
        ("Poids en tonnes", "17.420"),
        ("Coordonnées des parcelles", "50.176000 3.235000"),
    ] {
        assert_eq!(row[column], expected, "{column}");
    }
}

/// Sets the reception dates (and months) of `receiver`'s register lines, oldest first, as
/// if they had been completed on `dates`.
fn backdate(app: &crate::helpers::TestApp, dates: &[chrono::NaiveDate]) {
    use diesel::prelude::*;
    use terril::db::schema::exchange_impacts::dsl as t;
    let mut conn = app.db.get().unwrap();
    let rows: Vec<(String, Option<String>)> = t::exchange_impacts
        .filter(t::register.is_not_null())
        .order(t::completed_at.asc())
        .select((t::reservation_id, t::register))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(rows.len(), dates.len());
    for ((id, register), date) in rows.into_iter().zip(dates) {
        let mut line: serde_json::Value = serde_json::from_str(&register.unwrap()).unwrap();
        line["reception_date"] = json!(date.format("%Y-%m-%d").to_string());
        diesel::update(t::exchange_impacts.find(id))
            .set((
                t::register.eq(line.to_string()),
                t::month.eq(date.format("%Y-%m").to_string()),
                t::completed_at.eq(date.and_hms_opt(12, 0, 0).unwrap()),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
}

/// The national service refuses a line received 18 months ago or more (its own rule,
/// `reference/rndts_texs_incoming.json`): the register leaves such lines out and says so
/// in its headers, and a year with no day the service still takes is refused.
#[tokio::test]
async fn the_register_keeps_to_the_18_months_the_national_service_takes() {
    use chrono::Datelike;
    let app = spawn_app().await;
    let holder = app.signed_up_user("voies@vnf.fr", "Voies navigables").await;
    let receiver = app
        .signed_up_user("plateforme@terres.fr", "Plateforme Terres")
        .await;
    let sediments = Trip {
        name: "Sédiments de curage",
        class: "sediments.river_dredged",
        unit: "t",
        quantity: 18.0,
        from: (50.1760, 3.2350),
        to: (50.3570, 3.5235),
        completion: json!({ "weighed_tonnes": 17.42 }),
        waste: Some(json!({ "is_waste": true, "waste_code": "17 05 06" })),
    };
    exchange_between(&app, &holder, &receiver, &sediments).await;
    exchange_between(&app, &holder, &receiver, &sediments).await;
    // The same day 18 months back is refused; the next is the first the service takes
    // (and there is no 31 June, so both are in one year).
    let today = terril::db::now().date();
    let refused = today.checked_sub_months(chrono::Months::new(18)).unwrap();
    let first = refused.succ_opt().unwrap();
    backdate(&app, &[refused, first]);
    let register = |year: i32| {
        format!(
            "/api/v1/organisations/{}/rndts-register?year={year}",
            receiver.organisation_id
        )
    };

    let answer = app
        .get(&register(first.year()), Some(&receiver.access_token))
        .await;
    assert_eq!(answer.status(), 200);
    let headers = answer.headers().clone();
    assert_eq!(headers["terril-lines-left-out"], "1");
    assert_eq!(
        headers["terril-register-window"],
        format!("{first}/{today}").as_str()
    );
    let rows = python_rows(&answer.text().await.unwrap(), ';');
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["Date de réception"], first.to_string());
    // This year's register has neither line now, and leaves none out.
    let answer = app
        .get(&register(today.year()), Some(&receiver.access_token))
        .await;
    assert_eq!(answer.headers()["terril-lines-left-out"], "0");
    assert!(python_rows(&answer.text().await.unwrap(), ';').is_empty());

    // A year with no day the service takes gives a file with no line, and says why.
    let answer = app
        .get(&register(first.year() - 1), Some(&receiver.access_token))
        .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["terril-register-window"],
        format!("{first}/{today}").as_str()
    );
    assert!(python_rows(&answer.text().await.unwrap(), ';').is_empty());
}
