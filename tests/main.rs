//! The test suite of pilotlint, one binary. This file is its table of
//! contents: each module below says what belongs in it. Fixture folders
//! under `tests/fixtures/` are found at run time (`insta::glob!`), one case
//! per folder, so adding a case is adding a folder.
//!
//! Snapshots are reviewed by hand before they are accepted
//! (`cargo insta review`); a snapshot nobody read is not a test.

// -- The rule language -------------------------------------------------------
// The parser: AST shapes (equality ignores spans), exact spans, recovery at
// the next rule, and error snapshots over `fixtures/syntax-errors/<case>/`.
mod syntax;
// Static checks of parsed rule files: error snapshots over
// `fixtures/check-errors/<case>/*.rules` (several files = cross-file checks).
mod check;
// Every ```rules block of grammar.md and README.md parses and checks clean,
// so the documentation cannot drift from the language.
mod docs;
// Schema-checked rules: error snapshots over `fixtures/schema-errors/<case>/`
// (`rules.rules` and the `schema.json` it declares), clean cases in
// `fixtures/schema-ok/`, and the shipped packs against the shipped schema.
mod schema;
// The formatter (`pilotlint fmt`): the layout case by case, its promises
// (same meaning, idempotent, every comment kept) on generated rule files
// and every rule file and example of the repository, and the command.
mod fmt;

// -- Reports and evaluation --------------------------------------------------
// Rule files run against YAML reports: `fixtures/eval/<case>/` holds
// `rules.rules` and `report.yaml`, one snapshot of all findings per case,
// plus messages and spans worked out by hand.
mod eval;
// The expressions added for rule authors: text `+` (and `matches` with a
// pattern built so), `if ... then ... else`, list comprehensions,
// `distinct`, `sum` and `avg` of durations: parsing, layout, names, and
// evaluation with messages and spans worked out by hand.
mod exprs;

// -- The command line ----------------------------------------------------------
// The real `pilotlint` binary: exit statuses, human and JSON output, paths,
// stdin, colour; `fixtures/cli/<case>/` holds `args` and its inputs.
mod cli;
// `--format sarif` against the official SARIF 2.1.0 schema (vendored in
// `fixtures/sarif/`), rule indices, and positions worked out by hand.
mod sarif;
// `--format junit` against junit-10.xsd with xmllint, over
// `fixtures/junit/<case>/` (clean, findings, invalid YAML, documents), and
// `pilotlint test --format junit` over the rule-test CLI fixtures.
mod junit;
// `--format gitlab`: the documented Code Quality format, positions by hand,
// fingerprints (unique, stable under edits, the documented hash).
mod gitlab;
// The run loop: output written while later reports are checked, an
// interrupted `--output` leaving nothing behind, unreadable reports.
mod stream;
// The shipped examples give exactly the findings examples/README.md lists,
// the rule packs compiled into the binary are the files in rules/, and the
// packs' own tests (rules/*.tests.yaml) pass with every rule passing and
// failing at least once, as does the example test file of docs/rule-tests.md.
mod examples;
// pilotlint.toml through the binary in `fixtures/config/repo/`: discovery
// upwards, include/exclude on walked and named files, overrides, disabled
// rules and severities in every place they show, docs/config.md's example.
mod config;
// Issue 15, the working directory does not matter: the shipped rules,
// their schema and data file from outside the checkout and from inside
// `rules/`, by `check`, `rules` and `test`.
mod anywhere;
// Issue 15, what a linter user expects: shell completions run in a real
// bash, `rules --format json`, `explain` of every code no rule writes.
mod everyday;
// Docs that stay true: every sample output (```text) of README.md,
// grammar.md and docs/*.md is what pilotlint prints, and README's option
// table lists every flag `check --help` shows.
mod samples;
// Issue 17, the compliance dashboard: the page agrees with the JSON of the
// same run cell by cell (per-rule outcomes) and finding by finding; the
// examples' pages as snapshots (Chromium: scripts/dashboard-check.sh).
mod html;
// Issue 17, the dashboard against a hostile submitter (markup, RTL,
// control characters, `javascript:` urls) and at 2,000 reports.
mod html_safety;
// Issue 17, the job summary: the examples as snapshots, escaping, the
// limits with the count of the rest, links to file and line.
mod markdown;
// The CI files README.md shows (docs/ci/): shown as they are, valid against
// their schemas (vendored in `fixtures/ci/`), and their pilotlint command
// lines run on the examples with the promised exit status and output file.
mod ci_docs;
// `--select`/`--ignore` in every format (SARIF's rules, JUnit's cases),
// rules across reports selected like the others, and `--statistics`
// counting every finding; the flag errors are CLI fixtures (`select-*`).
mod selection;
// `--write-baseline` and `--baseline`: the documented file, known findings
// hidden across edits, unused entries as a note in every format, and a
// gate's refusal of a baseline from the tree it checks.
mod baseline;
// `--watch`: a changed report is checked again, the screen cleared only on
// a terminal (a pseudo-terminal from `script`), Ctrl-C ends it.
mod watch;
// `check` and `test` run one pipeline: every example's findings from
// `check` are what a rule test of that example expects.
mod pipeline;
// Rules across reports and `data` files: load-time errors in data files and
// set rules, a set rule failing on one report (`sets/walks.rs`: in a
// comprehension, `sum`, `min`, `max`, or through a third report).
mod sets;
// What `check` writes of set findings: related places in every output
// format (positions by hand), many files in order at every thread count, a
// report that reads differently when it is shown again.
mod set_outputs;
// The design brief's examples of rules across reports (report-sets.md),
// verbatim, on a set with one mistake per rule: each behaves as its comment
// says.
mod report_sets;
// Inline suppressions through the library: scope, warnings about unused and
// invalid ones, refusal by a gate, `#` in strings and block scalars.
mod suppress;

// -- Untrusted reports -----------------------------------------------------------
// The official YAML test suite through the report loader and the binary;
// the cases the YAML library cannot pass are listed there, in one place.
mod yaml_suite;
// The gate holds: every bypass of a hostile submitter (suppressions that
// should not work, a submission's own settings, links out of the tree),
// outputs that look clean when the run failed, forged file names, and
// output or threads without bound, one regression test each.
mod gate;
// Hostile and broken reports through the binary: every limit is a clear
// finding and the other files of the run are still checked.
mod limits;
// Rules cannot reach outside the report: no such function, and no file,
// process, thread, network or environment access outside the front end.
mod security;
// The library/front-end boundary: lib.rs declares no front-end module, the
// library's modules have no import cycles, front-end files stay short, a
// built-in function is named once, the sink and exit statuses defined once.
mod architecture;

// -- Editors -----------------------------------------------------------------------
// `pilotlint server` through the protocol with the real binary, over
// `fixtures/server/workspace/`: diagnostics as `check` gives them (UTF-16
// positions by hand), changes, rule files (errors, formatting, hover,
// completion, definition), code actions, the life cycle. A real editor
// (Neovim) runs on the same workspace in scripts/editor-check.sh.
mod server;
