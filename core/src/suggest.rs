//! "did you mean …?" for misspelt names.

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase().replace('_', "-");
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.replace('_', "-")), *c))
        .filter(|(d, c)| *d <= c.len() / 3 + 1)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let words = [
            "no-transaction",
            "foreign-keys-off",
            "rerunnable",
            "replaces",
        ];
        assert_eq!(closest("no_transactions", &words), Some("no-transaction"));
        assert_eq!(closest("foreign-key-off", &words), Some("foreign-keys-off"));
        assert_eq!(closest("replace", &words), Some("replaces"));
        assert_eq!(
            closest("bsae", &["base", "migrations", "functions"]),
            Some("base")
        );
        assert_eq!(closest("totally-different", &words), None);
    }
}
