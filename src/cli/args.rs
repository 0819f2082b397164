//! Flags shared by several commands, defined once with their docs (which
//! are the `--help`): `--color`, `--format`, `--fail-on`, and sizes such as
//! `--max-file-size 64M`.

use std::ffi::OsStr;

use clap::{Args, ValueEnum};
use pilotlint::syntax::ast::Severity;

/// `65536`, `64K`, `64M`, `1G` (powers of 1024; a trailing `B`, `iB` or
/// lowercase is accepted too).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    // `64MiB`, `64MB`, `64mb`, `1kb`: the `B` and `iB` in any case.
    let lower = t.to_ascii_lowercase();
    let t = if lower.ends_with("ib") && t.len() > 2 {
        &t[..t.len() - 2]
    } else if lower.ends_with('b') && t.len() > 1 {
        &t[..t.len() - 1]
    } else {
        t
    };
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, ' '),
    };
    let shift = match unit {
        ' ' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown unit in `{text}`: use K, M or G")),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as `65536` or `64M`"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// `67108864` -> `64 MiB`; sizes that are not whole KiB or MiB in bytes.
pub(crate) fn show_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the report and rule sources, and a summary line
    Human,
    /// One JSON document: {version: 1, findings: [...], results: [...], summary: {...}}
    Json,
    /// One line per finding, `file:line:col: severity[RULE] message`, then
    /// the summary line
    Concise,
    /// GitHub Actions workflow commands (`::error file=...::message`), which
    /// annotate the lines in the pull request
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis
    /// viewers
    Sarif,
    /// JUnit XML: a test suite per report file, a test case per rule
    Junit,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`), shown in
    /// merge requests
    Gitlab,
    /// A self-contained page for reviewers: the verdict, a matrix of
    /// reports and rules, implementation rates against 90%, every finding
    Html,
    /// A CI job summary (the file GITHUB_STEP_SUMMARY names) or
    /// merge-request comment: the verdict, counts per rule, the failing
    /// reports' first findings
    Markdown,
}

impl Format {
    /// `--format` if given; otherwise annotations when running in GitHub
    /// Actions (which sets GITHUB_ACTIONS=true), so a CI step needs no flag
    /// to put findings on the pull request, and the human format elsewhere.
    pub fn resolve(flag: Option<Format>, github_actions: Option<&OsStr>) -> Format {
        flag.unwrap_or(if github_actions == Some(OsStr::new("true")) {
            Format::Github
        } else {
            Format::Human
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors (default)
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
    /// Never fail because of findings (exit 2 still means pilotlint failed)
    Never,
}

impl FailOn {
    /// The least severity that fails; `None` for `never`.
    pub(crate) fn least(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    pub(crate) fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Error => s >= Severity::Error,
            FailOn::Warning => s >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// `--color`, shared by every command that prints diagnostics.
#[derive(Clone, Copy, Debug, Args)]
pub struct ColorArg {
    /// When to colour the output
    ///
    /// `auto` colours only when writing to a terminal and the NO_COLOR
    /// environment variable is unset or empty. Only diagnostics and diffs
    /// are coloured: the other formats (concise, JSON, SARIF, JUnit, ...)
    /// never are.
    #[arg(
        long = "color",
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        verbatim_doc_comment
    )]
    pub choice: ColorChoice,
}

impl ColorArg {
    pub(crate) fn enabled(self, is_terminal: bool) -> bool {
        self.choice.enabled(is_terminal)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is unset or empty
    Auto,
    /// Colour even when not writing to a terminal or when NO_COLOR is set
    Always,
    /// Never colour
    Never,
}

impl ColorChoice {
    pub(crate) fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_actions_picks_the_github_format_only_without_a_format_flag() {
        let on = Some(OsStr::new("true"));
        assert_eq!(Format::resolve(None, on), Format::Github);
        assert_eq!(Format::resolve(Some(Format::Json), on), Format::Json);
        assert_eq!(Format::resolve(Some(Format::Human), on), Format::Human);
        assert_eq!(Format::resolve(None, None), Format::Human);
        assert_eq!(
            Format::resolve(None, Some(OsStr::new("false"))),
            Format::Human
        );
    }

    #[test]
    fn sizes_are_bytes_or_powers_of_1024() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(64 * 1024));
        assert_eq!(parse_size("64M"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("2g"), Ok(2 * 1024 * 1024 * 1024));
        // Regression: the help says lowercase works, and `1kb` was refused.
        assert_eq!(parse_size("1kb"), Ok(1024));
        assert_eq!(parse_size("64mib"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("512b"), Ok(512));
        assert!(parse_size("64X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999G").is_err());
        assert_eq!(show_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(show_size(1536), "1536 bytes");
        assert_eq!(show_size(2048), "2 KiB");
    }

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Never.fails(Severity::Error));
    }
}
