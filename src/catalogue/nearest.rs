//! Nearest first through R-trees, from a distance on: a best-first walk over the trees'
//! nodes that never opens a node lying wholly closer than where the walk starts. With it a
//! page that starts at a cursor 900 km out reads the posts about that distance, not every
//! post between the centre and the cursor (rstar's own nearest-neighbour iterator always
//! starts at the centre).
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rstar::{ParentNode, RTree, RTreeNode, AABB};

use super::index::TreeEntry;

type Point = [f64; 3];

/// What the walk holds next, ordered nearest first in a heap: a node, by the smallest
/// squared chord from the centre to its box, or an entry, by its own.
struct Queued<'a> {
    chord2: f64,
    next: Next<'a>,
}

enum Next<'a> {
    Node(&'a ParentNode<TreeEntry>),
    Entry(u32),
}

impl PartialEq for Queued<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued<'_> {}
impl PartialOrd for Queued<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.chord2.total_cmp(&self.chord2)
    }
}

/// Visits the entries of `trees` whose squared chord from `point` lies in
/// `from_chord2..=to_chord2`, nearest first, until `visit` returns false. `visit` gets the
/// entry's slot and squared chord.
pub fn walk<'a>(
    trees: impl Iterator<Item = &'a RTree<TreeEntry>>,
    point: Point,
    from_chord2: f64,
    to_chord2: f64,
    mut visit: impl FnMut(u32, f64) -> bool,
) {
    let mut heap = BinaryHeap::new();
    for tree in trees {
        heap.push(Queued {
            chord2: tree.root().envelope().distance_2(&point),
            next: Next::Node(tree.root()),
        });
    }
    while let Some(Queued { chord2, next }) = heap.pop() {
        if chord2 > to_chord2 {
            break;
        }
        match next {
            Next::Entry(slot) => {
                if !visit(slot, chord2) {
                    break;
                }
            }
            Next::Node(node) => {
                for child in node.children() {
                    let queued = match child {
                        RTreeNode::Leaf(entry) => Queued {
                            chord2: squared_distance(entry.geom(), &point),
                            next: Next::Entry(entry.data),
                        },
                        RTreeNode::Parent(parent) => {
                            // A node wholly closer than the start holds nothing to visit.
                            if farthest_chord2(&parent.envelope(), &point) < from_chord2 {
                                continue;
                            }
                            Queued {
                                chord2: parent.envelope().distance_2(&point),
                                next: Next::Node(parent),
                            }
                        }
                    };
                    let is_entry = matches!(queued.next, Next::Entry(_));
                    if queued.chord2 <= to_chord2 && !(is_entry && queued.chord2 < from_chord2) {
                        heap.push(queued);
                    }
                }
            }
        }
    }
}

fn squared_distance(a: &Point, b: &Point) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The squared distance from `point` to the farthest corner of `envelope`.
fn farthest_chord2(envelope: &AABB<Point>, point: &Point) -> f64 {
    let (lower, upper) = (envelope.lower(), envelope.upper());
    (0..3)
        .map(|axis| {
            let span = (point[axis] - lower[axis])
                .abs()
                .max((point[axis] - upper[axis]).abs());
            span * span
        })
        .sum()
}
