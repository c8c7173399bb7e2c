//! The in-memory spatial index that serves searches.
//!
//! Why in memory: a search is "the 20 nearest posts of these classes within 50 km", and the
//! database engines here do that badly. On this 2-core machine a tuned PostGIS (GiST on
//! family and geography) answers about 1,600 such queries a second and a plain GiST plus
//! B-tree design about 60, while an R-tree in process memory walks nearest-first and stops
//! after 20 hits, in microseconds, on SQLite and PostgreSQL alike. The database stays the
//! source of truth: the index is rebuilt from it at start-up and kept in step by the
//! writes of this instance and by polling for the writes of other instances
//! (`catalogue::sync`). Measured figures are in `scripts/bench/README.md`.
//!
//! Points are 3D unit vectors (see `geometry`), so R-tree order is great-circle order.
use std::collections::HashMap;
use std::sync::RwLock;

use chrono::NaiveDateTime;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::geometry::{chord_squared_for_km, distance_km, unit_vector};
use super::index_build::{build, Built};
use super::nearest;
use super::recency::{self, Recency};
use super::slots::Slots;
use super::words::WordIndex;

/// What the index needs of an item.
pub trait Located: Clone + Send + Sync + 'static {
    fn key(&self) -> u128;
    fn position(&self) -> (f64, f64);
    /// Which tree holds the item: its class group (see `Taxonomy::group_of`). A search
    /// reads only the trees of the groups it asks for, so it seldom steps over posts of
    /// other classes, and merges few trees.
    fn partition(&self) -> u16;
    /// When the post was created: the index also keeps every partition newest first.
    fn created_at(&self) -> NaiveDateTime;
    /// The folded text the words filter reads (see `words`); none by default.
    fn text(&self) -> &str {
        ""
    }
}

pub type TreeEntry = GeomWithData<[f64; 3], u32>;

struct Inner<T> {
    trees: Vec<RTree<TreeEntry>>,
    recency: Recency,
    slots: Slots<T>,
    free: Vec<u32>,
    by_key: HashMap<u128, u32>,
    words: WordIndex,
}

pub struct SpatialIndex<T> {
    inner: RwLock<Inner<T>>,
}

/// One hit of a walk: the item and its great-circle distance from the centre in km.
pub struct Hit<'a, T> {
    pub item: &'a T,
    pub distance_km: f64,
}

impl<T: Located> SpatialIndex<T> {
    /// Builds the index from the items given in parts (one per loading thread): see
    /// `index_build`.
    pub fn build(partitions: usize, parts: Vec<Vec<T>>) -> Self {
        let Built {
            slots,
            trees,
            recency,
            words,
            by_key,
        } = build(partitions, parts);
        Self {
            inner: RwLock::new(Inner {
                trees,
                recency,
                slots,
                free: Vec::new(),
                by_key,
                words,
            }),
        }
    }

    pub fn len(&self) -> usize {
        self.read().by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the item, or replaces the one with the same key.
    pub fn upsert(&self, item: T) {
        let mut inner = self.write();
        inner.remove(item.key());
        let (lat, lon) = item.position();
        let partition = item.partition();
        let key = item.key();
        let slot = match inner.free.pop() {
            Some(slot) => slot,
            None => inner.slots.push(None),
        };
        inner.words.add(slot, item.text());
        let newest = recency::Entry::new(item.created_at(), key, slot);
        inner.recency.insert(partition, newest);
        inner.slots[slot] = Some(item);
        inner.by_key.insert(key, slot);
        if let Some(tree) = inner.trees.get_mut(usize::from(partition)) {
            tree.insert(TreeEntry::new(unit_vector(lat, lon), slot));
        }
    }

    pub fn remove(&self, key: u128) {
        self.write().remove(key);
    }

    /// Reads something of the item with this key, without copying it.
    pub fn with<R>(&self, key: u128, read: impl FnOnce(&T) -> R) -> Option<R> {
        let inner = self.read();
        inner
            .by_key
            .get(&key)
            .and_then(|&slot| inner.slots[slot].as_ref())
            .map(read)
    }

    pub fn get(&self, key: u128) -> Option<T> {
        let inner = self.read();
        inner
            .by_key
            .get(&key)
            .and_then(|&slot| inner.slots[slot].clone())
    }

    /// Visits items of `partitions` from `from_km` to `radius_km` of `centre`, nearest
    /// first, until `visit` returns false (a few items just closer than `from_km` may come
    /// too: callers that start at a cursor check it). Distances are exact; ties come in no
    /// particular order (callers sort them).
    pub fn walk_nearest(
        &self,
        centre: (f64, f64),
        (from_km, radius_km): (f64, f64),
        partitions: &[u16],
        mut visit: impl FnMut(Hit<'_, T>) -> bool,
    ) {
        let inner = self.read();
        // A metre short of the start, so that rounding never skips a post at it.
        let from_chord2 = match from_km - 0.001 {
            km if km > 0.0 => chord_squared_for_km(km) * (1.0 - 1e-6),
            _ => 0.0,
        };
        let to_chord2 = chord_squared_for_km(radius_km);
        let point = unit_vector(centre.0, centre.1);
        let trees = inner.trees_in(partitions);
        nearest::walk(trees, point, from_chord2, to_chord2, |slot, _| {
            let Some(item) = &inner.slots[slot] else {
                return true;
            };
            let distance = distance_km(centre, item.position());
            distance > radius_km
                || visit(Hit {
                    item,
                    distance_km: distance,
                })
        });
    }

    /// Visits the items of `partitions` within `radius_km` of `centre`, in no order,
    /// until `visit` returns false.
    pub fn walk_within(
        &self,
        centre: (f64, f64),
        radius_km: f64,
        partitions: &[u16],
        mut visit: impl FnMut(Hit<'_, T>) -> bool,
    ) {
        let inner = self.read();
        let point = unit_vector(centre.0, centre.1);
        let chord2 = chord_squared_for_km(radius_km);
        for tree in inner.trees_in(partitions) {
            for entry in tree.locate_within_distance(point, chord2) {
                let Some(item) = &inner.slots[entry.data] else {
                    continue;
                };
                let distance = distance_km(centre, item.position());
                if distance <= radius_km
                    && !visit(Hit {
                        item,
                        distance_km: distance,
                    })
                {
                    return;
                }
            }
        }
    }

    /// Visits the items of `partitions`, newest first (by creation time, then key),
    /// strictly after `after` in that order when given, until `visit` returns false.
    pub fn walk_newest(
        &self,
        partitions: &[u16],
        after: Option<(NaiveDateTime, u128)>,
        mut visit: impl FnMut(&T) -> bool,
    ) {
        let inner = self.read();
        inner.recency.walk_newest(partitions, after, |slot| {
            inner.slots[slot].as_ref().is_none_or(&mut visit)
        });
    }

    /// Visits the items that may hold every one of `words` (through the word index; the
    /// visitor checks), or returns false, visiting none, when the words are too common for
    /// the index to help (see `words::CANDIDATES_MAX`).
    pub fn walk_worded(&self, words: &[String], mut visit: impl FnMut(&T)) -> bool {
        let inner = self.read();
        let Some(slots) = inner.words.candidates(words) else {
            return false;
        };
        for slot in slots {
            if let Some(item) = &inner.slots[slot] {
                visit(item);
            }
        }
        true
    }

    /// Visits every item, in no order.
    pub fn walk_all(&self, mut visit: impl FnMut(&T)) {
        let inner = self.read();
        inner.slots.iter().flatten().for_each(&mut visit);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner<T>> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner<T>> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }
}

impl<T: Located> Inner<T> {
    fn trees_in<'a>(&'a self, partitions: &'a [u16]) -> impl Iterator<Item = &'a RTree<TreeEntry>> {
        partitions
            .iter()
            .filter_map(|&p| self.trees.get(usize::from(p)))
            .filter(|tree| tree.size() > 0)
    }

    fn remove(&mut self, key: u128) {
        let Some(slot) = self.by_key.remove(&key) else {
            return;
        };
        if let Some(old) = self.slots[slot].take() {
            let (lat, lon) = old.position();
            if let Some(tree) = self.trees.get_mut(usize::from(old.partition())) {
                tree.remove(&TreeEntry::new(unit_vector(lat, lon), slot));
            }
            let newest = recency::Entry::new(old.created_at(), key, slot);
            self.recency.remove(old.partition(), &newest);
            self.words.remove(slot, old.text());
        }
        self.free.push(slot);
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
