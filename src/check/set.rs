//! Rules across reports: which rules read `reports` (directly or through a
//! `let`) and so are set rules, evaluated once per run; the rule errors of
//! a set rule that reads a report's field with no current report; and the
//! field names set rules can read, so that a run keeps only those of each
//! report for them (`report-sets.md`, "Cost").
//!
//! Inside `each r in reports[...]` (or over a `let` that is such a list,
//! filtered or not) `r` is the current report: bare fields, and the file's
//! `let`s that read fields, are read from it. Inside a filter's brackets a
//! bare name is the element's field. Anywhere else in a set rule, a bare
//! report field has no report to be read from.

use std::collections::BTreeSet;

use super::CheckError;
use crate::rules::REPORTS;
use crate::span::Span;
use crate::syntax::ast::{self, Clause, ClauseKind, Expr, ExprKind, Item, TemplatePart};

/// What the set analysis found in one rule file.
#[derive(Debug, Default)]
pub struct FileFacts {
    /// By rule, in the file's order: whether it is a set rule.
    pub set_rules: Vec<bool>,
    /// By file `let`, in order: whether it reads a field of the report, so
    /// a set rule computes it anew for each current report.
    pub lets_read_report: Vec<bool>,
    /// Every field name the set rules of the file can read.
    pub fields: BTreeSet<String>,
}

/// What an expression (or a `let`) reads.
#[derive(Clone, Debug, Default)]
struct Facts {
    reads_reports: bool,
    /// A field of the report, read with no filter element to read it from
    /// (where it needs a current report): the spans, for errors.
    fields_read: Vec<Span>,
    /// The value is a list of reports (`reports`, filtered, or a `let` of it).
    report_list: bool,
    /// Field names the expression can read, for keeping them in a set.
    vocabulary: BTreeSet<String>,
}

impl Facts {
    fn absorb(&mut self, other: Facts) {
        self.reads_reports |= other.reads_reports;
        self.fields_read.extend(other.fields_read);
        self.vocabulary.extend(other.vocabulary);
    }
}

/// A name in scope.
#[derive(Clone, Debug)]
enum Binding {
    /// A `data` name: reference data, no report read.
    Data,
    /// A `let` and what its value reads.
    Let(Facts),
    /// An `each` variable; `true` when it is the current report.
    Each(bool),
}

/// Analyses one parsed file whose data names are `data`; set-rule errors
/// go to `errors`.
pub(super) fn check_file(
    file: usize,
    parsed: &ast::RuleFile,
    data: &[&str],
    errors: &mut Vec<CheckError>,
) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut scope: Vec<(String, Binding)> = data
        .iter()
        .map(|d| (d.to_string(), Binding::Data))
        .collect();
    // The file's `let`s, in order: each sees the ones before it.
    for item in &parsed.items {
        if let Item::Let(l) = item {
            let mut walker = Walker::new(&scope);
            let f = walker.expr(&l.value, 0);
            facts.lets_read_report.push(!f.fields_read.is_empty());
            scope.push((l.name.node.clone(), Binding::Let(f)));
        }
    }
    for item in &parsed.items {
        let Item::Rule(rule) = item else { continue };
        let mut probe = Walker::new(&scope);
        probe.clauses(&rule.clauses, false);
        let is_set = probe.reads_reports;
        facts.set_rules.push(is_set);
        if is_set {
            let mut walker = Walker::new(&scope);
            walker.set = true;
            walker.clauses(&rule.clauses, false);
            facts.fields.extend(walker.vocabulary);
            for (span, name) in walker.errors {
                errors.push(field_error(file, span, &name, &rule.id.node));
            }
        }
    }
    facts
}

/// The error of a bare report field in a set rule with no current report.
fn field_error(file: usize, span: Span, name: &str, rule: &str) -> CheckError {
    CheckError {
        file,
        span,
        message: format!("`{name}` reads a report, but rule `{rule}` reads every report"),
        label: "which report's?".to_string(),
        help: Some(format!(
            "a rule that reads `reports` is checked once for the whole set; read a report's \
             fields inside `each r in reports[...] {{ ... }}`, where they are those of `r` \
             (`r.{name}`, or `{name}` alone)"
        )),
        related: Vec::new(),
    }
}

struct Walker {
    /// The names in scope, innermost last.
    scope: Vec<(String, Binding)>,
    /// Whether the rule is a set rule: only then is a field without a
    /// current report an error.
    set: bool,
    reads_reports: bool,
    vocabulary: BTreeSet<String>,
    /// `(span, name)` of fields read with no current report.
    errors: Vec<(Span, String)>,
}

impl Walker {
    fn new(scope: &[(String, Binding)]) -> Walker {
        Walker {
            scope: scope.to_vec(),
            set: false,
            reads_reports: false,
            vocabulary: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
    }

    /// Whether a current report is in scope (an enclosing `each` over
    /// reports).
    fn has_current(&self) -> bool {
        self.scope
            .iter()
            .any(|(_, b)| matches!(b, Binding::Each(true)))
    }

    fn clauses(&mut self, clauses: &[Clause], _in_each: bool) {
        let mark = self.scope.len();
        for clause in clauses {
            match &clause.node {
                ClauseKind::Let(l) => {
                    let f = self.statement(&l.value);
                    self.scope.push((l.name.node.clone(), Binding::Let(f)));
                }
                ClauseKind::When(cond) => {
                    self.statement(cond);
                }
                ClauseKind::Require(req) => {
                    self.statement(&req.condition);
                    if let Some(by) = &req.by {
                        self.statement(by);
                    }
                    for part in req.message.iter().flat_map(|t| &t.parts) {
                        if let TemplatePart::Expr(hole) = part {
                            self.statement(hole);
                        }
                    }
                }
                ClauseKind::Each(each) => {
                    let f = self.statement(&each.iter);
                    let mark = self.scope.len();
                    self.scope
                        .push((each.var.node.clone(), Binding::Each(f.report_list)));
                    self.clauses(&each.body, true);
                    self.scope.truncate(mark);
                }
                ClauseKind::Severity(_)
                | ClauseKind::Help(_)
                | ClauseKind::Url(_)
                | ClauseKind::Tags(_) => {}
            }
        }
        self.scope.truncate(mark);
    }

    /// An expression a clause evaluates: its facts, with errors for the
    /// fields it reads when there is no current report to read them from.
    fn statement(&mut self, e: &Expr) -> Facts {
        let f = self.expr(e, 0);
        self.reads_reports |= f.reads_reports;
        self.vocabulary.extend(f.vocabulary.iter().cloned());
        if self.set && !self.has_current() {
            for span in &f.fields_read {
                let name = self.name_at(e, *span);
                self.errors.push((*span, name));
            }
        }
        f
    }

    /// The name written at `span` inside `e`, for a message.
    fn name_at(&self, e: &Expr, span: Span) -> String {
        fn find(e: &Expr, span: Span) -> Option<String> {
            if e.span == span
                && let ExprKind::Name(n) = &e.node
            {
                return Some(n.clone());
            }
            children(e).into_iter().find_map(|c| find(c, span))
        }
        find(e, span).unwrap_or_else(|| "a field".to_string())
    }

    fn expr(&mut self, e: &Expr, in_filter: usize) -> Facts {
        let mut f = Facts::default();
        match &e.node {
            ExprKind::Name(name) => match self.lookup(name).cloned() {
                Some(Binding::Data) | Some(Binding::Each(_)) => {}
                Some(Binding::Let(lf)) => {
                    f.reads_reports = lf.reads_reports;
                    f.report_list = lf.report_list;
                    f.vocabulary = lf.vocabulary;
                    // A `let` that reads fields reads them where it is used.
                    if !lf.fields_read.is_empty() && in_filter == 0 {
                        f.fields_read.push(e.span);
                    }
                }
                None if name == REPORTS => {
                    f.reads_reports = true;
                    f.report_list = true;
                }
                None => {
                    f.vocabulary.insert(name.clone());
                    if in_filter == 0 {
                        f.fields_read.push(e.span);
                    }
                }
            },
            ExprKind::Field(base, field) => {
                f.absorb(self.expr(base, in_filter));
                f.vocabulary.insert(field.node.clone());
            }
            ExprKind::Project(base, fields) => {
                f.absorb(self.expr(base, in_filter));
                f.vocabulary
                    .extend(fields.iter().map(|field| field.node.clone()));
            }
            ExprKind::Filter(base, cond) => {
                let b = self.expr(base, in_filter);
                f.report_list = b.report_list;
                f.absorb(b);
                f.absorb(self.expr(cond, in_filter + 1));
            }
            // The variable names an element, never the current report (only
            // `each` makes one): bare fields in it still need one.
            ExprKind::Comprehension(c) => {
                f.absorb(self.expr(&c.list, in_filter));
                let mark = self.scope.len();
                self.scope.push((c.var.node.clone(), Binding::Each(false)));
                f.absorb(self.expr(&c.elem, in_filter));
                if let Some(cond) = &c.cond {
                    f.absorb(self.expr(cond, in_filter));
                }
                self.scope.truncate(mark);
            }
            _ => {
                for c in children(e) {
                    f.absorb(self.expr(c, in_filter));
                }
            }
        }
        f
    }
}

/// The direct subexpressions of `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.node {
        ExprKind::Literal(_) | ExprKind::Name(_) => Vec::new(),
        ExprKind::List(items) => items.iter().collect(),
        ExprKind::Field(base, _) | ExprKind::Project(base, _) => vec![base],
        ExprKind::Index(a, b) | ExprKind::Filter(a, b) | ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::Call(_, args) => args.iter().collect(),
        ExprKind::Unary(_, x) => vec![x],
        ExprKind::If(c) => vec![&c.cond, &c.then, &c.otherwise],
        ExprKind::Comprehension(c) => {
            let mut all = vec![&c.list, &c.elem];
            all.extend(c.cond.as_ref());
            all
        }
    }
}

/// The names a file binds at its top level that `reports` may not be: an
/// error for a `let`, `data` or `each` called `reports`.
pub(super) fn reserved(file: usize, parsed: &ast::RuleFile, errors: &mut Vec<CheckError>) {
    let mut names: Vec<&ast::Ident> = Vec::new();
    for item in &parsed.items {
        match item {
            Item::Let(l) => names.push(&l.name),
            Item::Data(d) => names.push(&d.name),
            Item::Rule(r) => collect_bound(&r.clauses, &mut names),
            Item::Schema(_) => {}
        }
    }
    for n in names.into_iter().filter(|n| n.node == REPORTS) {
        errors.push(CheckError {
            file,
            span: n.span,
            message: "`reports` is reserved: it is every report of the run".to_string(),
            label: "cannot be bound".to_string(),
            help: Some("choose another name".to_string()),
            related: Vec::new(),
        });
    }
}

fn collect_bound<'a>(clauses: &'a [Clause], out: &mut Vec<&'a ast::Ident>) {
    for clause in clauses {
        match &clause.node {
            ClauseKind::Let(l) => out.push(&l.name),
            ClauseKind::Each(e) => {
                out.push(&e.var);
                collect_bound(&e.body, out);
            }
            _ => {}
        }
    }
}
