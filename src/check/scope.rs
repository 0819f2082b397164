//! The walk over one rule file with the evaluator's scopes: which `let`s and
//! `each` variables a name can see, and the checks that depend on them
//! (names, `by` without `as_of`, settings inside `each`). Checks that look
//! at one expression node alone live in `expr.rs` and are called from here.
//!
//! Scoping, as the evaluator resolves a bare name: an `each` variable of an
//! enclosing `each` body; a `let` of the innermost enclosing block (each
//! body, rule, file) written before the use; otherwise a field of the report
//! root. Inside a filter's brackets a bare name is first a field of the
//! element, so no name there is reported (calls, regexes and literals still
//! are).
//!
//! A name that is bound nowhere is a report field and fine, with one
//! exception: the root of a path one edit away from a binding in scope
//! (`n.status` inside `each m`) is a typo, unless it reads as a field: a
//! root field of the reference report or of the schema the file declares,
//! or the plural of the binding (`items` beside `each item`).

use std::collections::{BTreeSet, HashMap};

use super::{CheckError, Related, expr};
use crate::span::Span;
use crate::syntax::ast::{self, Clause, ClauseKind, Expr, ExprKind, Item};

/// Fields of the reference report's root. A name close to a binding is not
/// a typo when it is one of these.
pub(super) const ROOT_FIELDS: &[&str] = &[
    "report",
    "program",
    "area",
    "period",
    "submitted",
    "implementation_plan",
    "summary",
    "measures",
    "key_issues",
    "best_practices",
    "statistics",
];

/// Runs every scope-dependent and node-local check over one file; the
/// names the file's rules and `let`s read as fields of the report root
/// (what tells a report from another YAML file when the file declares no
/// schema).
pub(super) fn check_file(
    file: usize,
    text: &str,
    parsed: &ast::RuleFile,
    schema_roots: &[String],
    data: &[&str],
    errors: &mut Vec<CheckError>,
    regexes: &mut HashMap<String, regex::Regex>,
) -> BTreeSet<String> {
    let mut walker = Walker {
        file,
        text,
        schema_roots,
        data,
        errors,
        regexes,
        frames: Vec::new(),
        rule_eaches: Vec::new(),
        iterating: None,
        in_filter: 0,
        fields: BTreeSet::new(),
    };
    let lets = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Let(l) => Some(l),
            Item::Rule(_) | Item::Schema(_) | Item::Data(_) => None,
        })
        .collect();
    walker.frames.push(Frame {
        lets,
        each_var: None,
    });
    for item in &parsed.items {
        match item {
            Item::Let(l) => walker.expr(&l.value),
            Item::Rule(rule) => walker.rule(rule),
            Item::Schema(_) | Item::Data(_) => {}
        }
    }
    walker.fields
}

/// One block: the file, a rule, or an `each` body.
struct Frame<'a> {
    /// Every `let` of the block, written before or after the current point.
    lets: Vec<&'a ast::Let>,
    /// The variable of the `each` whose body this is.
    each_var: Option<&'a ast::Ident>,
}

struct Walker<'a, 'e> {
    file: usize,
    text: &'a str,
    /// The root fields of the file's schema, which read as fields too.
    schema_roots: &'e [String],
    /// The names of the file's data files, bound everywhere in it.
    data: &'e [&'e str],
    errors: &'e mut Vec<CheckError>,
    regexes: &'e mut HashMap<String, regex::Regex>,
    frames: Vec<Frame<'a>>,
    /// Every `each` variable of the current rule, at any depth.
    rule_eaches: Vec<&'a ast::Ident>,
    /// The variable of the `each` whose `in` expression is being walked: not
    /// bound there, and not to be compared with itself.
    iterating: Option<&'a ast::Ident>,
    /// Depth of filter brackets around the current expression.
    in_filter: usize,
    /// The names read as fields of the report root.
    fields: BTreeSet<String>,
}

impl<'a> Walker<'a, '_> {
    fn rule(&mut self, rule: &'a ast::Rule) {
        self.rule_eaches.clear();
        collect_eaches(&rule.clauses, &mut self.rule_eaches);
        self.frames.push(Frame {
            lets: block_lets(&rule.clauses),
            each_var: None,
        });
        self.clauses(&rule.clauses, false);
        self.frames.pop();
    }

    fn clauses(&mut self, clauses: &'a [Clause], in_each: bool) {
        for clause in clauses {
            match &clause.node {
                ClauseKind::Severity(_)
                | ClauseKind::Help(_)
                | ClauseKind::Url(_)
                | ClauseKind::Tags(_) => {
                    if in_each {
                        self.setting_in_each(clause);
                    }
                }
                ClauseKind::Let(l) => self.expr(&l.value),
                ClauseKind::When(cond) => self.expr(cond),
                ClauseKind::Require(req) => {
                    self.expr(&req.condition);
                    if let Some(by) = &req.by {
                        self.expr(by);
                        self.require_as_of(by);
                    }
                    for part in req.message.iter().flat_map(|t| &t.parts) {
                        if let ast::TemplatePart::Expr(hole) = part {
                            self.expr(hole);
                        }
                    }
                }
                ClauseKind::Each(each) => {
                    let outer = self.iterating.replace(&each.var);
                    self.expr(&each.iter);
                    self.iterating = outer;
                    self.frames.push(Frame {
                        lets: block_lets(&each.body),
                        each_var: Some(&each.var),
                    });
                    self.clauses(&each.body, true);
                    self.frames.pop();
                }
            }
        }
    }

    fn setting_in_each(&mut self, clause: &Clause) {
        let keyword = match &clause.node {
            ClauseKind::Severity(_) => "severity",
            ClauseKind::Help(_) => "help",
            ClauseKind::Url(_) => "url",
            _ => "tags",
        };
        self.error(
            clause.span,
            format!("`{keyword}` cannot be inside `each`"),
            "inside an `each` body",
            Some(format!(
                "`{keyword}` applies to the whole rule; move it to the top of the rule"
            )),
            Vec::new(),
        );
    }

    fn require_as_of(&mut self, by: &Expr) {
        if self.visible_let("as_of", by.span.start).is_some() {
            return;
        }
        let related = self
            .later_let("as_of", by.span.start)
            .map(|l| {
                vec![Related {
                    file: self.file,
                    span: l.name.span,
                    label: "this `as_of` comes after the `require`".to_string(),
                }]
            })
            .unwrap_or_default();
        self.error(
            by.span,
            "`by` needs `as_of`, but no `let as_of` is in scope".to_string(),
            "deadline compared with `as_of`",
            Some(
                "`as_of` is the report's own date; declare it before the rule, \
                 e.g. `let as_of = period.end`"
                    .to_string(),
            ),
            related,
        );
    }

    fn expr(&mut self, e: &'a Expr) {
        match &e.node {
            ExprKind::Literal(_) => {}
            ExprKind::List(items) => items.iter().for_each(|x| self.expr(x)),
            ExprKind::Name(name) => self.name(name, e.span, false),
            ExprKind::Field(base, _) | ExprKind::Project(base, _) => self.path_base(base),
            ExprKind::Index(base, index) => {
                self.path_base(base);
                self.expr(index);
            }
            ExprKind::Filter(base, cond) => {
                self.path_base(base);
                self.in_filter += 1;
                self.expr(cond);
                self.in_filter -= 1;
            }
            ExprKind::Call(function, args) => {
                if let Some(err) = expr::call(self.file, e.span, function, args.len()) {
                    self.errors.push(err);
                }
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Binary(op, left, right) => {
                self.expr(left);
                self.expr(right);
                let found =
                    expr::binary(self.file, self.text, e, op.node, left, right, self.regexes);
                self.errors.extend(found);
            }
            ExprKind::If(c) => {
                self.expr(&c.cond);
                self.expr(&c.then);
                self.expr(&c.otherwise);
                self.errors
                    .extend(expr::condition(self.file, self.text, &c.cond, "`if`"));
            }
            ExprKind::Comprehension(c) => {
                // The variable is bound in the element and the condition,
                // not in the list it takes its values from.
                self.expr(&c.list);
                self.errors
                    .extend(expr::iterated(self.file, self.text, &c.list));
                self.frames.push(Frame {
                    lets: Vec::new(),
                    each_var: Some(&c.var),
                });
                if let Some(cond) = &c.cond {
                    self.expr(cond);
                    let found = expr::condition(
                        self.file,
                        self.text,
                        cond,
                        "the `if` of a list comprehension",
                    );
                    self.errors.extend(found);
                }
                self.expr(&c.elem);
                self.frames.pop();
            }
        }
    }

    /// The base of `.field`, `[...]`: a bare name there is the root of a path.
    fn path_base(&mut self, base: &'a Expr) {
        match &base.node {
            ExprKind::Name(name) => self.name(name, base.span, true),
            _ => self.expr(base),
        }
    }

    fn name(&mut self, name: &str, span: Span, path_root: bool) {
        if self.in_filter > 0 || self.is_bound(name, span.start) {
            return;
        }
        if let Some(later) = self.later_let(name, span.start) {
            let related = Related {
                file: self.file,
                span: later.name.span,
                label: "defined here, later".to_string(),
            };
            self.error(
                span,
                format!("`{name}` is used before its `let`"),
                "used here",
                Some(format!(
                    "a `let` is visible only below it, so here `{name}` would be a field \
                     of the report; move the `let` above this use"
                )),
                vec![related],
            );
            return;
        }
        let each_var = self
            .rule_eaches
            .iter()
            .find(|v| v.node == name && self.iterating.is_none_or(|it| it.span != v.span));
        if let Some(var) = each_var {
            let related = Related {
                file: self.file,
                span: var.span,
                label: format!("`{name}` is bound only inside this `each`"),
            };
            self.error(
                span,
                format!("`{name}` is not bound here"),
                "outside the `each` that binds it",
                Some(format!(
                    "use `{name}` inside the body of its `each`, or write the full path"
                )),
                vec![related],
            );
            return;
        }
        if !path_root || ROOT_FIELDS.contains(&name) || self.schema_roots.iter().any(|r| r == name)
        {
            self.fields.insert(name.to_string());
            return;
        }
        if let Some(near) = self.near_binding(name, span.start) {
            let related = Related {
                file: self.file,
                span: near.span,
                label: format!("`{}` is bound here", near.node),
            };
            self.error(
                span,
                format!("unknown name `{name}`"),
                "not bound here",
                Some(format!("did you mean `{}`?", near.node)),
                vec![related],
            );
            return;
        }
        self.fields.insert(name.to_string());
    }

    /// Whether `name` at offset `at` is an `each` variable or a `let` in scope.
    fn is_bound(&self, name: &str, at: usize) -> bool {
        self.frames
            .iter()
            .any(|f| f.each_var.is_some_and(|v| v.node == name))
            || self.visible_let(name, at).is_some()
            || self.data.contains(&name)
            || name == crate::rules::REPORTS
    }

    /// The innermost `let name` written before offset `at` in an enclosing block.
    fn visible_let(&self, name: &str, at: usize) -> Option<&'a ast::Let> {
        self.frames.iter().rev().find_map(|f| {
            f.lets
                .iter()
                .rev()
                .find(|l| l.name.node == name && l.span.end <= at)
                .copied()
        })
    }

    /// A `let name` in an enclosing block that starts after offset `at`. The
    /// `let` whose value contains `at` is neither visible nor later: `let
    /// measures = measures[...]` reads the outer `measures`.
    fn later_let(&self, name: &str, at: usize) -> Option<&'a ast::Let> {
        self.frames.iter().rev().find_map(|f| {
            f.lets
                .iter()
                .find(|l| l.name.node == name && l.span.start > at)
                .copied()
        })
    }

    /// A binding in scope at `at` one edit away from `name`, unless `name` is
    /// the plural of it (`items` beside `each item`), which reads as a field.
    fn near_binding(&self, name: &str, at: usize) -> Option<&'a ast::Ident> {
        let each_vars = self.frames.iter().filter_map(|f| f.each_var);
        let lets = self
            .frames
            .iter()
            .flat_map(|f| f.lets.iter())
            .filter(|l| l.span.end <= at)
            .map(|l| &l.name);
        each_vars
            .chain(lets)
            .filter(|b| b.node != name && name.strip_suffix('s') != Some(b.node.as_str()))
            .find(|b| strsim::osa_distance(name, &b.node) == 1)
    }

    fn error(
        &mut self,
        span: Span,
        message: String,
        label: &str,
        help: Option<String>,
        related: Vec<Related>,
    ) {
        self.errors.push(CheckError {
            file: self.file,
            span,
            message,
            label: label.to_string(),
            help,
            related,
        });
    }
}

/// The `let`s written directly in a block (not in nested `each` bodies).
fn block_lets(clauses: &[Clause]) -> Vec<&ast::Let> {
    clauses
        .iter()
        .filter_map(|c| match &c.node {
            ClauseKind::Let(l) => Some(l),
            _ => None,
        })
        .collect()
}

fn collect_eaches<'a>(clauses: &'a [Clause], out: &mut Vec<&'a ast::Ident>) {
    for clause in clauses {
        if let ClauseKind::Each(each) = &clause.node {
            out.push(&each.var);
            collect_eaches(&each.body, out);
        }
    }
}
