//! Where the spatial index keeps its items: numbered slots, stored as a few segments (one
//! per loading thread at start-up) so that the parts loaded in parallel are never copied
//! into one vector. Joining two halves of a million summaries cost 0.5 s of the start-up.
use std::ops::{Index, IndexMut};

pub struct Slots<T> {
    segments: Vec<Vec<Option<T>>>,
    /// The number of the first slot of each segment.
    starts: Vec<u32>,
}

impl<T> Slots<T> {
    /// The segments in order; slots are numbered across them.
    pub fn from_segments(segments: Vec<Vec<Option<T>>>) -> Self {
        let mut starts = Vec::with_capacity(segments.len());
        let mut next = 0u32;
        for segment in &segments {
            starts.push(next);
            next += segment.len() as u32;
        }
        let mut slots = Self { segments, starts };
        if slots.segments.is_empty() {
            slots.segments.push(Vec::new());
            slots.starts.push(0);
        }
        slots
    }

    pub fn len(&self) -> usize {
        let last = self.segments.len() - 1;
        self.starts[last] as usize + self.segments[last].len()
    }

    /// Adds a slot at the end and returns its number.
    pub fn push(&mut self, item: Option<T>) -> u32 {
        let number = self.len() as u32;
        if let Some(last) = self.segments.last_mut() {
            last.push(item);
        }
        number
    }

    pub fn iter(&self) -> impl Iterator<Item = &Option<T>> {
        self.segments.iter().flatten()
    }

    /// Segment and offset of a slot: there are only a few segments, so a scan from the end
    /// (where new slots go) is quicker than a binary search.
    fn locate(&self, slot: u32) -> (usize, usize) {
        let segment = self
            .starts
            .iter()
            .rposition(|&start| start <= slot)
            .unwrap_or(0);
        (segment, (slot - self.starts[segment]) as usize)
    }
}

impl<T> Index<u32> for Slots<T> {
    type Output = Option<T>;

    fn index(&self, slot: u32) -> &Option<T> {
        let (segment, offset) = self.locate(slot);
        &self.segments[segment][offset]
    }
}

impl<T> IndexMut<u32> for Slots<T> {
    fn index_mut(&mut self, slot: u32) -> &mut Option<T> {
        let (segment, offset) = self.locate(slot);
        &mut self.segments[segment][offset]
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;

    #[test]
    fn slots_are_numbered_across_segments() {
        let mut slots = Slots::from_segments(vec![vec![Some(0), Some(1)], vec![], vec![Some(2)]]);
        assert_eq!(slots.len(), 3);
        assert_eq!(slots[2], Some(2));
        assert_eq!(slots.push(Some(3)), 3);
        slots[1] = None;
        assert_eq!(
            slots.iter().flatten().copied().collect::<Vec<_>>(),
            [0, 2, 3]
        );
        assert_eq!(slots[3], Some(3));
    }

    #[test]
    fn no_segment_is_an_empty_store() {
        let mut slots = Slots::<u8>::from_segments(Vec::new());
        assert_eq!(slots.len(), 0);
        assert_eq!(slots.push(Some(7)), 0);
        assert_eq!(slots[0], Some(7));
    }
}
