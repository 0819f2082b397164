//! What one rule made of a document: passed, failed, not applicable, or
//! not evaluated, and how the outcomes of one rule on several documents
//! combine. JSON, JUnit, the dashboards and `pilotlint test` read these
//! rather than counting findings, so they agree on what "not evaluated"
//! means: a rule whose only findings say it could not work with the data.

use crate::finding::{Finding, codes};

/// What one rule made of one document (or of a file: see
/// [`crate::pipeline::CheckedReport::outcomes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Every `require` that ran held.
    Passed,
    /// The rule pushed at least one finding of a requirement that does not
    /// hold.
    Failed,
    /// A `when` at the top of the rule was false before any `require` ran:
    /// the rule does not apply to the document.
    Skipped,
    /// The rule could not be judged: it was stopped by its step budget
    /// (`eval-limit`), or every finding it gave is about data it cannot work
    /// with (`type-mismatch`, `incomparable`, `invalid-pattern`), so
    /// whether its requirements hold is unknown. Its findings still count
    /// (they are errors); a reader is told it was not evaluated rather than
    /// that it failed.
    NotEvaluated,
}

impl Outcome {
    /// The outcome of a rule that gave `findings` (all its own, none
    /// silenced), or `None` when it gave none: failed when one of them is
    /// a requirement that does not hold, otherwise not evaluated. A rule
    /// stopped by its budget after finding a violation failed: that
    /// violation is known.
    pub fn of_findings<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Option<Outcome> {
        let mut any = None;
        for f in findings {
            if !is_evaluation_error(&f.code) {
                return Some(Outcome::Failed);
            }
            any = Some(Outcome::NotEvaluated);
        }
        any
    }

    /// Two outcomes of one rule on two documents as one (a file with
    /// several, a test case with several reports): failed anywhere is
    /// failed; then not evaluated anywhere; then passed where it applied;
    /// otherwise skipped.
    pub fn and(self, other: Outcome) -> Outcome {
        use Outcome::*;
        match (self, other) {
            (Failed, _) | (_, Failed) => Failed,
            (NotEvaluated, _) | (_, NotEvaluated) => NotEvaluated,
            (Passed, _) | (_, Passed) => Passed,
            (Skipped, Skipped) => Skipped,
        }
    }

    /// The outcome in words, as JSON and the dashboards write it:
    /// `passed`, `failed`, `not-applicable`, `not-evaluated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Skipped => "not-applicable",
            Outcome::NotEvaluated => "not-evaluated",
        }
    }
}

/// Whether a finding of `code` says that its rule could not work with the
/// data or ran out of steps, rather than that a requirement does not hold.
pub fn is_evaluation_error(code: &str) -> bool {
    matches!(
        code,
        codes::TYPE_MISMATCH | codes::INCOMPARABLE | codes::INVALID_PATTERN | codes::EVAL_LIMIT
    )
}
