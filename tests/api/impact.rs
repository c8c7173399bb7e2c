//! Impact accounting through the API: five reference exchanges computed by hand from the
//! cited factors of `reference/impact_factors.json`, each reproduced within 1 %; what the
//! holder records on completion (weighed tonnes, vehicle, distance driven, the quantity
//! actually collected). A recorded figure beside a newer method: tests/api/impact_method.rs.
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, matches_of_wanted, post_listing, post_wanted, spawn_app, ListingBody, Location,
    TestApp, TestUser, WantedBody, BRICKS,
};

/// One exchange: `quantity` of `class` from `from` to `to` (latitude, longitude).
#[derive(Clone)]
pub struct Trip {
    pub name: &'static str,
    pub class: &'static str,
    pub unit: &'static str,
    pub quantity: f64,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub completion: Value,
    /// Fields merged into the listing for material that is still waste (the wanted
    /// request then accepts waste).
    pub waste: Option<Value>,
}

/// Posts both sides, matches, reserves all, confirms and completes; returns the impact.
pub async fn exchange(app: &TestApp, n: usize, trip: &Trip) -> (TestUser, Value, Value) {
    let holder = app
        .signed_up_user(&format!("holder{n}@example.fr"), &format!("Holder {n}"))
        .await;
    let taker = app
        .signed_up_user(&format!("taker{n}@example.fr"), &format!("Taker {n}"))
        .await;
    let (completed, impact) = exchange_between(app, &holder, &taker, trip).await;
    (holder, completed, impact)
}

/// The same between two organisations already signed up: the completed reservation and
/// its impact.
pub async fn exchange_between(
    app: &TestApp,
    holder: &TestUser,
    taker: &TestUser,
    trip: &Trip,
) -> (Value, Value) {
    let id = reserve_and_confirm(app, holder, taker, trip).await;
    let complete = format!("/api/v1/reservations/{id}/complete");
    let completed = app
        .post(&complete, &trip.completion, Some(&holder.access_token))
        .await;
    assert_eq!(completed.status(), 200, "{}", trip.name);
    let completed: Value = completed.json().await.unwrap();
    let impact = app
        .get(
            &format!("/api/v1/reservations/{id}/impact"),
            Some(&taker.access_token),
        )
        .await;
    assert_eq!(impact.status(), 200, "{}", trip.name);
    (completed, impact.json().await.unwrap())
}

/// Posts both sides, matches, reserves all and confirms: the reservation's id.
pub async fn reserve_and_confirm(
    app: &TestApp,
    holder: &TestUser,
    taker: &TestUser,
    trip: &Trip,
) -> String {
    let from = Location::new(trip.from.0, trip.from.1, "Départ");
    let title = format!("{} (listing)", trip.name);
    let mut listing = ListingBody {
        price_per_unit_eur: Some(2.0),
        ..ListingBody::new(&title, trip.class, trip.quantity, trip.unit, from).until("2030-12-31")
    };
    if let Some(waste) = &trip.waste {
        listing.extra.extend(waste.as_object().unwrap().clone());
    }
    post_listing(app, holder, &listing, true).await;
    let to = Location::new(trip.to.0, trip.to.1, "Arrivée");
    let title = format!("{} (wanted)", trip.name);
    let wanted = WantedBody::new(&title, trip.class, trip.quantity, trip.unit, to, 100)
        .until("2030-06-30")
        .with("accepts_waste", trip.waste.is_some());
    let wanted = post_wanted(app, taker, &wanted).await;
    app.run_matching().await;
    let found = matches_of_wanted(app, taker, &wanted).await;
    let match_id = found[0]["id"].as_str().unwrap();
    let reserved = app
        .reserve(match_id, trip.quantity, &taker.access_token)
        .await;
    let reserved: Value = reserved.json().await.unwrap();
    let id = reserved["id"].as_str().unwrap();
    let confirmed = app
        .reservation_step(id, "confirm", &holder.access_token)
        .await;
    assert_eq!(confirmed.status(), 200);
    id.to_owned()
}

fn within_one_percent(name: &str, what: &str, got: f64, expected: f64) {
    let gap = (got - expected).abs() / expected.abs();
    assert!(
        gap < 0.01,
        "{name}: {what} {got} against {expected} by hand ({:.2} %)",
        gap * 100.0
    );
}

#[tokio::test]
async fn five_reference_exchanges_reproduce_the_hand_computed_figures() {
    // By hand, from reference/impact_factors.json:
    //   new-product factors (kgCO2e/t): bricks 210 (ICE v3.0 "Bricks, General"), steel
    //   sections 1,550 (ICE v3.0 "Steel, Section"), river sediment 4.93 (ICE v3.0
    //   "Aggregate, General", proxy), cotton offcuts 16,369.9 (ADEME "Fil de coton
    //   conventionnel"), timber beams 262.594458 (ICE v3.0 "Timber, Softwood");
    //   reuse process: reclaimed bricks 20.4 (EPD), aggregates 2.21 and wood 38.54288
    //   (DESNZ 2025 "Re-used"); none for steel and cotton;
    //   freight (kgCO2e/t.km, DESNZ 2025 well to wheel): van 0.78225, rigid 7.5-17 t
    //   0.45608, rigid over 17 t 0.20882, articulated 0.09502; road factor 1.3.
    //   Great-circle distances by the haversine formula, R = 6,371.0088 km.
    let trips = [
        // 10 t, 26.616 km × 1.3 = 34.601 km by a rigid over 17 t (the default):
        // 10 × (210 − 20.4) − 10 × 34.601 × 0.20882 = 1,896 − 72.254 = 1,823.75
        (
            Trip {
                name: "reclaimed bricks, Loos-en-Gohelle to Lille",
                class: "construction.masonry.bricks",
                unit: "t",
                quantity: 10.0,
                from: (50.4573, 2.7952),
                to: (50.6292, 3.0573),
                completion: json!({}),
                waste: None,
            },
            10.0,
            1_823.75,
        ),
        // 8 t, 62 km driven by an articulated lorry: 8 × 1,550 − 8 × 62 × 0.09502
        // = 12,400 − 47.130 = 12,352.87
        (
            Trip {
                name: "steel sections, Lens to Valenciennes",
                class: "construction.metals.steel_sections",
                unit: "t",
                quantity: 8.0,
                from: (50.4322, 2.8333),
                to: (50.3570, 3.5235),
                completion: json!({ "vehicle": "articulated", "distance_km": 62 }),
                waste: None,
            },
            8.0,
            12_352.87,
        ),
        // 140 t reserved, 152.36 t on the weighbridge ticket, 31 km by a rigid over 17 t:
        // 152.36 × (4.93 − 2.21) − 152.36 × 31 × 0.20882 = 414.419 − 986.286 = −571.87
        (
            Trip {
                name: "dredged sediment, Douai to Cambrai",
                class: "sediments.river_dredged",
                unit: "t",
                quantity: 140.0,
                from: (50.3714, 3.0799),
                to: (50.1760, 3.2346),
                completion: json!({ "weighed_tonnes": 152.36, "vehicle": "rigid_over_17", "distance_km": 31 }),
                waste: None,
            },
            152.36,
            -571.87,
        ),
        // 800 kg, 2.5 km driven by a van: 0.8 × 16,369.9 − 0.8 × 2.5 × 0.78225
        // = 13,095.92 − 1.5645 = 13,094.36
        (
            Trip {
                name: "cotton offcuts within Roubaix",
                class: "textiles.production_offcuts.cotton",
                unit: "kg",
                quantity: 800.0,
                from: (50.6942, 3.1746),
                to: (50.6880, 3.1820),
                completion: json!({ "vehicle": "van", "distance_km": 2.5 }),
                waste: None,
            },
            0.8,
            13_094.36,
        ),
        // 3 t, 21 km by a rigid 7.5-17 t: 3 × (262.594458 − 38.54288) − 3 × 21 × 0.45608
        // = 672.155 − 28.733 = 643.42
        (
            Trip {
                name: "timber beams, Liévin to Arras",
                class: "construction.timber.beams",
                unit: "t",
                quantity: 3.0,
                from: (50.4228, 2.7786),
                to: (50.2910, 2.7775),
                completion: json!({ "vehicle": "rigid_7_5_17", "distance_km": 21 }),
                waste: None,
            },
            3.0,
            643.42,
        ),
    ];
    let app = spawn_app().await;
    for (n, (trip, tonnes, net)) in trips.iter().enumerate() {
        let (_, completed, impact) = exchange(&app, n, trip).await;
        let snapshot = &impact["snapshot"];
        within_one_percent(
            trip.name,
            "tonnes",
            snapshot["tonnes"].as_f64().unwrap(),
            *tonnes,
        );
        within_one_percent(
            trip.name,
            "net kgCO2e",
            snapshot["net_kg"].as_f64().unwrap(),
            *net,
        );
        assert_eq!(
            completed["co2e_avoided_kg"], snapshot["net_kg"],
            "{}",
            trip.name
        );
        assert_eq!(snapshot["method_version"], 3);
        for factor in [&snapshot["embodied"], &snapshot["freight"]] {
            assert!(
                factor["source"].is_string() && factor["row"].is_string(),
                "{factor}"
            );
            assert!(!factor["document"].as_str().unwrap().is_empty());
        }
    }
}

/// `quantity` of `class` from Loos-en-Gohelle to Lille, completed with nothing said.
pub fn trip(name: &'static str, class: &'static str, unit: &'static str, quantity: f64) -> Trip {
    Trip {
        name,
        class,
        unit,
        quantity,
        from: (50.4573, 2.7952),
        to: (50.6292, 3.0573),
        completion: json!({}),
        waste: None,
    }
}

#[tokio::test]
async fn volumes_and_pieces_become_tonnes_by_a_cited_factor_and_without_one_only_if_weighed() {
    let app = spawn_app().await;
    // 200 m³ of topsoil at 0.95 t/m³ (Caterpillar, loose); 4,000 bricks at 2 kg (Nelissen).
    let cases = [
        (
            trip("topsoil", "sediments.excavated_soil.topsoil", "m3", 200.0),
            190.0,
            0.95,
        ),
        (
            trip("bricks", "construction.masonry.bricks", "piece", 4000.0),
            8.0,
            0.002,
        ),
    ];
    for (n, (trip, tonnes, factor)) in cases.iter().enumerate() {
        let (_, completed, impact) = exchange(&app, n, trip).await;
        let snapshot = &impact["snapshot"];
        assert_eq!(snapshot["tonnes"], *tonnes, "{}", trip.name);
        assert_eq!(completed["mass_t"], *tonnes, "{}", trip.name);
        assert_eq!(snapshot["tonnes_basis"], "declared");
        let declared = &snapshot["declared"];
        assert_eq!(declared["quantity"], trip.quantity);
        assert_eq!(declared["unit"], trip.unit);
        assert_eq!(declared["mass_factor"]["value"], *factor, "{declared}");
        assert!(!declared["mass_factor"]["document"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    // Dredged sediment has no sourced density: 100 m³ count no tonnes, and so no figure,
    // unless a weighbridge ticket gives them.
    let dredged = trip("dredged", "sediments.river_dredged", "m3", 100.0);
    let holder = app.signed_up_user("dh@example.fr", "Dragage").await;
    let taker = app.signed_up_user("dt@example.fr", "Remblai").await;
    let id = reserve_and_confirm(&app, &holder, &taker, &dredged).await;
    let completed: Value = app
        .post_json(
            &format!("/api/v1/reservations/{id}/complete"),
            &json!({}),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(completed["status"], "completed", "{completed}");
    assert!(completed["mass_t"].is_null(), "{completed}");
    assert!(completed["co2e_avoided_kg"].is_null(), "{completed}");
    let weighed = Trip {
        completion: json!({ "weighed_tonnes": 131.5 }),
        ..dredged
    };
    let (_, _, impact) = exchange(&app, 9, &weighed).await;
    assert_eq!(impact["snapshot"]["tonnes"], 131.5);
    assert_eq!(impact["snapshot"]["tonnes_basis"], "weighed");
    assert!(impact["snapshot"]["declared"].is_null());
}

#[tokio::test]
async fn the_holder_records_what_was_collected_and_the_rest_goes_back() {
    let app = spawn_app().await;
    let trip = Trip {
        name: "bricks, part collected",
        class: "construction.masonry.bricks",
        unit: "t",
        quantity: 10.0,
        from: (50.4573, 2.7952),
        to: (50.6292, 3.0573),
        completion: json!({ "quantity": 6, "price_per_unit_eur": 15 }),
        waste: None,
    };
    let (holder, completed, impact) = exchange(&app, 0, &trip).await;
    assert_eq!(completed["quantity"], 6.0);
    assert_eq!(impact["snapshot"]["tonnes"], 6.0);
    assert_eq!(
        impact["snapshot"]["distance_basis"],
        "great_circle_times_road_factor"
    );
    assert_eq!(impact["snapshot"]["road_factor"]["value"], 1.3);
    assert_eq!(impact["snapshot"]["vehicle"], "rigid_over_17");
    assert_eq!(impact["price_eur"], 90.0);
    let listing: Value = app
        .get_json(
            &format!(
                "/api/v1/listings/{}",
                completed["listing_id"].as_str().unwrap()
            ),
            Some(&holder.access_token),
        )
        .await;
    assert_eq!(
        listing["quantity_available"], 4.0,
        "the 4 t not collected are available again"
    );
}

#[tokio::test]
async fn a_completion_out_of_bounds_is_a_field_error_and_changes_nothing() {
    let app = spawn_app().await;
    for (n, (body, field)) in [
        (json!({ "quantity": 11 }), "quantity"),
        (json!({ "weighed_tonnes": -1 }), "weighed_tonnes"),
        (json!({ "distance_km": 1e9 }), "distance_km"),
        (json!({ "vehicle": "bicycle" }), "vehicle"),
    ]
    .into_iter()
    .enumerate()
    {
        let holder = app
            .signed_up_user(&format!("h{n}@example.fr"), &format!("H{n}"))
            .await;
        let taker = app
            .signed_up_user(&format!("t{n}@example.fr"), &format!("T{n}"))
            .await;
        let loos = Location::new(50.4573, 2.7952, "Loos");
        let listing = ListingBody::new("Briques", BRICKS, 10, "t", loos).until("2030-12-31");
        post_listing(&app, &holder, &listing, true).await;
        let lille = Location::new(50.6292, 3.0573, "Lille");
        let wanted = WantedBody::new("Briques", BRICKS, 10, "t", lille, 100);
        let wanted = post_wanted(&app, &taker, &wanted).await;
        app.run_matching().await;
        let m = matches_of_wanted(&app, &taker, &wanted).await;
        let m = m[0]["id"].as_str().unwrap();
        let r: Value = app
            .reserve(m, 10, &taker.access_token)
            .await
            .json()
            .await
            .unwrap();
        let id = r["id"].as_str().unwrap();
        app.reservation_step(id, "confirm", &holder.access_token)
            .await;
        let answer = app
            .post(
                &format!("/api/v1/reservations/{id}/complete"),
                &body,
                Some(&holder.access_token),
            )
            .await;
        let problem: Value = answer.json().await.unwrap();
        assert_eq!(problem["code"], "validation_failed", "{body}");
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        let now: Value = app
            .get_json(
                &format!("/api/v1/reservations/{id}"),
                Some(&holder.access_token),
            )
            .await;
        assert_eq!(now["status"], "confirmed", "nothing changed for {body}");
        assert_problem(
            app.get(
                &format!("/api/v1/reservations/{id}/impact"),
                Some(&holder.access_token),
            )
            .await,
            404,
            "not_found",
        )
        .await;
    }
}
