//! "Did you mean" suggestions: the nearest known name to a misspelt one.

/// The candidate closest to `name` by edit distance, when it is close enough
/// to be a likely typo (at most a third of the name's length, and at least 1).
/// Adjacent swaps count as one edit (`reuqire` is one edit from `require`):
/// the optimal string alignment distance of `strsim`.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = (length / 3).max(1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        // A length that differs by more than the limit is more edits away:
        // a huge name from a hostile input costs nothing to turn down.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let kw = ["require", "when", "each", "let", "severity"];
        assert_eq!(did_you_mean("requires", kw), Some("require"));
        assert_eq!(did_you_mean("reuqire", kw), Some("require"));
        assert_eq!(did_you_mean("sevrity", kw), Some("severity"));
        assert_eq!(did_you_mean("banana", kw), None);
        assert_eq!(did_you_mean("cout", ["count", "sum"]), Some("count"));
        assert_eq!(did_you_mean("REQUIRE", kw), Some("require"));
        assert_eq!(did_you_mean(&"x".repeat(100_000), kw), None);
    }
}
