//! The newest posts of an unordered walk (an area read whole for a newest-first page),
//! kept in a bounded heap so that only the posts that enter it are copied.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDateTime;

use super::search::Searchable;

/// The `count` newest posts offered, kept in a heap: only those that enter it are copied.
pub struct Newest<T> {
    count: usize,
    heap: BinaryHeap<Reverse<Ranked<T>>>,
}

/// A post ranked by (created_at, key): the heap's top is the oldest kept.
struct Ranked<T> {
    rank: (NaiveDateTime, u128),
    item: T,
    distance: Option<f64>,
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank.cmp(&other.rank)
    }
}

impl<T: Searchable> Newest<T> {
    pub fn new(count: usize) -> Self {
        Self {
            count,
            heap: BinaryHeap::with_capacity(count + 1),
        }
    }

    pub fn offer(&mut self, item: &T, distance: Option<f64>) {
        let rank = (item.created_at(), item.key());
        let full = self.heap.len() >= self.count;
        if full
            && self
                .heap
                .peek()
                .is_some_and(|Reverse(oldest)| rank <= oldest.rank)
        {
            return;
        }
        self.heap.push(Reverse(Ranked {
            rank,
            item: item.clone(),
            distance,
        }));
        if self.heap.len() > self.count {
            self.heap.pop();
        }
    }

    /// Newest first.
    pub fn into_sorted(self) -> Vec<(T, Option<f64>)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(r)| (r.item, r.distance))
            .collect()
    }
}
