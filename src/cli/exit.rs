//! The exit statuses, in one place: every command returns an [`Exit`], and
//! `main` turns it into the process's status. The long helps show the
//! statuses from [`exit_status_help`].

use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: nothing at or above the failure level (`check`), every case
    /// passed (`test`), every file formatted (`fmt --check`).
    Clean,
    /// 1: findings at or above `--fail-on`, a failed rule test, a file
    /// that `fmt --check` would change.
    Findings,
    /// 2: pilotlint could not do its job (bad arguments, rule errors, a
    /// path that cannot be read, output that cannot be written).
    Failed,
    /// 130 (128 + SIGINT): interrupted while writing `--output`.
    Interrupted,
}

impl Exit {
    pub(crate) fn code(self) -> u8 {
        match self {
            Exit::Clean => 0,
            Exit::Findings => 1,
            Exit::Failed => 2,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// The exit statuses, shown in both long helps; `check` returns them.
macro_rules! exit_status_help {
    () => {
        "\
Exit status:
  0  no findings at or above --fail-on (or every file named is excluded
     by pilotlint.toml: nothing is checked)
  1  findings at or above --fail-on (a report that is not valid YAML is an
     error finding; the other reports are still checked)
  2  pilotlint could not do its job: bad arguments, errors in rule files
     (all of them are shown), a rule file that cannot be read, a report path
     that does not exist or cannot be read (the other reports are still
     checked), or no report found at all
  130  interrupted (Ctrl-C, SIGTERM) while writing --output; the file
       is left as it was"
    };
}
