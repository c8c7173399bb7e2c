//! Finding the counterparts of a post through the catalogue's in-memory indexes: a walk of
//! the R-trees of the fitting classes within the distance that can fit, not a scan.
use chrono::NaiveDate;

use super::rules::{evaluate_at, Score};
use crate::catalogue::posts::{ListingSummary, WantedSummary};
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
    let ancestors = taxonomy.ancestors(listing.class);
    let mut partitions: Vec<u16> = ancestors.iter().map(|&c| taxonomy.group_of(c)).collect();
    partitions.sort_unstable();
    partitions.dedup();
    let mut found = Vec::new();
    catalogue.wanted.walk_within(
        (listing.latitude, listing.longitude),
        catalogue.wanted_reach_km(),
        &partitions,
        |hit| {
            if let Some(score) = evaluate_at(listing, hit.item, taxonomy, today, hit.distance_km) {
                found.push((hit.item.id, score));
            }
        },
    );
    best(found, limit)
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
    let mut found = Vec::new();
    catalogue.listings.walk_within(
        (wanted.latitude, wanted.longitude),
        wanted.max_distance_km,
        &partitions,
        |hit| {
            if let Some(score) = evaluate_at(hit.item, wanted, taxonomy, today, hit.distance_km) {
                found.push((hit.item.id, score));
            }
        },
    );
    best(found, limit)
}

/// The `limit` best by score, ties by key so runs agree. Only keys and scores are
/// collected during the walk: thousands may fit, few are kept.
fn best(mut found: Vec<(u128, Score)>, limit: usize) -> Vec<(u128, Score)> {
    let order = |a: &(u128, Score), b: &(u128, Score)| {
        b.1.total()
            .total_cmp(&a.1.total())
            .then_with(|| a.0.cmp(&b.0))
    };
    if found.len() > limit && limit > 0 {
        found.select_nth_unstable_by(limit - 1, order);
        found.truncate(limit);
    }
    found.sort_by(order);
    found.truncate(limit);
    found
}
