//! A recorded figure is never rewritten: the same collection computed under a newer
//! method differs, and an exchange recorded under an older method keeps its figure while
//! the current method's is shown beside it, for the exchange and in the organisation's
//! report.
use diesel::prelude::*;
use serde_json::{json, Value};
use terril::db::schema::exchange_impacts;
use terril::impact::{Factors, Snapshot};

use crate::helpers::{spawn_app, BRICKS};
use crate::impact::{exchange, Trip};

fn close(got: &Value, expected: f64) -> bool {
    (got.as_f64().unwrap() - expected).abs() < 0.01
}

#[tokio::test]
async fn a_recorded_figure_survives_a_method_change_and_the_current_one_shows_beside_it() {
    let app = spawn_app().await;
    let trip = Trip {
        name: "reclaimed bricks, Loos-en-Gohelle to Lille",
        class: BRICKS,
        unit: "t",
        quantity: 10.0,
        from: (50.4573, 2.7952),
        to: (50.6292, 3.0573),
        completion: json!({}),
        waste: None,
    };
    let (holder, completed, impact) = exchange(&app, 1, &trip).await;
    let reservation = completed["id"].as_str().unwrap().to_owned();
    let net = impact["snapshot"]["net_kg"].as_f64().unwrap();
    let current = Factors::current();
    assert_eq!(
        impact["current_method"]["method_version"],
        current.method_version
    );
    assert!(close(&impact["current_method"]["net_kg"], net));

    // A newer method doubling the bricks' factor: 10 t × 210 more.
    let mut newer = current.clone();
    newer.method_version += 1;
    newer.embodied.get_mut(BRICKS).unwrap().value *= 2.0;
    let recorded: Snapshot = serde_json::from_value(impact["snapshot"].clone()).unwrap();
    let under = recorded.under(&newer);
    assert_eq!(under.method_version, current.method_version + 1);
    // The trip as recorded: its great-circle distance, kept to 10 m, times the road
    // factor, so within a few grams of CO2e.
    assert!(
        (under.tonne_km.unwrap() - recorded.tonne_km.unwrap()).abs() < 0.1,
        "{under:?}"
    );
    assert!(
        (under.net_kg.unwrap() - (net + 2_100.0)).abs() < 0.05,
        "{under:?}"
    );

    // The exchange as an older method (bricks at 105) would have recorded it.
    let mut older = impact["snapshot"].clone();
    older["method_version"] = json!(current.method_version - 1);
    older["embodied"]["value"] = json!(105.0);
    let old_net = net - 1_050.0;
    older["avoided_kg"] = json!(impact["snapshot"]["avoided_kg"].as_f64().unwrap() - 1_050.0);
    older["net_kg"] = json!(old_net);
    {
        let mut conn = app.db.get().unwrap();
        diesel::update(exchange_impacts::table.find(&reservation))
            .set((
                exchange_impacts::method_version.eq(current.method_version as i32 - 1),
                exchange_impacts::net_kg.eq(old_net),
                exchange_impacts::snapshot.eq(older.to_string()),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let path = format!("/api/v1/reservations/{reservation}/impact");
    let shown: Value = app.get_json(&path, Some(&holder.access_token)).await;
    assert!(
        close(&shown["snapshot"]["net_kg"], old_net),
        "recorded, kept"
    );
    assert!(close(&shown["current_method"]["net_kg"], net), "{shown}");

    let path = format!("/api/v1/organisations/{}/impact", holder.organisation_id);
    let report: Value = app.get_json(&path, Some(&holder.access_token)).await;
    assert_eq!(report["current_method_version"], current.method_version);
    let line = &report["given"]["lines"][0];
    assert!(close(&line["net_co2e_kg"], old_net), "{report}");
    assert!(close(&line["net_co2e_kg_current_method"], net), "{report}");
}
