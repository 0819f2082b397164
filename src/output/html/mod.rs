//! The compliance dashboard (`--format html`): one self-contained page for
//! the people who review a period's submissions, not for programmers. Its
//! CSS, SVG and small script are inline; it loads nothing (no font, no
//! script, no image), so it opens from a CI artifact and from `file://`.
//!
//! The page has, in order: a header with the run's counts, the rule files
//! used, the date of the data and the verdict in words, with the reports to
//! send back; filters by severity, rule and area (shown only when the
//! script runs: without it the page is whole and readable); the matrix of
//! reports and rules (`matrix`); the outcomes of the rules across
//! reports; the implementation rate of each area against 90% (`chart`);
//! every finding, grouped by file, each file closed until opened
//! (`findings`); and the rules, each once with its help and url. Every
//! value from a report or a rule file is escaped (`escape`).
//!
//! Like SARIF and JUnit, the page is written as the run goes, but its head
//! (the counts, the verdict) is known only at the end: the matrix rows and
//! the findings wait in two [`Spill`]s, and [`Output::finish`] writes the
//! head and copies them after it. What is kept in memory for the run is a
//! few numbers per report (its rate and period) and per rule.

mod chart;
mod escape;
mod findings;
mod matrix;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use self::escape::{attr, text as esc};
use super::spill::Spill;
use super::{Output, Summary};
use crate::CheckedReport;
use crate::date::Date;
use crate::eval::Outcome;
use crate::rules::RuleMeta;
use crate::syntax::ast::Severity;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");
/// The most reports the header lists to send back; the matrix has all.
const SEND_BACK: usize = 30;

/// The page, written as the run goes (see the module's documentation).
pub struct Html {
    rules: Vec<Arc<RuleMeta>>,
    /// The least severity that fails the run (`--fail-on`); `None`: never.
    fail_on: Option<Severity>,
    matrix: matrix::Matrix,
    rows: Spill,
    findings: Spill,
    rates: chart::Rates,
    /// Area names by number, in the order first seen, and the reverse.
    areas: Vec<String>,
    area_numbers: HashMap<String, usize>,
    /// Reports (YAML documents with one) and files given a findings block.
    documents: usize,
    blocks: usize,
    latest: Option<Date>,
    /// What the rules across reports made of the set, and their findings.
    set: Option<Vec<Outcome>>,
    set_findings: Vec<usize>,
    /// Findings by rule id or code and severity, for the rule filter.
    by_rule: BTreeMap<String, usize>,
    /// The first reports with findings that fail the run, with their
    /// block's number, and how many there are.
    send_back: Vec<(String, String, usize)>,
    send_back_count: usize,
    /// The names of the report files written so far, and of those to send
    /// back: a finding of a rule across reports in a report sends it back
    /// (once), one in the registry or a rule file does not.
    seen: HashMap<String, String>,
    sent: HashSet<String>,
}

impl Html {
    /// `rules` is every rule of the run ([`crate::rules::RuleSet::catalog`]);
    /// `fail_on` is the least severity that fails it (`None`: findings never
    /// do); the matrix rows and the findings wait in `rows` and `findings`.
    pub fn new(
        rules: Vec<Arc<RuleMeta>>,
        fail_on: Option<Severity>,
        rows: Spill,
        findings: Spill,
    ) -> Self {
        Html {
            matrix: matrix::Matrix::new(&rules),
            set_findings: vec![0; rules.len()],
            rules,
            fail_on,
            rows,
            findings,
            rates: chart::Rates::default(),
            areas: Vec::new(),
            area_numbers: HashMap::new(),
            documents: 0,
            blocks: 0,
            latest: None,
            set: None,
            by_rule: BTreeMap::new(),
            send_back: Vec::new(),
            send_back_count: 0,
            seen: HashMap::new(),
            sent: HashSet::new(),
        }
    }

    fn area_number(&mut self, name: &str) -> usize {
        if let Some(&n) = self.area_numbers.get(name) {
            return n;
        }
        let n = self.areas.len();
        self.areas.push(name.to_string());
        self.area_numbers.insert(name.to_string(), n);
        n
    }

    fn fails(&self, s: Severity) -> bool {
        self.fail_on.is_some_and(|least| s >= least)
    }
}

impl Output for Html {
    fn set_outcomes(&mut self, outcomes: &[Outcome]) {
        self.set = Some(outcomes.to_vec());
    }

    fn report(&mut self, _w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        // Area tokens for the filter, and what the row says of the file.
        let mut tokens: Vec<usize> = Vec::new();
        let mut about = String::new();
        for facts in &report.facts {
            let area = facts.area.clone().unwrap_or_default();
            let n = self.area_number(&area);
            if !tokens.contains(&n) {
                tokens.push(n);
            }
            self.rates.add(n, facts);
            self.latest = self.latest.max(facts.period_end_date);
            if !about.is_empty() {
                about.push_str("; ");
            }
            let _ = write!(
                about,
                "<bdi>{}</bdi>",
                esc(facts.area.as_deref().unwrap_or("(no area)"))
            );
            if let Some(p) = facts.period() {
                let _ = write!(about, ", {}", esc(&p));
            }
        }
        let areas: String = tokens
            .iter()
            .map(|n| format!("a{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        for f in &report.findings {
            *self.by_rule.entry(f.rule_id().to_string()).or_default() += 1;
            let index = f.rule.as_ref().map(|r| r.meta.index);
            if let Some(c) = index.and_then(|i| self.set_findings.get_mut(i))
                && report.set
            {
                *c += 1;
            }
        }
        let block = (!report.findings.is_empty()).then(|| {
            self.blocks += 1;
            self.blocks
        });
        if let Some(n) = block {
            let mut out = String::new();
            findings::write_block(
                &mut out,
                &findings::Block {
                    n,
                    report,
                    areas: &areas,
                    note: report.set.then_some("rules across reports"),
                },
            );
            self.findings.write_all(out.as_bytes())?;
            let failing = report.findings.iter().any(|f| self.fails(f.severity));
            // What the row of a report said of it, for the findings of
            // rules across reports in it.
            let about = match self.seen.get(&report.name) {
                Some(known) if report.set => Some(known.clone()),
                _ if report.set => None,
                _ => Some(about.clone()),
            };
            if let Some(about) = about
                && failing
                && self.sent.insert(report.name.clone())
            {
                self.send_back_count += 1;
                if self.send_back.len() < SEND_BACK {
                    self.send_back.push((report.name.clone(), about, n));
                }
            }
        }
        if !report.set {
            self.seen.insert(report.name.clone(), about.clone());
            self.documents += report.facts.len();
            let mut out = String::new();
            self.matrix.row(&mut out, report, &about, &areas, block);
            self.rows.write_all(out.as_bytes())?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"pilotlint\">\n\
             <title>Compliance dashboard: pilotlint</title>\n<style>\n",
        );
        out.push_str(CSS);
        out.push_str("</style>\n</head>\n<body>\n");
        self.header(&mut out, summary);
        self.filters(&mut out);
        out.push_str("<main>\n");
        self.matrix_head(&mut out);
        w.write_all(out.as_bytes())?;
        out.clear();
        self.rows.copy_into(w)?;
        out.push_str("</tbody>\n");
        self.matrix.foot(&mut out);
        out.push_str("</table></div>\n</section>\n");
        self.set_section(&mut out);
        out.push_str("<section id=\"rates\" aria-labelledby=\"h-rates\"><h2 id=\"h-rates\">Implementation rate against 90%</h2>\n");
        if self.rates.is_empty() {
            out.push_str("<p>No report gives a period end and its implementation figures (<code>summary.measures_total</code>, <code>summary.measures_implemented</code>).</p>\n");
        } else {
            out.push_str(
                "<p>From each report's own figures: implemented measures (<code>summary.measures_implemented</code>) over the measures that apply (<code>summary.measures_total</code> less those <code>not-applicable</code>), as rule STP001 counts them.</p>\n",
            );
            self.rates.write(&mut out, &self.areas, self.set.is_some());
        }
        out.push_str("</section>\n<section id=\"findings\" aria-labelledby=\"h-findings\"><h2 id=\"h-findings\">Findings by file</h2>\n");
        if self.blocks == 0 {
            out.push_str("<p>No findings.</p>\n");
        } else {
            out.push_str("<p>Each file is closed until opened; every finding has a link (#) to itself.</p>\n");
        }
        w.write_all(out.as_bytes())?;
        out.clear();
        self.findings.copy_into(w)?;
        out.push_str("</section>\n");
        findings::write_rules(&mut out, &self.rules);
        out.push_str("</main>\n<footer><p>Written by pilotlint. The page loads nothing from the network; its filters need scripts, the rest does not.</p></footer>\n<script>\n");
        out.push_str(SCRIPT);
        out.push_str("</script>\n</body>\n</html>\n");
        w.write_all(out.as_bytes())
    }
}

impl Html {
    fn header(&self, out: &mut String, s: &Summary) {
        out.push_str("<header>\n<h1>Compliance dashboard</h1>\n");
        let failing = s.at_or_above(self.fail_on);
        let least = self.fail_on.map_or("never".to_string(), |l| l.to_string());
        let (class, symbol, verdict, why) = if !s.failures.is_empty() {
            (
                "incomplete",
                "?",
                "Incomplete",
                format!(
                    "pilotlint could not check everything it was asked to ({}); the run fails (exit status 2)",
                    super::plural(s.failures.len(), "failure", "failures")
                ),
            )
        } else if failing > 0 {
            (
                "fail",
                "✗",
                "Not accepted",
                format!(
                    "{} at or above the failure level ({least}) must be corrected; the run fails (exit status 1)",
                    super::plural(failing, "finding", "findings")
                ),
            )
        } else {
            (
                "pass",
                "✓",
                "Accepted",
                format!(
                    "no finding at or above the failure level ({least}); the run passes (exit status 0)"
                ),
            )
        };
        let _ = writeln!(
            out,
            "<div class=\"verdict {class}\" role=\"status\"><span class=\"sym\" aria-hidden=\"true\">{symbol}</span><div><strong>{verdict}</strong>: {}</div></div>",
            esc(&why)
        );
        out.push_str("<dl class=\"facts\">");
        let latest = self.latest.map_or("unknown".to_string(), |d| d.to_string());
        for (name, value) in [
            ("files", s.files.to_string()),
            ("reports", self.documents.to_string()),
            ("errors", s.errors.to_string()),
            ("warnings", s.warnings.to_string()),
            ("infos", s.infos.to_string()),
            ("rules", self.rules.len().to_string()),
            ("data up to (latest period end)", latest),
        ] {
            let _ = write!(out, "<div><dt>{name}</dt><dd>{}</dd></div>", esc(&value));
        }
        out.push_str("</dl>\n");
        let mut files: Vec<&str> = Vec::new();
        for m in &self.rules {
            if !files.contains(&m.file.name.as_str()) {
                files.push(&m.file.name);
            }
        }
        let files: Vec<String> = files
            .iter()
            .map(|f| format!("<bdi class=\"mono\">{}</bdi>", esc(f)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"packs\">Rules from: {}</p>",
            if files.is_empty() {
                "no rule file".to_string()
            } else {
                files.join(", ")
            }
        );
        for f in &s.failures {
            let _ = writeln!(
                out,
                "<p class=\"f\">✗ {}{}</p>",
                f.path.as_deref().map_or(String::new(), |p| format!(
                    "<bdi class=\"mono\">{}</bdi>: ",
                    esc(p)
                )),
                esc(&f.message)
            );
        }
        if self.send_back_count > 0 {
            let _ = writeln!(
                out,
                "<h2 id=\"h-send\">To send back: {}</h2>\n<ul class=\"sendback\">",
                super::plural(self.send_back_count, "report file", "report files")
            );
            for (name, about, n) in &self.send_back {
                let _ = writeln!(
                    out,
                    "<li><a class=\"mono\" href=\"#file{n}\"><bdi>{}</bdi></a> <span class=\"about\">{about}</span></li>",
                    esc(name)
                );
            }
            out.push_str("</ul>\n");
            if self.send_back_count > self.send_back.len() {
                let _ = writeln!(
                    out,
                    "<p>and {} more: the matrix lists every report.</p>",
                    self.send_back_count - self.send_back.len()
                );
            }
        }
        out.push_str(
            "<nav aria-label=\"sections\"><p><a href=\"#matrix-section\">Matrix</a> · <a href=\"#rates\">Implementation rates</a> · <a href=\"#findings\">Findings</a> · <a href=\"#rules\">Rules</a></p></nav>\n</header>\n",
        );
    }

    fn filters(&self, out: &mut String) {
        out.push_str(
            "<form id=\"filters\" hidden aria-label=\"filters\" onsubmit=\"return false\">\
             <label>severity<select id=\"f-sev\"><option value=\"\">all</option>\
             <option value=\"error\">error</option><option value=\"warning\">warning</option>\
             <option value=\"info\">info</option></select></label>\
             <label>rule<select id=\"f-rule\"><option value=\"\">all</option>",
        );
        for (id, n) in &self.by_rule {
            let col = self
                .matrix
                .columns
                .iter()
                .position(|m| &m.id == id)
                .map_or(String::new(), |k| format!(" data-col=\"{}\"", k + 1));
            let _ = write!(
                out,
                "<option value=\"{}\"{col}>{} ({n})</option>",
                attr(id),
                esc(id)
            );
        }
        out.push_str(
            "</select></label><label>area<select id=\"f-area\"><option value=\"\">all</option>",
        );
        let mut sorted: Vec<(usize, &String)> = self.areas.iter().enumerate().collect();
        sorted.sort_by(|a, b| a.1.cmp(b.1));
        for (n, name) in sorted {
            let _ = write!(
                out,
                "<option value=\"a{n}\">{}</option>",
                esc(if name.is_empty() { "(no area)" } else { name })
            );
        }
        out.push_str(
            "</select></label><button type=\"button\" id=\"f-open\">open every file</button>\
             <button type=\"button\" id=\"f-close\">close every file</button>\
             <output id=\"f-count\" aria-live=\"polite\"></output></form>\n",
        );
    }

    fn matrix_head(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "<section id=\"matrix-section\" aria-labelledby=\"h-matrix\"><h2 id=\"h-matrix\">Reports and rules</h2>\n\
             <p>One row per report file, one column per rule{}.</p>",
            if self.matrix.rows > 0 {
                ""
            } else {
                " (no report was checked)"
            }
        );
        out.push_str("<ul class=\"legend\" aria-label=\"legend\">");
        for o in matrix::OUTCOMES {
            let (class, symbol, word) = matrix::look(o);
            let _ = write!(
                out,
                "<li class=\"{class}\"><b aria-hidden=\"true\">{symbol}</b> {word}</li>"
            );
        }
        out.push_str(
            "</ul>\n<p class=\"packs\">Not applicable: a <code>when</code> of the rule is false for the report (another program's rule). Not evaluated: the rule could not work with the report's data, or the file holds no report.</p>\n\
             <div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"the matrix, scrollable\"><table id=\"matrix\">\n",
        );
        self.matrix.head(out);
        out.push_str("<tbody>\n");
    }

    /// The rules across reports, judged once for the set.
    fn set_section(&self, out: &mut String) {
        let Some(outcomes) = &self.set else {
            return;
        };
        out.push_str(
            "<section id=\"set\" aria-labelledby=\"h-set\"><h2 id=\"h-set\">Rules across reports</h2>\n\
             <p>Judged once for the whole set of reports.</p>\n<table class=\"rates\"><thead><tr><th scope=\"col\">rule</th><th scope=\"col\">outcome</th><th scope=\"col\">findings</th></tr></thead><tbody>\n",
        );
        for m in self.rules.iter().filter(|m| m.set) {
            let o = outcomes.get(m.index).copied().unwrap_or(Outcome::Skipped);
            let (class, symbol, word) = matrix::look(o);
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\"><code>{}</code> {}</th><td class=\"{class}\">{symbol} {word}</td><td>{}</td></tr>",
                esc(&m.id),
                esc(&m.title),
                self.set_findings.get(m.index).copied().unwrap_or(0)
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
}

/// "2 errors, 1 warning", or "no findings".
fn counts_text(errors: usize, warnings: usize, infos: usize) -> String {
    let parts: Vec<String> = [
        (errors, "error", "errors"),
        (warnings, "warning", "warnings"),
        (infos, "info", "infos"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| super::plural(n, one, many))
    .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

/// Writes the whole run as one page; `rules` is every rule of the run.
pub fn write(
    w: &mut dyn Write,
    rules: Vec<Arc<RuleMeta>>,
    reports: &[CheckedReport],
) -> io::Result<()> {
    let mut html = Html::new(
        rules,
        Some(Severity::Error),
        Spill::in_memory(),
        Spill::in_memory(),
    );
    super::write_all(&mut html, w, reports)
}
