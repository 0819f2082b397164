//! `matches` patterns: every pattern, literal or computed, is compiled
//! here with the same limits. The regex crate matches in linear time; the
//! limits bound the memory a hostile or careless pattern can take.

/// Limit on the compiled size of one `matches` pattern (and on its lazy DFA).
/// The regex crate matches in linear time; this bounds the memory a hostile
/// or careless pattern such as `\w{1000}{1000}` can take.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compiles a `matches` pattern with the size limits every pattern gets. The
/// evaluator uses this too, for patterns that are not literals.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_regex_is_rejected_not_built() {
        // Far beyond 1 MiB once compiled; must fail fast instead of allocating.
        let err = compile_regex(r"\w{1000}{1000}").unwrap_err();
        assert!(matches!(err, regex::Error::CompiledTooBig(_)), "{err}");
        assert!(compile_regex(r"^XA-\d{3}$").is_ok());
    }
}
