//! Evaluating a checked [`RuleSet`] against one report (one YAML document).
//!
//! [`evaluate`] runs every rule, clause by clause, and pushes a [`Finding`]
//! for every requirement that does not hold, and for every value a rule
//! cannot work with (`type-mismatch`, `incomparable`, `invalid-pattern`) or
//! a rule that does too much work (`eval-limit`). Findings carry spans
//! only; positions, paths and rendering belong to the output stage.
//!
//! The modules below are the stages of one evaluation: `value` is what an
//! expression yields (borrowing the report, with the span to blame), `expr`
//! and `functions` compute values, `matching` runs `matches` (compiling
//! patterns from the report), `compare` orders and equates them,
//! `verdict` decides whether a `require` holds and why not, `message` turns
//! a failure into findings and `display` writes values for people.
//!
//! `let`s are lazy: a `let` is evaluated the first time a name needs it and
//! then remembered for the rest of the rule (file `let`s: for the rest of the
//! document), so a `let` that cannot be computed only matters to the rules
//! that use it.

mod clauses;
mod compare;
mod comprehension;
mod display;
mod expr;
pub mod functions;
mod index;
mod join;
mod matching;
mod message;
mod outcome;
mod quick;
mod set;
mod value;
mod verdict;

pub use outcome::{Outcome, is_evaluation_error};

pub use set::{
    PartResult, STEPS_PER_VALUE, evaluate_set_rule, evaluate_set_rule_part, merge_parts, parts,
    set_budget,
};

use std::collections::HashSet;
use std::sync::Arc;

use crate::finding::{Finding, codes};
use crate::report::Node;
use crate::rules::{RuleInfo, RuleRef, RuleSet};
use crate::span::Span;
use crate::syntax::ast::{Expr, Severity};

use value::{Value, first_key_span};

/// Steps one rule may take on one document before it is stopped with an
/// `eval-limit` finding. A step is one expression evaluated or one list
/// element visited; a realistic rule on a 122-measure report takes a few
/// thousand.
pub const DEFAULT_BUDGET: u64 = 5_000_000;

/// Evaluates every rule of `rules` against the report `doc` and pushes the
/// findings onto `out`, unsorted.
pub fn evaluate(rules: &RuleSet, doc: &Node, out: &mut Vec<Finding>) {
    evaluate_with_budget(rules, doc, DEFAULT_BUDGET, out);
}

/// [`evaluate`] with a step budget per rule other than [`DEFAULT_BUDGET`].
pub fn evaluate_with_budget(rules: &RuleSet, doc: &Node, budget: u64, out: &mut Vec<Finding>) {
    evaluate_outcomes(rules, doc, budget, out);
}

/// [`evaluate_with_budget`], also saying what each rule made of the
/// document, by the rules' index.
pub fn evaluate_outcomes(
    rules: &RuleSet,
    doc: &Node,
    budget: u64,
    out: &mut Vec<Finding>,
) -> Vec<Outcome> {
    let mut eval = Eval::new(rules, doc, budget);
    let mut outcomes = Vec::with_capacity(rules.rules.len());
    for (index, info) in rules.rules.iter().enumerate() {
        // A rule across reports is checked once for the whole set
        // (`set.rs`), not once per report.
        if info.is_set() {
            outcomes.push(Outcome::Skipped);
            continue;
        }
        let start = out.len();
        eval.run_rule(index, info, out);
        outcomes.push(eval.outcome(&out[start..]));
    }
    outcomes
}

/// Evaluates only rule `index` of `rules` against `doc`, pushing its
/// findings onto `out` exactly as [`evaluate`] would, and says whether it
/// passed, failed or did not apply. `None` when there is no rule `index`.
pub fn evaluate_rule(
    rules: &RuleSet,
    index: usize,
    doc: &Node,
    out: &mut Vec<Finding>,
) -> Option<Outcome> {
    let info = rules.rules.get(index)?;
    let mut eval = Eval::new(rules, doc, DEFAULT_BUDGET);
    let start = out.len();
    eval.run_rule(index, info, out);
    Some(eval.outcome(&out[start..]))
}

impl<'a> Eval<'a> {
    fn new(rules: &'a RuleSet, doc: &'a Node, budget: u64) -> Self {
        Eval {
            rules,
            doc,
            doc_origin: Some(first_key_span(doc)),
            src: "",
            bindings: Vec::new(),
            file: None,
            file_lets: 0,
            each_origin: None,
            let_depth: 0,
            steps: 0,
            budget,
            patterns: matching::Patterns::default(),
            rule: 0,
            reported: HashSet::new(),
            required: false,
            skipped: false,
            globals: Vec::new(),
            reports: None,
            set_roots: &[],
            indexes: index::Indexes::default(),
            part: None,
            deferred: Vec::new(),
        }
    }
}

/// Why the evaluation of an expression stopped.
pub(crate) enum Abort {
    /// The rule used up its step budget.
    Limit,
    /// A value the rule cannot work with: becomes a finding of its own.
    Data(Box<DataError>),
}

/// A `type-mismatch` or `incomparable` finding before it knows its rule.
#[derive(Clone)]
pub(crate) struct DataError {
    pub code: &'static str,
    pub message: String,
    pub origin: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Abort {
    pub(crate) fn data(code: &'static str, message: String, origin: Option<Span>) -> Abort {
        Abort::Data(Box::new(DataError {
            code,
            message,
            origin,
            label: None,
            help: None,
        }))
    }

    pub(crate) fn mismatch(message: String, origin: Option<Span>) -> Abort {
        Abort::data(codes::TYPE_MISMATCH, message, origin)
    }

    pub(crate) fn with_label(mut self, label: String) -> Abort {
        if let Abort::Data(d) = &mut self {
            d.label = Some(label);
        }
        self
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Abort {
        if let Abort::Data(d) = &mut self {
            d.help = help;
        }
        self
    }
}

/// How many `let`s may be in the middle of being computed, one needing the
/// next, before the earlier ones are computed in order instead.
const MAX_LET_DEPTH: usize = 32;

/// A name in scope: an `each` binding, or a `let` computed on first use.
struct Binding<'a> {
    name: &'a str,
    slot: Slot<'a>,
}

enum Slot<'a> {
    Value(Value<'a>),
    /// A `let` and, once computed, its value or the finding it gave (a
    /// `let` that cannot be computed fails the same way at every use).
    Let(&'a Expr, Option<Result<Value<'a>, DataError>>),
}

/// What a bare name can see at one point of a rule: the bindings below
/// `limit` (a `let` sees only what was bound before it), inside a
/// filter's brackets the element whose fields come first, and inside a
/// list comprehension its variables.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'s, 'a> {
    pub limit: usize,
    pub elem: Option<&'s Value<'a>>,
    /// The innermost comprehension variable; see [`comprehension::Local`].
    pub local: Option<&'s comprehension::Local<'s, 'a>>,
}

pub(crate) struct Eval<'a> {
    rules: &'a RuleSet,
    doc: &'a Node,
    /// The document's first key: where a finding with nothing better to
    /// point at points.
    doc_origin: Option<Span>,
    /// The text of the current rule's file, for quoting expressions.
    src: &'a str,
    bindings: Vec<Binding<'a>>,
    /// The file whose `let`s are the first `file_lets` bindings.
    file: Option<usize>,
    file_lets: usize,
    /// The origin of the innermost `each` element being checked.
    each_origin: Option<Span>,
    /// How many `let`s are being computed, one inside the other.
    let_depth: usize,
    steps: u64,
    budget: u64,
    /// Patterns compiled at run time (not literal, so `check` could not).
    patterns: matching::Patterns,
    /// The current rule's index, and the data errors it reported, as
    /// (code, place, message): a set, not a scan of its findings, so a rule
    /// with 45,000 of them is not quadratic.
    rule: usize,
    reported: HashSet<(&'static str, Option<Span>, String)>,
    /// Whether a `require` of the current rule has run, and whether a `when`
    /// at its top stopped it before one did: only rule tests read these.
    required: bool,
    skipped: bool,
    /// The names bound for the whole current file that are not `let`s:
    /// its data files, and `reports` when the set is being checked.
    globals: Vec<(&'a str, Value<'a>)>,
    /// `reports`: the list of every report of the set, when the set is
    /// being checked (`set.rs`).
    reports: Option<Value<'a>>,
    /// The roots of the set's reports, one slice: an `each` over them
    /// makes its element the current report. Whether a mapping is one of
    /// them is a test of its address, for every element of every `each`.
    set_roots: &'a [Node],
    /// Lists filtered again and again by a key (`index.rs`).
    indexes: index::Indexes<'a>,
    /// The part of a set rule's outermost `each` this evaluation runs
    /// (`set.rs`); `None`: all of it.
    part: Option<set::Part>,
    /// Data errors of reports a filter left out, in the order met, for the
    /// clause that met them (`set.rs`).
    deferred: Vec<DataError>,
}

impl<'a> Eval<'a> {
    /// What the rule just run made of the document, given the findings it
    /// pushed.
    fn outcome(&self, pushed: &[Finding]) -> Outcome {
        if let Some(o) = Outcome::of_findings(pushed) {
            o
        } else if self.skipped {
            Outcome::Skipped
        } else {
            Outcome::Passed
        }
    }

    fn run_rule(&mut self, index: usize, info: &'a RuleInfo, out: &mut Vec<Finding>) {
        self.enter_file(info.file);
        self.rule = index;
        self.reported.clear();
        self.deferred.clear();
        self.steps = 0;
        self.each_origin = None;
        self.required = false;
        self.skipped = false;
        if let Err(clause) = self.run_block(&info.rule.clauses, out) {
            let origin = self.each_origin.or(self.doc_origin);
            out.push(Finding {
                code: codes::EVAL_LIMIT.to_string(),
                severity: Severity::Error,
                message: format!(
                    "rule `{}` was stopped after {} evaluation steps",
                    info.id(),
                    self.budget
                ),
                span: origin,
                label: Some("while checking this".to_string()),
                secondary: Vec::new(),
                rule: Some(RuleRef {
                    meta: Arc::clone(&info.meta),
                    clause: info.label_span(clause),
                }),
                help: Some(
                    "the rule does too much work for one report; nested filters over long lists multiply"
                        .to_string(),
                ),
                file: None,
                related: Vec::new(),
            });
        }
        self.bindings.truncate(self.file_lets);
    }

    /// Makes the `let`s of `file` the outermost bindings; their values are
    /// kept while consecutive rules come from the same file.
    fn enter_file(&mut self, file: usize) {
        if self.file == Some(file) {
            return;
        }
        self.file = Some(file);
        self.src = self.rules.sources.get(file).map_or("", |s| s.text.as_str());
        self.bindings.clear();
        self.globals.clear();
        for d in self.rules.data.iter().filter(|d| d.file == file) {
            self.globals
                .push((d.name.as_str(), Value::from_node(&d.root, None)));
        }
        if let Some(reports) = &self.reports {
            self.globals.push((crate::rules::REPORTS, reports.clone()));
        }
        if file < self.rules.files.len() {
            for l in self.rules.file_lets(file) {
                self.bindings.push(Binding {
                    name: &l.name.node,
                    slot: Slot::Let(&l.value, None),
                });
            }
        }
        self.file_lets = self.bindings.len();
    }

    pub(crate) fn scope<'s>(&self) -> Scope<'s, 'a> {
        Scope {
            limit: self.bindings.len(),
            elem: None,
            local: None,
        }
    }

    pub(crate) fn tick(&mut self, n: u64) -> Result<(), Abort> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > self.budget {
            Err(Abort::Limit)
        } else {
            Ok(())
        }
    }

    /// The value bound at `index`, computing a `let` on first use.
    fn binding_value(&mut self, index: usize) -> Result<Value<'a>, Abort> {
        let expr = match &self.bindings[index].slot {
            Slot::Value(v) | Slot::Let(_, Some(Ok(v))) => return Ok(v.clone()),
            Slot::Let(_, Some(Err(e))) => return Err(Abort::Data(Box::new(e.clone()))),
            Slot::Let(expr, None) => *expr,
        };
        if self.let_depth >= MAX_LET_DEPTH {
            // A long chain of `let`s each using the one before would recurse
            // once per `let`. Computing the earlier ones in order first means
            // each finds what it needs already computed: the stack stays flat.
            for earlier in 0..index {
                if let Slot::Let(e, None) = &self.bindings[earlier].slot {
                    // A finding of a `let` this one may not need is kept
                    // for the use that needs it.
                    if let Err(Abort::Limit) = self.compute_let(earlier, e) {
                        return Err(Abort::Limit);
                    }
                }
            }
        }
        self.compute_let(index, expr)
    }

    /// Computes and remembers the `let` at `index`. Only running out of
    /// budget is not remembered: it ends the rule anyway.
    fn compute_let(&mut self, index: usize, expr: &'a Expr) -> Result<Value<'a>, Abort> {
        let scope = Scope {
            limit: index,
            elem: None,
            local: None,
        };
        self.let_depth += 1;
        let result = self.eval(expr, scope);
        self.let_depth -= 1;
        let cached = match &result {
            Ok(v) => Ok(v.clone()),
            Err(Abort::Data(e)) => Err((**e).clone()),
            Err(Abort::Limit) => return result,
        };
        if let Slot::Let(_, cache) = &mut self.bindings[index].slot {
            *cache = Some(cached);
        }
        result
    }

    /// The binding called `name` visible in `scope`: an `each` element
    /// first, then the innermost `let` (a `let` in an `each` body does not
    /// hide the element of that `each`).
    fn lookup(&mut self, name: &str, scope: Scope<'_, 'a>) -> Option<Result<Value<'a>, Abort>> {
        let visible = &self.bindings[..scope.limit.min(self.bindings.len())];
        let index = visible
            .iter()
            .rposition(|b| b.name == name && matches!(b.slot, Slot::Value(_)))
            .or_else(|| visible.iter().rposition(|b| b.name == name));
        match index {
            Some(index) => Some(self.binding_value(index)),
            // Data files and `reports`, bound for the whole file.
            None => self
                .globals
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| Ok(v.clone())),
        }
    }

    /// The innermost `let` called `name` visible in `scope` (for `as_of`,
    /// which `by` reads as a `let`, never as an `each` element).
    pub(crate) fn lookup_let(
        &mut self,
        name: &str,
        scope: Scope<'_, 'a>,
    ) -> Option<Result<Value<'a>, Abort>> {
        let index = self.bindings[..scope.limit.min(self.bindings.len())]
            .iter()
            .rposition(|b| b.name == name && matches!(b.slot, Slot::Let(..)))?;
        Some(self.binding_value(index))
    }

    /// The rule-file text of `span`, on one line, for a message.
    pub(crate) fn text(&self, span: Span) -> String {
        match self.src.get(span.start..span.end) {
            Some(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
            None => "expression".to_string(),
        }
    }

    /// Where a finding points when its value did not come from the report.
    pub(crate) fn fallback(&self, origin: Option<Span>) -> Option<Span> {
        origin.or(self.each_origin).or(self.doc_origin)
    }

    /// The current rule and `clause`, for a finding.
    fn rule_ref(&self, clause: Span) -> RuleRef {
        let info = &self.rules.rules[self.rule];
        RuleRef {
            meta: Arc::clone(&info.meta),
            clause: info.label_span(clause),
        }
    }

    fn push_error(&mut self, e: DataError, clause: Span, out: &mut Vec<Finding>) {
        let finding = Finding {
            code: e.code.to_string(),
            severity: Severity::Error,
            message: e.message,
            span: self.fallback(e.origin),
            label: e.label,
            secondary: Vec::new(),
            rule: Some(self.rule_ref(clause)),
            help: e.help,
            file: None,
            related: Vec::new(),
        };
        // A `let` that cannot be computed fails every clause that uses it;
        // one finding per rule says it. Across reports, one per value: a
        // report's value met from both sides (ordered against each other
        // report's, and each other report's against it) is one mistake.
        let message = if self.set_roots.is_empty() {
            finding.message.clone()
        } else {
            String::new()
        };
        if self.reported.insert((e.code, finding.span, message)) {
            out.push(finding);
        }
    }
}
