//! Texts that stand for numbers. YAML loads `12.7%` as a string; the rule
//! language compares it as the fraction 0.127. The static checks and the
//! evaluator both read percentages here, so a rule file and a report agree
//! on what a percentage text is.

/// The fraction a text such as `12.7%` stands for (0.127).
pub fn parse_percent(s: &str) -> Option<f64> {
    let digits = s.trim().strip_suffix('%')?.trim_end();
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|c| c.is_ascii_digit() || b"+-.".contains(&c))
    {
        return None;
    }
    digits.parse::<f64>().ok().map(|f| f / 100.0)
}
