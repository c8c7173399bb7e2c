//! Searches over an index: an area (circle or box), filters, an order, and keyset pages.
//! Results are exact: great-circle distances from the centre, ordered by (distance, id) or
//! by (newest, id), so a page boundary never moves when posts are added elsewhere.
use chrono::{NaiveDate, NaiveDateTime};

use super::geometry::{distance_km, BoundingBox};
use super::index::{Located, SpatialIndex};
use super::taxonomy::{ClassId, Taxonomy};

/// Two distances closer than this (km) may come out of the R-tree in either order.
const DISTANCE_TOLERANCE_KM: f64 = 1e-6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Area {
    Circle { centre: (f64, f64), radius_km: f64 },
    Box(BoundingBox),
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The class ids accepted: one class, or a class and its subclasses.
    pub classes: Option<std::ops::Range<ClassId>>,
    /// Lowest acceptable condition rank (listings) or a condition to accept (wanted).
    pub condition_rank: Option<u8>,
    pub available_on: Option<NaiveDate>,
    pub max_price: Option<f64>,
    /// Posts changed at or after this time only (`updated_since`).
    pub updated_since: Option<NaiveDateTime>,
    /// Folded words, all of which must appear.
    pub words: Vec<String>,
    pub organisation: Option<u128>,
    /// Posts whose window closed before this day are not shown, even before the expiry
    /// job has marked them.
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Distance,
    Recent,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    Distance { km: f64, id: u128 },
    Recent { created_at: NaiveDateTime, id: u128 },
}

pub struct Query {
    pub area: Option<Area>,
    pub filter: Filter,
    pub sort: Sort,
    pub limit: usize,
    pub after: Option<Cursor>,
}

/// What a search needs of a post beyond its position.
pub trait Searchable: Located {
    fn created_at(&self) -> NaiveDateTime;
    fn matches(&self, filter: &Filter) -> bool;
}

pub struct Page<T> {
    pub items: Vec<(T, Option<f64>)>,
    pub next: Option<Cursor>,
    /// Posts looked at to fill the page: a search's cost.
    pub examined: usize,
}

/// Runs `query` on `index`, reading only the trees of the groups the class filter covers.
pub fn search<T: Searchable>(
    index: &SpatialIndex<T>,
    query: &Query,
    taxonomy: &Taxonomy,
) -> Page<T> {
    let partitions = taxonomy.groups_within(
        query
            .filter
            .classes
            .clone()
            .unwrap_or(0..taxonomy.partitions()),
    );
    let partitions = partitions.as_slice();
    let centre_and_radius = query.area.map(|area| match area {
        Area::Circle { centre, radius_km } => (centre, radius_km, None),
        Area::Box(bbox) => {
            let (centre, radius) = bbox.covering_circle();
            (centre, radius, Some(bbox))
        }
    });
    let examined = std::cell::Cell::new(0usize);
    let accept = |item: &T| {
        examined.set(examined.get() + 1);
        item.matches(&query.filter)
            && match centre_and_radius {
                Some((_, _, Some(bbox))) => {
                    let (lat, lon) = item.position();
                    bbox.contains(lat, lon)
                }
                _ => true,
            }
    };
    let centre = centre_and_radius.map(|(centre, radius, _)| (centre, radius));
    let by_distance_order = query.sort == Sort::Distance && centre.is_some();
    let mut found: Vec<(T, Option<f64>)> = Vec::new();
    let worded = !query.filter.words.is_empty()
        && index.walk_worded(&query.filter.words, |item| {
            let distance = centre.map(|(c, _)| distance_km(c, item.position()));
            let inside = centre.is_none_or(|(_, radius)| distance <= Some(radius));
            if inside && accept(item) {
                found.push((item.clone(), distance));
            }
        });
    if worded {
        keep_after_cursor(&mut found, query.after);
        if by_distance_order {
            sort_by_distance(&mut found);
            found.truncate(query.limit + 1);
        } else {
            keep_newest(&mut found, query.limit + 1);
        }
    } else if by_distance_order {
        let (centre, radius) = centre.unwrap_or_default();
        let after = match query.after {
            Some(Cursor::Distance { km, id }) => Some((km, id)),
            _ => None,
        };
        let wanted = query.limit + 1;
        let mut farthest: f64 = 0.0;
        index.walk_nearest(centre, radius, partitions, |hit| {
            // Once the page (plus one) is full, only ties with its farthest hit remain.
            if found.len() >= wanted && hit.distance_km > farthest + DISTANCE_TOLERANCE_KM {
                return false;
            }
            let key = (hit.distance_km, hit.item.key());
            if after.is_none_or(|a| key > a) && accept(hit.item) {
                found.push((hit.item.clone(), Some(hit.distance_km)));
                farthest = farthest.max(hit.distance_km);
            }
            true
        });
        sort_by_distance(&mut found);
    } else {
        let after = match query.after {
            Some(Cursor::Recent { created_at, id }) => Some((created_at, id)),
            _ => None,
        };
        let mut keep = |item: &T, distance: Option<f64>| {
            if after.is_none_or(|a| (item.created_at(), item.key()) < a) && accept(item) {
                found.push((item.clone(), distance));
            }
        };
        match centre {
            Some((centre, radius)) => index.walk_within(centre, radius, partitions, |hit| {
                keep(hit.item, Some(hit.distance_km))
            }),
            None => index.walk_all(|item| keep(item, None)),
        }
        keep_newest(&mut found, query.limit + 1);
    }
    let next = if found.len() > query.limit {
        found.truncate(query.limit);
        found
            .last()
            .map(|(item, distance)| match (query.sort, distance) {
                (Sort::Distance, Some(km)) => Cursor::Distance {
                    km: *km,
                    id: item.key(),
                },
                _ => Cursor::Recent {
                    created_at: item.created_at(),
                    id: item.key(),
                },
            })
    } else {
        None
    };
    Page {
        items: found,
        next,
        examined: examined.get(),
    }
}

/// Drops what a page before this one (ending at `after`) already showed.
fn keep_after_cursor<T: Searchable>(found: &mut Vec<(T, Option<f64>)>, after: Option<Cursor>) {
    match after {
        Some(Cursor::Distance { km, id }) => {
            found.retain(|(item, d)| (d.unwrap_or(f64::INFINITY), item.key()) > (km, id))
        }
        Some(Cursor::Recent { created_at, id }) => {
            found.retain(|(item, _)| (item.created_at(), item.key()) < (created_at, id))
        }
        None => {}
    }
}

fn sort_by_distance<T: Located>(found: &mut [(T, Option<f64>)]) {
    found.sort_by(|a, b| {
        by_distance(a)
            .partial_cmp(&by_distance(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// The `count` newest, newest first.
fn keep_newest<T: Searchable>(found: &mut Vec<(T, Option<f64>)>, count: usize) {
    let newer_first = |item: &T| std::cmp::Reverse((item.created_at(), item.key()));
    if found.len() > count {
        found.select_nth_unstable_by_key(count - 1, |(item, _)| newer_first(item));
        found.truncate(count);
    }
    found.sort_by_key(|(item, _)| newer_first(item));
}

fn by_distance<T: Located>((item, distance): &(T, Option<f64>)) -> (f64, u128) {
    (distance.unwrap_or(f64::INFINITY), item.key())
}
