//! Small helpers every stage shares: nothing here depends on another module of grclint.

/// The known name closest to a misspelt one, when it is close enough to be a typo.
pub fn closest(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4) && *d < k.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}
