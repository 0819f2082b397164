//! Findings from failures: the generated message, the short label, the
//! YAML hint, and `else` templates with their `{expr}` holes.
//!
//! This is the only part of the evaluator that builds strings, and it runs
//! only for a requirement that does not hold.

use super::compare::{as_date, number_in_text, yaml_bool_hint};
use super::display::{backticked, bare_apart, quoted};
use super::join::Join;
use super::value::{Kind, Value};
use super::verdict::Failure;
use super::{Abort, Eval};
use crate::finding::Finding;
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Require, Template, TemplatePart, UnaryOp};
use crate::wording;

mod dates;

use dates::used_as_a_date;
pub(crate) use dates::{not_a_date, not_a_date_help};

/// One finding's worth of text, before the rule's details are added.
struct Piece {
    message: String,
    origin: Option<Span>,
    label: String,
    secondary: Vec<(Span, String)>,
    help: Option<String>,
}

impl<'a> Eval<'a> {
    /// Pushes the findings for a failed `require` (one, or for `unique` one
    /// per later duplicate). `due` is the `by` deadline that has passed.
    pub(crate) fn report(
        &mut self,
        clause: Span,
        req: &'a Require,
        failure: Failure<'a>,
        due: Option<Value<'a>>,
        out: &mut Vec<Finding>,
    ) -> Result<(), Abort> {
        // A missing value, or a text where a number is expected, is about
        // the data, whatever the rule's message says about the values.
        let generated_only = match &failure {
            Failure::Missing(_) => true,
            Failure::Compare { op, l, r, .. } => text_for_number(*op, l, r).is_some(),
            _ => false,
        };
        // A value computed from a list filtered on an `each` element is
        // about that element (`join.rs`).
        let join = match &failure {
            Failure::Compare { lx, rx, .. } if !generated_only => {
                self.join(lx).or_else(|| self.join(rx))
            }
            _ => None,
        };
        let pieces = match (join, failure) {
            (Some(j), Failure::Compare { op, lx, rx, l, r }) => {
                vec![self.join_piece(op, (lx, l), (rx, r), j)]
            }
            (_, failure) => self.pieces(failure),
        };
        let due = due.map(|d| as_date(&d).map_or_else(|| quoted(&d), |d| d.to_string()));
        // A missing value always reads "`x` is missing": an `else` message is
        // written for a value that is there but wrong, and its holes would
        // print the missing value as the word `missing`; they would print
        // the text "122" as 122, "declares 122 measures but lists 122".
        let custom = match &req.message {
            Some(t) if !generated_only => Some(self.interpolate(t, clause, out)?),
            _ => None,
        };
        let rules = self.rules;
        let info = &rules.rules[self.rule];
        for p in pieces {
            let label = match &due {
                Some(d) => format!("{}, due by {d}", p.label),
                None => p.label,
            };
            out.push(Finding {
                code: info.id().to_string(),
                severity: info.meta.severity,
                message: custom.clone().unwrap_or(p.message),
                span: self.fallback(p.origin),
                label: Some(label),
                secondary: p.secondary,
                rule: Some(self.rule_ref(clause)),
                help: p.help,
                file: None,
                related: Vec::new(),
            });
        }
        Ok(())
    }

    fn pieces(&self, failure: Failure<'a>) -> Vec<Piece> {
        match failure {
            Failure::Compare { op, lx, rx, l, r } if text_for_number(op, &l, &r).is_some() => {
                let (text, x) = if number_in_text(&l).is_some() {
                    (&l, lx)
                } else {
                    (&r, rx)
                };
                let (message, help) = self.text_for_number_message(x, text);
                vec![Piece {
                    message,
                    origin: text.origin.or(l.origin).or(r.origin),
                    label: format!("{}, expected {} {}", quoted(&l), op.as_str(), quoted(&r)),
                    secondary: Vec::new(),
                    help,
                }]
            }
            Failure::Compare { op, lx, rx, l, r }
                if op == BinaryOp::In
                    && !is_constant(rx)
                    && (is_constant(lx) || matches!(r.kind, Kind::Str(_))) =>
            {
                // `"Commerce" in m.lead`, `area.province in drafted_with`:
                // the text searched is the value to look at; a needle from
                // the report is labelled too.
                let (lq, rq) = (quoted(&l), quoted(&r));
                let secondary = match (l.origin, r.origin) {
                    (Some(a), Some(b)) if a != b => {
                        vec![(a, format!("`{}` is {lq}", self.text(lx.span)))]
                    }
                    _ => Vec::new(),
                };
                vec![Piece {
                    message: format!("`{}` is {rq}, expected to contain {lq}", self.text(rx.span)),
                    origin: r.origin.or(l.origin),
                    label: format!("{rq}, expected to contain {lq}"),
                    secondary,
                    help: None,
                }]
            }
            Failure::Compare { op, lx, rx, l, r } => {
                // `90% <= rate` reads better as "`rate` is 85.2%, expected >= 90%".
                let (op, lx, rx, l, r) = match mirror(op) {
                    Some(m) if is_constant(lx) && !is_constant(rx) => (m, rx, lx, r, l),
                    _ => (op, lx, rx, l, r),
                };
                // Two dates, or ISO strings compared as dates, print as dates.
                let (lq, rq) = match (as_date(&l), as_date(&r)) {
                    (Some(a), Some(b)) => (a.to_string(), b.to_string()),
                    _ => (quoted(&l), quoted(&r)),
                };
                // Two values of the report compared with each other are
                // both labelled: either may be the one to correct.
                let secondary = match (l.origin, r.origin) {
                    (Some(a), Some(b)) if a != b && op != BinaryOp::Matches => {
                        vec![(b, format!("`{}` is {rq}", self.text(rx.span)))]
                    }
                    _ => Vec::new(),
                };
                let op = match op {
                    BinaryOp::Matches => "to match",
                    op => op.as_str(),
                };
                let help = yaml_bool_hint(&l, &r).or_else(|| {
                    let (bad, _) = used_as_a_date(&l, &r)?;
                    not_a_date_help(bad)
                });
                vec![Piece {
                    message: format!("`{}` is {lq}, expected {op} {rq}", self.text(lx.span)),
                    origin: l.origin.or(r.origin),
                    label: format!("{lq}, expected {op} {rq}"),
                    secondary,
                    help,
                }]
            }
            Failure::Missing(v) => {
                let Kind::Missing(step) = v.kind else {
                    return Vec::new();
                };
                let name = self.last_segment(step);
                let label = match &step.node {
                    ExprKind::Field(base, _) => {
                        format!("`{}` has no `{name}`", self.text(base.span))
                    }
                    ExprKind::Index(base, _) => {
                        format!("`{}` has no such element", self.text(base.span))
                    }
                    _ => format!("the report has no `{name}`"),
                };
                vec![Piece {
                    message: format!("`{name}` is missing"),
                    origin: v.origin,
                    label,
                    secondary: Vec::new(),
                    help: None,
                }]
            }
            Failure::False { expr, value } => vec![Piece {
                message: format!("`{}` is false", self.text(expr.span)),
                label: quoted(&value),
                origin: value.origin,
                secondary: Vec::new(),
                help: None,
            }],
            Failure::Member {
                expr,
                member,
                found,
            } => vec![Piece {
                message: format!("`{}` is false", self.text(expr.span)),
                label: format!("{}, found in the list", quoted(&member)),
                origin: member.origin,
                secondary: found
                    .origin
                    .filter(|s| Some(*s) != member.origin)
                    .map(|s| (s, format!("{} here", quoted(&found))))
                    .into_iter()
                    .collect(),
                help: None,
            }],
            Failure::Null { arg, value } => vec![Piece {
                message: format!("`{}` is null", self.last_segment(arg)),
                label: "null".to_string(),
                origin: value.origin,
                secondary: Vec::new(),
                help: None,
            }],
            Failure::Unique { arg, items, pairs } => {
                let list = self.text(arg.span);
                pairs
                    .into_iter()
                    .map(|(first, later)| Piece {
                        message: format!(
                            "{} appears more than once in `{list}`",
                            backticked(&items[later])
                        ),
                        origin: items[later].origin,
                        label: "duplicate".to_string(),
                        secondary: items[first]
                            .origin
                            .map(|s| (s, "first here".to_string()))
                            .into_iter()
                            .collect(),
                        help: None,
                    })
                    .collect()
            }
        }
    }

    /// The finding of a failed comparison whose operand (`x`, of value `v`)
    /// is computed from a list filtered on an `each` element: it points at
    /// the element's value the filter read, and says how many elements of
    /// the list matched when that is what was compared.
    fn join_piece(
        &self,
        op: BinaryOp,
        (lx, l): (&'a Expr, Value<'a>),
        (rx, r): (&'a Expr, Value<'a>),
        j: Join<'a>,
    ) -> Piece {
        // The joined operand first: `0 < count(...)` reads as `count(...) > 0`.
        let (op, x, v, other) = if std::ptr::eq(j.operand, lx) {
            (op, lx, l, r)
        } else {
            (mirror(op).unwrap_or(op), rx, r, l)
        };
        let (list, cond, key) = (
            self.text(j.list_x.span),
            self.text(j.cond.span),
            self.text(j.key_x.span),
        );
        let (keyq, vq, oq) = (quoted(&j.key), quoted(&v), quoted(&other));
        let at_least_one = matches!(
            (op, &other.kind),
            (BinaryOp::Gt | BinaryOp::Ne, Kind::Int(0)) | (BinaryOp::Ge, Kind::Int(1))
        );
        let op = op.as_str();
        let (message, label) = match (j.counted, &v.kind) {
            (true, Kind::Int(0)) if at_least_one => (
                format!("no element of `{list}` satisfies `{cond}` where `{key}` is {keyq}"),
                format!("0 in `{list}`, expected {op} {oq}"),
            ),
            (true, Kind::Int(n)) => (
                format!(
                    "{} of `{list}` {} `{cond}` where `{key}` is {keyq}, expected {op} {oq}",
                    wording::counted(usize::try_from(*n).unwrap_or(0), "element", "elements"),
                    if *n == 1 { "satisfies" } else { "satisfy" }
                ),
                format!("{n} in `{list}`, expected {op} {oq}"),
            ),
            _ => (
                format!(
                    "`{}` is {vq} where `{key}` is {keyq}, expected {op} {oq}",
                    self.text(x.span)
                ),
                format!("{vq}, expected {op} {oq}"),
            ),
        };
        // The list is named, not labelled: a label above the element would
        // head the snippet, and the finding would seem to be about the list.
        Piece {
            message,
            origin: j.key.origin,
            label,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// "`summary.measures_total` is the text \"122\", expected a number",
    /// and the help, for a text (the value of `x`) that reads as a number,
    /// compared with a number.
    pub(crate) fn text_for_number_message(
        &self,
        x: &Expr,
        text: &Value,
    ) -> (String, Option<String>) {
        let quoted_text = quoted(text);
        let message = format!(
            "`{}` is the text {quoted_text}, expected a number",
            self.text(x.span)
        );
        let help = number_in_text(text).map(|digits| {
            format!(
                "{} is text in YAML; write {} without quotes",
                wording::backticked(&quoted_text),
                wording::backticked(digits)
            )
        });
        (message, help)
    }

    /// The name a rule author knows a path step by: `approved` for
    /// `implementation_plan.approved`, the written text otherwise.
    fn last_segment(&self, e: &Expr) -> String {
        match &e.node {
            ExprKind::Name(n) => n.clone(),
            ExprKind::Field(_, f) => f.node.clone(),
            _ => self.text(e.span),
        }
    }

    /// An `else` message with its holes filled (strings without quotes). A
    /// hole that cannot be computed is its own finding and stays as written.
    /// A long string is cut, its length after the hole, or after the
    /// backtick that closes it: "`aaaa…` (60,000,000 characters)".
    fn interpolate(
        &mut self,
        t: &'a Template,
        clause: Span,
        out: &mut Vec<Finding>,
    ) -> Result<String, Abort> {
        let scope = self.scope();
        let mut text = String::new();
        // The length of the string the last hole cut, not yet written.
        let mut length: Option<String> = None;
        for part in &t.parts {
            match part {
                TemplatePart::Text(s) => {
                    let mut s = s.as_str();
                    if let Some(length) = length.take() {
                        if let Some(rest) = s.strip_prefix('`') {
                            text.push('`');
                            s = rest;
                        }
                        text.push(' ');
                        text.push_str(&length);
                    }
                    text.push_str(s);
                }
                TemplatePart::Expr(e) => {
                    // Two holes in a row: the first one's length goes between.
                    if let Some(length) = length.take() {
                        text.push(' ');
                        text.push_str(&length);
                    }
                    match self.eval(e, scope) {
                        Ok(v) => {
                            let (shown, cut) = bare_apart(&v);
                            text.push_str(&shown);
                            length = cut;
                        }
                        Err(Abort::Limit) => return Err(Abort::Limit),
                        Err(Abort::Data(d)) => {
                            self.push_error(*d, clause, out);
                            text.push('{');
                            text.push_str(&self.text(e.span));
                            text.push('}');
                        }
                    }
                }
            }
        }
        if let Some(length) = length {
            text.push(' ');
            text.push_str(&length);
        }
        Ok(text)
    }
}

/// Whether `l op r` compares a text that reads as a number (`"122"`) with
/// a number: `Some(true)` when the text is `l`.
pub(crate) fn text_for_number(op: BinaryOp, l: &Value, r: &Value) -> Option<bool> {
    let is_number = |v: &Value| matches!(v.kind, Kind::Int(_) | Kind::Float(_) | Kind::Ratio(_));
    let comparison = op.is_comparison() && !matches!(op, BinaryOp::In | BinaryOp::Matches);
    if !comparison {
        return None;
    }
    if number_in_text(l).is_some() && is_number(r) {
        Some(true)
    } else if number_in_text(r).is_some() && is_number(l) {
        Some(false)
    } else {
        None
    }
}

/// The operator that holds for `r op' l` exactly when `l op r` holds.
fn mirror(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        BinaryOp::Eq | BinaryOp::Ne => op,
        _ => return None,
    })
}

/// A value written in the rule file itself.
fn is_constant(e: &Expr) -> bool {
    match &e.node {
        ExprKind::Literal(_) => true,
        ExprKind::List(items) => items.iter().all(is_constant),
        ExprKind::Unary(op, x) => op.node == UnaryOp::Neg && is_constant(x),
        _ => false,
    }
}
