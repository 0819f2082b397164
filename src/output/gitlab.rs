//! The GitLab Code Quality format (`artifacts:reports:codequality`): a JSON
//! array with one issue per finding, which GitLab shows in the merge request
//! widget, the changes view and the pipeline's Code Quality tab.
//!
//! Each issue has `description` (the message), `check_name` (the rule id, or
//! the code of a rule-less finding), `severity`, `fingerprint` and
//! `location`: `path` with `positions.begin`/`end` (1-based lines, columns
//! counting characters, `end` just after the value, as in the JSON format),
//! or `lines.begin` 1 for a finding about the file as a whole.
//!
//! Severities: GitLab knows `info`, `minor`, `major`, `critical` and
//! `blocker`; an error is `major`, a warning `minor`, an info `info`. A path
//! the run could not check (exit status 2) is a `blocker` issue with check
//! name `run-failure`. These
//! are the levels the most used linter formatters give their errors and
//! warnings (ESLint's GitLab formatter among them), so pilotlint's issues
//! rank like theirs when several tools' reports meet in one merge request;
//! `critical` and `blocker` stay free for what is worse than a failed rule.
//!
//! The fingerprint is how GitLab tells an issue that is still there from a
//! new one, so it must not change when a report is edited elsewhere: it is
//! the finding's fingerprint ([`super::fingerprint`], which a baseline of
//! known findings matches by too). No line, column or value goes into it.

use std::io::{self, Write};

use serde::Serialize;

use super::fingerprint::{Fingerprints, fnv1a_128, place_path, repository_path};
use super::{JsonArray, Output, Place, Summary, related_text};
use crate::CheckedReport;
use crate::syntax::ast::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<Lines>,
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<Positions>,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

#[derive(Serialize)]
struct Positions {
    begin: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

/// The check name of an issue about a path the run could not check.
const RUN_FAILURE: &str = "run-failure";

/// The Code Quality array, one issue per finding as the reports come.
pub struct Gitlab {
    issues: JsonArray,
    fingerprints: Fingerprints,
}

impl Gitlab {
    pub fn new() -> Self {
        Gitlab {
            issues: JsonArray::new(""),
            fingerprints: Fingerprints::new(),
        }
    }
}

impl Default for Gitlab {
    fn default() -> Self {
        Self::new()
    }
}

impl Output for Gitlab {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(b"[")
    }

    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        let fingerprints = self.fingerprints.of(report);
        for (f, fingerprint) in report.findings.iter().zip(fingerprints) {
            let place = Place::of(report, f);
            let (lines, positions) = match f.span {
                Some(span) => {
                    let start = place.at(span.start);
                    let end = place.at(span.end);
                    let at = |p: crate::span::LineCol| Position {
                        line: p.line,
                        column: p.column,
                    };
                    let positions = Positions {
                        begin: at(start),
                        end: at(end),
                    };
                    (None, Some(positions))
                }
                None => (Some(Lines { begin: 1 }), None),
            };
            let description = format!("{}{}", f.message, related_text(f));
            let issue = Issue {
                description: &description,
                check_name: f.rule_id(),
                fingerprint,
                severity: severity(f.severity),
                location: Location {
                    path: place_path(report, f),
                    lines,
                    positions,
                },
            };
            self.issues.element(w, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        // What kept the run from checking everything, as `blocker` issues
        // (worse than any failed rule) on the path, so the merge request
        // does not look clean.
        for f in &summary.failures {
            let path = f.path.as_deref().map_or(".".to_string(), repository_path);
            let identity = [
                path.as_bytes(),
                RUN_FAILURE.as_bytes(),
                f.message.as_bytes(),
            ];
            let issue = Issue {
                description: &f.message,
                check_name: RUN_FAILURE,
                fingerprint: format!("{:032x}", fnv1a_128(&identity.join(&0u8))),
                severity: "blocker",
                location: Location {
                    path,
                    lines: Some(Lines { begin: 1 }),
                    positions: None,
                },
            };
            self.issues.element(w, &issue)?;
        }
        self.issues.close(w)?;
        w.write_all(b"\n")
    }
}

/// Writes the whole run as one Code Quality array.
pub fn write(w: &mut dyn Write, reports: &[CheckedReport]) -> io::Result<()> {
    super::write_all(&mut Gitlab::new(), w, reports)
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}
