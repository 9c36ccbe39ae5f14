//! The map from revision ids (and branch labels) to nodes, with a hasher for short keys.
//!
//! Every start-up check looks up each applied revision once; with std's SipHash that was a third of the
//! check's time in process. The keys are the application's own revision ids and labels (1–64 ASCII
//! characters), so the map needs speed, not resistance to chosen collisions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Node;
use crate::revision::Text;

/// Revision ids (or labels) to nodes. The keys are the revisions' own texts, so an embedded table's (borrowed
/// from the binary) are not copied.
pub(crate) type IdMap = HashMap<Text, Node, BuildHasherDefault<IdHasher>>;

/// An empty [`IdMap`] with room for `capacity` keys.
pub(crate) fn id_map(capacity: usize) -> IdMap {
    IdMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// A multiply-rotate hash over 8-byte words (the scheme of rustc's `FxHasher`).
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut tail = [0; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> u64 {
        let mut hasher = IdHasher::default();
        hasher.write(text.as_bytes());
        hasher.finish()
    }

    #[test]
    fn lookups_and_distinct_hashes() {
        let mut map = id_map(3);
        for (node, id) in ["3f2a9c1b7d4e", "3f2a9c1b7d4f", "a"]
            .into_iter()
            .enumerate()
        {
            map.insert(id.into(), node as Node);
        }
        assert_eq!(map.get("3f2a9c1b7d4f"), Some(&1));
        assert_eq!(map.get("a"), Some(&2));
        assert_eq!(map.get("b"), None);
        // The tail's length is part of the hash: a key and the same key padded with NULs differ.
        assert_ne!(hash("ab"), hash("ab\0"));
        assert_ne!(hash("r0000001"), hash("r0000002"));
    }
}
