//! The flags of `pilotlint check` (their docs are the `--help`).

use std::path::PathBuf;

use clap::Args;

use crate::cli::args::{ColorArg, FailOn, Format, parse_size};
use crate::cli::config::ConfigArgs;

pub(crate) const CHECK_HELP: &str = concat!(
    "\
Examples:
  Check every report under the current directory against ./rules, or
  against the built-in packs where there is no ./rules:
    pilotlint check

  Check a report against one built-in pack:
    pilotlint check xian-2021h2.yaml --rules builtin:service-trade-pilot

  Check two reports against one rule file and a directory of rule files:
    pilotlint check reports/xian-2021h2.yaml reports/xian-2022h1.yaml \\
        --rules rules/stp.rules --rules rules/extra/

  A gate on submissions it does not trust, with its own settings, failing
  on warnings too, with output for other tools:
    pilotlint check --gate --config /etc/pilotlint/gate.toml submissions/ \\
        --fail-on warning --format sarif --output results.sarif

  Check an editor buffer or a pre-commit stash from standard input:
    cat report.yaml | pilotlint check - --stdin-filename reports/xian.yaml

  Run only the schedule rules, and count the findings of each:
    pilotlint check reports/ --select schedule --statistics

  Adopt pilotlint on existing reports: record today's findings once, then
  fail only on new ones:
    pilotlint check reports/ --write-baseline pilotlint-baseline.json
    pilotlint check reports/ --baseline pilotlint-baseline.json

  Check a report again each time it is saved:
    pilotlint check reports/xian-2021h2.yaml --watch

",
    exit_status_help!()
);

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or directories; `-` reads standard input
    ///
    /// Directories are walked in sorted order for `*.yaml` and `*.yml`
    /// files (in any case), skipping hidden files and directories and what
    /// `.gitignore` and `.ignore` files leave out (with --gate, neither).
    /// Files named here are
    /// checked whatever their extension. Without paths, the current
    /// directory is walked, or with a pilotlint.toml, its directory.
    ///
    /// With a pilotlint.toml, its `include` and `exclude` choose among the
    /// files named here too (a pre-commit hook names every changed YAML
    /// file); when they exclude every file named, nothing is checked and
    /// the exit status is 0, with a note on stderr.
    ///
    /// Outside --gate and without an `include`, a YAML file that is plainly
    /// not a report is left out with a note: every document a mapping
    /// none of whose keys is a field of the report schema the rules
    /// declare (a workflow, a docker-compose file). A report that lacks
    /// `program` still has report fields, so it is checked.
    ///
    /// Rules across reports (they read `reports`) read every report of the
    /// run at once. When only files are named and pilotlint.toml has an
    /// `include`, they read every report it selects, and only findings in
    /// the files named are shown: a pre-commit hook still compares a
    /// changed report with the others. Without an `include`, they read the
    /// files named.
    #[arg(value_name = "PATHS", verbatim_doc_comment)]
    pub paths: Vec<PathBuf>,

    /// A rule file, a directory walked for `*.rules` files, or a built-in
    /// pack: `builtin:service-trade-pilot`, `builtin:demonstration-zone`,
    /// `builtin:national` [default: `rules` in pilotlint.toml, else
    /// ./rules, or the built-in packs when there is no ./rules: the first
    /// two, and `builtin:national` (rules across reports) when a directory
    /// is checked, or with --gate or an `include`]
    ///
    /// May be given several times; the rules of all files are loaded
    /// together (rule ids must be unique across them). The built-in packs
    /// are compiled into pilotlint from the `rules/` directory of its
    /// source.
    #[arg(long, value_name = "PATH", verbatim_doc_comment)]
    pub rules: Vec<PathBuf>,

    /// Output format [default: github when the GITHUB_ACTIONS environment
    /// variable is `true` and the output goes to standard output, else
    /// human]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write the output to FILE instead of standard output
    ///
    /// Missing folders on the way to FILE are created. The output is
    /// written as the run goes into a temporary file beside FILE, which
    /// replaces FILE only once the whole output is written, so FILE is
    /// never half a report. If writing fails, the exit status is 2; if the
    /// run is interrupted (Ctrl-C, SIGTERM), it is 130; either way the
    /// temporary file is removed and FILE is left as it was. Diagnostics
    /// about the run itself still go to standard error.
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    pub output: Option<PathBuf>,

    /// The least severity of finding that makes the exit status 1
    /// [default: `fail_on` in pilotlint.toml, else error]
    #[arg(long, value_enum, value_name = "SEVERITY", verbatim_doc_comment)]
    pub fail_on: Option<FailOn>,

    /// Give `# pilotlint: ignore[...]` comments in reports no effect
    ///
    /// For a gate that must not be silenced by the reports it checks. A
    /// finding such a comment would have silenced says so in its help.
    /// `inline_ignores = false` in pilotlint.toml does the same.
    #[arg(long, verbatim_doc_comment)]
    pub no_inline_ignores: bool,

    /// Check as a gate that does not trust what it checks
    ///
    /// Settings come only from `--config FILE` (no pilotlint.toml is
    /// looked for); rules only from `--rules`, that file's `rules`, or the
    /// built-in packs, never from a `./rules` of the checked tree;
    /// `# pilotlint: ignore` comments have no effect; `.gitignore` and
    /// `.ignore` files of the checked tree are not read; hidden files and
    /// directories are checked too, `.git` ones included; a symbolic link
    /// to nothing is a `not-a-file` error; a symbolic link to a directory is a
    /// `linked-directory` error unless `exclude` names it; the
    /// configuration's `include` and `exclude` match paths relative to each
    /// directory named (for a file named, the working directory); and a
    /// symbolic link whose target is outside that tree is an
    /// `outside-tree` error finding, never read. A flag only: no
    /// configuration file can turn it on or off.
    #[arg(long, verbatim_doc_comment)]
    pub gate: bool,

    /// Walk directories without reading `.gitignore` and `.ignore` files
    #[arg(long)]
    pub no_ignore: bool,

    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub color: ColorArg,

    /// The name shown for the report read from standard input (`-`)
    /// [default: <stdin>]
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// The largest report read, in bytes, or with a suffix `K`, `M`, `G`
    /// (KiB, MiB, GiB)
    ///
    /// A larger report is not read: it gives a `file-too-large` error
    /// finding, and the other reports are still checked. Real reports are a
    /// few hundred KiB; the limit keeps an enormous or endless input (a
    /// device, a growing file) from exhausting memory.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "64M",
        value_parser = parse_size,
        verbatim_doc_comment
    )]
    pub max_file_size: u64,

    /// The most findings shown of one report
    ///
    /// The rest still count in the summary and the exit status, and a
    /// `findings-not-shown` note says how many were not shown, so no report
    /// can flood a CI log.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1000,
        value_parser = at_least_one,
        verbatim_doc_comment
    )]
    pub max_findings: usize,

    /// Run only these rules: ids, tags or packs, separated by commas
    /// [default: `select` in pilotlint.toml, else every rule]
    ///
    /// A rule is named by its id (`STP005`), a tag it has (`schedule`), its
    /// pack (`builtin:national`, or a rule file's name: `stp.rules`,
    /// `stp`), or all rules at once (`ALL`); case does not matter. May be
    /// given several times. It replaces the `select` and `ignore` of
    /// pilotlint.toml; a rule its `disable` names stays disabled. A rule
    /// not selected is not run at all, as if disabled. `pilotlint rules`
    /// lists the ids, and `pilotlint explain ID` a rule's tags.
    ///
    ///   pilotlint check reports/ --select STP002,STP005
    ///   pilotlint check reports/ --select schedule --ignore STP011
    #[arg(
        long,
        value_name = "RULES",
        value_delimiter = ',',
        verbatim_doc_comment
    )]
    pub select: Vec<String>,

    /// Do not run these rules: ids, tags or packs, as for --select
    ///
    /// Taken out of what `--select` (or pilotlint.toml's `select` and
    /// `ignore`) selects. As in Ruff, the more specific wins: `--select
    /// STP005 --ignore schedule` runs STP005 even if it has the tag
    /// `schedule`; when one id is in both, `--ignore` wins.
    #[arg(
        long,
        value_name = "RULES",
        value_delimiter = ',',
        verbatim_doc_comment
    )]
    pub ignore: Vec<String>,

    /// Read FILE for the data NAME that a rule file declares: NAME=FILE
    /// [default: `[data]` in pilotlint.toml, else the declaration's file]
    ///
    /// FILE replaces the file of a `data NAME "PATH"` declaration: it is
    /// checked against the schema the declaration gives, and findings
    /// point into it. A ministry gives the built-in national pack its
    /// registry of every pilot area this way. It replaces pilotlint.toml's
    /// `[data]` entry of the same NAME; may be given several times. With
    /// --gate, FILE must be outside the checked tree.
    ///
    ///   pilotlint check reports/ --data areas=registry/pilot-areas.yaml
    #[arg(
        long,
        value_name = "NAME=FILE",
        value_parser = parse_data,
        verbatim_doc_comment
    )]
    pub data: Vec<(String, PathBuf)>,

    /// Print how many findings each rule had instead of the findings
    ///
    /// One line per rule, and per code no rule wrote (`yaml-syntax`), most
    /// findings first, then by id: `COUNT<tab>ID<tab>TITLE`, then the
    /// summary line. With `--format json`, a JSON array of `{"rule",
    /// "title", "count"}`; the other formats are refused. Every finding
    /// counts, not only those `--max-findings` shows. The exit status is
    /// the one the findings give.
    ///
    ///   pilotlint check reports/ --statistics
    #[arg(long, verbatim_doc_comment)]
    pub statistics: bool,

    /// Check again whenever a report, rule, schema, data or configuration
    /// file changes
    ///
    /// For editing a report beside a terminal: the screen is cleared
    /// before each new run (only on a terminal), and Ctrl-C ends it (exit
    /// status 130). A run starts once the files are quiet for a moment, so
    /// saving several files is one run. Not with `--gate`, `--output`,
    /// `--write-baseline` or `-` (standard input).
    ///
    ///   pilotlint check reports/xian-2021h2.yaml --watch
    #[arg(long, verbatim_doc_comment)]
    pub watch: bool,

    /// Hide the findings recorded in FILE (written by --write-baseline)
    /// [default: `baseline` in pilotlint.toml]
    ///
    /// For adopting pilotlint on existing reports: a finding in FILE is not
    /// shown and does not count toward the exit status, so only new
    /// findings fail. Findings are matched by file, rule and data path,
    /// not by line, so editing a report elsewhere keeps them matched. An
    /// entry that no finding of a checked file matches any more is an
    /// `unused-baseline` info note, so the baseline can shrink. Paths are
    /// part of the match, relative to pilotlint.toml's directory (without
    /// one, and with --gate, the working directory). With --gate, FILE must
    /// be outside the checked tree.
    ///
    ///   pilotlint check reports/ --baseline pilotlint-baseline.json
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    pub baseline: Option<PathBuf>,

    /// Record every finding of the run in FILE, a baseline for --baseline
    ///
    /// The findings are not printed; FILE (JSON, one finding a line) is
    /// written atomically, and only when every report could be checked.
    /// The exit status is 0 once it is written. Write it again after
    /// fixing findings, so that it shrinks.
    ///
    ///   pilotlint check reports/ --write-baseline pilotlint-baseline.json
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["format", "output", "statistics", "baseline"],
        verbatim_doc_comment
    )]
    pub write_baseline: Option<PathBuf>,

    /// How many reports to check at once [default: the RAYON_NUM_THREADS
    /// environment variable, else the number of CPUs]
    ///
    /// The output is the same whatever the number: reports are written in
    /// the order they were found. At most four reports per thread are
    /// checked ahead of the one being written, so memory stays that of a
    /// few reports however many there are. More than four threads per CPU
    /// do no good: a larger number is lowered to that, with a note.
    #[arg(long, value_name = "N", value_parser = at_least_one, verbatim_doc_comment)]
    pub threads: Option<usize>,
}

/// `NAME=FILE` of `--data`: split at the first `=`, neither side empty.
fn parse_data(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((name, file)) if !name.trim().is_empty() && !file.is_empty() => {
            Ok((name.trim().to_string(), PathBuf::from(file)))
        }
        _ => Err(format!(
            "`{text}` is not NAME=FILE: give the data name a rule file declares, `=`, and the \
             file, as in `areas=registry.yaml`"
        )),
    }
}

/// A count that must be 1 or more, said in a sentence (clap's own message
/// for a zero is about a Rust type).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("`0` is not allowed here: give 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number such as `4`")),
    }
}
