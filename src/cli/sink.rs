//! Diagnostics about the run itself (a path that cannot be read, errors in
//! rule files), written to standard error: [`Errors`] is the one sink, and
//! whether it was used is what makes a command exit with status 2.

use std::io::{self, IsTerminal, Write};

use pilotlint::diagnostic::{self, Diag};
use pilotlint::output::Failure;

use super::args::ColorChoice;

/// Prints diagnostics about the run itself to stderr and remembers that one
/// was printed (exit status 2).
pub(crate) struct Errors {
    pub(crate) color: bool,
    pub(crate) failed: bool,
    /// When set, each diagnostic is also kept here as plain text, for
    /// output formats that carry them (`pilotlint test --format junit`).
    pub(crate) record: Option<Vec<String>>,
    /// What kept a `check` from checking everything (see [`Errors::fail`]).
    pub(crate) failures: Vec<Failure>,
}

impl Errors {
    /// A sink coloured as `--color` says for standard error.
    pub(crate) fn new(color: ColorChoice) -> Errors {
        Errors {
            color: color.enabled(io::stderr().is_terminal()),
            failed: false,
            record: None,
            failures: Vec::new(),
        }
    }

    /// A fresh sink with the same colouring that also keeps each
    /// diagnostic as plain text: nothing failed yet.
    pub(crate) fn recording(&self) -> Errors {
        Errors {
            color: self.color,
            failed: false,
            record: Some(Vec::new()),
            failures: Vec::new(),
        }
    }

    /// Reports `d`, which keeps the run from checking everything, and
    /// keeps it as a [`Failure`] for the output to carry.
    pub(crate) fn fail(&mut self, path: Option<&str>, d: &Diag<'_>) {
        self.failures.push(Failure {
            path: path.map(str::to_string),
            message: d.message.clone(),
        });
        self.report(d);
    }

    pub(crate) fn report(&mut self, d: &Diag<'_>) {
        self.failed = true;
        if let Some(record) = &mut self.record {
            record.push(diagnostic::render(d, false));
        }
        // If stderr itself is gone there is nobody left to tell.
        let _ = writeln!(io::stderr(), "{}", diagnostic::render(d, self.color));
    }
}

/// A file or directory named on the command line that could not be read.
/// `what` says what it was for ("report", "rule file").
pub(crate) fn io_error(what: &str, path: &str, e: &io::Error) -> Diag<'static> {
    let message = match e.kind() {
        io::ErrorKind::NotFound => format!("{what} `{path}` does not exist"),
        _ => format!("cannot read {what} `{path}`: {}", describe_io(e)),
    };
    Diag::error(message)
}

/// `Permission denied (os error 13)` -> `permission denied`.
pub(crate) fn describe_io(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes `text` to stdout; a closed pipe is not an error (the reader has
/// what it wants), any other failure is reported and makes the run fail.
pub(crate) fn write_stdout(text: &str, errors: &mut Errors) {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => errors.report(&Diag::error(format!(
            "cannot write the output: {}",
            describe_io(&e)
        ))),
        Ok(()) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_say_what_could_not_be_read() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(
            io_error("report path", "x.yaml", &e).message,
            "report path `x.yaml` does not exist"
        );
        let e = io::Error::from_raw_os_error(13);
        assert_eq!(
            io_error("report", "x.yaml", &e).message,
            "cannot read report `x.yaml`: permission denied"
        );
    }
}
