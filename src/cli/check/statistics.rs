//! `--statistics`: instead of the findings, how many each rule (and each
//! code no rule wrote, such as `yaml-syntax`) had in the whole run, one
//! line each, most first, then by id, as Ruff prints them (its own format
//! is Flake8's): `COUNT<tab>ID<tab>TITLE`, the columns padded, then the
//! summary line. With `--format json`, a JSON array of `{"rule", "title",
//! "count"}` in the same order (`title` is `null` for a code no rule
//! wrote). The other formats are for tools that want the findings
//! themselves, so `--statistics` refuses them.
//!
//! Every finding counts, not only those `--max-findings` shows; findings a
//! baseline hides do not.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use pilotlint::CheckedReport;
use pilotlint::output::{Output, Summary};

use crate::cli::args::Format;

/// What the title column says for a code no rule wrote.
const NO_RULE: &str = "(a finding no rule wrote)";

#[derive(Serialize)]
struct Row {
    rule: String,
    title: Option<String>,
    count: usize,
}

/// The counts of a run, written at its end.
pub(crate) struct Statistics {
    json: bool,
    /// By rule id or code: the title (for a rule) and the count.
    rows: BTreeMap<String, (Option<String>, usize)>,
}

impl Statistics {
    /// The statistics in `format`; `None` for a format they are not
    /// written in.
    pub(crate) fn new(format: Format) -> Option<Self> {
        let json = match format {
            Format::Human | Format::Concise => false,
            Format::Json => true,
            Format::Github
            | Format::Sarif
            | Format::Junit
            | Format::Gitlab
            | Format::Html
            | Format::Markdown => return None,
        };
        Some(Statistics {
            json,
            rows: BTreeMap::new(),
        })
    }

    /// The rows, most findings first, then by id.
    fn sorted(&mut self) -> Vec<Row> {
        let mut rows: Vec<Row> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(|(rule, (title, count))| Row { rule, title, count })
            .collect();
        // Stable: rows of one count stay in id order.
        rows.sort_by_key(|r| std::cmp::Reverse(r.count));
        rows
    }
}

impl Output for Statistics {
    fn report(&mut self, _w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let title = f.rule.as_ref().map(|r| r.meta.title.clone());
            let row = self
                .rows
                .entry(f.rule_id().to_string())
                .or_insert((title, 0));
            row.1 += 1;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rows = self.sorted();
        if self.json {
            serde_json::to_writer_pretty(&mut *w, &rows)?;
            return w.write_all(b"\n");
        }
        let count_width = rows.iter().map(|r| r.count.to_string().len()).max();
        let id_width = rows.iter().map(|r| r.rule.chars().count()).max();
        for row in &rows {
            writeln!(
                w,
                "{:>cw$}\t{:<iw$}\t{}",
                row.count,
                row.rule,
                row.title.as_deref().unwrap_or(NO_RULE),
                cw = count_width.unwrap_or(1),
                iw = id_width.unwrap_or(1),
            )?;
        }
        writeln!(w, "{}", summary.line())
    }
}
