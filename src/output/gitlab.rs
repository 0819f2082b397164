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
//! the FNV-1a 128-bit hash (in 32 lowercase hex digits) of
//! `PATH \0 CHECK_NAME \0 DATA_PATH \0 N`, where DATA_PATH is the finding's
//! data path (`measures[3].status`, empty when it has none) and N counts,
//! from 0, the earlier issues of the report with the same first three
//! parts, which keeps fingerprints unique. No line, column or value goes
//! into it. Two reports of one run share a path only when
//! `--stdin-filename` names a file that is checked too; the K-th repeat
//! (K from 1) appends `\0 K`, so its fingerprints differ from the first's.
//! Counting per report keeps the memory of a run that of one report (and a
//! hash per report path), not of every issue.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

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
    /// How many reports so far had each path (by its hash).
    paths: HashMap<u128, u64>,
}

impl Gitlab {
    pub fn new() -> Self {
        Gitlab {
            issues: JsonArray::new(""),
            paths: HashMap::new(),
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
        let path = repository_path(&report.name);
        // The findings of rules across reports that point into a file come
        // after its own: the same file, not a repeat of its path.
        let k = if report.set {
            0
        } else {
            let repeat = self.paths.entry(fnv1a_128(path.as_bytes())).or_insert(0);
            *repeat += 1;
            *repeat - 1
        };
        // Issues so far of each identity (path, check, data path) in this
        // report.
        let mut seen: HashMap<Vec<u8>, u64> = HashMap::new();
        for (index, f) in report.findings.iter().enumerate() {
            let check_name = f.rule_id();
            let place = Place::of(report, f);
            let path = match &f.file {
                Some(_) => repository_path(place.name),
                None => path.clone(),
            };
            let identity = [
                path.as_bytes(),
                check_name.as_bytes(),
                report.data_path(index).unwrap_or("").as_bytes(),
            ]
            .join(&0u8);
            let n = seen.entry(identity.clone()).or_insert(0);
            let mut parts = vec![identity, n.to_string().into_bytes()];
            if k > 0 {
                parts.push(k.to_string().into_bytes());
            }
            let fingerprint = format!("{:032x}", fnv1a_128(&parts.join(&0u8)));
            *n += 1;
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
                check_name,
                fingerprint,
                severity: severity(f.severity),
                location: Location {
                    path: path.clone(),
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

/// The report's name as GitLab wants a path: relative to the repository
/// root (the directory the check ran in), with forward slashes and without
/// a leading `./`.
fn repository_path(name: &str) -> String {
    let path = super::forward_slashes(name);
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

/// FNV-1a, 128 bits (http://www.isthe.com/chongo/tech/comp/fnv/): for each
/// byte, xor it in, then multiply by the FNV prime, modulo 2^128.
fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET_BASIS: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.iter().fold(OFFSET_BASIS, |hash, &b| {
        (hash ^ u128::from(b)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values computed independently of this code, with Python:
    /// python3 -c 'import sys
    /// h=0x6c62272e07bb014262b821756295c58d
    /// for b in sys.argv[1].encode(): h=((h^b)*0x0000000001000000000000000000013B)%2**128
    /// print(f"{h:032x}")' TEXT
    #[test]
    fn fnv1a_128_matches_an_independent_implementation() {
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"")),
            "6c62272e07bb014262b821756295c58d"
        );
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"a")),
            "d228cb696f1a8caf78912b704e4a8964"
        );
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"foobar")),
            "343e1662793c64bf6f0d3597ba446f18"
        );
    }

    #[test]
    fn paths_are_relative_with_forward_slashes() {
        assert_eq!(repository_path("./reports/a.yaml"), "reports/a.yaml");
        assert_eq!(repository_path("././a.yaml"), "a.yaml");
        assert_eq!(repository_path("reports/a.yaml"), "reports/a.yaml");
    }
}
