//! The concise format: one line per finding, for editors' error lists and
//! for grep, then the summary line.
//!
//! `file:line:col: severity[RULE] message`, or `file: severity[RULE]
//! message` for a finding about the file as a whole. This is the shape
//! compilers print, so editors' error lists read it without configuration.
//! Columns count characters, as everywhere in pilotlint; editors that count
//! bytes or screen columns land beside the value after non-ASCII text, on
//! the right line. A line
//! is always one line: a line break inside a message would start a fake
//! finding, so it is written as a space.

use std::io::{self, Write};

use super::{Output, Place, Summary, related_text};
use crate::CheckedReport;

/// One line per finding, then the summary line.
#[derive(Default)]
pub struct Concise;

impl Concise {
    pub fn new() -> Self {
        Concise
    }
}

impl Output for Concise {
    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        for f in &report.findings {
            let place = Place::of(report, f);
            let at = match f.span {
                Some(span) => {
                    let p = place.at(span.start);
                    format!("{}:{}:{}", place.name, p.line, p.column)
                }
                None => place.name.to_string(),
            };
            writeln!(
                w,
                "{at}: {}[{}] {}{}",
                f.severity,
                f.rule_id(),
                one_line(&f.message),
                one_line(&related_text(f))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(w, "{}", summary.line())
    }
}

/// Writes one line per finding of every report, in order, then the summary
/// line.
pub fn write(w: &mut dyn Write, reports: &[CheckedReport]) -> io::Result<()> {
    super::write_all(&mut Concise::new(), w, reports)
}

/// `text` with every line break (`\r\n`, `\n` or `\r`) replaced by a space.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_a_message_become_spaces() {
        assert_eq!(one_line("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(one_line("plain"), "plain");
    }
}
