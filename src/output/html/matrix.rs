//! The matrix of the page: one row per report file (its area, period and
//! name), one column per rule of one report at a time, each cell the rule's
//! outcome on that file shown by a symbol and a word (hidden but read by a
//! screen reader) as well as by colour, so it reads in grey scale; then the
//! row's totals, and under the table each column's totals. Rows are written
//! as the reports come; the column totals are counted as they go.

use std::fmt::Write as _;
use std::sync::Arc;

use super::escape::text as esc;
use crate::CheckedReport;
use crate::eval::Outcome;
use crate::rules::RuleMeta;

/// The four outcomes in the order of the totals.
pub(super) const OUTCOMES: [Outcome; 4] = [
    Outcome::Passed,
    Outcome::Failed,
    Outcome::Skipped,
    Outcome::NotEvaluated,
];

/// The cell of an outcome: its class, symbol and word.
pub(super) fn look(o: Outcome) -> (&'static str, &'static str, &'static str) {
    match o {
        Outcome::Passed => ("p", "✓", "passed"),
        Outcome::Failed => ("f", "✗", "failed"),
        Outcome::Skipped => ("n", "–", "not applicable"),
        Outcome::NotEvaluated => ("e", "?", "not evaluated"),
    }
}

fn slot(o: Outcome) -> usize {
    OUTCOMES.iter().position(|x| *x == o).unwrap_or(0)
}

/// The columns and their totals so far.
pub(super) struct Matrix {
    /// The rules of one report at a time, in load order: the columns.
    pub columns: Vec<Arc<RuleMeta>>,
    /// For each column, how many rows had each outcome ([`OUTCOMES`]).
    totals: Vec<[usize; 4]>,
    pub rows: usize,
}

impl Matrix {
    pub(super) fn new(rules: &[Arc<RuleMeta>]) -> Self {
        let columns: Vec<Arc<RuleMeta>> = rules.iter().filter(|m| !m.set).cloned().collect();
        Matrix {
            totals: vec![[0; 4]; columns.len()],
            columns,
            rows: 0,
        }
    }

    /// The row of `report`: `about` is its area and period as HTML, `areas`
    /// its area tokens, `n` its number on the page when it has findings to
    /// link to.
    pub(super) fn row(
        &mut self,
        out: &mut String,
        report: &CheckedReport,
        about: &str,
        areas: &str,
        n: Option<usize>,
    ) {
        self.rows += 1;
        let _ = write!(out, "<tr data-areas=\"{areas}\"><th scope=\"row\">");
        match n {
            Some(n) => {
                let _ = write!(
                    out,
                    "<a class=\"file mono\" href=\"#file{n}\"><bdi>{}</bdi></a>",
                    esc(&report.name)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<span class=\"file mono\"><bdi>{}</bdi></span>",
                    esc(&report.name)
                );
            }
        }
        let _ = write!(out, "<span class=\"about\">{about}</span></th>");
        let mut row = [0usize; 4];
        for (k, meta) in self.columns.iter().enumerate() {
            // A file that was not read was evaluated by no rule.
            let o = report
                .outcomes
                .get(meta.index)
                .copied()
                .unwrap_or(Outcome::NotEvaluated);
            let (class, symbol, word) = look(o);
            let _ = write!(
                out,
                "<td class=\"{class}\">{symbol}<span class=\"sr\"> {word}</span></td>"
            );
            row[slot(o)] += 1;
            self.totals[k][slot(o)] += 1;
        }
        for (i, o) in OUTCOMES.iter().enumerate() {
            let (class, _, word) = look(*o);
            let _ = write!(
                out,
                "<td class=\"tot {class}\">{}<span class=\"sr\"> {word}</span></td>",
                row[i]
            );
        }
        out.push_str("</tr>\n");
    }

    /// The table's head: the rule columns, then the totals' columns.
    pub(super) fn head(&self, out: &mut String) {
        out.push_str(
            "<thead><tr><th scope=\"col\" class=\"corner\">report: file, area, period</th>",
        );
        for meta in &self.columns {
            let _ = write!(
                out,
                "<th scope=\"col\" class=\"rule\" title=\"{}\"><a href=\"#rule-{}\">{}</a></th>",
                super::escape::attr(&format!("{}: {}", meta.id, meta.title)),
                super::escape::attr(&meta.id),
                esc(&meta.id)
            );
        }
        for o in OUTCOMES {
            let (class, symbol, word) = look(o);
            let _ = write!(
                out,
                "<th scope=\"col\" class=\"rule {class}\" title=\"{word}\">{symbol} {word}</th>"
            );
        }
        out.push_str("</tr></thead>\n");
    }

    /// The table's foot: for each outcome, a row of each column's count.
    pub(super) fn foot(&self, out: &mut String) {
        out.push_str("<tfoot>");
        for (i, o) in OUTCOMES.iter().enumerate() {
            let (class, symbol, word) = look(*o);
            let _ = write!(
                out,
                "<tr><th scope=\"row\" class=\"{class}\">{symbol} {word}</th>"
            );
            for t in &self.totals {
                let _ = write!(out, "<td class=\"{class}\">{}</td>", t[i]);
            }
            let all: usize = self.totals.iter().map(|t| t[i]).sum();
            let _ = write!(out, "<td colspan=\"4\" class=\"{class}\">{all}</td></tr>");
        }
        out.push_str("</tfoot>\n");
    }
}
