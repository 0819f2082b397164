//! The markdown format (`--format markdown`): a summary for a CI job
//! (GitHub's `$GITHUB_STEP_SUMMARY`) or a merge-request comment. It says
//! the verdict, counts per rule how many files it passed, failed, did not
//! apply to and could not evaluate (with its findings), then lists the
//! reports with findings that fail the run (`--fail-on`) with their first
//! findings, each linked to its file and line, and stops past
//! [`MAX_REPORTS`] reports and [`MAX_FINDINGS`] findings a report with a
//! count of the rest: a job summary is for a glance (GitHub takes at most
//! 1 MiB of one), the dashboard (`--format html`) has everything.
//!
//! Every value from a report or a file name is escaped, so a message with
//! `<script>`, `|` or `*` shows those characters (`escape`). Links are
//! relative to the repository's root, or, given a base ([`Markdown::new`]:
//! the front end makes one from GitHub's variables), absolute. The text is
//! the same whatever the number of threads, and only the listed reports'
//! lines are kept until the end.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use super::{Output, Place, Summary, plural};
use crate::CheckedReport;
use crate::eval::Outcome;
use crate::rules::RuleMeta;
use crate::syntax::ast::Severity;

/// The most reports listed with their findings.
pub const MAX_REPORTS: usize = 20;
/// The most findings listed of one report.
pub const MAX_FINDINGS: usize = 3;

/// The summary, written at the end of the run.
pub struct Markdown {
    rules: Vec<Arc<RuleMeta>>,
    fail_on: Option<Severity>,
    /// Prefixed to a relative file path to link to it (`https://.../blob/SHA/`).
    link_base: Option<String>,
    /// By rule index: files per outcome (passed, failed, not applicable,
    /// not evaluated) and findings.
    counts: Vec<([usize; 4], usize)>,
    /// Findings no rule wrote (`yaml-syntax`), by code.
    codes: std::collections::BTreeMap<String, usize>,
    set: Option<Vec<Outcome>>,
    /// The lines of the reports listed, and how many more fail.
    listed: Vec<String>,
    not_listed: usize,
}

impl Markdown {
    /// `rules` is every rule of the run; `fail_on` the least severity that
    /// fails it (`None`: never); `link_base` what turns a relative path into
    /// a link, ending in `/` (none: links relative to the page).
    pub fn new(
        rules: Vec<Arc<RuleMeta>>,
        fail_on: Option<Severity>,
        link_base: Option<String>,
    ) -> Self {
        Markdown {
            counts: vec![([0; 4], 0); rules.len()],
            rules,
            fail_on,
            link_base,
            codes: Default::default(),
            set: None,
            listed: Vec::new(),
            not_listed: 0,
        }
    }

    fn fails(&self, s: Severity) -> bool {
        self.fail_on.is_some_and(|least| s >= least)
    }

    /// `name:line` as a link to that line, or as text when the path is not
    /// one a repository link can name (absolute, or above the root).
    fn link(&self, name: &str, line: Option<usize>) -> String {
        let shown = match line {
            Some(l) => format!("{name}:{l}"),
            None => name.to_string(),
        };
        let relative =
            !name.starts_with('/') && !name.starts_with("..") && !name.contains(':') && name != "-";
        if !relative {
            return format!("`{}`", code(&shown));
        }
        let path = name.strip_prefix("./").unwrap_or(name);
        let target = format!(
            "{}{}{}",
            self.link_base.as_deref().unwrap_or(""),
            url_path(path),
            line.map_or(String::new(), |l| format!("#L{l}"))
        );
        format!("[`{}`]({target})", code(&shown))
    }
}

impl Output for Markdown {
    fn set_outcomes(&mut self, outcomes: &[Outcome]) {
        self.set = Some(outcomes.to_vec());
    }

    fn report(&mut self, _w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        if !report.set {
            for (m, (c, _)) in self.rules.iter().zip(self.counts.iter_mut()) {
                if !m.set {
                    let o = report
                        .outcomes
                        .get(m.index)
                        .copied()
                        .unwrap_or(Outcome::NotEvaluated);
                    c[slot(o)] += 1;
                }
            }
        }
        for f in &report.findings {
            match f
                .rule
                .as_ref()
                .and_then(|r| self.counts.get_mut(r.meta.index))
            {
                Some((_, n)) => *n += 1,
                None => *self.codes.entry(f.code.clone()).or_default() += 1,
            }
        }
        let failing: Vec<_> = report
            .findings
            .iter()
            .filter(|f| self.fails(f.severity))
            .collect();
        if failing.is_empty() {
            return Ok(());
        }
        if self.listed.len() >= MAX_REPORTS {
            self.not_listed += 1;
            return Ok(());
        }
        let mut item = String::new();
        let about: Vec<String> = report
            .facts
            .iter()
            .filter_map(|f| {
                let area = f.area.as_deref()?;
                Some(match f.period() {
                    Some(p) => format!("{}, {}", text(area), text(&p)),
                    None => text(area),
                })
            })
            .collect();
        let _ = write!(item, "- {}", self.link(&report.name, None));
        if !about.is_empty() {
            let _ = write!(item, " ({})", about.join("; "));
        }
        if report.set {
            item.push_str(", rules across reports");
        }
        let _ = writeln!(item, ": {}", counts_of(&failing));
        for f in failing.iter().take(MAX_FINDINGS) {
            let place = Place::of(report, f);
            let line = f.span.map(|s| place.at(s.start).line);
            let _ = writeln!(
                item,
                "  - **{}** `{}` {}: {}",
                f.severity,
                code(f.rule_id()),
                self.link(place.name, line),
                message(&f.message)
            );
        }
        if failing.len() > MAX_FINDINGS {
            let rest = failing.len() - MAX_FINDINGS;
            let _ = writeln!(
                item,
                "  - and {rest} more {}",
                if rest == 1 { "finding" } else { "findings" }
            );
        }
        self.listed.push(item);
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let least = self.fail_on.map_or("never".to_string(), |l| l.to_string());
        let failing = s.at_or_above(self.fail_on);
        let mut out = String::new();
        let verdict = if !s.failures.is_empty() {
            "? incomplete: pilotlint could not check everything (exit status 2)".to_string()
        } else if failing > 0 {
            format!(
                "✗ not accepted: {} at or above `{least}` (exit status 1)",
                plural(failing, "finding", "findings")
            )
        } else {
            format!("✓ accepted: no finding at or above `{least}` (exit status 0)")
        };
        let _ = writeln!(out, "## pilotlint: {verdict}\n\n{}\n", text(&s.line()));
        for f in &s.failures {
            let path = f
                .path
                .as_deref()
                .map_or(String::new(), |p| format!("`{}`: ", code(p)));
            let _ = writeln!(out, "- {path}{}", text(&f.message));
        }
        if !s.failures.is_empty() {
            out.push('\n');
        }
        out.push_str(
            "| rule | what it checks | ✓ passed | ✗ failed | – not applicable | ? not evaluated | findings |\n\
             |---|---|---:|---:|---:|---:|---:|\n",
        );
        for (m, (c, n)) in self.rules.iter().zip(&self.counts) {
            let c = if m.set {
                // Judged once for the set: one outcome, in its column.
                let mut one = [0; 4];
                if let Some(o) = self.set.as_ref().and_then(|o| o.get(m.index)) {
                    one[slot(*o)] = 1;
                }
                one
            } else {
                *c
            };
            let title = if m.set {
                format!("{} (across reports)", text(&m.title))
            } else {
                text(&m.title)
            };
            let _ = writeln!(
                out,
                "| `{}` | {title} | {} | {} | {} | {} | {n} |",
                code(&m.id),
                c[0],
                c[1],
                c[2],
                c[3]
            );
        }
        for (c, n) in &self.codes {
            let _ = writeln!(
                out,
                "| `{}` | no rule: see `pilotlint explain {}` | | | | | {n} |",
                code(c),
                code(c)
            );
        }
        if !self.listed.is_empty() {
            let _ = writeln!(out, "\n### Reports that fail the run\n");
            for item in &self.listed {
                out.push_str(item);
            }
            if self.not_listed > 0 {
                let _ = writeln!(
                    out,
                    "\nand {} more {}: `pilotlint check --format html` shows every finding.",
                    self.not_listed,
                    if self.not_listed == 1 {
                        "report file"
                    } else {
                        "report files"
                    }
                );
            }
        }
        w.write_all(out.as_bytes())
    }
}

fn slot(o: Outcome) -> usize {
    match o {
        Outcome::Passed => 0,
        Outcome::Failed => 1,
        Outcome::Skipped => 2,
        Outcome::NotEvaluated => 3,
    }
}

/// "2 errors, 1 warning" of `findings`.
fn counts_of(findings: &[&crate::finding::Finding]) -> String {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        (n(Severity::Error), "error", "errors"),
        (n(Severity::Warning), "warning", "warnings"),
        (n(Severity::Info), "info", "infos"),
    ]
    .into_iter()
    .filter(|(k, _, _)| *k > 0)
    .map(|(k, one, many)| plural(k, one, many))
    .collect();
    parts.join(", ")
}

/// Markdown text that shows `s` as it is, within a line (never at its
/// start, where `-` or `#` would mean something): on one line, every
/// character markdown or HTML gives a meaning to there escaped with a
/// backslash, control characters as U+FFFD.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A finding's message, whose values are in backticks (the messages'
/// convention), with those values as code spans and the rest as [`text`].
/// A value holding a backtick of its own only shifts what is shown as
/// code: both parts are escaped for what they are.
pub fn message(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let parts: Vec<&str> = s.split('`').collect();
    // An odd number of backticks leaves the last part outside any span.
    let paired = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && (paired || i + 1 < parts.len()) && !part.is_empty() {
            let _ = write!(out, "`{}`", code(part));
        } else if i % 2 == 1 {
            out.push_str("\\`");
            out.push_str(&text(part));
        } else {
            out.push_str(&text(part));
        }
    }
    out
}

/// `s` for inside a code span: on one line, without backticks (which
/// would end it) or `|` (which would end a table cell).
fn code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' | '|' => '\'',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A file path for a link target: every byte but unreserved characters
/// and `/` percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Writes the summary of a whole run, failing on errors.
pub fn write(
    w: &mut dyn Write,
    rules: Vec<Arc<RuleMeta>>,
    reports: &[CheckedReport],
) -> io::Result<()> {
    super::write_all(
        &mut Markdown::new(rules, Some(Severity::Error), None),
        w,
        reports,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_keeps_one_line() {
        assert_eq!(
            text("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(text("a | *b*\nc\u{1b}"), "a \\| \\*b\\* c\u{fffd}");
        assert_eq!(message("id `<b>|x` is *bad*"), "id `<b>'x` is \\*bad\\*");
        // A lone backtick is text, not the start of a span.
        assert_eq!(message("a `b` c ` d"), "a `b` c \\` d");
        assert_eq!(text("武汉 مرحبا"), "武汉 مرحبا");
        assert_eq!(code("a`b|c"), "a'b'c");
        assert_eq!(url_path("r/武 a#.yaml"), "r/%E6%AD%A6%20a%23.yaml");
    }

    #[test]
    fn links_name_relative_paths_only() {
        let md = Markdown::new(Vec::new(), None, Some("https://h/o/r/blob/abc/".into()));
        assert_eq!(
            md.link("./r/a.yaml", Some(3)),
            "[`./r/a.yaml:3`](https://h/o/r/blob/abc/r/a.yaml#L3)"
        );
        assert_eq!(md.link("/tmp/a.yaml", Some(3)), "`/tmp/a.yaml:3`");
        assert_eq!(md.link("builtin:national", None), "`builtin:national`");
    }
}
