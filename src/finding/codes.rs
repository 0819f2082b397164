//! Codes of findings that no rule wrote (a report that is not YAML, a
//! value of the wrong type, a suppression that silenced nothing), and
//! [`TABLE`](crate::finding::codes::TABLE), the one description of each: `pilotlint explain CODE` prints
//! it, and a test (tests/docs.rs) holds grammar.md's table "Findings that
//! no rule wrote" to it row by row.

use crate::syntax::ast::Severity;

/// The report is not valid YAML, or not UTF-8.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// The report may be valid YAML but is over one of the loader's limits
/// (nesting depth, alias expansion, number of documents or values).
pub const YAML_LIMIT: &str = "yaml-limit";
/// The report is YAML 1.2 that a YAML 1.1 reader (PyYAML) reads
/// otherwise: a Unicode line separator, a number such as `0110`, a
/// `!!merge` tag on a key other than `<<`.
pub const YAML_AMBIGUOUS: &str = "yaml-ambiguous";
/// The report holds a character that shows as nothing (a zero-width
/// space, a bidirectional override), or a key or value one written as an
/// escape: `Changchun` and `Changchun` with one read alike and compare
/// differently.
pub const INVISIBLE_CHARACTER: &str = "invisible-character";
/// The report file is larger than `--max-file-size`; it is not read.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// The path named as a report is not a regular file (a FIFO, a socket,
/// a device): it is not opened, since reading it could block or never
/// end. In a gate, also a symbolic link to nothing, which a walk outside
/// a gate passes over with a note.
pub const NOT_A_FILE: &str = "not-a-file";
/// A symbolic link whose target is outside the tree a gate checks: not
/// read, so a submission cannot make the gate show a runner's files.
pub const OUTSIDE_TREE: &str = "outside-tree";
/// A symbolic link to a directory in the tree a gate checks: not
/// followed, and not passed over either (the reports it leads to would go
/// unchecked).
pub const LINKED_DIRECTORY: &str = "linked-directory";
/// An ordering comparison (`<`, `>=`, ...) between values that have no
/// common order, such as a date and a number.
pub const INCOMPARABLE: &str = "incomparable";
/// A value of the wrong type where a rule needs a specific one (a filter
/// over something that is not a list, arithmetic on a string).
pub const TYPE_MISMATCH: &str = "type-mismatch";
/// A `matches` pattern that is not a literal of the rule (a report
/// value, or built from one) is not a valid regular expression, or is
/// over the size limits; it points where the pattern came from.
pub const INVALID_PATTERN: &str = "invalid-pattern";
/// Evaluation exceeded its work budget.
pub const EVAL_LIMIT: &str = "eval-limit";
/// The file holds no YAML document, or only empty ones: nothing to check
/// is not a report that passed.
pub const EMPTY_REPORT: &str = "empty-report";
/// The findings of a report beyond what the front end shows of one
/// (`--max-findings`): one info note saying how many more there are.
pub const FINDINGS_NOT_SHOWN: &str = "findings-not-shown";
/// A `# pilotlint: ignore[...]` comment that silenced no finding
/// (a warning).
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
/// A `# pilotlint:` comment that cannot be read as a suppression: no
/// reason, an unknown rule, bad syntax (a warning; it silences nothing).
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

/// An entry of the baseline (`--baseline FILE`) that no finding of the
/// run matched: the finding it recorded is gone, and the baseline can
/// shrink (an info note).
pub const UNUSED_BASELINE: &str = "unused-baseline";

/// Whether `code` is about a suppression (a comment, or an entry of a
/// baseline): such a finding sits beside the rules' findings, while the
/// other rule-less ones (a file that is not YAML, too large, empty) mean
/// no rule checked the file.
pub fn is_suppression(code: &str) -> bool {
    code == UNUSED_SUPPRESSION || code == INVALID_SUPPRESSION || code == UNUSED_BASELINE
}

/// What a code means, for `explain` and the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeDoc {
    pub code: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// A title, like a rule's: one lowercase phrase.
    pub title: &'static str,
    /// When it is written, in grammar.md's words (Markdown: backticks, no
    /// links): the "when" column of its table.
    pub when: &'static str,
}

/// Every code, in grammar.md's order.
pub const TABLE: &[CodeDoc] = &[
    CodeDoc {
        code: YAML_SYNTAX,
        severity: Severity::Error,
        title: "the report is not valid YAML",
        when: "the report is not valid YAML (or not UTF-8); it points at the line and column the YAML parser gives, and the other files are still checked",
    },
    CodeDoc {
        code: EMPTY_REPORT,
        severity: Severity::Error,
        title: "the file holds no report",
        when: "the file holds no YAML document, or only empty ones",
    },
    CodeDoc {
        code: YAML_LIMIT,
        severity: Severity::Error,
        title: "the report is over one of the YAML safety limits",
        when: "the report exceeds a YAML safety limit: nesting deeper than 64 levels, more than 250,000 values once aliases are expanded (a \"billion laughs\"), more than 1,024 documents, or too many anchors, events or bytes of text",
    },
    CodeDoc {
        code: YAML_AMBIGUOUS,
        severity: Severity::Error,
        title: "the report reads differently to a YAML 1.1 reader",
        when: "the report holds what a YAML 1.1 reader such as PyYAML reads otherwise than YAML 1.2: U+0085, U+2028 or U+2029 (a line break there, inside a comment or a text here), a number such as `0110` (octal there), `0o17` or `1e3` (texts there), a `!!merge` tag on a key other than `<<`, an alias of a merge key `<<` or `! <<` (merges there), a `!!binary` value (bytes there), or a scalar under the non-specific tag `!` that PyYAML reads as null, a boolean or a number (`! null`, `! '122'`: it reads such a scalar as if it were plain); the report is not checked, so what a gate passes is what every reader sees",
    },
    CodeDoc {
        code: INVISIBLE_CHARACTER,
        severity: Severity::Error,
        title: "the report holds a character that shows as nothing",
        when: "the report holds a character that shows as nothing or reorders text (Unicode's default-ignorable code points and bidirectional controls: a soft hyphen, zero-width characters and joiners, variation selectors, tag characters, Hangul fillers, bidirectional marks, overrides and isolates, U+FEFF other than a byte order mark), anywhere, a comment included, or a key or value holds one written as an escape, or a control character other than a tab or a line break written as an escape (`\\e`, `\\u0007`): two names that read alike would compare differently, so a report could seem to be about an area, or a measure, that it is not; the report is not checked",
    },
    CodeDoc {
        code: FILE_TOO_LARGE,
        severity: Severity::Error,
        title: "the file is larger than `--max-file-size`",
        when: "the file is larger than `--max-file-size` (64 MiB unless set); it is not read",
    },
    CodeDoc {
        code: NOT_A_FILE,
        severity: Severity::Error,
        title: "the path is not a regular file",
        when: "the path named as a report, or found by the walk, is not a regular file (a FIFO, a socket, a device); it is never opened, since reading it could block or never end. In a gate, also a symbolic link to nothing or a loop of links, which a gate cannot pass over",
    },
    CodeDoc {
        code: OUTSIDE_TREE,
        severity: Severity::Error,
        title: "a link leads outside the tree a gate checks",
        when: "under `--gate`, a symbolic link whose target is outside the checked tree; it is never read, so a submission cannot make a gate show a runner's files",
    },
    CodeDoc {
        code: LINKED_DIRECTORY,
        severity: Severity::Error,
        title: "a gate does not follow a link to a directory",
        when: "under `--gate`, a symbolic link to a directory in the checked tree that the gate's `exclude` does not name; a gate does not follow it, and says so rather than leave the reports it leads to unchecked",
    },
    CodeDoc {
        code: FINDINGS_NOT_SHOWN,
        severity: Severity::Info,
        title: "a report has more findings than are shown",
        when: "a report has more findings than `--max-findings` (1,000 unless set); the rest are not shown, but count in the summary and the exit status",
    },
    CodeDoc {
        code: INCOMPARABLE,
        severity: Severity::Error,
        title: "an ordering between values that have no common order",
        when: "an ordering (`<`, `>=`, ...) between values with no common order, e.g. a date and a number; it names the rule it happened in and replaces that `require`'s finding. A value written like a date but that is none, used as a date, says why, on that value: \"`2021-02-30` is not a date: February 2021 has 28 days\", \"`20211231` is not a date\" (help: write dates as YYYY-MM-DD)",
    },
    CodeDoc {
        code: TYPE_MISMATCH,
        severity: Severity::Error,
        title: "a value of the wrong kind where a rule needs another",
        when: "a value of the wrong kind where the rule needs another (a filter over a text, `xs.f` on a list, a division by zero)",
    },
    CodeDoc {
        code: INVALID_PATTERN,
        severity: Severity::Error,
        title: "a pattern that is not written in the rule is not a valid regular expression",
        when: "the pattern of a `matches` that is not written in the rule (a report value, or built from one) is not a valid regular expression, or compiles to more than 1 MiB; it points where the pattern came from, and its help says what is wrong",
    },
    CodeDoc {
        code: EVAL_LIMIT,
        severity: Severity::Error,
        title: "a rule did too much work on one report",
        when: "one rule did more than 5,000,000 steps of work on one report; the rule stops there and the next rule runs. Compiling a pattern that is not written in the rule counts as 100,000 steps and 100 more per byte of the pattern",
    },
    CodeDoc {
        code: UNUSED_SUPPRESSION,
        severity: Severity::Warning,
        title: "a suppression comment that silenced nothing",
        when: "a `# pilotlint: ignore[RULE] reason` comment that silenced no finding of RULE on its line (or the next, for a comment on a line of its own), or an `ignore-file[RULE]` with no finding of RULE in the file; it points at the comment, or at the id when the comment names several",
    },
    CodeDoc {
        code: INVALID_SUPPRESSION,
        severity: Severity::Warning,
        title: "a comment that cannot be read as a suppression",
        when: "a `# pilotlint:` comment that cannot be read as a suppression: no reason, an unknown rule id, bad syntax; it silences nothing",
    },
    CodeDoc {
        code: UNUSED_BASELINE,
        severity: Severity::Info,
        title: "a baseline entry that no finding matched",
        when: "an entry of the baseline (`check --baseline FILE`) that no finding of its file matched: the finding it recorded is gone, and writing the baseline again shrinks it; about the file as a whole, after the other findings, and it never changes the exit status (README, \"A baseline\")",
    },
];

/// The description of `code`, matched in any case (`YAML-Syntax`).
pub fn doc(code: &str) -> Option<&'static CodeDoc> {
    TABLE.iter().find(|d| d.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_in_any_case_and_named_once() {
        assert_eq!(doc("YAML-syntax").map(|d| d.code), Some(YAML_SYNTAX));
        assert_eq!(
            doc("unused-suppression").map(|d| d.severity),
            Some(Severity::Warning)
        );
        assert!(doc("STP001").is_none());
        for (i, d) in TABLE.iter().enumerate() {
            assert!(
                TABLE[..i].iter().all(|e| e.code != d.code),
                "{} twice",
                d.code
            );
        }
    }
}
