//! Finding the counterparts of a post through the catalogue's in-memory indexes: a walk of
//! the R-trees of the fitting classes within the distance that can fit, never a scan.
//! Every post in reach is scored and the best `limit` kept in a small heap. (Walking
//! nearest first and stopping once no further post could enter the best was measured
//! too: the bound that allows is loose, it seldom stops, and it was no faster.)
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::rules::{evaluate_at, Score};
use crate::catalogue::summaries::{ListingSummary, WantedSummary};
use crate::catalogue::Catalogue;

/// The wanted requests a listing fits (their keys), best first, at most `limit`.
pub fn wanted_for_listing(
    catalogue: &Catalogue,
    listing: &ListingSummary,
    today: NaiveDate,
    limit: usize,
) -> Vec<(u128, Score)> {
    let taxonomy = &catalogue.taxonomy;
    // A wanted request fits when its class is the listing's or an ancestor of it.
    let mut partitions: Vec<u16> = taxonomy
        .ancestors(listing.class)
        .iter()
        .map(|&c| taxonomy.group_of(c))
        .collect();
    partitions.sort_unstable();
    partitions.dedup();
    let mut best = Best::new(limit);
    catalogue.wanted.walk_within(
        (listing.latitude, listing.longitude),
        catalogue.wanted_reach_km(),
        &partitions,
        |hit| {
            if let Some(score) = evaluate_at(listing, hit.item, taxonomy, today, hit.distance_km) {
                best.offer(hit.item.id, score);
            }
            true
        },
    );
    best.into_sorted()
}

/// The listings that fit a wanted request (their keys), best first, at most `limit`.
pub fn listings_for_wanted(
    catalogue: &Catalogue,
    wanted: &WantedSummary,
    today: NaiveDate,
    limit: usize,
) -> Vec<(u128, Score)> {
    let taxonomy = &catalogue.taxonomy;
    let partitions = taxonomy.groups_within(taxonomy.subtree(wanted.class));
    let mut best = Best::new(limit);
    catalogue.listings.walk_within(
        (wanted.latitude, wanted.longitude),
        wanted.max_distance_km,
        &partitions,
        |hit| {
            if let Some(score) = evaluate_at(hit.item, wanted, taxonomy, today, hit.distance_km) {
                best.offer(hit.item.id, score);
            }
            true
        },
    );
    best.into_sorted()
}

/// Rank of a candidate: higher score first, then lower key, so runs agree.
#[derive(Clone, Copy)]
struct Rank {
    score: f64,
    key: u128,
    parts: Score,
}

impl PartialEq for Rank {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Rank {}

impl Ord for Rank {
    /// Greater is better.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.key.cmp(&self.key))
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `limit` candidates seen so far, the worst of them on top of a min-heap.
struct Best {
    limit: usize,
    heap: BinaryHeap<Reverse<Rank>>,
}

impl Best {
    fn new(limit: usize) -> Self {
        Self {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
        }
    }

    fn offer(&mut self, key: u128, parts: Score) {
        if self.limit == 0 {
            return;
        }
        self.heap.push(Reverse(Rank {
            score: parts.total(),
            key,
            parts,
        }));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    fn into_sorted(self) -> Vec<(u128, Score)> {
        let mut ranks: Vec<Rank> = self.heap.into_iter().map(|Reverse(r)| r).collect();
        ranks.sort_by(|a, b| b.cmp(a));
        ranks.into_iter().map(|r| (r.key, r.parts)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::generate::Generator;
    use crate::catalogue::taxonomy::Taxonomy;
    use crate::matching::rules::evaluate;

    /// The walk with its early stop finds exactly what scoring every post would.
    #[test]
    fn the_index_walk_finds_the_same_best_matches_as_a_scan() {
        let taxonomy = Taxonomy::load().unwrap();
        let mut generator = Generator::new(&taxonomy, 3, 20);
        let listings: Vec<_> = (0..4000).map(|_| generator.listing()).collect();
        let wanted: Vec<_> = (0..1500).map(|_| generator.wanted()).collect();
        let catalogue = Catalogue::from_rows(Taxonomy::load().unwrap(), &listings, &wanted);
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let limit = 5;
        let mut all_listings = Vec::new();
        catalogue
            .listings
            .walk_all(|l| all_listings.push(l.clone()));
        let mut all_wanted = Vec::new();
        catalogue.wanted.walk_all(|w| all_wanted.push(w.clone()));
        let expected = |mut found: Vec<(u128, f64)>| {
            found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            found.truncate(limit);
            found
        };
        let keys = |found: Vec<(u128, Score)>| -> Vec<(u128, f64)> {
            found.into_iter().map(|(k, s)| (k, s.total())).collect()
        };
        let mut compared = 0;
        for w in all_wanted.iter().take(300) {
            let scan = all_listings
                .iter()
                .filter_map(|l| {
                    evaluate(l, w, &catalogue.taxonomy, today).map(|s| (l.id, s.total()))
                })
                .collect();
            let scan = expected(scan);
            compared += scan.len();
            assert_eq!(keys(listings_for_wanted(&catalogue, w, today, limit)), scan);
        }
        for l in all_listings.iter().take(300) {
            let scan = all_wanted
                .iter()
                .filter_map(|w| {
                    evaluate(l, w, &catalogue.taxonomy, today).map(|s| (w.id, s.total()))
                })
                .collect();
            let scan = expected(scan);
            compared += scan.len();
            assert_eq!(keys(wanted_for_listing(&catalogue, l, today, limit)), scan);
        }
        assert!(
            compared > 500,
            "the data must produce matches to compare: {compared}"
        );
    }
}
