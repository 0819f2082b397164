//! What the server says about a report: its findings as diagnostics (the
//! findings `check` prints, at UTF-16 positions), and the requests about a
//! finding under the cursor: hover (the rule's title, help and url), go to
//! the rule clause that produced it, and code actions (suppress it with a
//! reason; write `true` for a YAML 1.1 `yes`).

use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Command, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Position, Range, TextEdit, Url, WorkspaceEdit,
};
use pilotlint::CheckedReport;
use pilotlint::builtin;
use pilotlint::diagnostic::help;
use pilotlint::finding::Finding;
use pilotlint::source::SourceText;
use pilotlint::syntax::ast::Severity;

use super::position::Positions;

/// The command a suppression action runs after its edit: it moves the
/// cursor to where the reason is typed (`window/showDocument`).
pub(super) const PLACE_CURSOR: &str = "pilotlint.placeCursor";

/// The URI of a file a finding names: rule and data files are named by
/// their path, relative to the workspace folder `root` or absolute; a
/// built-in pack or data file by the copy the server keeps of it
/// (`builtin_files.rs`).
pub(super) fn uri_of(root: &Path, name: &str) -> Option<Url> {
    if name.starts_with(builtin::PREFIX) {
        return super::builtin_files::uri(name);
    }
    let path = Path::new(name);
    let path: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    Url::from_file_path(path).ok()
}

fn location(root: &Path, file: &SourceText, span: pilotlint::span::Span) -> Option<Location> {
    let uri = uri_of(root, &file.name)?;
    Some(Location::new(
        uri,
        Positions::new(&file.text, &file.lines).range(span),
    ))
}

pub(super) fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The range of each finding of `report`, in its order; a finding about the
/// file as a whole, or in another file, is at the start of the report.
pub(super) fn ranges(report: &CheckedReport) -> Vec<Range> {
    let at = Positions::new(&report.text, &report.lines);
    report
        .findings
        .iter()
        .map(|f| match (f.span, &f.file) {
            (Some(span), None) => at.range(span),
            _ => Range::default(),
        })
        .collect()
}

/// The diagnostics of `report` (the document `uri`), one per finding.
pub(super) fn diagnostics(report: &CheckedReport, uri: &Url, root: &Path) -> Vec<Diagnostic> {
    let at = Positions::new(&report.text, &report.lines);
    let ranges = ranges(report);
    report
        .findings
        .iter()
        .zip(ranges)
        .map(|(f, range)| {
            let mut related = Vec::new();
            if let (Some(file), Some(span)) = (&f.file, f.span) {
                related.extend(location(root, file, span).map(|location| {
                    DiagnosticRelatedInformation {
                        location,
                        message: f.label.clone().unwrap_or_else(|| f.message.clone()),
                    }
                }));
            }
            if f.file.is_none() {
                for (span, label) in &f.secondary {
                    related.push(DiagnosticRelatedInformation {
                        location: Location::new(uri.clone(), at.range(*span)),
                        message: label.clone(),
                    });
                }
            }
            for r in &f.related {
                related.extend(location(root, &r.file, r.span).map(|location| {
                    DiagnosticRelatedInformation {
                        location,
                        message: r.message.clone(),
                    }
                }));
            }
            if let Some(rule) = &f.rule {
                let meta = &rule.meta;
                related.extend(location(root, &meta.file, rule.clause).map(|location| {
                    DiagnosticRelatedInformation {
                        location,
                        message: format!("rule `{}`: {}", meta.id, meta.title),
                    }
                }));
            }
            let href = f.rule.as_ref().and_then(|r| r.meta.url.as_deref());
            Diagnostic {
                range,
                severity: Some(severity(f.severity)),
                code: Some(NumberOrString::String(f.code.clone())),
                code_description: href
                    .and_then(|u| Url::parse(u).ok())
                    .map(|href| CodeDescription { href }),
                source: Some("pilotlint".to_string()),
                message: f.message.clone(),
                related_information: (!related.is_empty()).then_some(related),
                ..Diagnostic::default()
            }
        })
        .collect()
}

/// The findings whose range holds `p` (or touches `range`), with their
/// ranges; one at the start of the file counts on the first line.
fn under<'r>(
    report: &'r CheckedReport,
    range: Range,
) -> impl Iterator<Item = (&'r Finding, Range)> + 'r {
    report
        .findings
        .iter()
        .zip(ranges(report))
        .filter(move |(_, r)| {
            let r_end = if r.end == r.start {
                Position::new(r.end.line, u32::MAX)
            } else {
                r.end
            };
            r.start <= range.end && range.start <= r_end
        })
}

/// Markdown for the finding(s) under `p`: the rule's title, the help and
/// the url.
pub(super) fn hover(report: &CheckedReport, p: Position) -> Option<String> {
    let parts: Vec<String> = under(report, Range::new(p, p))
        .map(|(f, _)| {
            let mut text = match &f.rule {
                Some(r) => format!("**{}**: {}\n\n{}", r.meta.id, r.meta.title, f.message),
                None => format!("**{}**: {}", f.code, f.message),
            };
            if let Some(help) = help(f) {
                text.push_str(&format!("\n\n{help}"));
            }
            if let Some(url) = f.rule.as_ref().and_then(|r| r.meta.url.as_deref()) {
                text.push_str(&format!("\n\n[{url}]({url})"));
            }
            text
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// The rule clauses that produced the findings under `p`.
pub(super) fn definition(report: &CheckedReport, p: Position, root: &Path) -> Vec<Location> {
    under(report, Range::new(p, p))
        .filter_map(|(f, _)| {
            let rule = f.rule.as_ref()?;
            location(root, &rule.meta.file, rule.clause)
        })
        .collect()
}

/// The code actions for the findings in `range`: a suppression with the
/// cursor left where its reason goes, and `true`/`false` for a YAML 1.1
/// boolean word the finding's help names.
pub(super) fn actions(
    report: &CheckedReport,
    uri: &Url,
    range: Range,
    diagnostics: &[Diagnostic],
) -> Vec<CodeAction> {
    let mut out = Vec::new();
    let at = Positions::new(&report.text, &report.lines);
    for (f, r) in under(report, range) {
        let diagnostic = diagnostics
            .iter()
            .find(|d| d.range == r && d.message == f.message)
            .cloned();
        if let Some(fix) = boolean_fix(report, f) {
            out.push(CodeAction {
                title: format!("write `{}` (a YAML 1.2 boolean)", fix.new_text),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.clone().map(|d| vec![d]),
                edit: Some(edit(uri, vec![fix])),
                is_preferred: Some(true),
                ..CodeAction::default()
            });
        }
        // Only a finding a rule's requirement wrote in this report can be
        // silenced: not one of a rule across reports, nor one in a data
        // file (no comment of the report applies to them).
        let Some(rule) = f
            .rule
            .as_ref()
            .filter(|r| r.meta.id == f.code && !r.meta.set && f.file.is_none())
        else {
            continue;
        };
        let id = &rule.meta.id;
        let (line, indent, comment) = match f.span {
            Some(_) => {
                let line = r.start.line;
                let start = at.offset(Position::new(line, 0));
                let indent: String = report.text[start..]
                    .chars()
                    .take_while(|c| *c == ' ')
                    .collect();
                (line, indent, format!("# pilotlint: ignore[{id}] "))
            }
            None => (0, String::new(), format!("# pilotlint: ignore-file[{id}] ")),
        };
        let insert = Position::new(line, 0);
        let cursor = Position::new(line, (indent.len() + comment.len()) as u32);
        let eol = if report.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        out.push(CodeAction {
            title: format!("suppress {id} with a reason"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: diagnostic.map(|d| vec![d]),
            edit: Some(edit(
                uri,
                vec![TextEdit::new(
                    Range::new(insert, insert),
                    format!("{indent}{comment}{eol}"),
                )],
            )),
            command: Some(Command::new(
                "type the reason".to_string(),
                PLACE_CURSOR.to_string(),
                Some(vec![serde_json::json!(uri), serde_json::json!(cursor)]),
            )),
            ..CodeAction::default()
        });
    }
    out
}

pub(super) fn edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some([(uri.clone(), edits)].into_iter().collect()),
        ..WorkspaceEdit::default()
    }
}

/// `true` for `yes` (or `on`), `false` for `no` (or `off`), where the
/// finding's help says the word is a string in YAML 1.2 and the finding
/// points at the word as written, unquoted.
fn boolean_fix(report: &CheckedReport, f: &Finding) -> Option<TextEdit> {
    if f.file.is_some() || !f.help.as_deref()?.contains("in YAML 1.2, not a boolean") {
        return None;
    }
    let span = f.span?;
    let word = report.text.get(span.start..span.end)?;
    let new = match word.to_ascii_lowercase().as_str() {
        "yes" | "on" => "true",
        "no" | "off" => "false",
        _ => return None,
    };
    let at = Positions::new(&report.text, &report.lines);
    Some(TextEdit::new(at.range(span), new.to_string()))
}
