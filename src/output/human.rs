//! The default format: each finding as miette's graphical report (the value
//! in the report, the rule clause in the rule file), then a summary line.

use std::io::{self, Write};

use super::Summary;
use crate::CheckedReport;
use crate::diagnostic;
use crate::rules::RuleSet;

/// Writes every finding of every report, in order, then the summary line.
pub fn write(
    w: &mut dyn Write,
    rules: &RuleSet,
    reports: &[CheckedReport],
    color: bool,
) -> io::Result<()> {
    for report in reports {
        write_report(w, rules, report, color)?;
    }
    write_summary(w, &Summary::of(reports))
}

/// Writes the findings of one report; [`write`] is this for every report,
/// then [`write_summary`].
pub fn write_report(
    w: &mut dyn Write,
    rules: &RuleSet,
    report: &CheckedReport,
    color: bool,
) -> io::Result<()> {
    for f in &report.findings {
        let d = diagnostic::finding(rules, report, f);
        w.write_all(diagnostic::render(&d, color).as_bytes())?;
        writeln!(w)?;
    }
    Ok(())
}

/// The line that ends the output.
pub fn write_summary(w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(w, "{}", summary.line())
}
