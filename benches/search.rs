//! In-process search benchmark: loads the catalogue from `TERRIL_DATABASE_URL` (fill it
//! with `terril generate` first, or let `scripts/bench/run.sh` do it), then times the
//! typical search (50 km around a town, one class with subclasses, 20 results) without
//! HTTP: the index walk alone, then the walk plus JSON serialisation of the hits.
//!
//!     TERRIL_DATABASE_URL=data/bench/terril_bench_1000000_200000.db cargo bench --bench search
use std::time::Instant;

use terril::catalogue::search::{search, Area, Filter, Query, Sort};
use terril::catalogue::Catalogue;
use terril::db::Db;
use terril::domain::Language;
use terril::views::posts::ListingHit;

const TOWNS: [(f64, f64); 8] = [
    (50.6292, 3.0573),
    (50.4320, 2.8330),
    (48.8566, 2.3522),
    (45.7640, 4.8357),
    (43.2965, 5.3698),
    (43.6047, 1.4442),
    (47.2184, -1.5536),
    (48.5734, 7.7521),
];
const CLASSES: [&str; 4] = [
    "construction.masonry",
    "construction.timber",
    "textiles",
    "sediments",
];

fn main() -> anyhow::Result<()> {
    let url = std::env::var("TERRIL_DATABASE_URL")
        .unwrap_or_else(|_| "data/bench/terril_bench_1000000_200000.db".into());
    let db = Db::connect(&url, None)?;
    db.migrate()?;
    let started = Instant::now();
    let catalogue = Catalogue::load(&db)?;
    println!(
        "load: {} listings in {:.2} s",
        catalogue.listings.len(),
        started.elapsed().as_secs_f64()
    );
    let taxonomy = &catalogue.taxonomy;
    let today = chrono::Utc::now().date_naive();
    let queries: Vec<Query> = TOWNS
        .iter()
        .flat_map(|&centre| CLASSES.iter().map(move |class| (centre, *class)))
        .map(|(centre, class)| Query {
            area: Some(Area::Circle {
                centre,
                radius_km: 50.0,
            }),
            filter: Filter {
                classes: taxonomy.id_of(class).map(|id| taxonomy.subtree(id)),
                today: Some(today),
                ..Filter::default()
            },
            sort: Sort::Distance,
            limit: 20,
            after: None,
        })
        .collect();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20_000);
    let mut latencies = Vec::with_capacity(rounds);
    let started = Instant::now();
    let mut hits = 0;
    for n in 0..rounds {
        let one = Instant::now();
        hits += search(&catalogue.listings, &queries[n % queries.len()], taxonomy)
            .items
            .len();
        latencies.push(one.elapsed().as_secs_f64() * 1e6);
    }
    report(
        "walk only",
        started.elapsed().as_secs_f64(),
        rounds,
        &mut latencies,
        hits,
    );
    latencies.clear();
    let started = Instant::now();
    let mut bytes = 0;
    for n in 0..rounds {
        let one = Instant::now();
        let page = search(&catalogue.listings, &queries[n % queries.len()], taxonomy);
        let items: Vec<ListingHit> = page
            .items
            .iter()
            .map(|(s, d)| ListingHit::new(s, taxonomy, Language::Fr, *d))
            .collect();
        bytes += serde_json::to_vec(&items)?.len();
        latencies.push(one.elapsed().as_secs_f64() * 1e6);
    }
    report(
        "walk + JSON",
        started.elapsed().as_secs_f64(),
        rounds,
        &mut latencies,
        bytes / rounds,
    );
    Ok(())
}

fn report(what: &str, seconds: f64, rounds: usize, latencies: &mut [f64], extra: usize) {
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{what}: {:.0} searches/s on one core, p50 {:.1} µs, p99 {:.1} µs ({extra})",
        rounds as f64 / seconds,
        at(0.50),
        at(0.99)
    );
}
