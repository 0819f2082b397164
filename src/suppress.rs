//! Inline suppressions in a report: `# pilotlint: ignore[STP005] reason`
//! silences the findings of the named rules on its line (a comment after a
//! value) or on the next line (a comment on a line of its own, or several
//! such lines in a row); `# pilotlint: ignore-file[STP005] reason`, anywhere,
//! silences them in the whole file.
//!
//! The reason is required, and every suppression must earn its place: one
//! that silences nothing is an `unused-suppression` warning, and one that
//! cannot be read (no reason, an unknown rule, bad syntax) is an
//! `invalid-suppression` warning and silences nothing. Only findings a
//! rule's requirement wrote can be silenced; a report that is not valid
//! YAML, too large or too deep, and a value a rule could not work with
//! (`incomparable`, `type-mismatch`, `eval-limit`), cannot be waved through.
//! The comments are those the YAML parser found, so text in a value is
//! never taken for a suppression.
//!
//! A gate refuses suppressions with `--no-inline-ignores` or
//! `inline_ignores = false` ([`InlineIgnores::Refused`]): then none has any
//! effect, and each finding one would have silenced says so in its help, so
//! the submitter learns why the comment did not work.

mod comments;

use crate::finding::{Finding, codes};
use crate::report::may_suppress;
use crate::rules::{InlineIgnores, RuleSet};
use crate::span::{LineIndex, Span};
use crate::suggest::did_you_mean;
use crate::syntax::ast::Severity;

use comments::Comment;

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// Findings starting on this 0-based line.
    Line(usize),
    File,
}

/// A well-formed suppression comment.
#[derive(Debug)]
struct Suppression {
    scope: Scope,
    /// The rule ids and where each is written.
    ids: Vec<(String, Span)>,
    /// The comment, from `#` to the end of the line without trailing spaces.
    span: Span,
    /// Whether each id silenced a finding.
    used: Vec<bool>,
}

/// Applies the suppression comments of the report `text` (`comment_spans`,
/// as the YAML parser found them) to its `findings`: removes the silenced
/// findings and adds `unused-suppression` and `invalid-suppression`
/// warnings, or, where `rules` refuse suppressions, notes on the findings
/// they would have silenced. `findings` must be those of a report that
/// loaded (a file that is not YAML has no comments to trust).
pub fn apply(rules: &RuleSet, text: &str, comment_spans: &[Span], findings: &mut Vec<Finding>) {
    // Most reports have no suppression. The word is matched in any ASCII
    // case, as `parse` matches it: an exact-case test here once skipped a
    // file whose only suppression was `# PILOTLINT: ignore[...]`, which the
    // same comment beside a lowercase one made work.
    let maybe = |s: &Span| text.get(s.start..s.end).is_some_and(may_suppress);
    if !comment_spans.iter().any(maybe) {
        return;
    }
    let lines = LineIndex::new(text);
    let all = comments::comments(text, comment_spans, &lines);
    let mut suppressions = Vec::new();
    let mut invalid = Vec::new();
    for (i, c) in all.iter().enumerate() {
        match parse(rules, text, c) {
            None => {}
            Some(Ok((file, ids))) => {
                let scope = if file {
                    Scope::File
                } else if c.own_line {
                    Scope::Line(target_line(&all, i))
                } else {
                    Scope::Line(c.line)
                };
                suppressions.push(Suppression {
                    scope,
                    used: vec![false; ids.len()],
                    ids,
                    span: Span::new(c.start, c.start + text[c.start..c.end].trim_end().len()),
                });
            }
            Some(Err(f)) => invalid.push(f),
        }
    }
    if suppressions.is_empty() && invalid.is_empty() {
        return;
    }
    let refused = rules.inline_ignores == InlineIgnores::Refused;
    findings.retain_mut(|f| {
        // Only what a rule's requirement found can be silenced: not a
        // value the rule could not work with (`incomparable`,
        // `type-mismatch`, `eval-limit`), which no rule vouched for.
        let Some(meta) = f.rule.as_ref().map(|r| std::sync::Arc::clone(&r.meta)) else {
            return true;
        };
        // A finding in a data file is not the report's to silence.
        if f.file.is_some() {
            return true;
        }
        if f.code != meta.id {
            return true;
        }
        let id = meta.id.as_str();
        let line = f.span.map(|s| lines.line_of(s.start) - 1);
        let mut silenced = false;
        for s in &mut suppressions {
            let covers = match s.scope {
                Scope::File => true,
                Scope::Line(l) => line == Some(l),
            };
            if !covers {
                continue;
            }
            if let Some(k) = s.ids.iter().position(|(i, _)| i == id) {
                if refused {
                    note_refused(f, id, s, text, &lines);
                    return true;
                }
                s.used[k] = true;
                silenced = true;
            }
        }
        !silenced
    });
    if refused {
        return;
    }
    findings.extend(invalid);
    for s in &suppressions {
        for (k, (id, id_span)) in s.ids.iter().enumerate() {
            // A rule the configuration disabled is not run here, but may be
            // where the report goes next (a stricter gate).
            if s.used[k] || rules.disabled.iter().any(|r| r.id() == id) {
                continue;
            }
            let place = match s.scope {
                Scope::File => "in this file".to_string(),
                Scope::Line(l) => format!("on line {}", l + 1),
            };
            findings.push(warning(
                codes::UNUSED_SUPPRESSION,
                format!("unused suppression of `{id}`"),
                if s.ids.len() == 1 { s.span } else { *id_span },
                format!("no `{id}` finding {place}"),
                "remove the suppression, or put it on the line of the finding or on the line \
                 above it (`ignore-file[...]` silences the whole file)",
            ));
        }
    }
}

/// The line an own-line suppression covers: the next line that is not
/// itself a comment of its own, so several can stand above one value.
fn target_line(all: &[Comment], i: usize) -> usize {
    let mut line = all[i].line + 1;
    for c in &all[i + 1..] {
        if c.line == line && c.own_line {
            line += 1;
        } else if c.line >= line {
            break;
        }
    }
    line
}

/// Adds to `f`'s help that suppression `s` was refused.
fn note_refused(f: &mut Finding, id: &str, s: &Suppression, text: &str, lines: &LineIndex) {
    let kind = if s.scope == Scope::File {
        "ignore-file"
    } else {
        "ignore"
    };
    let note = format!(
        "the `# pilotlint: {kind}[{id}]` comment on line {} was not applied: this check \
         does not accept inline suppressions (`--no-inline-ignores` or `inline_ignores = \
         false` in pilotlint.toml)",
        lines.line(text, s.span.start)
    );
    f.help = Some(match f.help.take() {
        Some(h) => format!("{note}\n{h}"),
        None => note,
    });
}

/// The kinds of suppression, for messages and "did you mean".
const KINDS: [&str; 2] = ["ignore", "ignore-file"];

/// How a suppression is written, for help texts.
const FORM: &str = "write `# pilotlint: ignore[RULE] reason` (this line or the next) or \
                    `# pilotlint: ignore-file[RULE, RULE] reason` (the whole file)";

/// The comment `c` as a suppression: `None` when it is not meant as one
/// (it does not start with `pilotlint:` or `pilotlint ignore`), else the
/// scope (`true`: the file) and the rule ids, or the `invalid-suppression`
/// finding saying what is wrong.
#[allow(clippy::type_complexity)]
fn parse(
    rules: &RuleSet,
    text: &str,
    c: &Comment,
) -> Option<Result<(bool, Vec<(String, Span)>), Finding>> {
    let body = &text[c.start + 1..c.end];
    let mut p = Cursor {
        text,
        pos: c.start + 1,
        end: c.end,
    };
    p.spaces();
    let rest = &text[p.pos..c.end];
    if !rest
        .get(..9)
        .is_some_and(|w| w.eq_ignore_ascii_case("pilotlint"))
    {
        return None;
    }
    p.pos += 9;
    let comment = Span::new(c.start, c.start + 1 + body.trim_end().len());
    let after_name = p.pos;
    p.spaces();
    if !p.eat(":") {
        // `# pilotlint ignore[...]`: meant as one, the colon forgotten;
        // anything else mentioning pilotlint is prose.
        if p.rest().starts_with("ignore") {
            return Some(Err(invalid(
                "expected `:` after `pilotlint`",
                Span::new(after_name, after_name),
                "add `:` here",
                FORM,
            )));
        }
        return None;
    }
    p.spaces();
    let kind_start = p.pos;
    p.take_while(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
    let kind = &text[kind_start..p.pos];
    let file = match kind {
        "ignore" => false,
        "ignore-file" => true,
        _ => {
            let span = Span::new(kind_start, p.pos.max(kind_start));
            let help = match did_you_mean(kind, KINDS) {
                Some(near) => format!("did you mean `{near}`?"),
                None => FORM.to_string(),
            };
            let message = if kind.is_empty() {
                "expected `ignore` or `ignore-file` after `pilotlint:`".to_string()
            } else {
                format!("unknown suppression `{kind}`")
            };
            return Some(Err(invalid(
                message,
                span,
                "expected `ignore` or `ignore-file`",
                help,
            )));
        }
    };
    p.spaces();
    if !p.eat("[") {
        return Some(Err(invalid(
            format!("expected `[` after `{kind}`"),
            Span::new(p.pos, p.pos),
            "the rules to silence go in brackets",
            FORM,
        )));
    }
    let mut ids: Vec<(String, Span)> = Vec::new();
    loop {
        p.spaces();
        let start = p.pos;
        p.take_while(|ch| !matches!(ch, ',' | ']' | ' ' | '\t'));
        if p.pos > start {
            ids.push((text[start..p.pos].to_string(), Span::new(start, p.pos)));
        }
        p.spaces();
        if p.eat(",") {
            continue;
        }
        if p.eat("]") {
            break;
        }
        return Some(Err(invalid(
            "expected `,` or `]` in the list of rules",
            Span::new(p.pos, p.pos),
            if p.pos >= c.end {
                "the list is not closed"
            } else {
                "here"
            },
            FORM,
        )));
    }
    if ids.is_empty() {
        return Some(Err(invalid(
            "no rule in the suppression",
            Span::new(kind_start, p.pos),
            "name the rules to silence",
            FORM,
        )));
    }
    for (id, span) in &ids {
        let known = rules.rules.iter().chain(&rules.disabled).map(|r| r.id());
        if known.clone().any(|k| k == id) {
            continue;
        }
        let help = if is_tool_code(id) {
            format!(
                "only findings a rule wrote can be suppressed; `{id}` is a check of the \
                 report itself"
            )
        } else {
            match did_you_mean(id, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`pilotlint rules` lists the loaded rules".to_string(),
            }
        };
        return Some(Err(invalid(
            format!("unknown rule `{id}` in a suppression"),
            *span,
            "not a loaded rule",
            help,
        )));
    }
    let reason = text[p.pos..c.end].trim();
    if reason.is_empty() {
        return Some(Err(invalid(
            "suppression without a reason",
            comment,
            "say after `]` why the finding does not apply",
            "a suppression needs a reason for whoever reads the report next, e.g. \
             `# pilotlint: ignore[STP005] deadline moved by the province on 2021-07-01`",
        )));
    }
    if !text[p.pos..c.end].starts_with([' ', '\t']) {
        return Some(Err(invalid(
            "expected a space between `]` and the reason",
            Span::new(p.pos, p.pos),
            "add a space here",
            FORM,
        )));
    }
    Some(Ok((file, ids)))
}

/// Codes of findings no rule writes (and suppression findings themselves).
fn is_tool_code(id: &str) -> bool {
    [
        codes::YAML_SYNTAX,
        codes::YAML_LIMIT,
        codes::FILE_TOO_LARGE,
        codes::EMPTY_REPORT,
        codes::INCOMPARABLE,
        codes::TYPE_MISMATCH,
        codes::INVALID_PATTERN,
        codes::EVAL_LIMIT,
        codes::UNUSED_SUPPRESSION,
        codes::INVALID_SUPPRESSION,
    ]
    .contains(&id)
}

fn invalid(
    message: impl Into<String>,
    span: Span,
    label: impl Into<String>,
    help: impl Into<String>,
) -> Finding {
    warning(
        codes::INVALID_SUPPRESSION,
        message.into(),
        span,
        label.into(),
        help,
    )
}

fn warning(
    code: &str,
    message: String,
    span: Span,
    label: String,
    help: impl Into<String>,
) -> Finding {
    Finding {
        code: code.to_string(),
        severity: Severity::Warning,
        message,
        span: Some(span),
        label: Some(label),
        secondary: Vec::new(),
        help: Some(help.into()),
        rule: None,
        file: None,
        related: Vec::new(),
    }
}

/// A position in one comment.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..self.end]
    }
    fn spaces(&mut self) {
        self.take_while(|ch| ch == ' ' || ch == '\t');
    }
    fn take_while(&mut self, f: impl Fn(char) -> bool) {
        let n: usize = self
            .rest()
            .chars()
            .take_while(|&ch| f(ch))
            .map(char::len_utf8)
            .sum();
        self.pos += n;
    }
    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }
}
