//! The organisation's impact page: its charts and tables show what the exchanges
//! recorded, the CSV downloads with the session, and a visitor who is not signed in is
//! sent to sign in.
use crate::helpers::{spawn_app, Browser};
use crate::impact_reports::{close, generated_exchanges};

#[tokio::test]
async fn the_impact_page_draws_and_tables_what_the_organisation_gave() {
    let app = spawn_app().await;
    let (_, _, recorded) = generated_exchanges(&app, 6, 1).await;
    let tonnes: f64 = recorded.iter().map(|r| r.tonnes).sum();
    let month = terril::db::now().format("%Y-%m").to_string();
    let holder = Browser::signed_in(&app, "holder@example.fr").await;

    let page = holder.get_in("/account/impact", "fr").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page
        .html
        .contains("<h2 id=\"by-month\">Tonnes par mois</h2>"));
    // Twelve months by default, a pair of bars for each, ending with this one.
    assert_eq!(page.html.matches("class=\"bar-given\"").count(), 12);
    assert_eq!(page.html.matches("class=\"bar-received\"").count(), 12);
    // Months in words and numbers with a decimal comma, as the French write them.
    let now = terril::db::now().date();
    let label = terril::domain::format::month(
        chrono::Datelike::year(&now),
        chrono::Datelike::month(&now),
        terril::domain::Language::Fr,
    );
    let row = format!("<tr><th scope=\"row\">{label}</th><td>");
    let start = page.html.find(&row).expect("this month's row") + row.len();
    let given: f64 = page.html[start..]
        .split('<')
        .next()
        .unwrap()
        .replace('\u{202f}', "")
        .replace(',', ".")
        .parse()
        .unwrap();
    assert!((given - tonnes).abs() < 0.06, "{given} against {tonnes}");
    assert!(page
        .html
        .contains("<th scope=\"row\">Maçonnerie</th><td>6</td>"));
    // The tallest bar is this month's given one: the chart's full height.
    assert!(page.html.contains("height=\"180.0\""), "{}", page.html);

    // The CSV of the same months, in the page's language.
    let csv = holder
        .get_in(
            &format!("/account/impact.csv?from={month}&until={month}"),
            "en",
        )
        .await;
    assert_eq!(csv.status, 200);
    let mut lines = csv.html.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "side,month,family,family_name,exchanges,tonnes,net_co2e_kg,tonne_km"
    );
    let line: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        line[0..5],
        [
            "given",
            month.as_str(),
            "construction.masonry",
            "Masonry",
            "6"
        ]
    );
    assert!(close(line[5].parse().unwrap(), tonnes));

    // Months are picked by name and year, not with a browser's month field.
    assert!(!page.html.contains("type=\"month\""));
    assert!(page.html.contains("<option value=\"1\">janvier</option>"));
    let picked = holder
        .get("/account/impact?from_month=2&from_year=2026&until_month=3&until_year=2026")
        .await;
    assert_eq!(picked.status, 200, "{}", picked.html);
    assert!(picked.html.contains("<th scope=\"row\">février 2026</th>"));
    assert!(picked.html.contains("<th scope=\"row\">mars 2026</th>"));
    assert!(!picked.html.contains("janvier 2026</th>"));

    // A period the other way round is a field error on the page.
    let wrong = holder
        .get("/account/impact?from=2026-05&until=2026-01")
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.html.contains("id=\"until-error\""), "{}", wrong.html);
    let wrong_year = holder
        .get("/account/impact?from_month=2&from_year=26")
        .await;
    assert_eq!(wrong_year.status, 422);
    assert!(
        wrong_year
            .html
            .contains("écrivez l&#x27;année en quatre chiffres"),
        "{}",
        wrong_year.html
    );

    let anonymous = Browser::new(&app).get("/account/impact").await;
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location.unwrap().starts_with("/sign-in?next="));
}
