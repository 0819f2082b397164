//! pilotlint checks pilot-program progress reports (YAML) against rules
//! written in a small language, and points every finding at the exact value
//! in the report and at the rule clause that produced it.
//!
//! This crate is the library half of pilotlint, and it is pure: rule text
//! and report bytes in, findings and rendered output out. It reads no
//! files, starts no threads, reads no environment and never exits; the
//! `pilotlint` binary (`src/main.rs`, `src/cli/`) owns all of that and
//! hands the library what it needs: the text of the schemas rule files
//! name (a [`resolve::Resolver`]) and scratch storage for long outputs
//! ([`output::spill::Spill`]).
//!
//! The modules read as the pipeline: [`syntax`] parses rule files into the
//! [`syntax::ast`], [`check`] turns them into a [`rules::RuleSet`] (or rule
//! errors), [`report`] loads YAML with a span on every value, [`eval`] produces
//! [`finding::Finding`]s (its [`eval::functions`] is the one table of built-in
//! functions), [`suppress`] applies the report's inline suppressions to
//! them, [`diagnostic`] turns errors and findings into miette diagnostics,
//! and [`output`] writes them in every format. [`pipeline`] holds the two
//! entry points every front end calls, re-exported here: [`load_rules`]
//! (or [`load_rules_with`], for a front end that reads the schemas rule
//! files declare) and [`check_report`], from a report's bytes to its sorted
//! findings and per-rule outcomes, so `pilotlint check`, `pilotlint test`
//! and an editor cannot disagree.
//!
//! ```
//! use pilotlint::rules::RuleSource;
//!
//! let rules = pilotlint::load_rules(vec![RuleSource {
//!     name: "plan.rules".into(),
//!     text: "rule STP002 \"provincial implementation plan approved\" {\n    \
//!            require implementation_plan.approved == true\n}\n"
//!         .into(),
//! }])
//! .expect("the rule file is valid");
//!
//! let report = pilotlint::check_report(
//!     &rules,
//!     "xian.yaml",
//!     b"implementation_plan:\n  approved: false\n",
//! );
//! let finding = &report.findings[0];
//! assert_eq!(finding.code, "STP002");
//! assert_eq!(finding.message, "`implementation_plan.approved` is false, expected == true");
//! let span = finding.span.expect("the finding points into the report");
//! assert_eq!(&report.text[span.start..span.end], "false");
//! assert_eq!(report.data_path(0), Some("implementation_plan.approved"));
//!
//! // The same diagnostic `pilotlint check` prints, without colour.
//! let text = pilotlint::diagnostic::render(
//!     &pilotlint::diagnostic::finding(&report, finding),
//!     false,
//! );
//! assert!(text.contains("xian.yaml:2:13"));
//! assert!(text.contains("plan.rules:2:5"));
//! println!("{text}");
//! ```

pub mod builtin;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod eval;
pub mod facts;
pub mod finding;
pub mod output;
pub mod pattern;
pub mod pipeline;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod scalar;
pub mod source;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod syntax;
pub mod wording;

pub use pipeline::{
    CheckedReport, RuleError, RuleErrors, check_report, load_rules, load_rules_with,
};
