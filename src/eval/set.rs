//! Rules across reports: a set rule (one that reads `reports`) is checked
//! once for the whole set of a run, not once per report.
//!
//! `reports` is the list of every report of the set. Inside `each r in
//! reports[...]`, `r` is the current report: bare fields, and the file's
//! `let`s that read fields (`let as_of = period.end`), are read from it, so
//! those `let`s are computed anew for each current report, while a `let`
//! that reads only `reports` is computed once. The reports' spans sit in
//! ranges of their own (see [`crate::source`]), so a finding says which
//! report it is about. A set rule may take as many steps as the values
//! the set keeps allow ([`set_budget`]), not more as reports are added
//! that each compare with every other.
//!
//! Over a large set, a rule shaped `let`s and `when`s, then one `each`, is
//! evaluated in parts that share out the elements of that `each`, so the
//! threads of a run share one costly rule; the parts' findings are merged
//! into those of the whole rule, in the same order ([`merge_parts`]). The
//! parts share the rule's budget evenly.

use std::collections::HashSet;

use super::outcome::is_evaluation_error;
use super::value::{Kind, Value, first_key_span};
use super::{Abort, DEFAULT_BUDGET, Eval, Outcome, Slot};
use crate::finding::Finding;
use crate::report::{Node, NodeKind};
use crate::rules::RuleSet;
use crate::span::Span;
use crate::syntax::ast::ClauseKind;

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
    let parts = parts(rules, index, reports.len());
    let budget = set_budget(reports);
    let mut results = Vec::with_capacity(parts);
    for k in 0..parts {
        let mut found = Vec::new();
        let part = evaluate_set_rule_part(rules, reports, index, (k, parts), budget, &mut found);
        results.push((found, part));
    }
    let (found, outcome) = merge_parts(results);
    out.extend(found);
    outcome
}

/// How many parts set rule `index` is evaluated in over a set of
/// `reports` reports: one, or `PARTS` when the set is large and the rule
/// is shaped so its outermost `each` can be shared out (nothing but `let`s
/// and `when`s before it, nothing after it). The number depends on the set
/// and the rule alone, never on threads, so the findings are the same
/// however many evaluate the parts.
pub fn parts(rules: &RuleSet, index: usize, reports: usize) -> usize {
    let Some(info) = rules.rules.get(index).filter(|i| i.is_set()) else {
        return 1;
    };
    if reports < PARTS_FROM {
        return 1;
    }
    #[cfg(test)]
    if WHOLE.with(std::cell::Cell::get) {
        return 1;
    }
    let mut clauses = info.rule.clauses.iter().filter(|c| {
        !matches!(
            c.node,
            ClauseKind::Severity(_)
                | ClauseKind::Help(_)
                | ClauseKind::Url(_)
                | ClauseKind::Tags(_)
        )
    });
    let last_is_each = matches!(
        clauses.next_back().map(|c| &c.node),
        Some(ClauseKind::Each(_))
    );
    let before_are_lets =
        clauses.all(|c| matches!(c.node, ClauseKind::Let(_) | ClauseKind::When(_)));
    if last_is_each && before_are_lets {
        PARTS
    } else {
        1
    }
}

#[cfg(test)]
thread_local! {
    /// Evaluates every rule whole, so a test can compare with the parts.
    static WHOLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The parts of a large set's rule: enough for the cores of a gate's
/// machine; each part computes the rule's `let`s before its `each` again.
const PARTS: usize = 8;

/// The size of a set from which its rules are evaluated in parts.
const PARTS_FROM: usize = 256;

/// Which part of a set rule an evaluator runs: the elements `i` of the
/// rule's outermost `each` with `i % n == k`, noting where each element's
/// findings start.
pub(super) struct Part {
    k: usize,
    n: usize,
    /// (the first index in the findings, the element) for each element run.
    marks: Vec<(usize, usize)>,
}

/// What one part of a set rule made of the set, for [`merge_parts`].
pub struct PartResult {
    outcome: Outcome,
    marks: Vec<(usize, usize)>,
}

/// The steps a set rule may take over the set `reports`: the budget of
/// one report's rule, and [`STEPS_PER_VALUE`] for every value the set
/// keeps. Proportional to what was read, not to the number of reports
/// squared: a rule that compares every report with every other (HIS001
/// over thousands of reports of one area) stops with `eval-limit` in a
/// time the size of the submission bounds, while the 2,000 reports of the
/// benchmark corpus use a twentieth of it.
pub fn set_budget(reports: &[Node]) -> u64 {
    let mut values = 0u64;
    let mut todo: Vec<&Node> = reports.iter().collect();
    while let Some(node) = todo.pop() {
        values += 1;
        match &node.kind {
            NodeKind::Seq(items) => todo.extend(items.iter()),
            NodeKind::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    DEFAULT_BUDGET.saturating_add(values.saturating_mul(STEPS_PER_VALUE))
}

/// What each value a set keeps adds to its rules' budget ([`set_budget`]).
pub const STEPS_PER_VALUE: u64 = 100;

/// Evaluates part `k` of `n` (see [`parts`]) of set rule `index`, pushing
/// its findings onto `out`: those of the `let`s and `when`s before the
/// outermost `each`, and of the elements of that `each` that are this
/// part's. The rule's `budget` ([`set_budget`]) is shared out evenly, so
/// its parts together take no more than the whole rule could.
pub fn evaluate_set_rule_part(
    rules: &RuleSet,
    reports: &[Node],
    index: usize,
    (k, n): (usize, usize),
    budget: u64,
    out: &mut Vec<Finding>,
) -> PartResult {
    let Some(info) = rules.rules.get(index).filter(|i| i.is_set()) else {
        return PartResult {
            outcome: Outcome::Skipped,
            marks: Vec::new(),
        };
    };
    let mut eval = Eval::new(rules, &NO_REPORT, budget / n.max(1) as u64);
    eval.doc_origin = None;
    eval.set_roots = reports;
    let list: Vec<Value> = reports.iter().map(|r| Value::from_node(r, None)).collect();
    eval.reports = Some(Value::new(Kind::List(list.into()), None));
    if n > 1 {
        eval.part = Some(Part {
            k,
            n,
            marks: Vec::new(),
        });
    }
    let start = out.len();
    eval.run_rule(index, info, out);
    let marks = eval.part.take().map_or_else(Vec::new, |p| {
        p.marks.into_iter().map(|(at, i)| (at - start, i)).collect()
    });
    PartResult {
        outcome: eval.outcome(&out[start..]),
        marks,
    }
}

/// The findings and outcome of a set rule from those of its parts, in
/// order: as one evaluation of the whole rule gives them. The findings
/// before the outermost `each` are the same in every part (the same `let`s
/// and `when`s): the first part's are kept. Those of the elements are put
/// in the order of the elements, and a data error at a value that several
/// parts met (a `let` each computed) is kept once, where it is first met.
pub fn merge_parts(parts: Vec<(Vec<Finding>, PartResult)>) -> (Vec<Finding>, Outcome) {
    if parts.len() == 1 {
        return parts
            .into_iter()
            .next()
            .map(|(found, r)| (found, r.outcome))
            .unwrap_or((Vec::new(), Outcome::Skipped));
    }
    let skipped = parts
        .first()
        .is_some_and(|(_, r)| r.outcome == Outcome::Skipped);
    let mut prelude = Vec::new();
    let mut elements = Vec::new();
    for (p, (found, result)) in parts.into_iter().enumerate() {
        let mut marks = result.marks.iter().peekable();
        let mut element = None;
        for (at, f) in found.into_iter().enumerate() {
            while let Some(&&(start, i)) = marks.peek() {
                if start > at {
                    break;
                }
                element = Some(i);
                marks.next();
            }
            match element {
                Some(i) => elements.push((i, at, f)),
                None if p == 0 => prelude.push(f),
                None => {}
            }
        }
    }
    elements.sort_by_key(|(i, at, _)| (*i, *at));
    // One evaluation error per value and rule, as `Eval::push_error` keeps.
    let key = |f: &Finding| (f.code.clone(), f.span);
    let mut seen: HashSet<_> = prelude
        .iter()
        .filter(|f| is_evaluation_error(&f.code))
        .map(key)
        .collect();
    let mut found = prelude;
    for (_, _, f) in elements {
        if is_evaluation_error(&f.code) && !seen.insert(key(&f)) {
            continue;
        }
        found.push(f);
    }
    let outcome = match Outcome::of_findings(&found) {
        Some(o) => o,
        None if skipped => Outcome::Skipped,
        None => Outcome::Passed,
    };
    (found, outcome)
}

impl Eval<'_> {
    /// Whether element `i` of the outermost `each` is this part's; if so,
    /// its findings start at `at`.
    pub(super) fn in_part(&mut self, i: usize, at: usize) -> bool {
        let Some(part) = self.part.as_mut() else {
            return true;
        };
        if i % part.n != part.k {
            return false;
        }
        part.marks.push((at, i));
        true
    }
}

impl<'a> Eval<'a> {
    /// The root of `item` when it is a report of the set being checked.
    fn set_report(&self, item: &Value<'a>) -> Option<&'a Node> {
        if self.set_roots.is_empty() {
            return None;
        }
        let Kind::Map(node) = item.kind else {
            return None;
        };
        // A node's children live in allocations of their own, never inside
        // it: a node whose address is in the slice is one of its elements.
        self.set_roots
            .as_ptr_range()
            .contains(&(node as *const Node))
            .then_some(node)
    }

    /// Whether a filter keeps `item`, given what its condition made of it:
    /// not when the condition met a data error that leaves `item` out
    /// ([`Eval::leave_out`]).
    pub(super) fn leave_out_on_error(
        &mut self,
        item: &Value<'a>,
        holds: Result<bool, Abort>,
    ) -> Result<bool, Abort> {
        match holds {
            Err(e) => self.leave_out(item, e).map(|()| false),
            kept => kept,
        }
    }

    /// What to do with an element of a list being walked (by a filter, a
    /// comprehension, `sum`, `min`...) on which `err` was met. A data error
    /// that is the fault of a report of the set, other than the current
    /// one, that `item` belongs to (it is that report, or a value in it)
    /// leaves the element out instead of ending the walk: the error waits
    /// in `deferred` to be a finding of the rule at its value
    /// ([`Eval::flush_deferred`]), and the rule goes on with the other
    /// reports' elements. The fault is the report's when the value blamed
    /// is in it (an ordering of a date against a text blames the text:
    /// `incomparable`). Any other error (running out of budget, a value
    /// blamed in the current report, in another report than the element's,
    /// in a `let` or a data file; any error outside a set rule) is given
    /// back, to end the walk as before: an error in the current report ends
    /// its check with that finding, which is the same one, and an element
    /// that cannot be evaluated because of a third report's value is not
    /// silently dropped from the current report's check.
    pub(super) fn leave_out(&mut self, item: &Value<'a>, err: Abort) -> Result<(), Abort> {
        let Abort::Data(e) = err else {
            return Err(err);
        };
        let Some(blamed) = self.report_holding(e.origin) else {
            return Err(Abort::Data(e));
        };
        let owner = self
            .set_report(item)
            .or_else(|| self.report_holding(item.origin));
        if !owner.is_some_and(|o| std::ptr::eq(o, blamed)) || std::ptr::eq(blamed, self.doc) {
            return Err(Abort::Data(e));
        }
        self.deferred.push(*e);
        Ok(())
    }

    /// The report of the set whose text holds `span`. A report's root spans
    /// every value in it, keys and aliases' copies included
    /// (`report::build`); the reports' ranges follow one another in the
    /// order of the set and do not overlap (`crate::source`).
    fn report_holding(&self, span: Option<Span>) -> Option<&'a Node> {
        let span = span?;
        let roots: &'a [Node] = self.set_roots;
        let after = roots.partition_point(|r| r.span.start <= span.start);
        let node = roots.get(after.checked_sub(1)?)?;
        (span.end <= node.span.end).then_some(node)
    }

    /// Makes the data errors left over by walks of lists ([`Eval::leave_out`])
    /// findings of `clause`, the clause that met them, after its own: each
    /// once per rule, however many filters and reports met it, as every
    /// data error of a rule (`reported`), so the findings are the same in
    /// parts as whole ([`merge_parts`]).
    pub(super) fn flush_deferred(&mut self, clause: Span, out: &mut Vec<Finding>) {
        for e in std::mem::take(&mut self.deferred) {
            self.push_error(e, clause, out);
        }
    }
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
        let node = self.set_report(item)?;
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

#[cfg(test)]
mod tests;
