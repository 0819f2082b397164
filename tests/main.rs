//! The test suite of pilotlint, one binary. This file is its table of
//! contents: each module below says what belongs in it. Fixture folders
//! under `tests/fixtures/` are found at run time (`insta::glob!`), one case
//! per folder, so adding a case is adding a folder.
//!
//! Snapshots are reviewed by hand before they are accepted
//! (`cargo insta review`); a snapshot nobody read is not a test.

// The `pilotlint` binary end to end: exit statuses, output formats, paths.
mod cli;
// Evaluation: rule files run against YAML reports; fixtures in
// `fixtures/eval/<case>/` (`rules.rules`, `report.yaml`), one snapshot of all
// findings per case, plus hand-worked messages.
mod eval;
// The parser: AST shapes, exact spans, recovery; `fixtures/syntax-errors/`.
mod syntax;
// Every ```rules block of grammar.md and README.md parses and checks clean.
mod docs;
// Static checks of parsed rule files: error snapshots over
// `fixtures/check-errors/<case>/*.rules`, clean files in `fixtures/check-ok/`.
mod check;
// Evaluation: rule files run against YAML reports; fixtures in
// `fixtures/eval/<case>/` (`rules.rules`, `report.yaml`), one snapshot of all
// findings per case, plus hand-worked messages.
mod eval;

// The `pilotlint` binary end to end: exit statuses, output formats, paths.
mod cli;

// The shipped examples give exactly the findings examples/README.md lists,
// and the rule packs compiled into the binary are the files in rules/.
mod examples;
