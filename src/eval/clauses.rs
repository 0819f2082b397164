//! Running a rule's clauses: `let`, `when`, `require` and `each`, in
//! order, over the current document or, for `each`, over each element of a
//! list (which becomes the current report when it is one of the set's).

use super::value::Kind;
use super::{Abort, Binding, Eval, Slot, display};
use crate::finding::Finding;
use crate::span::Span;
use crate::syntax::ast::{Clause, ClauseKind, Each};

impl<'a> Eval<'a> {
    /// Runs the clauses of a rule or an `each` body. `Err` carries the
    /// clause that ran out of budget.
    pub(super) fn run_block(
        &mut self,
        clauses: &'a [Clause],
        out: &mut Vec<Finding>,
    ) -> Result<(), Span> {
        for clause in clauses {
            let scope = self.scope();
            match &clause.node {
                ClauseKind::Let(l) => self.bindings.push(Binding {
                    name: &l.name.node,
                    slot: Slot::Let(&l.value, None),
                }),
                ClauseKind::When(cond) => {
                    let holds = self.truth(cond, scope);
                    self.flush_deferred(clause.span, out);
                    match holds {
                        Ok(true) => {}
                        Ok(false) => {
                            // Only the rule's own clauses, not an `each` body:
                            // a `when` there skips one element, not the rule.
                            let top = self.rules.rules.get(self.rule).is_some_and(|info| {
                                std::ptr::eq(clauses.as_ptr(), info.rule.clauses.as_ptr())
                            });
                            if top && !self.required {
                                self.skipped = true;
                            }
                            return Ok(());
                        }
                        Err(Abort::Limit) => return Err(clause.span),
                        Err(Abort::Data(e)) => {
                            self.push_error(*e, clause.span, out);
                            return Ok(());
                        }
                    }
                }
                ClauseKind::Require(req) => {
                    self.required = true;
                    let result = self.require(clause.span, req, out);
                    self.flush_deferred(clause.span, out);
                    match result {
                        Ok(()) => {}
                        Err(Abort::Limit) => return Err(clause.span),
                        Err(Abort::Data(e)) => self.push_error(*e, clause.span, out),
                    }
                }
                ClauseKind::Each(each) => {
                    // The outermost `each` of a set rule evaluated in parts.
                    let top = self.part.is_some()
                        && self.rules.rules.get(self.rule).is_some_and(|info| {
                            std::ptr::eq(clauses.as_ptr(), info.rule.clauses.as_ptr())
                        });
                    self.run_each(clause.span, each, top, out)?
                }
                ClauseKind::Severity(_)
                | ClauseKind::Help(_)
                | ClauseKind::Url(_)
                | ClauseKind::Tags(_) => {}
            }
        }
        Ok(())
    }

    /// Runs an `each`; `top`: the outermost one of a set rule evaluated in
    /// parts, of whose elements only this part's run.
    fn run_each(
        &mut self,
        clause: Span,
        each: &'a Each,
        top: bool,
        out: &mut Vec<Finding>,
    ) -> Result<(), Span> {
        let list = self.eval(&each.iter, self.scope());
        self.flush_deferred(clause, out);
        let list = match list {
            Ok(v) => v,
            Err(Abort::Limit) => return Err(clause),
            Err(Abort::Data(e)) => {
                self.push_error(*e, clause, out);
                return Ok(());
            }
        };
        let items = match list.kind {
            Kind::Missing(_) | Kind::Null => return Ok(()),
            _ => match list.items() {
                Some(items) => items,
                None => {
                    let e = Abort::mismatch(
                        format!(
                            "`each` needs a list, but `{}` is {}",
                            self.text(each.iter.span),
                            list.type_name()
                        ),
                        list.origin,
                    )
                    .with_label(display::quoted(&list));
                    if let Abort::Data(e) = e {
                        self.push_error(*e, clause, out);
                    }
                    return Ok(());
                }
            },
        };
        let mark = self.bindings.len();
        let outer = self.each_origin;
        let mut result = Ok(());
        for (i, item) in items.enumerate() {
            if top && !self.in_part(i, out.len()) {
                continue;
            }
            if self.tick(1).is_err() {
                result = Err(clause);
                break;
            }
            // Across reports, a finding with no value of its own points at
            // the element only when that is a thing (a report, an area's
            // entry, a measure): a period or a total picked from one report
            // is no more that report's than another's, and such a finding
            // is about the set (its rule's clause).
            if self.set_roots.is_empty() || matches!(item.kind, Kind::Map(_)) {
                self.each_origin = item.origin;
            }
            // An element that is a report of the set is the current report
            // of the body (`set.rs`).
            let current = self.enter_report(&item);
            self.bindings.push(Binding {
                name: &each.var.node,
                slot: Slot::Value(item),
            });
            result = self.run_block(&each.body, out);
            self.bindings.truncate(mark);
            if let Some(saved) = current {
                self.leave_report(saved);
            }
            if result.is_err() {
                break;
            }
        }
        // On running out of budget the element stays the origin of the
        // `eval-limit` finding.
        if result.is_ok() {
            self.each_origin = outer;
        }
        result
    }
}
