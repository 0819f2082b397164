//! Writing the results of a run: one module per format.
//!
//! [`human`] prints miette's graphical diagnostics and a summary line;
//! [`json`] prints one JSON document, a stable contract for CI tools. Both
//! take the checked reports in the order the run found them, and neither
//! decides the exit status (`cli.rs` does).

pub mod human;
pub mod json;

use crate::CheckedReport;
use crate::syntax::ast::Severity;

/// Counts over a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Report files checked (a file with several documents counts once).
    pub files: usize,
    /// Report files with at least one finding.
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[CheckedReport]) -> Self {
        let mut s = Summary::default();
        for r in reports {
            s.add(&Summary::of_one(r));
        }
        s
    }

    /// The counts of one report, so a run that writes reports as they are
    /// checked (and drops them) can sum them with [`Summary::add`].
    pub fn of_one(report: &CheckedReport) -> Self {
        let mut s = Summary {
            files: 1,
            files_with_findings: usize::from(!report.findings.is_empty()),
            ..Summary::default()
        };
        for f in &report.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.files_with_findings += other.files_with_findings;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// "3 errors, 1 warning in 2 of 5 files", or "no problems in 5 files".
    pub fn line(&self) -> String {
        let files = plural(self.files, "file", "files");
        let counts: Vec<String> = [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.infos, "info", "infos"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(n, one, many))
        .collect();
        if counts.is_empty() {
            format!("no problems in {files}")
        } else {
            format!(
                "{} in {} of {files}",
                counts.join(", "),
                self.files_with_findings
            )
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(files: usize, with: usize, e: usize, w: usize, i: usize) -> Summary {
        Summary {
            files,
            files_with_findings: with,
            errors: e,
            warnings: w,
            infos: i,
        }
    }

    #[test]
    fn summary_line_counts_only_what_there_is_with_plurals() {
        assert_eq!(
            summary(5, 2, 3, 1, 0).line(),
            "3 errors, 1 warning in 2 of 5 files"
        );
        assert_eq!(summary(1, 1, 1, 0, 0).line(), "1 error in 1 of 1 file");
        assert_eq!(summary(3, 1, 0, 0, 2).line(), "2 infos in 1 of 3 files");
        assert_eq!(summary(5, 0, 0, 0, 0).line(), "no problems in 5 files");
        assert_eq!(summary(1, 0, 0, 0, 0).line(), "no problems in 1 file");
    }
}
