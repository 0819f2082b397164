//! Small pieces of wording that messages share: counts written with
//! thousands separators.

/// `n` with a comma every three digits: `60,000,000`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `n` and the noun in the singular or the plural: `1 character`,
/// `60,000,000 characters`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(39_900), "39,900");
        assert_eq!(count(60_000_000), "60,000,000");
        assert_eq!(counted(1, "error", "errors"), "1 error");
        assert_eq!(counted(1200, "error", "errors"), "1,200 errors");
    }
}
