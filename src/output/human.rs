//! The default format: each finding as miette's graphical report (the value
//! in the report, the rule clause in the rule file), then a summary line.

use std::io::{self, Write};

use super::{Output, Summary};
use crate::CheckedReport;
use crate::diagnostic;

/// Every finding as a diagnostic, then the summary line.
pub struct Human {
    color: bool,
    /// The rule clauses' snippets rendered so far: each is the same for
    /// every finding of its rule.
    rendered: diagnostic::Rendered,
}

impl Human {
    pub fn new(color: bool) -> Self {
        Human {
            color,
            rendered: diagnostic::Rendered::default(),
        }
    }
}

impl Output for Human {
    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let d = diagnostic::finding(report, f);
            let text = diagnostic::render_reusing(&d, self.color, &mut self.rendered);
            w.write_all(text.as_bytes())?;
            writeln!(w)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(w, "{}", summary.line())
    }
}

/// Writes every finding of every report, in order, then the summary line.
pub fn write(w: &mut dyn Write, reports: &[CheckedReport], color: bool) -> io::Result<()> {
    super::write_all(&mut Human::new(color), w, reports)
}
