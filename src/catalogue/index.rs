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
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::RwLock;

use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::geometry::{chord_squared_for_km, distance_km, unit_vector};
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
    /// The folded text the words filter reads (see `words`); none by default.
    fn text(&self) -> &str {
        ""
    }
}

type Entry = GeomWithData<[f64; 3], u32>;

struct Inner<T> {
    trees: Vec<RTree<Entry>>,
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

/// The next entry of one tree's nearest-first iterator, ordered nearest first in a heap.
struct Head {
    chord2: f64,
    tree: usize,
    slot: u32,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        other.chord2.total_cmp(&self.chord2)
    }
}

impl<T: Located> SpatialIndex<T> {
    /// Bulk-loads one tree per partition (much faster than inserting one by one), from the
    /// items given in parts (one per loading thread). At a million items the sequential
    /// version of this took 0.6 s of the start-up: each part is now laid out on its own
    /// thread, and the key map is filled while the trees are built.
    pub fn build(partitions: usize, parts: Vec<Vec<T>>) -> Self {
        let laid_out: Vec<Layout<T>> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| scope.spawn(move || Layout::of(partitions, part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let (mut slots, entries) = Layout::concatenate(partitions, laid_out);
        let (trees, mut words, (by_key, replaced)) = std::thread::scope(|scope| {
            let trees = scope.spawn(|| bulk_load_in_parallel(entries));
            let words = scope.spawn(|| word_index(&slots));
            let keys = key_map(&slots);
            (join(trees), join(words), keys)
        });
        // A row read twice (it moved while the table was read) keeps its last copy; the
        // entries of the other point at an empty slot, which walks skip.
        for slot in replaced {
            if let Some(old) = slots[slot].take() {
                words.remove(slot, old.text());
            }
        }
        Self {
            inner: RwLock::new(Inner {
                trees,
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
        let partition = usize::from(item.partition());
        let key = item.key();
        let slot = match inner.free.pop() {
            Some(slot) => slot,
            None => inner.slots.push(None),
        };
        inner.words.add(slot, item.text());
        inner.slots[slot] = Some(item);
        inner.by_key.insert(key, slot);
        if let Some(tree) = inner.trees.get_mut(partition) {
            tree.insert(Entry::new(unit_vector(lat, lon), slot));
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

    /// Visits items of `partitions` within `radius_km` of `centre`, nearest first, until
    /// `visit` returns false. The trees' nearest-first iterators are merged through a heap.
    /// Distances are exact; ties come in no particular order (callers sort them).
    pub fn walk_nearest(
        &self,
        centre: (f64, f64),
        radius_km: f64,
        partitions: &[u16],
        mut visit: impl FnMut(Hit<'_, T>) -> bool,
    ) {
        let inner = self.read();
        let limit = chord_squared_for_km(radius_km);
        let point = unit_vector(centre.0, centre.1);
        let mut iterators: Vec<_> = inner
            .trees_in(partitions)
            .map(|tree| tree.nearest_neighbor_iter_with_distance_2(&point))
            .collect();
        let mut heads = BinaryHeap::with_capacity(iterators.len());
        for (tree, iterator) in iterators.iter_mut().enumerate() {
            if let Some((entry, chord2)) = iterator.next() {
                heads.push(Head {
                    chord2,
                    tree,
                    slot: entry.data,
                });
            }
        }
        while let Some(head) = heads.pop() {
            if head.chord2 > limit {
                break;
            }
            if let Some((entry, chord2)) = iterators[head.tree].next() {
                heads.push(Head {
                    chord2,
                    tree: head.tree,
                    slot: entry.data,
                });
            }
            let Some(item) = &inner.slots[head.slot] else {
                continue;
            };
            let distance = distance_km(centre, item.position());
            if distance <= radius_km
                && !visit(Hit {
                    item,
                    distance_km: distance,
                })
            {
                break;
            }
        }
    }

    /// Visits every item of `partitions` within `radius_km` of `centre`, in no order.
    pub fn walk_within(
        &self,
        centre: (f64, f64),
        radius_km: f64,
        partitions: &[u16],
        mut visit: impl FnMut(Hit<'_, T>),
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
                if distance <= radius_km {
                    visit(Hit {
                        item,
                        distance_km: distance,
                    });
                }
            }
        }
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

/// Bulk-loads the trees on every core: building them is a fifth of the start-up.
/// One part of the items as the index stores them: in slots, and as tree entries (unit
/// vectors, which cost trigonometry) numbered from the part's first slot.
struct Layout<T> {
    slots: Vec<Option<T>>,
    entries: Vec<Vec<Entry>>,
}

impl<T: Located> Layout<T> {
    fn of(partitions: usize, part: Vec<T>) -> Self {
        let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); partitions];
        for (slot, item) in part.iter().enumerate() {
            let (lat, lon) = item.position();
            if let Some(tree) = entries.get_mut(usize::from(item.partition())) {
                tree.push(Entry::new(unit_vector(lat, lon), slot as u32));
            }
        }
        // Same size (the niche of T holds None), so this reuses the part's allocation.
        let slots = part.into_iter().map(Some).collect();
        Self { slots, entries }
    }

    /// The parts one after the other (as segments, never copied), their entries
    /// renumbered to match.
    fn concatenate(partitions: usize, parts: Vec<Self>) -> (Slots<T>, Vec<Vec<Entry>>) {
        let mut segments = Vec::with_capacity(parts.len());
        let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); partitions];
        let mut base = 0u32;
        for part in parts {
            for (tree, part_entries) in entries.iter_mut().zip(part.entries) {
                if tree.is_empty() && base == 0 {
                    *tree = part_entries;
                } else {
                    tree.extend(
                        part_entries
                            .into_iter()
                            .map(|e| Entry::new(*e.geom(), e.data + base)),
                    );
                }
            }
            base += part.slots.len() as u32;
            segments.push(part.slots);
        }
        (Slots::from_segments(segments), entries)
    }
}

fn join<R>(handle: std::thread::ScopedJoinHandle<'_, R>) -> R {
    handle
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

fn word_index<T: Located>(slots: &Slots<T>) -> WordIndex {
    let texts = slots
        .iter()
        .enumerate()
        .filter_map(|(slot, item)| Some((slot as u32, item.as_ref()?.text())));
    WordIndex::build(texts)
}

/// The slot of every key, and the slots of keys met again later (to be emptied).
fn key_map<T: Located>(slots: &Slots<T>) -> (HashMap<u128, u32>, Vec<u32>) {
    let mut by_key = HashMap::with_capacity(slots.len());
    let mut replaced = Vec::new();
    for (slot, item) in slots.iter().enumerate() {
        if let Some(item) = item {
            if let Some(old) = by_key.insert(item.key(), slot as u32) {
                replaced.push(old);
            }
        }
    }
    (by_key, replaced)
}

fn bulk_load_in_parallel(entries: Vec<Vec<Entry>>) -> Vec<RTree<Entry>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut slots: Vec<Option<RTree<Entry>>> = (0..entries.len()).map(|_| None).collect();
    let mut work: Vec<(usize, Vec<Entry>)> = entries.into_iter().enumerate().collect();
    // Largest first, dealt round-robin, so the threads finish at about the same time.
    work.sort_by_key(|(_, e)| std::cmp::Reverse(e.len()));
    let mut shares: Vec<Vec<(usize, Vec<Entry>)>> = (0..threads).map(|_| Vec::new()).collect();
    for (n, job) in work.into_iter().enumerate() {
        shares[n % threads].push(job);
    }
    let built: Vec<Vec<(usize, RTree<Entry>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, e)| (i, RTree::bulk_load(e)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, tree) in built.into_iter().flatten() {
        slots[i] = Some(tree);
    }
    slots.into_iter().map(Option::unwrap_or_default).collect()
}

impl<T: Located> Inner<T> {
    fn trees_in<'a>(&'a self, partitions: &'a [u16]) -> impl Iterator<Item = &'a RTree<Entry>> {
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
                tree.remove(&Entry::new(unit_vector(lat, lon), slot));
            }
            self.words.remove(slot, old.text());
        }
        self.free.push(slot);
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
