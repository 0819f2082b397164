//! The default format: each finding as miette's graphical report (the value
//! in the report, the rule clause in the rule file), then a summary line.

use std::io::{self, Write};

use super::{Output, Summary};
use crate::CheckedReport;
use crate::diagnostic;
use crate::rules::RuleSet;

/// Every finding as a diagnostic, then the summary line.
pub struct Human<'a> {
    rules: &'a RuleSet,
    color: bool,
}

impl<'a> Human<'a> {
    pub fn new(rules: &'a RuleSet, color: bool) -> Self {
        Human { rules, color }
    }
}

impl Output for Human<'_> {
    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let d = diagnostic::finding(self.rules, report, f);
            w.write_all(diagnostic::render(&d, self.color).as_bytes())?;
            writeln!(w)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(w, "{}", summary.line())
    }
}

/// Writes every finding of every report, in order, then the summary line.
pub fn write(
    w: &mut dyn Write,
    rules: &RuleSet,
    reports: &[CheckedReport],
    color: bool,
) -> io::Result<()> {
    super::write_all(&mut Human::new(rules, color), w, reports)
}
