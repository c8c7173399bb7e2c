//! Finding the counterparts of a post through the catalogue's in-memory indexes: a walk of
//! the R-trees of the fitting classes within the distance that can fit, not a scan.
use chrono::NaiveDate;

use super::rules::{evaluate, Score};
use crate::catalogue::posts::{ListingSummary, WantedSummary};
use crate::catalogue::Catalogue;

/// The wanted requests a listing fits, best first, at most `limit`.
pub fn wanted_for_listing(
    catalogue: &Catalogue,
    listing: &ListingSummary,
    today: NaiveDate,
    limit: usize,
) -> Vec<(WantedSummary, Score)> {
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
            if let Some(score) = evaluate(listing, hit.item, taxonomy, today) {
                found.push((hit.item.clone(), score));
            }
        },
    );
    best(found, limit, |w| w.id)
}

/// The listings that fit a wanted request, best first, at most `limit`.
pub fn listings_for_wanted(
    catalogue: &Catalogue,
    wanted: &WantedSummary,
    today: NaiveDate,
    limit: usize,
) -> Vec<(ListingSummary, Score)> {
    let taxonomy = &catalogue.taxonomy;
    let partitions = taxonomy.groups_within(taxonomy.subtree(wanted.class));
    let mut found = Vec::new();
    catalogue.listings.walk_within(
        (wanted.latitude, wanted.longitude),
        wanted.max_distance_km,
        &partitions,
        |hit| {
            if let Some(score) = evaluate(hit.item, wanted, taxonomy, today) {
                found.push((hit.item.clone(), score));
            }
        },
    );
    best(found, limit, |l| l.id)
}

/// The `limit` best by score, ties by id so runs agree.
fn best<T>(mut found: Vec<(T, Score)>, limit: usize, key: impl Fn(&T) -> u128) -> Vec<(T, Score)> {
    found.sort_by(|a, b| {
        b.1.total()
            .total_cmp(&a.1.total())
            .then_with(|| key(&a.0).cmp(&key(&b.0)))
    });
    found.truncate(limit);
    found
}
