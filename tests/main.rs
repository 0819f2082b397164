//! The test suite of pilotlint, one binary. This file is its table of
//! contents: each module below says what belongs in it. Fixture folders
//! under `tests/fixtures/` are found at run time (`insta::glob!`), one case
//! per folder, so adding a case is adding a folder.
//!
//! Snapshots are reviewed by hand before they are accepted
//! (`cargo insta review`); a snapshot nobody read is not a test.

// The `pilotlint` binary end to end: exit statuses, output formats, paths.
mod cli;

// The shipped examples give exactly the findings examples/README.md lists,
// and the rule packs compiled into the binary are the files in rules/.
mod examples;
