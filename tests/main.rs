//! The test suite of pilotlint, one binary. This file is its table of
//! contents: each module below says what belongs in it. Fixture folders
//! under `tests/fixtures/` are found at run time (`insta::glob!`), one case
//! per folder, so adding a case is adding a folder.
//!
//! Snapshots are reviewed by hand before they are accepted
//! (`cargo insta review`); a snapshot nobody read is not a test.

// Evaluation: rule files run against YAML reports; fixtures in
// `fixtures/eval/<case>/` (`rules.rules`, `report.yaml`), one snapshot of all
// findings per case, plus hand-worked messages.
mod eval;
