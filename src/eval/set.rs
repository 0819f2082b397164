//! Rules across reports: a set rule (one that reads `reports`) is checked
//! once for the whole set of a run, not once per report.
//!
//! `reports` is the list of every report of the set. Inside `each r in
//! reports[...]`, `r` is the current report: bare fields, and the file's
//! `let`s that read fields (`let as_of = period.end`), are read from it, so
//! those `let`s are computed anew for each current report, while a `let`
//! that reads only `reports` is computed once. The reports' spans sit in
//! ranges of their own (see [`crate::source`]), so a finding says which
//! report it is about. A set rule may take as many steps as every report's
//! rules together could.

use super::value::{Kind, Value, first_key_span};
use super::{DEFAULT_BUDGET, Eval, Outcome, Slot};
use crate::finding::Finding;
use crate::report::{Node, NodeKind};
use crate::rules::RuleSet;
use crate::span::Span;

/// The document a set rule reads bare fields from where no report is
/// current (the checks allow none there; this keeps the evaluator total).
static NO_REPORT: Node = Node {
    kind: NodeKind::Null,
    span: Span { start: 0, end: 0 },
};

/// Evaluates set rule `index` of `rules` against the set `reports` (the
/// documents of every report, each with its spans in its own range),
/// pushing its findings onto `out`, unsorted, and says what it made of the
/// set; a rule of one report at a time is skipped. Each rule gets an
/// evaluator of its own, so rules can be evaluated on different threads.
pub fn evaluate_set_rule(
    rules: &RuleSet,
    reports: &[Node],
    index: usize,
    out: &mut Vec<Finding>,
) -> Outcome {
    let Some(info) = rules.rules.get(index).filter(|i| i.is_set()) else {
        return Outcome::Skipped;
    };
    let budget = DEFAULT_BUDGET.saturating_mul(reports.len().max(1) as u64);
    let mut eval = Eval::new(rules, &NO_REPORT, budget);
    eval.doc_origin = None;
    eval.set_roots = reports.iter().map(|r| r as *const Node).collect();
    let list: Vec<Value> = reports.iter().map(|r| Value::from_node(r, None)).collect();
    eval.reports = Some(Value::new(Kind::List(list.into()), None));
    let start = out.len();
    eval.run_rule(index, info, out);
    eval.outcome(&out[start..])
}

/// What entering a current report replaced, to be put back after.
pub(super) struct Saved<'a> {
    doc: &'a Node,
    doc_origin: Option<Span>,
    /// The file `let`s that read the report: their index and former slot.
    lets: Vec<(usize, Slot<'a>)>,
}

impl<'a> Eval<'a> {
    /// Makes `item` the current report when it is a report of the set:
    /// the document bare fields are read from, with the file's `let`s that
    /// read fields not yet computed for it. `None` (nothing changed) for
    /// any other value.
    pub(super) fn enter_report(&mut self, item: &Value<'a>) -> Option<Saved<'a>> {
        if self.set_roots.is_empty() {
            return None;
        }
        let Kind::Map(node) = item.kind else {
            return None;
        };
        if !self.set_roots.contains(&(node as *const Node)) {
            return None;
        }
        let reads_report: &[bool] = self
            .file
            .and_then(|f| self.rules.lets_read_report.get(f))
            .map_or(&[], Vec::as_slice);
        let mut lets = Vec::new();
        for (k, reads) in reads_report.iter().enumerate() {
            if !reads || k >= self.file_lets {
                continue;
            }
            if let Slot::Let(expr, _) = &self.bindings[k].slot {
                let fresh = Slot::Let(expr, None);
                lets.push((k, std::mem::replace(&mut self.bindings[k].slot, fresh)));
            }
        }
        let saved = Saved {
            doc: self.doc,
            doc_origin: self.doc_origin,
            lets,
        };
        self.doc = node;
        self.doc_origin = Some(first_key_span(node));
        Some(saved)
    }

    /// Puts back what [`Eval::enter_report`] replaced.
    pub(super) fn leave_report(&mut self, saved: Saved<'a>) {
        self.doc = saved.doc;
        self.doc_origin = saved.doc_origin;
        for (k, slot) in saved.lets {
            if let Some(b) = self.bindings.get_mut(k) {
                b.slot = slot;
            }
        }
    }
}
