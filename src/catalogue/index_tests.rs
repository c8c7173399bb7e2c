use super::{Located, SpatialIndex};

#[derive(Clone, Debug, PartialEq)]
struct Post {
    key: u128,
    at: (f64, f64),
    version: u8,
}

impl Located for Post {
    fn key(&self) -> u128 {
        self.key
    }
    fn position(&self) -> (f64, f64) {
        self.at
    }
    fn partition(&self) -> u16 {
        0
    }
    fn created_at(&self) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::default()
    }
}

fn post(key: u128, lat: f64, version: u8) -> Post {
    Post {
        key,
        at: (lat, 2.8),
        version,
    }
}

fn nearest_keys(index: &SpatialIndex<Post>) -> Vec<(u128, u8)> {
    let mut found = Vec::new();
    index.walk_nearest((50.0, 2.8), (0.0, 1000.0), &[0], |hit| {
        found.push((hit.item.key, hit.item.version));
        true
    });
    found
}

#[test]
fn parts_are_joined_and_a_row_read_twice_keeps_its_last_copy() {
    let first = vec![post(1, 50.0, 1), post(2, 50.1, 1)];
    // Row 2 moved while the table was read: the second part has it again, newer.
    let second = vec![post(3, 50.2, 1), post(2, 50.3, 2)];
    let index = SpatialIndex::build(1, vec![first, Vec::new(), second]);
    assert_eq!(index.len(), 3);
    assert_eq!(nearest_keys(&index), [(1, 1), (3, 1), (2, 2)]);

    index.upsert(post(4, 50.05, 1));
    index.upsert(post(1, 50.4, 2));
    index.remove(3);
    assert_eq!(nearest_keys(&index), [(4, 1), (2, 2), (1, 2)]);
    assert_eq!(index.get(2), Some(post(2, 50.3, 2)));
}
