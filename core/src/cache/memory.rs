//! The in-process cache: rust-analyzer keeps the macro loaded between
//! expansions, and one rustc process may expand several calls.

use std::sync::Mutex;

use super::key::Key;
use crate::expansion::Expansion;

/// How many expansions a process keeps.
const CAPACITY: usize = 16;

static EXPANSIONS: Mutex<Recent> = Mutex::new(Recent::new(CAPACITY));

/// The expansion stored under `key`.
pub fn get(key: &Key) -> Option<Expansion> {
    EXPANSIONS.lock().ok()?.get(key)
}

/// Stores `expansion` under `key`.
pub fn put(key: Key, expansion: Expansion) {
    if let Ok(mut map) = EXPANSIONS.lock() {
        map.put(key, expansion);
    }
}

/// Forgets every expansion.
pub fn clear() {
    if let Ok(mut map) = EXPANSIONS.lock() {
        map.entries.clear();
    }
}

/// At most `capacity` entries; the least recently used goes first.
struct Recent {
    capacity: usize,
    entries: Vec<(Key, Expansion)>,
}

impl Recent {
    const fn new(capacity: usize) -> Self {
        Recent {
            capacity,
            entries: Vec::new(),
        }
    }

    fn get(&mut self, key: &Key) -> Option<Expansion> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(i);
        let found = entry.1.clone();
        self.entries.push(entry);
        Some(found)
    }

    fn put(&mut self, key: Key, expansion: Expansion) {
        self.entries.retain(|(k, _)| *k != key);
        if self.entries.len() >= self.capacity {
            self.entries.remove(0);
        }
        self.entries.push((key, expansion));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expansion::Outcome;

    fn expansion(n: u8) -> Expansion {
        Expansion {
            tracked: vec![n.to_string()],
            outcome: Outcome::Errors(Vec::new()),
        }
    }

    #[test]
    fn keeps_the_most_recently_used_up_to_its_capacity() {
        let mut r = Recent::new(3);
        for i in 0..3 {
            r.put([i; 32], expansion(i));
        }
        assert_eq!(r.get(&[0; 32]), Some(expansion(0)));
        r.put([3; 32], expansion(3));
        assert_eq!(r.entries.len(), 3);
        assert_eq!(r.get(&[1; 32]), None, "least recently used: evicted");
        assert_eq!(r.get(&[0; 32]), Some(expansion(0)));
        r.put([3; 32], expansion(9));
        assert_eq!(r.get(&[3; 32]), Some(expansion(9)), "replaced, not doubled");
        assert_eq!(r.entries.len(), 3);
    }
}
