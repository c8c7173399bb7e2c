//! Impact reports: a territory's (public) and an organisation's (its own), each equal to
//! sums computed independently here from what the exchanges recorded; CSV that Python's
//! csv module reads with the documented columns, in French and in English.
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, matches_of_wanted, post_listing, post_wanted, spawn_app, ListingBody, Location,
    TestApp, TestUser, WantedBody, BRICKS,
};

/// Where the listings are: (commune INSEE code, department, latitude, longitude).
const PLACES: [(&str, &str, f64, f64); 3] = [
    ("62498", "62", 50.4320, 2.8330), // Lens, Pas-de-Calais
    ("59178", "59", 50.3714, 3.0799), // Douai, Nord
    ("80021", "80", 49.8941, 2.2958), // Amiens, Somme
];

pub struct Recorded {
    pub commune: String,
    pub department: String,
    /// Which taker received it.
    pub taker: usize,
    pub tonnes: f64,
    pub net_kg: f64,
}

/// Completes `count` reservations of random size over listings in the three places, with
/// random weighed tonnes, vehicles and distances, given by one holder to `takers` takers
/// in turn, except that Amiens's all go to the first (so its cells involve two
/// organisations); returns what each recorded.
pub async fn generated_exchanges(
    app: &TestApp,
    count: usize,
    takers: usize,
) -> (TestUser, Vec<TestUser>, Vec<Recorded>) {
    let holder = app
        .signed_up_user("holder@example.fr", "Déconstruction")
        .await;
    for (code, _, lat, lon) in PLACES {
        let place = Location::new(lat, lon, code).insee(code);
        let title = format!("Briques de {code}");
        let listing = ListingBody::new(&title, BRICKS, 100_000, "t", place).until("2030-12-31");
        post_listing(app, &holder, &listing, true).await;
    }
    let mut people = Vec::new();
    let mut wanted_ids = Vec::new();
    for i in 0..takers {
        let taker = app
            .signed_up_user(&format!("taker{i}@example.fr"), &format!("Bâtisseurs {i}"))
            .await;
        let arras = Location::new(50.2, 2.7, "Arras");
        let wanted = WantedBody::new("Briques", "construction.masonry", 10, "t", arras, 200);
        wanted_ids.push(post_wanted(app, &taker, &wanted).await);
        people.push(taker);
    }
    app.run_matching().await;
    let mut matches = Vec::new();
    for (taker, wanted) in people.iter().zip(&wanted_ids) {
        let found = matches_of_wanted(app, taker, wanted).await;
        assert_eq!(found.len(), 3);
        matches.push(found);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let vehicles = ["van", "rigid_7_5_17", "rigid_over_17", "articulated"];
    let mut recorded = Vec::new();
    for n in 0..count {
        let place = n % 3;
        let who = if place == 2 { 0 } else { (n / 3) % takers };
        let taker = &people[who];
        // Each taker's matches, in the order of the listings' places.
        let m = matches[who]
            .iter()
            .find(|m| m["listing"]["title"] == format!("Briques de {}", PLACES[place].0).as_str())
            .unwrap_or_else(|| panic!("a match with the listing of {}", PLACES[place].0));
        let quantity = rng.random_range(1..40) as f64;
        let r = app
            .reserve(m["id"].as_str().unwrap(), quantity, &taker.access_token)
            .await;
        let r: Value = r.json().await.unwrap();
        let id = r["id"].as_str().unwrap();
        app.reservation_step(id, "confirm", &holder.access_token)
            .await;
        let body = json!({
            "weighed_tonnes": (rng.random_range(100..5000) as f64) / 100.0,
            "vehicle": vehicles[rng.random_range(0..4)],
            "distance_km": rng.random_range(5..150),
        });
        let done = app
            .post(
                &format!("/api/v1/reservations/{id}/complete"),
                &body,
                Some(&holder.access_token),
            )
            .await;
        assert_eq!(done.status(), 200);
        let impact: Value = app
            .get_json(
                &format!("/api/v1/reservations/{id}/impact"),
                Some(&holder.access_token),
            )
            .await;
        let commune = impact["origin_commune"].as_str().unwrap().to_owned();
        let department = PLACES.iter().find(|p| p.0 == commune).unwrap().1.to_owned();
        recorded.push(Recorded {
            commune,
            taker: who,
            department,
            tonnes: impact["snapshot"]["tonnes"].as_f64().unwrap(),
            net_kg: impact["snapshot"]["net_kg"].as_f64().unwrap(),
        });
    }
    (holder, people, recorded)
}

pub fn close(got: f64, expected: f64) -> bool {
    (got - expected).abs() < 0.01
}

#[tokio::test]
async fn a_territory_report_adds_up_what_the_exchanges_recorded() {
    let app = spawn_app().await;
    let (_, _, recorded) = generated_exchanges(&app, 24, 3).await;
    let month = terril::db::now().format("%Y-%m").to_string();
    for (level, code, keep) in [
        (
            "department",
            "62",
            Box::new(|r: &Recorded| r.department == "62") as Box<dyn Fn(&Recorded) -> bool>,
        ),
        (
            "department",
            "59",
            Box::new(|r: &Recorded| r.department == "59"),
        ),
        (
            "commune",
            "80021",
            Box::new(|r: &Recorded| r.commune == "80021"),
        ),
        (
            "commune",
            "62498",
            Box::new(|r: &Recorded| r.commune == "62498"),
        ),
        (
            "department",
            "80",
            Box::new(|r: &Recorded| r.department == "80"),
        ),
        ("region", "32", Box::new(|_: &Recorded| true)),
        ("region", "11", Box::new(|_: &Recorded| false)),
    ] {
        let all: Vec<&Recorded> = recorded.iter().filter(|r| keep(r)).collect();
        // One month and one family: the territory's exchanges are one cell, shown when it
        // involves three organisations or more (the holder and the takers).
        let takers: std::collections::BTreeSet<usize> = all.iter().map(|r| r.taker).collect();
        let shown = 1 + takers.len() >= 3;
        let mine: Vec<&Recorded> = if shown { all.clone() } else { Vec::new() };
        let tonnes: f64 = mine.iter().map(|r| r.tonnes).sum();
        let net: f64 = mine.iter().map(|r| r.net_kg).sum();
        // Public: no token.
        let report: Value = app
            .get_json(&format!("/api/v1/territories/{level}/{code}/impact"), None)
            .await;
        let totals = &report["totals"];
        assert_eq!(totals["exchanges"], mine.len(), "{level} {code}");
        let withheld = usize::from(!all.is_empty() && !shown);
        assert_eq!(report["withheld_lines"], withheld, "{level} {code}");
        assert!(
            close(totals["tonnes"].as_f64().unwrap(), tonnes),
            "{level} {code}: {totals} against {tonnes}"
        );
        assert!(
            close(totals["net_co2e_kg"].as_f64().unwrap(), net),
            "{level} {code}: {totals} against {net}"
        );
        if !mine.is_empty() {
            assert_eq!(report["lines"][0]["month"], month.as_str());
            assert_eq!(report["lines"][0]["family"], "construction.masonry");
        }
    }
    assert_problem(
        app.get("/api/v1/territories/department/00/impact", None)
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.get("/api/v1/territories/planet/earth/impact", None)
            .await,
        404,
        "not_found",
    )
    .await;
    // `until` is the last month, included: one month is `from` = `until`.
    let one_month: Value = app
        .get_json(
            &format!("/api/v1/territories/region/32/impact?from={month}&until={month}"),
            None,
        )
        .await;
    assert_eq!(one_month["totals"]["exchanges"], recorded.len());
    assert_eq!(one_month["months"]["until"], month.as_str());
    let before: Value = app
        .get_json(
            "/api/v1/territories/region/32/impact?from=2020-01&until=2020-01",
            None,
        )
        .await;
    assert_eq!(before["totals"]["exchanges"], 0);
    let backwards = app
        .get(
            "/api/v1/territories/region/32/impact?from=2020-02&until=2020-01",
            None,
        )
        .await;
    assert_problem(backwards, 422, "validation_failed").await;
    let wrong = app
        .get("/api/v1/territories/region/32/impact?from=2026-13", None)
        .await;
    assert_problem(wrong, 422, "validation_failed").await;
}

#[tokio::test]
async fn an_organisation_sees_what_it_gave_and_received_and_no_one_else_does() {
    let app = spawn_app().await;
    let (holder, takers, recorded) = generated_exchanges(&app, 6, 1).await;
    let taker = &takers[0];
    let tonnes: f64 = recorded.iter().map(|r| r.tonnes).sum();
    for (user, given, received) in [(&holder, 6, 0), (taker, 0, 6)] {
        let path = format!("/api/v1/organisations/{}/impact", user.organisation_id);
        let report: Value = app.get_json(&path, Some(&user.access_token)).await;
        assert_eq!(report["given"]["totals"]["exchanges"], given);
        assert_eq!(report["received"]["totals"]["exchanges"], received);
        let side = if given > 0 { "given" } else { "received" };
        assert!(close(
            report[side]["totals"]["tonnes"].as_f64().unwrap(),
            tonnes
        ));
    }
    let path = format!("/api/v1/organisations/{}/impact", holder.organisation_id);
    assert_problem(
        app.get(&path, Some(&taker.access_token)).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(app.get(&path, None).await, 401, "unauthenticated").await;

    // CSV in each language, read back by Python's csv module as a spreadsheet would.
    for (lang, delimiter, header) in [
        (
            "fr",
            ";",
            "sens;mois;famille;nom_famille;echanges;tonnes;co2e_net_kg;tonnes_km",
        ),
        (
            "en",
            ",",
            "side,month,family,family_name,exchanges,tonnes,net_co2e_kg,tonne_km",
        ),
    ] {
        let answer = app
            .get(
                &format!("{path}?format=csv&lang={lang}"),
                Some(&holder.access_token),
            )
            .await;
        assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
        let text = answer.text().await.unwrap();
        assert!(
            text.starts_with('\u{feff}'),
            "a byte-order mark for spreadsheets"
        );
        assert!(text.lines().next().unwrap().ends_with(header), "{text}");
        let total = read_csv_total(&text, delimiter);
        assert!(close(total, tonnes), "{lang}: {total} against {tonnes}");
    }
}

/// The sum of the tonnes column (the same name in both languages), as Python's csv
/// module reads the file.
fn read_csv_total(text: &str, delimiter: &str) -> f64 {
    let delimiter = delimiter.chars().next().unwrap();
    crate::helpers::spreadsheet::python_rows(text, delimiter)
        .iter()
        .map(|row| row["tonnes"].replace(',', ".").parse::<f64>().unwrap())
        .sum()
}
