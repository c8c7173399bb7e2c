//! The words filter through its index: the same answers as a scan, at a bounded cost.
use diesel::prelude::*;
use terril::catalogue::search::{search, Area, Filter, Query, Sort};
use terril::catalogue::summaries::words;
use terril::catalogue::words::contains_words;
use terril::catalogue::Catalogue;
use terril::db::listings::Listing;
use terril::domain::text::fold;
use terril::domain::PostStatus;

use crate::helpers::spawn_app_with_data;

const LENS: (f64, f64) = (50.4320, 2.8330);

fn query(catalogue: &Catalogue, radius_km: f64, class: Option<&str>, q: &str, sort: Sort) -> Query {
    let taxonomy = &catalogue.taxonomy;
    Query {
        area: Some(Area::Circle {
            centre: LENS,
            radius_km,
        }),
        filter: Filter {
            classes: class
                .and_then(|c| taxonomy.id_of(c))
                .map(|id| taxonomy.subtree(id)),
            words: words(q),
            today: Some(chrono::Utc::now().date_naive()),
            ..Filter::default()
        },
        sort,
        limit: 20,
        after: None,
    }
}

#[tokio::test]
async fn a_word_no_post_holds_costs_no_more_than_a_typical_search() {
    // A seed whose data holds a full page of masonry within 50 km of Lens.
    let app = spawn_app_with_data(6000, 0, 6).await;
    let catalogue = Catalogue::load(&app.db).unwrap();
    let run = |q: &Query| search(&catalogue.listings, q, &catalogue.taxonomy);
    let typical = run(&query(
        &catalogue,
        50.0,
        Some("construction.masonry"),
        "",
        Sort::Distance,
    ));
    assert_eq!(typical.items.len(), 20);
    for sort in [Sort::Distance, Sort::Recent] {
        let nowhere = run(&query(&catalogue, 1000.0, None, "zzzzqqq", sort));
        assert!(nowhere.items.is_empty());
        assert!(
            nowhere.examined <= typical.examined,
            "{} posts examined, a typical search examines {}",
            nowhere.examined,
            typical.examined
        );
    }
    // A word in every post is found among the nearest at once, as before.
    let everywhere = run(&query(&catalogue, 1000.0, None, "lot", Sort::Distance));
    assert_eq!(everywhere.items.len(), 20);
    assert!(
        everywhere.examined <= 2 * typical.examined,
        "{} posts examined, a typical search examines {}",
        everywhere.examined,
        typical.examined
    );
}

#[tokio::test]
async fn a_words_search_gives_what_a_scan_gives() {
    let app = spawn_app_with_data(3000, 0, 8).await;
    let catalogue = Catalogue::load(&app.db).unwrap();
    let rows: Vec<Listing> = {
        let mut conn = app.db.get().unwrap();
        terril::db::schema::listings::table
            .load(&mut *conn)
            .unwrap()
    };
    let today = chrono::Utc::now().date_naive();
    for q in [
        "Lens",
        "briq",
        "tuiles",
        "lot arras",
        "béton-armé",
        "ique",
        "zz",
    ] {
        let wanted = words(q);
        let mut expected: Vec<String> = rows
            .iter()
            .filter(|l| l.status == PostStatus::Published)
            .filter(|l| l.available_until.is_none_or(|u| u >= today))
            .filter(|l| contains_words(&fold(&format!("{} {}", l.title, l.description)), &wanted))
            .map(|l| l.id.to_string())
            .collect();
        expected.sort();
        let mut query = query(&catalogue, 20_000.0, None, q, Sort::Recent);
        query.limit = 10_000;
        let page = search(&catalogue.listings, &query, &catalogue.taxonomy);
        let mut found: Vec<String> = page
            .items
            .iter()
            .map(|(l, _)| uuid::Uuid::from_u128(l.id).to_string())
            .collect();
        found.sort();
        assert_eq!(found, expected, "q={q}");
    }
}
