//! The words filter and its index. A search word matches a post when some word of the
//! post's folded title or description begins with it: "brique" finds "briques", "tuile"
//! finds "tuiles mécaniques". Words are runs of letters and digits; everything else
//! separates them ("béton-armé" is "beton" and "arme").
//!
//! Why an index: without one, a search for a word that no post holds examines every post
//! of its area, 300,000 of them at 1,000 km (165 ms, seen from 16 clients as a slowdown of
//! every other search). The index gives, for each word of the posts, the slots holding it;
//! a search whose rarest word is in at most [`CANDIDATES_MAX`] slots examines only those.
//! A search whose every word is commoner than that walks the area as before, and finds its
//! page among the nearest posts at once, since one post in [`CANDIDATES_MAX`] or more
//! matches.
use std::collections::{BTreeMap, HashMap};

/// The most slots a words search examines through the index.
pub const CANDIDATES_MAX: usize = 5_000;

/// The words of already folded text (ASCII, lower case).
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// Whether every search word begins some word of `folded`.
pub fn contains_words(folded: &str, words: &[String]) -> bool {
    words.iter().all(|word| begins_a_word(folded, word))
}

fn begins_a_word(folded: &str, word: &str) -> bool {
    folded.match_indices(word).any(|(at, _)| {
        folded[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// For each word of the indexed texts, in order (prefixes are ranges), the slots whose
/// text holds it, sorted. A post removed or replaced takes its words out with it
/// ([`WordIndex::remove`]), so a long-running instance whose posts keep changing holds no
/// more than its posts' words (it grew with every edit before). Searches still check each
/// candidate's text. The index is rebuilt at every start.
#[derive(Default)]
pub struct WordIndex {
    slots_by_word: BTreeMap<Box<str>, Vec<u32>>,
}

impl WordIndex {
    /// Builds the index from `(slot, folded text)` in slot order.
    pub fn build<'a>(texts: impl Iterator<Item = (u32, &'a str)>) -> Self {
        // Borrowed keys while counting: only distinct words are allocated. A million posts
        // make tens of millions of lookups here: a fast hash (foldhash) counts.
        let mut slots_by_word: HashMap<&str, Vec<u32>, foldhash::fast::RandomState> =
            HashMap::default();
        for (slot, text) in texts {
            for token in tokens(text) {
                let slots = slots_by_word.entry(token).or_default();
                if slots.last() != Some(&slot) {
                    slots.push(slot);
                }
            }
        }
        Self {
            slots_by_word: slots_by_word
                .into_iter()
                .map(|(word, slots)| (Box::from(word), slots))
                .collect(),
        }
    }

    pub fn add(&mut self, slot: u32, folded: &str) {
        for token in tokens(folded) {
            let slots = match self.slots_by_word.get_mut(token) {
                Some(slots) => slots,
                None => self.slots_by_word.entry(Box::from(token)).or_default(),
            };
            if let Err(at) = slots.binary_search(&slot) {
                slots.insert(at, slot);
            }
        }
    }

    /// Takes `slot` out of the words of `folded`, the text it held.
    pub fn remove(&mut self, slot: u32, folded: &str) {
        for token in tokens(folded) {
            let Some(slots) = self.slots_by_word.get_mut(token) else {
                continue;
            };
            if let Ok(at) = slots.binary_search(&slot) {
                slots.remove(at);
            }
            if slots.is_empty() {
                self.slots_by_word.remove(token);
            }
        }
    }

    /// How many (word, slot) pairs the index holds.
    pub fn pairs(&self) -> usize {
        self.slots_by_word.values().map(Vec::len).sum()
    }

    /// The slots that may hold every one of `words` (a superset; callers check), through
    /// the rarest word; `None` when even that word begins more than [`CANDIDATES_MAX`]
    /// words' worth of slots, or when there are no words.
    pub fn candidates(&self, words: &[String]) -> Option<Vec<u32>> {
        let rarest = words
            .iter()
            .filter_map(|word| self.slots_beginning(word))
            .min_by_key(Vec::len)?;
        let mut slots = rarest;
        slots.sort_unstable();
        slots.dedup();
        Some(slots)
    }

    /// The slots of every word that begins with `prefix`, unless there are too many.
    fn slots_beginning(&self, prefix: &str) -> Option<Vec<u32>> {
        let mut found = Vec::new();
        let range = self.slots_by_word.range::<str, _>((
            std::ops::Bound::Included(prefix),
            std::ops::Bound::Unbounded,
        ));
        for (word, slots) in range {
            if !word.starts_with(prefix) {
                break;
            }
            if found.len() + slots.len() > CANDIDATES_MAX {
                return None;
            }
            found.extend_from_slice(slots);
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn removing_a_text_takes_its_words_out_and_edits_do_not_grow_the_index() {
        let mut index = super::WordIndex::build([(0, "briques rouges"), (1, "tuiles")].into_iter());
        let before = index.pairs();
        for round in 0..100 {
            let (old, new) = if round % 2 == 0 {
                ("briques rouges", "briques rouges de lens")
            } else {
                ("briques rouges de lens", "briques rouges")
            };
            index.remove(0, old);
            index.add(0, new);
            index.add(2, "poutres");
            index.remove(2, "poutres");
        }
        assert_eq!(index.pairs(), before);
        index.remove(0, "briques rouges");
        index.remove(1, "tuiles");
        assert_eq!(index.pairs(), 0);
        assert!(index.slots_by_word.is_empty());
    }

    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_search_word_matches_the_beginning_of_a_word() {
        let text = "briques pleines, beton-arme 20x30";
        assert!(contains_words(text, &words(&["brique"])));
        assert!(contains_words(text, &words(&["arme", "beton", "20x"])));
        assert!(!contains_words(text, &words(&["ique"])));
        assert!(!contains_words(text, &words(&["brique", "tuile"])));
        assert!(contains_words(text, &[]));
    }

    #[test]
    fn the_index_finds_through_the_rarest_word_and_gives_up_on_common_ones() {
        let texts: Vec<String> = (0..CANDIDATES_MAX as u32 + 10)
            .map(|slot| match slot {
                3 => "briques rouges".to_owned(),
                7 => "tuiles rouges".to_owned(),
                _ => format!("briques lot {slot}"),
            })
            .collect();
        let mut index = WordIndex::build(
            texts
                .iter()
                .enumerate()
                .map(|(s, t)| (s as u32, t.as_str())),
        );
        assert_eq!(index.candidates(&words(&["rouge"])), Some(vec![3, 7]));
        assert_eq!(
            index.candidates(&words(&["brique", "rouge"])),
            Some(vec![3, 7])
        );
        assert_eq!(index.candidates(&words(&["zzzzqqq"])), Some(vec![]));
        assert_eq!(index.candidates(&words(&["brique"])), None);
        assert_eq!(index.candidates(&[]), None);
        index.add(3, "ardoises rouges");
        index.add(99_999, "ardoises");
        assert_eq!(
            index.candidates(&words(&["ardoise"])),
            Some(vec![3, 99_999])
        );
        assert_eq!(index.candidates(&words(&["rouges"])), Some(vec![3, 7]));
    }
}
