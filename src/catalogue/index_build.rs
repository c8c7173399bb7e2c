//! Building the spatial index at start-up from the posts read in parts (one per loading
//! thread): the slots, one R-tree and one recency order per partition, the word index and
//! the key map, laid out on every core.
use std::collections::HashMap;

use rstar::RTree;

use super::geometry::unit_vector;
use super::index::{Located, TreeEntry};
use super::recency::{self, Recency};
use super::slots::Slots;
use super::words::WordIndex;

/// What `SpatialIndex::build` assembles its state from.
pub struct Built<T> {
    pub slots: Slots<T>,
    pub trees: Vec<RTree<TreeEntry>>,
    pub recency: Recency,
    pub words: WordIndex,
    pub by_key: HashMap<u128, u32>,
}

/// Lays the parts out (one thread each), then builds the trees, the recency orders and
/// the word index side by side. A row read twice (it moved while the table was read)
/// keeps its last copy; the entries of the other point at an empty slot, which walks skip.
pub fn build<T: Located>(partitions: usize, parts: Vec<Vec<T>>) -> Built<T> {
    let laid_out: Vec<Layout<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || Layout::of(partitions, part)))
            .collect();
        handles.into_iter().map(join).collect()
    });
    let (mut slots, entries, newest) = Layout::concatenate(partitions, laid_out);
    let (trees, recency, mut words, (by_key, replaced)) = std::thread::scope(|scope| {
        let trees = scope.spawn(|| bulk_load_in_parallel(entries));
        let recency = scope.spawn(|| Recency::build(newest));
        let words = scope.spawn(|| word_index(&slots));
        let keys = key_map(&slots);
        (join(trees), join(recency), join(words), keys)
    });
    for slot in replaced {
        if let Some(old) = slots[slot].take() {
            words.remove(slot, old.text());
        }
    }
    Built {
        slots,
        trees,
        recency,
        words,
        by_key,
    }
}

/// One part of the items as the index stores them: in slots, as tree entries (unit
/// vectors, which cost trigonometry) and as recency entries, numbered from the part's
/// first slot.
struct Layout<T> {
    slots: Vec<Option<T>>,
    entries: Vec<Vec<TreeEntry>>,
    newest: Vec<Vec<recency::Entry>>,
}

impl<T: Located> Layout<T> {
    fn of(partitions: usize, part: Vec<T>) -> Self {
        let mut entries: Vec<Vec<TreeEntry>> = vec![Vec::new(); partitions];
        let mut newest: Vec<Vec<recency::Entry>> = vec![Vec::new(); partitions];
        for (slot, item) in part.iter().enumerate() {
            let (lat, lon) = item.position();
            let partition = usize::from(item.partition());
            if let (Some(tree), Some(order)) =
                (entries.get_mut(partition), newest.get_mut(partition))
            {
                tree.push(TreeEntry::new(unit_vector(lat, lon), slot as u32));
                order.push(recency::Entry::new(
                    item.created_at(),
                    item.key(),
                    slot as u32,
                ));
            }
        }
        // Same size (the niche of T holds None), so this reuses the part's allocation.
        let slots = part.into_iter().map(Some).collect();
        Self {
            slots,
            entries,
            newest,
        }
    }

    /// The parts one after the other (as segments, never copied), their entries
    /// renumbered to match.
    #[allow(clippy::type_complexity)]
    fn concatenate(
        partitions: usize,
        parts: Vec<Self>,
    ) -> (Slots<T>, Vec<Vec<TreeEntry>>, Vec<Vec<recency::Entry>>) {
        let mut segments = Vec::with_capacity(parts.len());
        let mut entries: Vec<Vec<TreeEntry>> = vec![Vec::new(); partitions];
        let mut newest: Vec<Vec<recency::Entry>> = vec![Vec::new(); partitions];
        let mut base = 0u32;
        for part in parts {
            for (tree, part_entries) in entries.iter_mut().zip(part.entries) {
                if tree.is_empty() && base == 0 {
                    *tree = part_entries;
                } else {
                    tree.extend(
                        part_entries
                            .into_iter()
                            .map(|e| TreeEntry::new(*e.geom(), e.data + base)),
                    );
                }
            }
            for (order, part_newest) in newest.iter_mut().zip(part.newest) {
                order.extend(part_newest.into_iter().map(|mut e| {
                    e.slot += base;
                    e
                }));
            }
            base += part.slots.len() as u32;
            segments.push(part.slots);
        }
        (Slots::from_segments(segments), entries, newest)
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

/// Bulk-loads the trees on every core (much faster than inserting one by one): building
/// them is a fifth of the start-up.
fn bulk_load_in_parallel(entries: Vec<Vec<TreeEntry>>) -> Vec<RTree<TreeEntry>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut slots: Vec<Option<RTree<TreeEntry>>> = (0..entries.len()).map(|_| None).collect();
    let mut work: Vec<(usize, Vec<TreeEntry>)> = entries.into_iter().enumerate().collect();
    // Largest first, dealt round-robin, so the threads finish at about the same time.
    work.sort_by_key(|(_, e)| std::cmp::Reverse(e.len()));
    let mut shares: Vec<Vec<(usize, Vec<TreeEntry>)>> = (0..threads).map(|_| Vec::new()).collect();
    for (n, job) in work.into_iter().enumerate() {
        shares[n % threads].push(job);
    }
    let built: Vec<Vec<(usize, RTree<TreeEntry>)>> = std::thread::scope(|scope| {
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
