//! The GitHub Actions format: one workflow command per finding, which the
//! Actions runner turns into an annotation on the report's line in the pull
//! request, then the summary line as plain log text.
//!
//! `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::message`
//! (`::warning` for warnings, `::notice` for infos; a finding without a
//! position has only `file` and `title`). Columns count characters, as in
//! the JSON format; `endColumn` is the column just after the value. Values
//! are escaped the way the Actions toolkit escapes them: in the message
//! `%`, CR and LF; in properties also `:` and `,`, which would otherwise end
//! the property. Without the escaping a message with a line break would end
//! the command, and a report author could write the rest of the line as a
//! workflow command of their own.

use std::io::{self, Write};

use super::{Output, Place, Summary, related_text};
use crate::CheckedReport;
use crate::syntax::ast::Severity;

/// One workflow command per finding, then the summary line.
#[derive(Default)]
pub struct Github;

impl Github {
    pub fn new() -> Self {
        Github
    }
}

impl Output for Github {
    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let place = Place::of(report, f);
            let mut properties = format!("file={}", escape_property(place.name));
            if let Some(span) = f.span {
                let start = place.at(span.start);
                let end = place.at(span.end);
                properties.push_str(&format!(
                    ",line={},col={},endLine={},endColumn={}",
                    start.line, start.column, end.line, end.column
                ));
            }
            writeln!(
                w,
                "::{command} {properties},title={}::{}",
                escape_property(f.rule_id()),
                escape_data(&format!("{}{}", f.message, related_text(f)))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        // A run that could not check everything is annotated too, so the
        // pull request does not look clean.
        for f in &summary.failures {
            match &f.path {
                Some(path) => writeln!(
                    w,
                    "::error file={},title=pilotlint::{}",
                    escape_property(path),
                    escape_data(&f.message)
                )?,
                None => writeln!(w, "::error title=pilotlint::{}", escape_data(&f.message))?,
            }
        }
        writeln!(w, "{}", summary.line())
    }
}

/// Writes one workflow command per finding of every report, in order, then
/// the summary line.
pub fn write(w: &mut dyn Write, reports: &[CheckedReport]) -> io::Result<()> {
    super::write_all(&mut Github::new(), w, reports)
}

/// The message after `::`: `%` first, so the escapes themselves survive.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property: as data, and `:` and `,` too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    #[test]
    fn data_escapes_percent_and_line_breaks_and_keeps_colons_and_commas() {
        assert_eq!(
            escape_data("rate is 50%, below 90%\r\nsee: plan"),
            "rate is 50%25, below 90%25%0D%0Asee: plan"
        );
    }

    #[test]
    fn properties_escape_colons_and_commas_too() {
        assert_eq!(
            escape_property("C:\\reports\\a,b%.yaml\n"),
            "C%3A\\reports\\a%2Cb%25.yaml%0A"
        );
    }

    /// A file name that looks like more properties, and a message whose line
    /// break would otherwise start a command of the report author's own.
    #[test]
    fn a_finding_is_one_escaped_command_line() {
        let rules = crate::load_rules(vec![RuleSource {
            name: "r.rules".into(),
            text: "rule R1 \"names\" {\n    severity info\n    \
                   require name != \"x\" else \"got {name}\\n::error::forged, 100%\"\n}\n"
                .into(),
        }])
        .expect("valid rules");
        let report = crate::check_report(&rules, "a,line=9:b.yaml", "name: x\n".as_bytes());
        let mut out = Vec::new();
        write(&mut out, &[report]).expect("writing to memory");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "::notice file=a%2Cline=9%3Ab.yaml,line=1,col=7,endLine=1,endColumn=8,\
             title=R1::got x%0A::error::forged, 100%25\n\
             1 info in 1 of 1 file\n"
        );
    }
}
