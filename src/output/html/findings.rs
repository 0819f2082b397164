//! The findings of one file on the page: a `<details>` element, closed
//! until opened (a run of 2,000 reports stays one screen of summaries),
//! with every finding as the human format shows it: the message, the
//! report lines around the value with the value marked and its label, the
//! rule clause that failed, and a link to the rule's title, help and url,
//! written once for the page ([`write_rules`]). Each finding has an
//! anchor a reviewer can link to (`#f3-2`: the third file's second
//! finding); the page's script opens the file when the link is followed.

use std::fmt::Write as _;
use std::sync::Arc;

use super::escape::{attr, push_text, text as esc};
use crate::CheckedReport;
use crate::diagnostic::LONG_LINE;
use crate::finding::Finding;
use crate::output::Place;
use crate::rules::RuleMeta;
use crate::span::{LineIndex, Span};

/// Lines of context shown above and below a value.
const CONTEXT: usize = 1;
/// The most lines of one snippet: a value that spans a long list shows its
/// first lines.
const MAX_LINES: usize = 8;

/// What the page knows of the file a block is about.
pub(super) struct Block<'a> {
    /// The file's number on the page: its anchor is `file{n}`.
    pub n: usize,
    pub report: &'a CheckedReport,
    /// The area tokens of the file, for the area filter.
    pub areas: &'a str,
    /// Said after the name (e.g. "rules across reports").
    pub note: Option<&'a str>,
}

/// Writes the `<details>` of `block`'s findings.
pub(super) fn write_block(out: &mut String, block: &Block<'_>) {
    let report = block.report;
    let count = |s: crate::syntax::ast::Severity| {
        report.findings.iter().filter(|f| f.severity == s).count()
    };
    let counts = super::counts_text(
        count(crate::syntax::ast::Severity::Error),
        count(crate::syntax::ast::Severity::Warning),
        count(crate::syntax::ast::Severity::Info),
    );
    let _ = write!(
        out,
        "<details class=\"file\" id=\"file{}\" data-areas=\"{}\"><summary><bdi class=\"mono\">{}</bdi>",
        block.n,
        block.areas,
        esc(&report.name)
    );
    if let Some(note) = block.note {
        let _ = write!(out, " ({})", esc(note));
    }
    let _ = writeln!(out, ": {counts}</summary>\n<ol class=\"findings\">");
    for (i, f) in report.findings.iter().enumerate() {
        write_finding(out, block, i, f);
    }
    out.push_str("</ol></details>\n");
}

fn write_finding(out: &mut String, block: &Block<'_>, i: usize, f: &Finding) {
    let report = block.report;
    let id = format!("f{}-{}", block.n, i + 1);
    let sev = f.severity.as_str();
    let _ = write!(
        out,
        "<li class=\"finding\" id=\"{id}\" data-sev=\"{sev}\" data-rule=\"{}\" data-areas=\"{}\">\
         <p class=\"msg\"><a class=\"anchor\" href=\"#{id}\" title=\"link to this finding\">#</a> \
         <span class=\"sev {sev}\">{sev}</span> <code>{}</code> ",
        attr(f.rule_id()),
        block.areas,
        esc(f.rule_id()),
    );
    push_text(out, &f.message);
    out.push_str("</p>\n");
    let place = Place::of(report, f);
    out.push_str("<p class=\"where\">");
    match f.span {
        Some(span) => {
            let at = place.at(span.start);
            let _ = write!(
                out,
                "<bdi class=\"mono\">{}:{}:{}</bdi>",
                esc(place.name),
                at.line,
                at.column
            );
        }
        None => {
            let _ = write!(out, "<bdi class=\"mono\">{}</bdi>", esc(place.name));
        }
    }
    if let Some(path) = report.data_path(i) {
        let _ = write!(out, " · <code>{}</code>", esc(path));
    }
    out.push_str("</p>\n");
    if let Some(span) = f.span {
        let mut labels: Vec<(Span, &str)> = vec![(span, f.label.as_deref().unwrap_or(""))];
        labels.extend(f.secondary.iter().map(|(s, l)| (*s, l.as_str())));
        snippet(out, place.text, place.lines, &labels);
    }
    for r in &f.related {
        let at = r.file.lines.line_col(&r.file.text, r.span.start);
        let _ = writeln!(
            out,
            "<p class=\"where\">see <bdi class=\"mono\">{}:{}:{}</bdi>: {}</p>",
            esc(&r.file.name),
            at.line,
            at.column,
            esc(&r.message)
        );
    }
    if let Some(rule) = &f.rule {
        let meta = &rule.meta;
        let file = &meta.file;
        let at = file.lines.line_col(&file.text, rule.clause.start);
        // The rule's title, help and url are said once, under Rules
        // ([`write_rules`]): repeated in each of 8,000 findings they were
        // a fifth of the page.
        let _ = writeln!(
            out,
            "<p class=\"rule\">rule <a href=\"#rule-{}\"><code>{}</code> and how to correct \
             it</a> · <bdi class=\"mono\">{}:{}:{}</bdi></p>",
            attr(&meta.id),
            esc(&meta.id),
            esc(&file.name),
            at.line,
            at.column
        );
        let label = if f.code == meta.id {
            "this requirement failed"
        } else {
            "while evaluating this requirement"
        };
        // The clause alone, without context: the rule's title says the rest.
        snippet_with(out, &file.text, &file.lines, &[(rule.clause, label)], 0);
    }
    // What is said of this finding alone (a data error's explanation).
    if let Some(h) = &f.help {
        let _ = writeln!(out, "<p class=\"help\">{}</p>", esc(h));
    }
    out.push_str("</li>\n");
}

/// The rules of the run, each once: its title, severity, place, help and
/// url, the anchor `#rule-ID` a finding and a matrix column link to.
pub(super) fn write_rules(out: &mut String, rules: &[Arc<RuleMeta>]) {
    out.push_str(
        "<section id=\"rules\" aria-labelledby=\"h-rules\"><h2 id=\"h-rules\">Rules</h2>\n\
         <p>What each rule checks, and how to correct a report it fails.</p>\n<dl class=\"rules\">\n",
    );
    for meta in rules {
        let _ = write!(
            out,
            "<dt id=\"rule-{}\"><code>{}</code> {} <span class=\"sev {sev}\">{sev}</span>{}</dt>\n<dd>\
             <p class=\"where\"><bdi class=\"mono\">{}</bdi></p>",
            attr(&meta.id),
            esc(&meta.id),
            esc(&meta.title),
            if meta.set { " (across reports)" } else { "" },
            esc(&meta.file.name),
            sev = meta.severity.as_str(),
        );
        if let Some(h) = &meta.help {
            let _ = write!(out, "<p class=\"help\">{}</p>", esc(h));
        }
        if let Some(url) = meta.url.as_deref() {
            // Only web addresses are links: a `javascript:` url stays text.
            if url.starts_with("https://") || url.starts_with("http://") {
                let _ = write!(
                    out,
                    "<p class=\"where\">more: <a href=\"{}\" rel=\"noreferrer\">{}</a></p>",
                    attr(url),
                    esc(url)
                );
            } else {
                let _ = write!(out, "<p class=\"where\">more: {}</p>", esc(url));
            }
        }
        out.push_str("</dd>\n");
    }
    out.push_str("</dl></section>\n");
}

/// The lines around the first label with every label on them marked.
fn snippet(out: &mut String, text: &str, lines: &LineIndex, labels: &[(Span, &str)]) {
    snippet_with(out, text, lines, labels, CONTEXT);
}

fn snippet_with(
    out: &mut String,
    text: &str,
    lines: &LineIndex,
    labels: &[(Span, &str)],
    context: usize,
) {
    let Some(&(main, _)) = labels.first() else {
        return;
    };
    let main = clamp(main, text);
    let first = lines.line_of(main.start).saturating_sub(context).max(1);
    let last =
        (lines.line_of(main.end.max(main.start + 1) - 1) + context).min(first + MAX_LINES - 1);
    out.push_str("<pre class=\"snippet\">");
    for line in first..=last {
        let Some(start) = lines.line_start(line) else {
            break;
        };
        let end = lines.line_start(line + 1).unwrap_or(text.len());
        let body = text[start..end].trim_end_matches(['\n', '\r']);
        let body_end = start + body.len();
        let _ = write!(out, "<span class=\"ln\">{line}</span>");
        if body.len() > LONG_LINE {
            let _ = writeln!(
                out,
                "… (a line of {} characters, too long to show)",
                body.chars().count()
            );
            continue;
        }
        // The parts of this line under a label, in order, not overlapping.
        let mut marks: Vec<(usize, usize)> = labels
            .iter()
            .map(|(s, _)| clamp(*s, text))
            .filter(|s| s.start < body_end.max(start + 1) && s.end.max(s.start + 1) > start)
            .map(|s| (s.start.max(start), s.end.min(body_end)))
            .collect();
        marks.sort_unstable();
        let mut at = start;
        for (from, to) in marks {
            if from < at || to < from {
                continue;
            }
            push_text(out, &text[at..from]);
            out.push_str("<mark>");
            push_text(out, &text[from..to]);
            out.push_str("</mark>");
            at = to;
        }
        push_text(out, &text[at..body_end]);
        out.push('\n');
        // A label under the line its value ends on.
        for (span, label) in labels {
            let span = clamp(*span, text);
            let end_line = lines.line_of(span.end.max(span.start + 1) - 1);
            if !label.is_empty() && end_line == line {
                let _ = writeln!(
                    out,
                    "<span class=\"ln\"></span><span class=\"label\">└ {}</span>",
                    esc(label)
                );
            }
        }
    }
    out.push_str("</pre>\n");
}

/// `span` within `text` and on character boundaries.
fn clamp(span: Span, text: &str) -> Span {
    let fit = |mut o: usize| {
        o = o.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let start = fit(span.start);
    Span::new(start, fit(span.end).max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_marks_the_value_and_escapes_the_line() {
        let text = "a: 1\nb: <x> & y\nc: 3\nd: 4\n";
        let lines = LineIndex::new(text);
        let start = text.find("<x>").expect("there");
        let mut out = String::new();
        snippet(
            &mut out,
            text,
            &lines,
            &[(Span::new(start, start + 3), "not <ok>")],
        );
        assert_eq!(
            out,
            "<pre class=\"snippet\"><span class=\"ln\">1</span>a: 1\n\
             <span class=\"ln\">2</span>b: <mark>&lt;x&gt;</mark> &amp; y\n\
             <span class=\"ln\"></span><span class=\"label\">└ not &lt;ok&gt;</span>\n\
             <span class=\"ln\">3</span>c: 3\n</pre>\n"
        );
    }

    #[test]
    fn a_span_past_the_end_or_inside_a_character_is_clamped() {
        let text = "名: 字";
        assert_eq!(clamp(Span::new(1, 99), text), Span::new(0, text.len()));
        let lines = LineIndex::new(text);
        let mut out = String::new();
        snippet(&mut out, text, &lines, &[(Span::new(50, 60), "x")]);
        assert!(out.contains("<span class=\"ln\">1</span>名: 字"), "{out}");
    }
}
