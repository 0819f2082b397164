//! The words of the rule language: keywords, the keywords that open a
//! clause, and duration units. The lexer reads them, the parser matches
//! them and the error messages suggest them ("did you mean `require`?"),
//! so they live apart from all three.

/// Every reserved word: none of them can name a field or a `let`.
pub const KEYWORDS: &[&str] = &[
    "rule", "let", "severity", "help", "url", "tags", "when", "require", "by", "else", "each",
    "in", "and", "or", "not", "matches", "true", "false", "null", "error", "warning", "info", "if",
    "then", "for",
];

/// The keywords that start a clause inside a rule.
pub const CLAUSE_KEYWORDS: &[&str] = &[
    "require", "when", "each", "let", "severity", "help", "url", "tags",
];

/// The units of a duration (`10 days`).
pub const UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years",
];
