//! "Did you mean" hints for many names against one candidate list (the ids of a folder), without comparing each
//! name with every candidate.
//!
//! [`closest`](crate::diagnostic::closest) over `N` candidates costs `N` edit distances per name, so a folder of
//! `N` revisions with `N` dangling references cost `N²` of them (8,000 took about a minute). [`Suggester`] gives
//! the same answers from an index: a prefix by binary search over the sorted candidates, and edit distances only
//! for the candidates that share enough character pairs (bigrams) with the name to be within the limit at all.
//! Ukkonen's q-gram lemma makes that filter exact: `k` edits destroy at most `2k` of a string's bigrams, so two
//! strings within edit distance `k` share at least `max(len) - 1 - 2k` bigrams.
//!
//! The filter still visits a share of the candidates per name (ids drawn from 16 hex digits share bigrams
//! often), so the work stays proportional to names × candidates, with a small factor. To keep a folder's
//! validation linear in its size, only the first [`MAX_NAMES`] names get a hint; a folder with more dangling
//! references than that was not mistyped, and the rest get the plain help.

use std::collections::HashMap;

/// How many names get a hint (see the module docs).
pub(crate) const MAX_NAMES: usize = 1_000;

/// An index over a sorted candidate list, answering what `closest(name, candidates)` answers.
pub(crate) struct Suggester<'a> {
    /// The candidates, sorted: their order breaks ties, as the iteration order does for `closest`.
    sorted: Vec<&'a str>,
    /// Each candidate's characters.
    chars: Vec<Box<[char]>>,
    /// The candidates of each length, for the short names the bigram filter cannot narrow.
    by_length: HashMap<usize, Vec<u32>>,
    /// For each bigram, the candidates holding it and how many times.
    postings: HashMap<(char, char), Vec<(u32, u32)>>,
    /// Shared-bigram counts of the current name, per candidate (reset after each name).
    counts: Vec<u32>,
    touched: Vec<u32>,
    /// The edit-distance row, kept from one comparison to the next.
    row: Vec<usize>,
    /// How many more names get a hint.
    names_left: usize,
}

impl<'a> Suggester<'a> {
    /// Indexes `candidates`, which must be sorted (and are the order ties are broken in).
    pub(crate) fn new(sorted: Vec<&'a str>) -> Suggester<'a> {
        debug_assert!(sorted.is_sorted());
        let mut chars = Vec::with_capacity(sorted.len());
        let mut by_length: HashMap<usize, Vec<u32>> = HashMap::new();
        let mut postings: HashMap<(char, char), Vec<(u32, u32)>> = HashMap::new();
        for (index, candidate) in sorted.iter().enumerate() {
            let index = index as u32;
            let own: Box<[char]> = candidate.chars().collect();
            by_length.entry(own.len()).or_default().push(index);
            chars.push(own);
            for (bigram, count) in bigrams(candidate) {
                postings.entry(bigram).or_default().push((index, count));
            }
        }
        let counts = vec![0; sorted.len()];
        Suggester {
            sorted,
            chars,
            by_length,
            postings,
            counts,
            touched: Vec::new(),
            row: Vec::new(),
            names_left: MAX_NAMES,
        }
    }

    /// The candidate closest to `wanted`: the first (in sorted order) that `wanted` is a prefix of, when
    /// `wanted` has at least 4 characters; else the one at the smallest edit distance within a third of
    /// `wanted`'s length, ties going to the first. Exactly what `closest` answers over the sorted list, for
    /// the first [`MAX_NAMES`] names asked about; `None` after that.
    pub(crate) fn closest(&mut self, wanted: &str) -> Option<&'a str> {
        if self.names_left == 0 {
            return None;
        }
        self.names_left -= 1;
        if wanted.len() >= 4 {
            let at = self.sorted.partition_point(|c| *c < wanted);
            if let Some(hit) = self.sorted.get(at).filter(|c| c.starts_with(wanted)) {
                return Some(hit);
            }
        }
        let limit = (wanted.len() / 3).max(1);
        let wanted_chars: Vec<char> = wanted.chars().collect();
        let length = wanted_chars.len();
        let lengths = length.saturating_sub(limit)..=length + limit;
        let mut best: Option<(usize, u32)> = None;
        let consider = |index: u32, best: &mut Option<(usize, u32)>, row: &mut Vec<usize>| {
            let theirs = &self.chars[index as usize];
            if let Some(distance) = distance_within(&wanted_chars, theirs, limit, row)
                && best.is_none_or(|b| (distance, index) < b)
            {
                *best = Some((distance, index));
            }
        };
        // Candidates so short that the bigram bound says nothing: compare them all.
        for candidate_length in lengths.clone() {
            if length.max(candidate_length) <= 1 + 2 * limit
                && let Some(indexes) = self.by_length.get(&candidate_length)
            {
                for &index in indexes {
                    consider(index, &mut best, &mut self.row);
                }
            }
        }
        // The others: only those sharing enough bigrams.
        for (bigram, count) in bigrams(wanted) {
            for &(index, theirs) in self.postings.get(&bigram).map_or(&[][..], Vec::as_slice) {
                let slot = &mut self.counts[index as usize];
                if *slot == 0 {
                    self.touched.push(index);
                }
                *slot += count.min(theirs);
            }
        }
        for index in std::mem::take(&mut self.touched) {
            let shared = std::mem::take(&mut self.counts[index as usize]) as usize;
            let candidate_length = self.chars[index as usize].len();
            let longest = length.max(candidate_length);
            if lengths.contains(&candidate_length)
                && longest > 1 + 2 * limit
                && shared + 2 * limit + 1 >= longest
            {
                consider(index, &mut best, &mut self.row);
            }
        }
        best.map(|(_, index)| self.sorted[index as usize])
    }
}

/// The Levenshtein distance of `a` and `b` when it is at most `limit`, else `None`; stops as soon as a whole row
/// of the table exceeds the limit (row minima never decrease, so the distance would too).
fn distance_within(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            smallest = smallest.min(row[j + 1]);
            diagonal = above;
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

/// The bigrams of `text` with how many times each occurs.
fn bigrams(text: &str) -> Vec<((char, char), u32)> {
    let mut pairs: Vec<(char, char)> = text.chars().zip(text.chars().skip(1)).collect();
    pairs.sort_unstable();
    let mut out: Vec<((char, char), u32)> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match out.last_mut() {
            Some((last, count)) if *last == pair => *count += 1,
            _ => out.push((pair, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::closest;
    use proptest::prelude::*;

    fn same_as_closest(candidates: &[String], names: &[String]) {
        let mut sorted: Vec<&str> = candidates.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut suggester = Suggester::new(sorted.clone());
        for name in names {
            assert_eq!(
                suggester.closest(name),
                closest(name, sorted.iter().copied()),
                "{name:?} among {sorted:?}"
            );
        }
    }

    #[test]
    fn answers_as_closest_does() {
        let ids: Vec<String> = [
            "1a2b3c4d5e6f",
            "9f8e7d6c5b4a",
            "abcd1234",
            "ab",
            "a",
            "abc_def",
        ]
        .map(String::from)
        .to_vec();
        let names: Vec<String> = [
            "1a2b3c4d5e6e",
            "9f8e",
            "zzzzzzzz",
            "abcd1243",
            "b",
            "ab",
            "abd",
            "abcdef",
            "1a2b",
            "",
        ]
        .map(String::from)
        .to_vec();
        same_as_closest(&ids, &names);
    }

    #[test]
    fn only_the_first_names_get_a_hint() {
        let mut suggester = Suggester::new(vec!["abcd1234"]);
        for _ in 0..MAX_NAMES {
            assert_eq!(suggester.closest("abcd1243"), Some("abcd1234"));
        }
        assert_eq!(suggester.closest("abcd1243"), None);
    }

    proptest! {
        #[test]
        fn answers_as_closest_does_on_random_names(
            candidates in proptest::collection::vec("[ab1_]{0,9}", 0..40),
            names in proptest::collection::vec("[ab1_]{0,10}", 1..20),
        ) {
            same_as_closest(&candidates, &names);
        }

        #[test]
        fn answers_as_closest_does_on_long_names(
            candidates in proptest::collection::vec("[abc]{6,16}", 0..60),
            names in proptest::collection::vec("[abc]{4,18}", 1..20),
        ) {
            same_as_closest(&candidates, &names);
        }
    }
}
