//! The SARIF 2.1.0 format, for GitHub code scanning and other tools that
//! read static-analysis logs: one run whose driver lists every rule that
//! ran, and one result per finding.
//!
//! The run's one invocation says whether it checked everything:
//! `executionSuccessful` is false when the exit status is 2 (a path that
//! could not be read, no report found), with a notification for each.
//!
//! Every result names its rule by `ruleId` and by `ruleIndex` into
//! `tool.driver.rules`. A finding a rule produced, including a data finding
//! (`incomparable`, `type-mismatch`, `invalid-pattern`, `eval-limit`), is a
//! result of that rule,
//! as its `rule` is in the JSON format: the alert belongs to the policy that
//! could not be checked, and its message says why. The findings no rule
//! produces (`yaml-syntax`, `empty-report`) have descriptors of their own
//! after the rules, so every `ruleIndex` is valid.
//!
//! Positions are those of the JSON format: 1-based lines, columns counting
//! Unicode code points (hence `columnKind: unicodeCodePoints`), and an
//! `endColumn` just after the value, which is what SARIF's end column means.
//! A finding about the file as a whole (an empty report) has the whole file
//! as its region, since code scanning expects one on every result. Report paths are relative URIs against `%SRCROOT%` (the directory the
//! check ran in, the repository root in CI), percent-encoded; an absolute
//! path is a `file://` URI.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

mod log;

use log::{
    ArtifactLocation, ArtifactOnly, Configuration, Descriptor, Driver, Invocation, Location,
    Notification, NotificationLocation, PhysicalLocation, Properties, Region, RelatedLocation,
    SarifResult, Text, Tool,
};

use super::spill::Spill;
use super::{JsonArray, Output, Place, Summary, write_pretty_at};
use crate::CheckedReport;
use crate::finding::{Finding, codes};
use crate::rules::RuleMeta;
use crate::span::Span;
use crate::syntax::ast::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where SARIF viewers link the tool's name: the `repository` of
/// Cargo.toml, left out of the log while Cargo.toml has none.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// Descriptors of the findings no rule produces: code, name, short
/// description, full description (also the help).
const TOOL_FINDINGS: [(&str, &str, &str, &str); 2] = [
    (
        codes::YAML_SYNTAX,
        "ValidYaml",
        "the report is valid YAML",
        "A report must be valid YAML 1.2 in UTF-8; a file that does not parse \
         cannot be checked against any rule.",
    ),
    (
        codes::EMPTY_REPORT,
        "NonEmptyReport",
        "the file holds a report",
        "A report file must hold a YAML mapping; an empty or comment-only file \
         is not a submission, and a gate that checked nothing must not pass.",
    ),
];

/// Descriptors of the findings about suppressions (comments, entries of a
/// baseline), listed only once one occurs (most runs have none).
const SUPPRESSION_FINDINGS: [(&str, &str, &str, &str); 3] = [
    (
        codes::UNUSED_SUPPRESSION,
        "UsedSuppression",
        "an inline suppression silences a finding",
        "A `# pilotlint: ignore[RULE] reason` comment must silence a finding of \
         RULE on its line (or the next, on a line of its own); one that silences \
         nothing is stale and should be removed.",
    ),
    (
        codes::INVALID_SUPPRESSION,
        "ValidSuppression",
        "an inline suppression can be read",
        "A `# pilotlint:` comment must be `ignore[RULE, ...] reason` or \
         `ignore-file[RULE, ...] reason`, naming loaded rules and giving a \
         reason; one that cannot be read silences nothing.",
    ),
    (
        codes::UNUSED_BASELINE,
        "UsedBaselineEntry",
        "an entry of the baseline matches a finding",
        "Every entry of the baseline (`--baseline FILE`) must match a finding \
         of the run; an entry whose finding is gone should be removed, by \
         writing the baseline again with `--write-baseline FILE`.",
    ),
];

/// The SARIF log, written as the run goes. Results go to a [`Spill`] as
/// their reports come; the end writes the tool's rule list (which must come
/// first, and lists any rule-less code only once a result has used it), then
/// the results. The bytes are those serde_json prints for the whole log at
/// once.
pub struct Sarif {
    /// Every rule of the run, in order: the driver's rule list.
    rules: Vec<Arc<RuleMeta>>,
    /// Codes of rule-less findings, in descriptor order after the rules; the
    /// known ones always (they are checks every run makes), any other only
    /// once it occurs, so its results still have a descriptor.
    tool_codes: Vec<String>,
    results: JsonArray,
    spill: Spill,
}

impl Sarif {
    /// `rules` is every rule of the run ([`crate::rules::RuleSet::catalog`]);
    /// the body waits in `spill` until the end.
    pub fn new(rules: Vec<Arc<RuleMeta>>, spill: Spill) -> Self {
        Sarif {
            rules,
            tool_codes: TOOL_FINDINGS
                .iter()
                .map(|(code, ..)| code.to_string())
                .collect(),
            results: JsonArray::new("      "),
            spill,
        }
    }

    /// The index of `code` in the descriptors, added when new.
    fn tool_index(&mut self, code: &str) -> usize {
        let at = match self.tool_codes.iter().position(|c| c == code) {
            Some(at) => at,
            None => {
                self.tool_codes.push(code.to_string());
                self.tool_codes.len() - 1
            }
        };
        self.rules.len() + at
    }
}

impl Output for Sarif {
    fn report(&mut self, _w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let place = Place::of(report, f);
            let location = artifact_location(place.name);
            let rule_index = match rule_of(&self.rules, f) {
                Some(i) => i,
                None => self.tool_index(&f.code),
            };
            // A finding about the file as a whole (an empty report) covers
            // the whole text: viewers and the SARIF validator expect every
            // result to have a region.
            let span = f.span.unwrap_or(Span::new(0, place.text.len()));
            let start = place.at(span.start);
            let end = place.at(span.end);
            let result = SarifResult {
                rule_id: f.rule_id(),
                rule_index,
                level: level(f.severity),
                message: Text { text: &f.message },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: location.uri.clone(),
                            uri_base_id: location.uri_base_id,
                        },
                        region: Region {
                            start_line: start.line,
                            start_column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                        },
                    },
                }],
                related_locations: super::related_places(report, f)
                    .into_iter()
                    .enumerate()
                    .map(|(id, r)| RelatedLocation {
                        id,
                        physical_location: PhysicalLocation {
                            artifact_location: artifact_location(r.name),
                            region: Region {
                                start_line: r.start.line,
                                start_column: r.start.column,
                                end_line: r.end.line,
                                end_column: r.end.column,
                            },
                        },
                        message: Text { text: r.message },
                    })
                    .collect(),
            };
            self.results.element(&mut self.spill, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut descriptors: Vec<Descriptor> =
            self.rules.iter().map(|r| rule_descriptor(r)).collect();
        for code in &self.tool_codes {
            let (name, short, full) = TOOL_FINDINGS
                .iter()
                .chain(&SUPPRESSION_FINDINGS)
                .find(|(c, ..)| c == code)
                .map_or(
                    (None, code.as_str(), code.as_str()),
                    |(_, name, short, full)| (Some(name.to_string()), *short, *full),
                );
            descriptors.push(Descriptor {
                id: code,
                name,
                short_description: Text { text: short },
                full_description: Text { text: full },
                help: Text { text: full },
                help_uri: None,
                default_configuration: Configuration {
                    level: if code == codes::UNUSED_BASELINE {
                        "note"
                    } else if codes::is_suppression(code) {
                        "warning"
                    } else {
                        "error"
                    },
                },
                properties: None,
            });
        }
        let tool = Tool {
            driver: Driver {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
                information_uri: INFORMATION_URI,
                rules: descriptors,
            },
        };
        write!(
            w,
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": ",
            serde_json::to_string(SCHEMA)?
        )?;
        write_pretty_at(w, &tool, "      ")?;
        let invocation = Invocation {
            execution_successful: summary.failures.is_empty(),
            tool_execution_notifications: summary
                .failures
                .iter()
                .map(|f| Notification {
                    level: "error",
                    message: Text { text: &f.message },
                    locations: f
                        .path
                        .iter()
                        .map(|p| NotificationLocation {
                            physical_location: ArtifactOnly {
                                artifact_location: artifact_location(p),
                            },
                        })
                        .collect(),
                })
                .collect(),
        };
        w.write_all(b",\n      \"invocations\": ")?;
        write_pretty_at(w, &[invocation], "      ")?;
        w.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;
        self.spill.copy_into(w)?;
        self.results.close(w)?;
        w.write_all(b"\n    }\n  ]\n}\n")
    }
}

/// Writes the whole run as one pretty-printed SARIF log.
pub fn write(
    w: &mut dyn Write,
    rules: Vec<Arc<RuleMeta>>,
    reports: &[CheckedReport],
) -> io::Result<()> {
    super::write_all(&mut Sarif::new(rules, Spill::in_memory()), w, reports)
}

/// The index of the rule that produced `f` in the driver's rule list.
fn rule_of(rules: &[Arc<RuleMeta>], f: &Finding) -> Option<usize> {
    let meta = &f.rule.as_ref()?.meta;
    rules
        .get(meta.index)
        .filter(|r| Arc::ptr_eq(r, meta) || r.id == meta.id)
        .map(|_| meta.index)
}

fn rule_descriptor(meta: &RuleMeta) -> Descriptor<'_> {
    // SARIF wants a description that stands without the short one; the
    // rule's help is the longer text when it has one.
    let help = meta.help.as_deref().unwrap_or(&meta.title);
    Descriptor {
        id: &meta.id,
        name: Some(pascal_case(&meta.title)).filter(|n| !n.is_empty() && *n != meta.id),
        short_description: Text { text: &meta.title },
        full_description: Text { text: help },
        help: Text { text: help },
        help_uri: meta.url.as_deref(),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: (!meta.tags.is_empty()).then_some(Properties { tags: &meta.tags }),
    }
}

/// A rule title as a SARIF rule name, an identifier a reader understands:
/// `measure ids are unique` is `MeasureIdsAreUnique`.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The report's name as a URI: relative (against `%SRCROOT%`) with forward
/// slashes, or a `file://` URI for an absolute path.
fn artifact_location(name: &str) -> ArtifactLocation {
    let path = super::forward_slashes(name);
    if Path::new(name).is_absolute() {
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}") // `C:/x` is `file:///C:/x`
        };
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&path, true)),
            uri_base_id: None,
        };
    }
    let path = path.trim_start_matches("./");
    ArtifactLocation {
        uri: percent_encode(path, false),
        uri_base_id: Some("%SRCROOT%"),
    }
}

/// Percent-encodes every byte of `path` that is not unreserved in a URI
/// path (RFC 3986) or `/`; `:` is kept only where `keep_colon` (the drive
/// letter of an absolute Windows path), since in a relative reference it
/// would read as a scheme.
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && b == b':')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_titles_in_pascal_case() {
        assert_eq!(pascal_case("measure ids are unique"), "MeasureIdsAreUnique");
        assert_eq!(
            pascal_case("implementation rate reaches 90% by the deadline"),
            "ImplementationRateReaches90ByTheDeadline"
        );
        assert_eq!(pascal_case("试点 措施 (已落实)"), "试点措施已落实");
        assert_eq!(pascal_case("--"), "");
    }

    #[test]
    fn relative_paths_are_encoded_uris_against_srcroot() {
        let a = artifact_location("./reports/西安 2021,h2.yaml");
        assert_eq!(a.uri, "reports/%E8%A5%BF%E5%AE%89%202021%2Ch2.yaml");
        assert_eq!(a.uri_base_id, Some("%SRCROOT%"));
        assert_eq!(artifact_location("<stdin>").uri, "%3Cstdin%3E");
        assert_eq!(artifact_location("a:b.yaml").uri, "a%3Ab.yaml");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_are_file_uris_without_a_base() {
        let a = artifact_location("/srv/reports/a b.yaml");
        assert_eq!(a.uri, "file:///srv/reports/a%20b.yaml");
        assert_eq!(a.uri_base_id, None);
    }
}
