//! Every search form has a bounded cost: a page reads at most the bound's posts (plus the
//! ties where it stopped), and following its cursors still gives every post exactly once,
//! in the order of an unbounded search.
use chrono::{NaiveDateTime, Utc};
use terril::catalogue::geometry::BoundingBox;
use terril::catalogue::search::{search_within, Area, Bound, Filter, Query, Sort};
use terril::catalogue::Catalogue;
use terril::domain::Condition;

use crate::helpers::spawn_app_with_data;

const LENS: (f64, f64) = (50.4320, 2.8330);
const SMALL: Bound = Bound {
    area: 150,
    ordered: 200,
};
const UNBOUNDED: Bound = Bound {
    area: usize::MAX,
    ordered: usize::MAX,
};

fn since(text: &str) -> NaiveDateTime {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .naive_utc()
}

/// Every page of `query` under `bound`: the ids in order, and the most posts a page read.
fn all_pages(catalogue: &Catalogue, mut query: Query, bound: Bound) -> (Vec<u128>, usize) {
    let (mut ids, mut most_read) = (Vec::new(), 0);
    for _ in 0..10_000 {
        let page = search_within(&catalogue.listings, &query, &catalogue.taxonomy, bound);
        assert!(page.items.len() <= query.limit);
        ids.extend(page.items.iter().map(|(l, _)| l.id));
        most_read = most_read.max(page.examined);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return (ids, most_read),
        }
    }
    panic!("the cursors never ended");
}

fn query(area: Option<Area>, filter: Filter, sort: Sort, limit: usize) -> Query {
    Query {
        area,
        filter: Filter {
            today: Some(Utc::now().date_naive()),
            ..filter
        },
        sort,
        limit,
        after: None,
    }
}

#[tokio::test]
async fn bounded_pages_give_what_unbounded_pages_give_in_the_same_order() {
    let app = spawn_app_with_data(3000, 0, 11).await;
    let catalogue = Catalogue::load(&app.db).unwrap();
    let france = Some(Area::Circle {
        centre: (46.6, 2.4),
        radius_km: 1000.0,
    });
    let near_lens = Some(Area::Circle {
        centre: LENS,
        radius_km: 30.0,
    });
    let north = Some(Area::Box(BoundingBox {
        west: 1.5,
        south: 49.5,
        east: 4.0,
        north: 51.2,
    }));
    let masonry = catalogue.taxonomy.id_of("construction.masonry").unwrap();
    let filters = [
        Filter::default(),
        Filter {
            updated_since: Some(since("2000-01-01T00:00:00Z")),
            ..Filter::default()
        },
        Filter {
            condition_rank: Some(Condition::Unused.rank()),
            ..Filter::default()
        },
        Filter {
            classes: Some(catalogue.taxonomy.subtree(masonry)),
            max_price: Some(5.0),
            ..Filter::default()
        },
    ];
    for area in [None, france, near_lens, north] {
        for filter in &filters {
            for sort in [Sort::Distance, Sort::Recent] {
                if sort == Sort::Distance && area.is_none() {
                    continue;
                }
                for limit in [7, 100] {
                    let make = || query(area, filter.clone(), sort, limit);
                    let (expected, _) = all_pages(&catalogue, make(), UNBOUNDED);
                    let (bounded, most_read) = all_pages(&catalogue, make(), SMALL);
                    let case = format!("{area:?} {filter:?} {sort:?} limit {limit}");
                    assert_eq!(bounded, expected, "{case}");
                    // Ties at one place may add a few reads; the generated data has few.
                    assert!(
                        most_read <= SMALL.area + SMALL.ordered + 50,
                        "{case}: {most_read}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_search_that_finds_nothing_in_all_of_france_reads_at_most_the_bound() {
    let app = spawn_app_with_data(3000, 0, 12).await;
    let catalogue = Catalogue::load(&app.db).unwrap();
    let nothing = Filter {
        updated_since: Some(since("2999-01-01T00:00:00Z")),
        ..Filter::default()
    };
    let france = Area::Circle {
        centre: (46.6, 2.4),
        radius_km: 1000.0,
    };
    for (area, sort) in [
        (Some(france), Sort::Distance),
        (Some(france), Sort::Recent),
        (None, Sort::Recent),
    ] {
        let first = search_within(
            &catalogue.listings,
            &query(area, nothing.clone(), sort, 100),
            &catalogue.taxonomy,
            SMALL,
        );
        assert!(first.items.is_empty());
        assert!(first.examined <= SMALL.area + SMALL.ordered + 50);
        assert!(
            first.next.is_some(),
            "{sort:?}: the page says where to go on"
        );
        let (ids, most_read) =
            all_pages(&catalogue, query(area, nothing.clone(), sort, 100), SMALL);
        assert!(ids.is_empty());
        assert!(most_read <= SMALL.area + SMALL.ordered + 50);
    }
}

#[tokio::test]
async fn a_page_that_starts_far_out_reads_only_what_lies_about_there() {
    let app = spawn_app_with_data(3000, 0, 13).await;
    let catalogue = Catalogue::load(&app.db).unwrap();
    let france = Some(Area::Circle {
        centre: (46.6, 2.4),
        radius_km: 1000.0,
    });
    let whole = search_within(
        &catalogue.listings,
        &query(france, Filter::default(), Sort::Distance, 2000),
        &catalogue.taxonomy,
        UNBOUNDED,
    );
    // A cursor the client made, beyond most posts: the walk skips what lies closer.
    let mut far = query(france, Filter::default(), Sort::Distance, 100);
    let (_, farthest) = whole.items.last().cloned().unwrap();
    far.after = Some(terril::catalogue::search::Cursor::Distance {
        km: farthest.unwrap(),
        id: u128::MAX,
    });
    let page = search_within(&catalogue.listings, &far, &catalogue.taxonomy, UNBOUNDED);
    assert_eq!(whole.items.len(), 2000);
    assert_eq!(page.items.len(), 100);
    assert!(
        page.examined < 2 * 100 + 100,
        "{} posts read for a page that starts past {} of them",
        page.examined,
        whole.items.len()
    );
}
