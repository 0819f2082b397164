//! pilotlint checks pilot-program progress reports (YAML) against rules
//! written in a small language, and points every finding at the exact value
//! in the report and at the rule clause that produced it.
//!
//! The modules read as the pipeline: [`syntax`] parses rule files into the
//! [`syntax::ast`], [`check`] turns them into a [`rules::RuleSet`] (or rule
//! errors), [`report`] loads YAML with a span on every value, [`eval`] produces
//! [`finding::Finding`]s, [`suppress`] applies the report's inline
//! suppressions to them, [`diagnostic`] turns errors and findings into miette
//! diagnostics, [`output`] writes them as text or JSON, and [`cli`] is the
//! command line ([`config`] reads its `pilotlint.toml`). The functions
//! below are the library entry points the
//! command line uses, so other front ends (a pre-commit hook, an editor) get
//! the same behaviour; [`load_rules_with`] is [`load_rules`] for a front end
//! that reads the JSON Schemas rule files declare.
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
pub mod finding;
pub mod output;
pub mod pattern;
pub mod pipeline;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod scalar;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod syntax;

pub use pipeline::{
    CheckedReport, RuleError, RuleErrors, check_report, load_rules, load_rules_with,
};
