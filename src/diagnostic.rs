//! The one place that turns errors and findings into miette diagnostics.
//!
//! Rule errors (syntax and static checks), report findings and the front
//! end's own failures (a path that cannot be read) all become a [`Diag`]:
//! one struct implementing [`miette::Diagnostic`] that borrows the source
//! texts it points into, so rendering a thousand findings copies no file.
//! A finding's diagnostic labels the value in the report and carries the rule
//! clause that produced it as a related diagnostic with the rule file as its
//! own source (miette renders a related diagnostic with its own
//! `source_code`, falling back to the parent's only when it has none).

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan,
};

use crate::check::CheckError;
use crate::finding::Finding;
use crate::rules::RuleSource;
use crate::source::SourceText;
use crate::span::{LineIndex, Span};
use crate::syntax::SyntaxError;
use crate::syntax::ast::Severity;
use crate::{CheckedReport, RuleError, RuleErrors};

mod reuse;
mod source;

pub use reuse::{Rendered, render_reusing};
pub use source::Source;

/// Width of rendered diagnostics, fixed so output is the same on every
/// terminal and in every CI log.
pub const WIDTH: usize = 100;

/// A diagnostic ready to render: everything miette asks for, borrowed from
/// the rule set and the report it describes.
#[derive(Debug, Clone)]
pub struct Diag<'a> {
    pub message: String,
    pub code: Option<String>,
    pub severity: miette::Severity,
    pub help: Option<String>,
    pub url: Option<String>,
    pub source: Option<Source<'a>>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Diag<'a>>,
}

impl<'a> Diag<'a> {
    /// A diagnostic with only a message, of severity error.
    pub fn error(message: impl Into<String>) -> Self {
        Diag {
            message: message.into(),
            code: None,
            severity: miette::Severity::Error,
            help: None,
            url: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn in_source(mut self, name: &'a str, text: &'a str) -> Self {
        self.source = Some(Source {
            name,
            text,
            lines: None,
        });
        self
    }

    /// `self` in rule file `file`, with a primary label `text` at `span`;
    /// the file's line index keeps snippets of a long file cheap.
    pub fn label_in(mut self, file: &'a SourceText, span: Span, text: &str) -> Self {
        self.source = Some(Source {
            name: &file.name,
            text: &file.text,
            lines: Some(&file.lines),
        });
        self.label(span, Some(text.to_string()), true)
    }

    pub fn label(mut self, span: Span, text: Option<String>, primary: bool) -> Self {
        let span = clamp(span, self.source.map_or("", |s| s.text));
        self.labels.push(if primary {
            LabeledSpan::new_primary_with_span(text, span)
        } else {
            LabeledSpan::new_with_span(text, span)
        });
        self
    }
}

/// The diagnostic for one finding in `report`: the message and its label on
/// the report value, the finding's secondary labels, and (when a rule
/// produced it) the rule clause as a related diagnostic in the rule file.
/// The code is the finding's code: the rule id for a failed requirement.
pub fn finding<'a>(report: &'a CheckedReport, f: &'a Finding) -> Diag<'a> {
    // The file the finding's span is in: the report, or the data file or
    // other report it points into.
    let (name, text, lines): (&str, &str, &LineIndex) = match &f.file {
        Some(file) => (&file.name, &file.text, &file.lines),
        None => (&report.name, &report.text, &report.lines),
    };
    let mut d = Diag::error(f.message.clone());
    d.source = Some(Source {
        name,
        text,
        lines: Some(lines),
    });
    d.code = Some(f.code.clone());
    d.severity = severity(f.severity);
    match f.span {
        // A snippet prints its lines whole: a report written on one long
        // line would print that line once per finding (megabytes each), so
        // such a finding names its position instead of showing it.
        Some(span) if touches_long_line(text, lines, f) => {
            let at = lines.line_col(text, span.start);
            d.source = None;
            d.message = format!(
                "{} (at `{}:{}:{}`, on a line too long to show)",
                d.message, name, at.line, at.column
            );
        }
        Some(span) => d = d.label(span, f.label.clone(), true),
        // miette names the file only above a snippet: without a position,
        // the start of the file is shown so the reader knows which file.
        None if !text.is_empty() => {
            let label = f
                .label
                .clone()
                .unwrap_or_else(|| "in this file".to_string());
            d = d.label(Span::new(0, 0), Some(label), true);
        }
        None => d.message = format!("{} (in `{}`)", d.message, name),
    }
    if d.source.is_some() {
        for (span, text) in &f.secondary {
            // miette shows far-apart labels in snippets of their own, in
            // file order, each headed by its position: a label well above
            // the value would head the finding. It follows as a note.
            let above = f.span.filter(|p| span.start < p.start);
            if let (Some(p), Some(source)) = (above, d.source)
                && !one_snippet(&source, *span, p)
            {
                let mut note = Diag::error(text.clone());
                note.source = d.source;
                note.severity = miette::Severity::Advice;
                d.related.push(note.label(*span, None, true));
            } else {
                d = d.label(*span, Some(text.clone()), false);
            }
        }
    }
    // Places in other files it was compared with, each a snippet of its own.
    for r in &f.related {
        let mut rel =
            Diag::error(format!("see `{}`", r.file.name)).label_in(&r.file, r.span, &r.message);
        rel.severity = miette::Severity::Advice;
        d.related.push(rel);
    }
    d.help = help(f);
    let Some(rule_ref) = &f.rule else {
        return d;
    };
    let meta = &rule_ref.meta;
    d.url = meta.url.clone();
    // A finding about a set of reports as a whole is shown at the rule's
    // clause itself: no second snippet of it.
    if f.file.is_none()
        && report.set
        && report.name == meta.file.name
        && f.span == Some(rule_ref.clause)
    {
        return d;
    }
    // An `incomparable` or `type-mismatch` finding is about the data the
    // requirement met, not a verdict of the requirement.
    let label = if f.code == meta.id {
        "this requirement failed"
    } else {
        "while evaluating this requirement"
    };
    let mut rel = Diag::error(format!("rule `{}`: {}", meta.id, meta.title)).label_in(
        &meta.file,
        rule_ref.clause,
        label,
    );
    rel.severity = miette::Severity::Advice;
    d.related.push(rel);
    d
}

/// Whether miette shows labels at `above` and `below` in one snippet: its
/// own test (`GraphicalReportHandler::render_snippets`), with the one line
/// of context it shows around a label.
fn one_snippet(source: &Source<'_>, above: Span, below: Span) -> bool {
    let text = source.text;
    let read = |s: Span| {
        let s = clamp(s, text);
        let c = source.read_span(&s, 1, 1).ok()?;
        Some((c.line(), c.line_count()))
    };
    match (read(above), read(below)) {
        (Some((line, count)), Some((next, _))) => line + count >= next,
        _ => true,
    }
}

/// Longest report line a snippet shows, in bytes; far above any line a
/// person writes.
pub const LONG_LINE: usize = 1000;

/// Whether a snippet of `f` would print a report line longer than
/// [`LONG_LINE`]: a line a label is on, or the line of context around it.
fn touches_long_line(text: &str, lines: &LineIndex, f: &Finding) -> bool {
    let line_len = |line: usize| -> usize {
        match lines.line_start(line) {
            Some(start) => lines.line_start(line + 1).unwrap_or(text.len()) - start,
            None => 0,
        }
    };
    f.span
        .into_iter()
        .chain(f.secondary.iter().map(|(s, _)| *s))
        .any(|span| {
            let first = lines.line_of(span.start).saturating_sub(1).max(1);
            let last = lines.line_of(span.end) + 1;
            (first..=last).any(|l| line_len(l) > LONG_LINE)
        })
}

/// The help shown with a finding: its own advice (about this value) first,
/// then the rule's (about the policy), one per line.
pub fn help(f: &Finding) -> Option<String> {
    let rule_help = f.rule.as_ref().and_then(|r| r.meta.help.as_deref());
    match (f.help.as_deref(), rule_help) {
        (Some(own), Some(rule)) => Some(format!("{own}\n{rule}")),
        (own, rule) => own.or(rule).map(str::to_string),
    }
}

/// Every error of a failed [`crate::load_rules`], in the order found.
pub fn rule_errors(errors: &RuleErrors) -> Vec<Diag<'_>> {
    errors
        .errors
        .iter()
        .filter_map(|e| match e {
            RuleError::Syntax { file, error } => {
                let source = rule_file(&errors.sources, &errors.lines, *file)?;
                Some(syntax_error_in(source, error))
            }
            RuleError::Check(error) => Some(check_error_in(&errors.sources, &errors.lines, error)),
        })
        .collect()
}

/// Rule file `file` of `sources`, with its line index when `lines` has it.
fn rule_file<'a>(
    sources: &'a [RuleSource],
    lines: &'a [LineIndex],
    file: usize,
) -> Option<Source<'a>> {
    let source = sources.get(file)?;
    Some(Source {
        name: &source.name,
        text: &source.text,
        lines: lines.get(file),
    })
}

/// A syntax error in rule file `source`. Without the file's line index its
/// snippet is read by scanning the file from its start: [`rule_errors`],
/// which reads each snippet from its few lines, shows many errors of a long
/// file in linear time.
pub fn syntax_error<'a>(source: &'a RuleSource, e: &SyntaxError) -> Diag<'a> {
    syntax_error_in(
        Source {
            name: &source.name,
            text: &source.text,
            lines: None,
        },
        e,
    )
}

/// [`syntax_error`] in `source`: given its line index, a front end that
/// shows the errors of a file one by one (`pilotlint fmt`) reads each
/// snippet from its few lines.
pub fn syntax_error_in<'a>(source: Source<'a>, e: &SyntaxError) -> Diag<'a> {
    let mut d = Diag::error(e.message());
    d.source = Some(source);
    d = d.label(e.span, Some(e.label()), true);
    d.code = Some("rule-syntax".to_string());
    d.help = e.help();
    d
}

/// An error of the static checks. Related places in the same file become
/// further labels; places in another file become related diagnostics with
/// that file as their source.
pub fn check_error<'a>(sources: &'a [RuleSource], e: &CheckError) -> Diag<'a> {
    check_error_in(sources, &[], e)
}

/// [`check_error`], with the line index of each of `sources` when known.
fn check_error_in<'a>(
    sources: &'a [RuleSource],
    lines: &'a [LineIndex],
    e: &CheckError,
) -> Diag<'a> {
    let mut d = Diag::error(e.message.clone());
    d.code = Some("rule-check".to_string());
    d.help = e.help.clone();
    if let Some(source) = rule_file(sources, lines, e.file) {
        d.source = Some(source);
        d = d.label(e.span, Some(e.label.clone()), true);
    }
    for r in &e.related {
        if r.file == e.file {
            d = d.label(r.span, Some(r.label.clone()), false);
        } else if let Some(source) = rule_file(sources, lines, r.file) {
            let mut rel = Diag::error(format!("see `{}`", source.name));
            rel.source = Some(source);
            rel = rel.label(r.span, Some(r.label.clone()), true);
            rel.severity = miette::Severity::Advice;
            d.related.push(rel);
        }
    }
    d
}

/// miette's severity for ours: `info` is miette's advice.
pub fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Renders `d` as miette's graphical report, [`WIDTH`] columns wide, with
/// Unicode box drawing, and ANSI colours when `color` is set. URLs are shown
/// as text, not as terminal hyperlinks, which CI logs would garble. Related
/// diagnostics are nested under the main one, so a rule clause reads as
/// part of its finding.
///
/// Messages and help are wrapped here rather than by miette: miette wraps a
/// nested diagnostic's whole rendering again, which would break the source
/// lines of its snippet in the middle; source lines are shown as written.
pub fn render(d: &Diag<'_>, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_wrap_lines(false)
        .with_links(false)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    // Writing into a String cannot fail, and miette's renderer only fails
    // when its writer does; a label outside its source is kept in range by
    // `clamp`, so this is unreachable in practice.
    if handler.render_report(&mut out, &wrapped(d, WIDTH)).is_err() {
        out = format!("{}\n", d.message);
    }
    out
}

/// `d` with its message and help filled as miette would fill them in
/// `width` columns: two columns of margin, then its indents (`  × `,
/// `  help: `); a nested diagnostic has six columns less.
fn wrapped<'a>(d: &Diag<'a>, width: usize) -> Diag<'a> {
    let text_width = width.saturating_sub(2);
    Diag {
        message: fill(&d.message, text_width.saturating_sub(4)),
        help: d
            .help
            .as_deref()
            .map(|h| fill(h, text_width.saturating_sub(8))),
        related: d
            .related
            .iter()
            .map(|r| wrapped(r, width.saturating_sub(6)))
            .collect(),
        ..d.clone()
    }
}

/// Greedy word wrap of every line of `text` to `width` characters; a word
/// longer than the width gets a line of its own.
pub fn fill(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if len > 0 && len + 1 + n > width {
                out.push('\n');
                len = 0;
            } else if len > 0 {
                out.push(' ');
                len += 1;
            }
            out.push_str(word);
            len += n;
        }
    }
    out
}

/// Keeps a span inside `text` and on character boundaries, so a span from
/// a stale or foreign source can never make miette fail to render.
fn clamp(span: Span, text: &str) -> SourceSpan {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    let end = fix(span.end).max(start);
    Span::new(start, end).into()
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

#[cfg(test)]
mod tests;
