//! Matching benchmark: the cost of finding and scoring the counterparts of one new post,
//! at two sizes, so the growth shows. Posts are generated in memory (the same generator as
//! `terril generate`); no database and no HTTP, only the engine the matcher runs:
//! the R-tree walk over the fitting classes within reach, the rules and the score.
//!
//!     cargo bench --bench matching
//!     MATCH_SIZES=10000:2000,1000000:200000 BENCH_ROUNDS=2000 cargo bench --bench matching
use std::time::Instant;

use terril::catalogue::generate::Generator;
use terril::catalogue::summaries::{ListingSummary, WantedSummary};
use terril::catalogue::taxonomy::Taxonomy;
use terril::catalogue::Catalogue;
use terril::matching::engine::{listings_for_wanted, wanted_for_listing};
use terril::matching::rules::evaluate;

const MAX_MATCHES: usize = 50;

fn main() -> anyhow::Result<()> {
    let sizes = std::env::var("MATCH_SIZES").unwrap_or_else(|_| "10000:2000,1000000:200000".into());
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2_000);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    for size in sizes.split(',') {
        let (listings, wanted) = size
            .split_once(':')
            .and_then(|(l, w)| Some((l.parse::<usize>().ok()?, w.parse::<usize>().ok()?)))
            .ok_or_else(|| anyhow::anyhow!("MATCH_SIZES is listings:wanted,..."))?;
        bench(listings, wanted, rounds, today)?;
    }
    Ok(())
}

fn bench(
    listings: usize,
    wanted: usize,
    rounds: usize,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let taxonomy = Taxonomy::load()?;
    let catalogue = {
        let mut generator = Generator::new(&taxonomy, 42, (listings / 500).clamp(10, 5000));
        let listing_rows: Vec<_> = (0..listings).map(|_| generator.listing()).collect();
        let wanted_rows: Vec<_> = (0..wanted).map(|_| generator.wanted()).collect();
        Catalogue::from_rows(Taxonomy::load()?, &listing_rows, &wanted_rows)
    };
    println!(
        "\n{} open listings, {} open wanted requests (built in {:.1} s); reach {} km",
        catalogue.listings.len(),
        catalogue.wanted.len(),
        started.elapsed().as_secs_f64(),
        catalogue.wanted_reach_km()
    );
    // New posts from another seed, published, by organisations of their own.
    let mut fresh = Generator::new(&taxonomy, 7, 100);
    let new_listings: Vec<ListingSummary> = (0..rounds)
        .filter_map(|_| {
            let mut row = fresh.listing();
            row.status = terril::domain::PostStatus::Published;
            ListingSummary::from_row(&row, &catalogue.taxonomy)
        })
        .collect();
    let new_wanted: Vec<WantedSummary> = (0..rounds)
        .filter_map(|_| {
            let mut row = fresh.wanted();
            row.status = terril::domain::PostStatus::Published;
            WantedSummary::from_row(&row, &catalogue.taxonomy)
        })
        .collect();

    let mut found = 0;
    let latencies = time(&new_listings, |l| {
        found += wanted_for_listing(&catalogue, l, today, MAX_MATCHES).len();
    });
    report("new listing  -> wanted requests", &latencies, found);
    let mut found = 0;
    let latencies = time(&new_wanted, |w| {
        found += listings_for_wanted(&catalogue, w, today, MAX_MATCHES).len();
    });
    report("new wanted   -> listings       ", &latencies, found);

    // For scale: scoring every open listing instead of walking the index.
    let mut all = Vec::with_capacity(catalogue.listings.len());
    catalogue.listings.walk_all(|l| all.push(l.clone()));
    let mut found = 0;
    let latencies = time(&new_wanted[..20.min(new_wanted.len())], |w| {
        found += all
            .iter()
            .filter(|l| evaluate(l, w, &catalogue.taxonomy, today).is_some())
            .count();
    });
    report("new wanted, full scan (20)     ", &latencies, found);
    Ok(())
}

fn time<T>(posts: &[T], mut run: impl FnMut(&T)) -> Vec<f64> {
    posts
        .iter()
        .map(|post| {
            let one = Instant::now();
            run(post);
            one.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

fn report(label: &str, latencies: &[f64], found: usize) {
    let mut sorted = latencies.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
    println!(
        "{label}: {} posts, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, mean {:.3} ms, {:.1} matches each",
        sorted.len(),
        at(0.50),
        at(0.99),
        sorted[sorted.len() - 1],
        mean,
        found as f64 / sorted.len() as f64
    );
}
