//! Searches over an index: an area (circle or box), filters, an order, and keyset pages.
//! Results are exact: great-circle distances from the centre, ordered by (distance, id) or
//! by (newest, id), so a page boundary never moves when posts are added elsewhere. Each
//! page's work is bounded (see [`Bound`]), whatever the query.
use chrono::{NaiveDate, NaiveDateTime};

use super::geometry::{distance_km, BoundingBox};
use super::index::{Located, SpatialIndex};
use super::newest::Newest;
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

/// What a search needs of a post beyond its position and age.
pub trait Searchable: Located {
    fn matches(&self, filter: &Filter) -> bool;
}

pub struct Page<T> {
    pub items: Vec<(T, Option<f64>)>,
    /// Where the next page starts: after the page's last post, or, when the page reached
    /// the work bound before it was full, after the last post it read.
    pub next: Option<Cursor>,
    /// Posts read from the index to make the page: a search's cost.
    pub examined: usize,
}

/// The work one page may do, in posts read from the index. Whatever the area, filters,
/// order and page size, a page reads at most `area + ordered` posts plus the ties of the
/// post where it stopped; a page that reaches the bound before it is full ends there with
/// a cursor, so following `next` still yields every post, in order, exactly once.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// Posts an unordered walk of an area reads for a newest-first page before the search
    /// turns to the newest-first order (it pays when the area holds few posts).
    pub area: usize,
    /// Posts a nearest-first or newest-first walk reads for one page.
    pub ordered: usize,
}

/// Chosen from `scripts/bench/search-cost.sh` at 1,000,000 listings, where a post read
/// costs about 0.25 µs: the costliest forms (a filter nothing passes over all of France)
/// then cost about 2 ms, some 10 times an ordinary search (see docs/api.md). At 10,000
/// each they cost 4–5 ms.
pub const BOUND: Bound = Bound {
    area: 3_000,
    ordered: 5_000,
};

/// Runs `query` on `index` within [`BOUND`].
pub fn search<T: Searchable>(
    index: &SpatialIndex<T>,
    query: &Query,
    taxonomy: &Taxonomy,
) -> Page<T> {
    search_within(index, query, taxonomy, BOUND)
}

/// Runs `query` on `index`, reading only the trees of the groups the class filter covers,
/// and at most about `bound` posts.
pub fn search_within<T: Searchable>(
    index: &SpatialIndex<T>,
    query: &Query,
    taxonomy: &Taxonomy,
    bound: Bound,
) -> Page<T> {
    let partitions = taxonomy.groups_within(
        query
            .filter
            .classes
            .clone()
            .unwrap_or(0..taxonomy.partitions()),
    );
    let mut walk = Walk {
        query,
        region: query.area.map(Region::of),
        bound,
        partitions: partitions.as_slice(),
        found: Vec::new(),
        examined: 0,
        stopped: None,
    };
    let worded = !query.filter.words.is_empty() && walk.worded(index);
    if !worded {
        match (query.sort, walk.region) {
            (Sort::Distance, Some(region)) => walk.nearest_first(index, region),
            (_, Some(region)) if walk.newest_in_area(index, region) => {}
            _ => walk.newest_first(index),
        }
    }
    let Walk {
        mut found,
        stopped,
        examined,
        ..
    } = walk;
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
        stopped
    };
    Page {
        items: found,
        next,
        examined,
    }
}

/// The area of a search as a circle (a box is read through its covering circle, then
/// checked), with the great-circle distance of a post from its centre.
#[derive(Clone, Copy)]
struct Region {
    centre: (f64, f64),
    radius_km: f64,
    bbox: Option<BoundingBox>,
}

impl Region {
    fn of(area: Area) -> Self {
        match area {
            Area::Circle { centre, radius_km } => Self {
                centre,
                radius_km,
                bbox: None,
            },
            Area::Box(bbox) => {
                let (centre, radius_km) = bbox.covering_circle();
                Self {
                    centre,
                    radius_km,
                    bbox: Some(bbox),
                }
            }
        }
    }

    /// The distance of a post inside the region, None outside.
    fn distance_to(&self, position: (f64, f64)) -> Option<f64> {
        let distance = distance_km(self.centre, position);
        (distance <= self.radius_km && self.in_box(position)).then_some(distance)
    }

    fn in_box(&self, (lat, lon): (f64, f64)) -> bool {
        self.bbox.is_none_or(|bbox| bbox.contains(lat, lon))
    }
}

/// One page being made: the posts found so far and the work done.
struct Walk<'q, T> {
    query: &'q Query,
    region: Option<Region>,
    bound: Bound,
    partitions: &'q [u16],
    found: Vec<(T, Option<f64>)>,
    examined: usize,
    stopped: Option<Cursor>,
}

impl<T: Searchable> Walk<'_, T> {
    /// The page plus one post, to know whether another page follows.
    fn wanted(&self) -> usize {
        self.query.limit + 1
    }

    /// Through the word index, when the words are rare enough for it to help: its
    /// candidates are bounded (`words::CANDIDATES_MAX`).
    fn worded(&mut self, index: &SpatialIndex<T>) -> bool {
        let (query, region) = (self.query, self.region);
        let (found, examined) = (&mut self.found, &mut self.examined);
        let worded = index.walk_worded(&query.filter.words, |item| {
            *examined += 1;
            let distance = region.map(|r| r.distance_to(item.position()));
            if distance != Some(None) && item.matches(&query.filter) {
                found.push((item.clone(), distance.flatten()));
            }
        });
        if worded {
            keep_after_cursor(&mut self.found, query.after);
            if query.sort == Sort::Distance && region.is_some() {
                sort_by_distance(&mut self.found);
                self.found.truncate(query.limit + 1);
            } else {
                keep_newest(&mut self.found, query.limit + 1);
            }
        }
        worded
    }

    /// Nearest first. At the bound, the walk reads the ties of the post where it stopped
    /// and keeps the page to what lies at or before that distance.
    fn nearest_first(&mut self, index: &SpatialIndex<T>, region: Region) {
        let after = match self.query.after {
            Some(Cursor::Distance { km, id }) => Some((km, id)),
            _ => None,
        };
        let (wanted, bound, filter) = (self.wanted(), self.bound.ordered, &self.query.filter);
        let (found, examined) = (&mut self.found, &mut self.examined);
        let (mut farthest, mut cut): (f64, Option<f64>) = (0.0, None);
        let (mut read, from_km) = (0usize, after.map_or(0.0, |(km, _)| km));
        let range = (from_km, region.radius_km);
        index.walk_nearest(region.centre, range, self.partitions, |hit| {
            // Once the page (plus one) is full, only ties with its farthest hit remain.
            let beyond = |at: f64| hit.distance_km > at + DISTANCE_TOLERANCE_KM;
            if (found.len() >= wanted && beyond(farthest)) || cut.is_some_and(beyond) {
                return false;
            }
            *examined += 1;
            let key = (hit.distance_km, hit.item.key());
            if after.is_some_and(|a| key <= a) {
                // Shown by an earlier page: read (the walk starts a metre short of the
                // cursor), never where a page stops, so every page moves on.
                return true;
            }
            read += 1;
            if read == bound {
                cut = Some(hit.distance_km);
            }
            if region.in_box(hit.item.position()) && hit.item.matches(filter) {
                found.push((hit.item.clone(), Some(hit.distance_km)));
                farthest = farthest.max(hit.distance_km);
            }
            true
        });
        sort_by_distance(found);
        if let Some(km) = cut {
            found.retain(|(_, distance)| distance.is_some_and(|d| d <= km));
            self.stopped = Some(Cursor::Distance { km, id: u128::MAX });
        }
    }

    /// Newest first through the area's posts, when the area holds at most `bound.area`
    /// of them; false (the walk given up) when it holds more.
    fn newest_in_area(&mut self, index: &SpatialIndex<T>, region: Region) -> bool {
        let after = recent_after(self.query.after);
        let (bound, filter) = (self.bound.area, &self.query.filter);
        let mut newest = Newest::new(self.wanted());
        let (mut read, mut whole) = (0usize, true);
        index.walk_within(region.centre, region.radius_km, self.partitions, |hit| {
            read += 1;
            if read > bound {
                whole = false;
                return false;
            }
            let item = hit.item;
            if after.is_none_or(|a| (item.created_at(), item.key()) < a)
                && region.in_box(item.position())
                && item.matches(filter)
            {
                newest.offer(item, Some(hit.distance_km));
            }
            true
        });
        self.examined += read.min(bound);
        if whole {
            self.found = newest.into_sorted();
        }
        whole
    }

    /// Newest first through the recency order, filtered by the area if any. At the
    /// bound, the page ends after the last post read.
    fn newest_first(&mut self, index: &SpatialIndex<T>) {
        let (wanted, bound, region) = (self.wanted(), self.bound.ordered, self.region);
        let filter = &self.query.filter;
        let (found, examined) = (&mut self.found, &mut self.examined);
        let mut read = 0usize;
        let mut last = None;
        index.walk_newest(self.partitions, recent_after(self.query.after), |item| {
            read += 1;
            last = Some(Cursor::Recent {
                created_at: item.created_at(),
                id: item.key(),
            });
            let distance = region.map(|r| r.distance_to(item.position()));
            if distance != Some(None) && item.matches(filter) {
                found.push((item.clone(), distance.flatten()));
            }
            found.len() < wanted && read < bound
        });
        *examined += read;
        if found.len() < wanted && read >= bound {
            self.stopped = last;
        }
    }
}

fn recent_after(after: Option<Cursor>) -> Option<(NaiveDateTime, u128)> {
    match after {
        Some(Cursor::Recent { created_at, id }) => Some((created_at, id)),
        _ => None,
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
