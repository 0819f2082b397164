//! Which YAML files `check` leaves out as plainly not reports: outside
//! `--gate` and without an `include` in pilotlint.toml (which says itself
//! what a report is), a file none of whose top-level keys is a field of the
//! report root: of the report schema the rules declare, or for rules
//! without one, a field they read there or one of the reference report's
//! ([`pilotlint::CheckedReport::not_a_report`]). So a report repository's
//! first commit of `.github/workflows/ci.yml` or `docker-compose.yml`
//! passes the pre-commit hook, while a report that lacks `program` (it has
//! `period`, `measures`) still fails, and a gate checks every file it is
//! given. Each file left out is said on stderr, never passed over in
//! silence.

use std::io::{self, Write};

use super::CheckArgs;
use crate::cli::config::Config;

/// Whether this run leaves out files that are plainly not reports.
pub(super) fn applies(args: &CheckArgs, config: Option<&Config>) -> bool {
    !args.gate && config.is_none_or(|c| c.include.is_none())
}

/// The note for a file left out, with (at most five of) its keys.
pub(super) fn note(name: &str, keys: &[String]) {
    let mut shown: Vec<String> = keys.iter().take(5).map(|k| format!("`{k}`")).collect();
    if keys.len() > 5 {
        shown.push("...".to_string());
    }
    let _ = writeln!(
        io::stderr(),
        "note: `{name}` is not checked: it is not a report (none of its keys, {}, is a \
         field of a report's root, as the rules' schema or their rules say)",
        shown.join(", ")
    );
}

/// Said when every file the run found was left out: exit status 0, as
/// for files that pilotlint.toml excludes.
pub(super) fn nothing_to_check(count: usize) {
    let _ = writeln!(
        io::stderr(),
        "nothing to check: {} a report (`--gate` checks every file given)",
        if count == 1 {
            "the file given is not".to_string()
        } else {
            format!("none of the {count} files given is")
        }
    );
}
