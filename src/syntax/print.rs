//! The formatter: a parsed rule file printed back in the one canonical
//! layout of `grammar.md` ("Canonical layout"), every comment kept.
//!
//! The tree gives the structure; the source gives what the tree does not
//! keep: literals exactly as written (`1.50`, `90%`, string escapes, `else`
//! templates), comments, and where the author left blank lines. Parentheses
//! are printed only where precedence needs them, so the formatted file
//! parses to the same tree. `doc` lays the result out.

mod doc;
mod forms;

use std::collections::HashMap;

use super::SyntaxError;
use super::ast::{
    BinaryOp, Clause, ClauseKind, Expr, ExprKind, Item, Let, Literal, Require, Rule, RuleFile,
    UnaryOp,
};
use super::lex;
use crate::span::Span;
use doc::{Doc, Gap, Hard};

/// `text` in the canonical layout, or its syntax errors (a file that does
/// not parse is never formatted).
///
/// ```
/// let src = "rule A \"a\" { require x>1 and(y) # why\n}";
/// let out = pilotlint::syntax::print::format(src).unwrap();
/// assert_eq!(out, "rule A \"a\" {\n    require x > 1 and y  # why\n}\n");
/// ```
pub fn format(text: &str) -> Result<String, Vec<SyntaxError>> {
    let (file, errors) = super::parse(text);
    if errors.is_empty() {
        Ok(format_file(text, &file))
    } else {
        Err(errors)
    }
}

/// Prints `file`, which was parsed from `text` without errors (with
/// errors, the items that did not parse would be left out).
fn format_file(text: &str, file: &RuleFile) -> String {
    let spans = lex::comments(text);
    let mut b = Builder {
        src: text,
        positions: Vec::new(),
        comments: &spans,
    };
    let root = b.file(file);
    let comments: Vec<doc::Comment> = spans
        .iter()
        .map(|s| doc::Comment {
            text: text[s.start..s.end].trim_end().to_string(),
            own_line: doc::own_line(text, s.start),
            blank_before: doc::blank_before(text, s.start),
        })
        .collect();
    let mut positions = b.positions;
    positions.sort_unstable();
    positions.dedup();
    let mut leading: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut trailing = Vec::new();
    for (k, s) in spans.iter().enumerate() {
        match positions.get(positions.partition_point(|&p| p <= s.start)) {
            Some(&p) => leading.entry(p).or_default().push(k),
            None => trailing.push(k),
        }
    }
    doc::render(
        &root,
        doc::Source {
            text,
            comments: &comments,
            leading: &leading,
            trailing: &trailing,
        },
    )
}

/// Binding strength of an expression as printed: binary operators their
/// own, `not` 3, unary minus 7, postfix selectors 8, the rest 9, and a
/// conditional 0: its `else` branch reaches as far as it can, so anywhere
/// but on its own it is parenthesised.
fn precedence(e: &Expr) -> u8 {
    match &e.node {
        ExprKind::If(_) => 0,
        ExprKind::Comprehension(_) => 9,
        ExprKind::Binary(op, _, _) => op.node.precedence(),
        ExprKind::Unary(op, _) if op.node == UnaryOp::Not => 3,
        ExprKind::Unary(..) => 7,
        ExprKind::Field(..)
        | ExprKind::Index(..)
        | ExprKind::Filter(..)
        | ExprKind::Project(..) => 8,
        ExprKind::Literal(_) | ExprKind::List(_) | ExprKind::Name(_) | ExprKind::Call(..) => 9,
    }
}

struct Builder<'a> {
    src: &'a str,
    /// The source offset of every token printed, for attaching comments.
    positions: Vec<usize>,
    /// Where the comments are, in order.
    comments: &'a [Span],
}

fn text(s: &str) -> Doc {
    Doc::Text(s.to_string(), None)
}

fn gap(g: Gap) -> Doc {
    Doc::Gap(g)
}

impl Builder<'_> {
    /// A token written at source offset `at`.
    fn tok(&mut self, s: &str, at: usize) -> Doc {
        self.positions.push(at);
        Doc::Text(s.to_string(), Some(at))
    }

    /// The source text of `span`, as written.
    fn verbatim(&mut self, span: Span) -> Doc {
        let s = self
            .src
            .get(span.start..span.end)
            .unwrap_or_default()
            .to_string();
        self.tok(&s, span.start)
    }

    /// The offset of the next token at or after `from`.
    fn next_token(&self, from: usize) -> usize {
        lex::token_start(self.src, from)
    }

    /// The offset of the bracket that closes a list, call or selector
    /// whose last item (or opening bracket) ends at `after`: the next
    /// token, or the one after a trailing comma.
    fn closer(&self, after: usize) -> usize {
        let next = self.next_token(after);
        if self.src[next..].starts_with(',') {
            self.next_token(next + 1)
        } else {
            next
        }
    }

    fn file(&mut self, file: &RuleFile) -> Doc {
        let mut docs = Vec::new();
        for (k, item) in file.items.iter().enumerate() {
            if k > 0 {
                // A run of `let`s is grouped as the author grouped it, like
                // clauses; a rule or schema stands apart.
                let lets = matches!((&file.items[k - 1], item), (Item::Let(_), Item::Let(_)));
                docs.push(gap(Gap::Hard(if lets { Hard::Clause } else { Hard::Item })));
            }
            docs.push(match item {
                Item::Schema(s) => Doc::Seq(vec![
                    self.tok("schema", s.span.start),
                    gap(Gap::Space),
                    self.verbatim(s.path.span),
                ]),
                Item::Data(d) => {
                    let mut docs = vec![
                        self.tok("data", d.span.start),
                        gap(Gap::Space),
                        self.verbatim(d.name.span),
                        gap(Gap::Space),
                        self.verbatim(d.path.span),
                    ];
                    // The data file's schema, on the same line; a block
                    // with a comment inside is laid out as a rule's is.
                    if let Some(block) = &d.schema {
                        docs.extend([gap(Gap::Space), self.tok("{", block.open.start)]);
                        let schema = block.schema.as_ref().map(|(at, path)| {
                            Doc::Seq(vec![
                                self.tok("schema", at.start),
                                gap(Gap::Space),
                                self.verbatim(path.span),
                            ])
                        });
                        let (open, close) = (block.open.start, block.close.start);
                        if self
                            .comments
                            .iter()
                            .any(|c| open < c.start && c.start < close)
                        {
                            let mut inner = vec![gap(Gap::Hard(Hard::Open))];
                            inner.extend(schema);
                            docs.extend([Doc::Indent(inner), gap(Gap::Hard(Hard::Close))]);
                        } else if let Some(schema) = schema {
                            docs.extend([gap(Gap::Space), schema, gap(Gap::Space)]);
                        } else {
                            docs.push(gap(Gap::Space));
                        }
                        docs.push(self.tok("}", close));
                    }
                    Doc::Seq(docs)
                }
                Item::Let(l) => self.let_binding(l),
                Item::Rule(r) => self.rule(r),
            });
        }
        docs.push(gap(Gap::Hard(Hard::End)));
        Doc::Seq(docs)
    }

    fn rule(&mut self, r: &Rule) -> Doc {
        let mut docs = vec![
            self.tok("rule", r.span.start),
            gap(Gap::Space),
            self.verbatim(r.id.span),
            gap(Gap::Space),
            self.verbatim(r.title.span),
            gap(Gap::Space),
            text("{"),
        ];
        docs.push(self.block(&r.clauses, r.span.end.saturating_sub(1)));
        Doc::Seq(docs)
    }

    /// The clauses of a block and its closing `}` at offset `close`.
    fn block(&mut self, clauses: &[Clause], close: usize) -> Doc {
        let mut inner = vec![gap(Gap::Hard(Hard::Open))];
        for (k, c) in clauses.iter().enumerate() {
            if k > 0 {
                inner.push(gap(Gap::Hard(Hard::Clause)));
            }
            inner.push(self.clause(c));
        }
        Doc::Seq(vec![
            Doc::Indent(inner),
            gap(Gap::Hard(Hard::Close)),
            self.tok("}", close),
        ])
    }

    fn clause(&mut self, c: &Clause) -> Doc {
        let at = c.span.start;
        match &c.node {
            ClauseKind::Severity(level) => Doc::Seq(vec![
                self.tok("severity", at),
                gap(Gap::Space),
                self.tok(level.node.as_str(), level.span.start),
            ]),
            ClauseKind::Help(s) => Doc::Seq(vec![
                self.tok("help", at),
                gap(Gap::Space),
                self.verbatim(s.span),
            ]),
            ClauseKind::Url(s) => Doc::Seq(vec![
                self.tok("url", at),
                gap(Gap::Space),
                self.verbatim(s.span),
            ]),
            ClauseKind::Tags(tags) => {
                let kw = self.tok("tags", at);
                let items = tags.iter().map(|t| self.verbatim(t.span)).collect();
                let close = self.tok("]", c.span.end.saturating_sub(1));
                Doc::Seq(vec![
                    kw,
                    gap(Gap::Space),
                    bracketed("[", items, close, true),
                ])
            }
            ClauseKind::Let(l) => self.let_binding(l),
            ClauseKind::When(e) => {
                Doc::Group(vec![self.tok("when", at), gap(Gap::Space), self.expr(e, 0)])
            }
            ClauseKind::Require(r) => self.require(at, r),
            ClauseKind::Each(each) => {
                let mut docs = vec![
                    self.tok("each", at),
                    gap(Gap::Space),
                    self.verbatim(each.var.span),
                    gap(Gap::Space),
                ];
                let in_at = self.next_token(each.var.span.end);
                docs.push(self.tok("in", in_at));
                docs.push(gap(Gap::Space));
                docs.push(self.expr(&each.iter, 0));
                docs.extend([gap(Gap::Space), text("{")]);
                docs.push(self.block(&each.body, c.span.end.saturating_sub(1)));
                Doc::Seq(docs)
            }
        }
    }

    fn let_binding(&mut self, l: &Let) -> Doc {
        let eq = self.next_token(l.name.span.end);
        Doc::Group(vec![
            self.tok("let", l.span.start),
            gap(Gap::Space),
            self.verbatim(l.name.span),
            gap(Gap::Space),
            self.tok("=", eq),
            gap(Gap::Space),
            self.expr(&l.value, 0),
        ])
    }

    /// `require C [by D]`, then `else "..."` on a continuation line: the
    /// message is long text, and reads best on a line of its own.
    fn require(&mut self, at: usize, r: &Require) -> Doc {
        let mut docs = vec![
            self.tok("require", at),
            gap(Gap::Space),
            self.expr(&r.condition, 0),
        ];
        let mut end = r.condition.span.end;
        if let Some(by) = &r.by {
            let by_at = self.next_token(end);
            docs.extend([gap(Gap::Space), self.tok("by", by_at), gap(Gap::Space)]);
            docs.push(self.expr(by, 0));
            end = by.span.end;
        }
        if let Some(t) = &r.message {
            let else_at = self.next_token(end);
            docs.push(Doc::Indent(vec![
                gap(Gap::Newline),
                self.tok("else", else_at),
                gap(Gap::Space),
                self.verbatim(t.span),
            ]));
        }
        Doc::Group(docs)
    }

    /// Expression `e` where the context needs binding strength `min`:
    /// parenthesised when it binds more loosely.
    fn expr(&mut self, e: &Expr, min: u8) -> Doc {
        if precedence(e) < min {
            let inner = self.bare(e);
            return Doc::Group(vec![
                text("("),
                Doc::Indent(vec![gap(Gap::Soft), inner]),
                gap(Gap::Soft),
                text(")"),
            ]);
        }
        self.bare(e)
    }

    fn bare(&mut self, e: &Expr) -> Doc {
        match &e.node {
            ExprKind::Literal(l) => {
                // A parenthesised literal's span covers the parentheses.
                let span = lex::token_at(self.src, e.span.start).unwrap_or(e.span);
                let written = self.src.get(span.start..span.end).unwrap_or_default();
                // `10  days`: one space between amount and unit. Only
                // there: the spaces of a string are its text.
                let s = match l {
                    Literal::Duration(_) => {
                        written.split_whitespace().collect::<Vec<_>>().join(" ")
                    }
                    _ => written.to_string(),
                };
                self.tok(&s, span.start)
            }
            ExprKind::Name(n) => {
                let at = lex::token_at(self.src, e.span.start).map_or(e.span.start, |s| s.start);
                self.tok(n, at)
            }
            ExprKind::List(items) => {
                let open = lex::token_start(self.src, e.span.start);
                let docs = items.iter().map(|i| self.expr(i, 0)).collect();
                let close = self.closer(items.last().map_or(open + 1, |i| i.span.end));
                bracketed("[", docs, self.tok("]", close), true)
            }
            ExprKind::Field(base, f) => {
                // `(xs[*].a).b` is not `xs[*].a.b`, a longer projection.
                let min = if matches!(base.node, ExprKind::Project(..)) {
                    9
                } else {
                    8
                };
                Doc::Seq(vec![self.expr(base, min), text("."), self.verbatim(f.span)])
            }
            ExprKind::Index(base, inner) | ExprKind::Filter(base, inner) => {
                let base = self.expr(base, 8);
                let close = self.closer(inner.span.end);
                let inner = self.expr(inner, 0);
                Doc::Seq(vec![
                    base,
                    bracketed("[", vec![inner], self.tok("]", close), false),
                ])
            }
            ExprKind::Project(base, fields) => {
                let mut docs = vec![self.expr(base, 8), text("[*]")];
                for f in fields {
                    docs.push(text("."));
                    docs.push(self.verbatim(f.span));
                }
                Doc::Seq(docs)
            }
            ExprKind::Call(name, args) => {
                let callee = self.verbatim(name.span);
                let open = self.next_token(name.span.end);
                let close = self.closer(args.last().map_or(open + 1, |a| a.span.end));
                let args = args.iter().map(|a| self.expr(a, 0)).collect();
                Doc::Seq(vec![
                    callee,
                    bracketed("(", args, self.tok(")", close), true),
                ])
            }
            ExprKind::Unary(op, operand) => match op.node {
                UnaryOp::Not => Doc::Seq(vec![
                    self.tok("not", op.span.start),
                    gap(Gap::Space),
                    self.expr(operand, 3),
                ]),
                UnaryOp::Neg => Doc::Seq(vec![self.tok("-", op.span.start), self.expr(operand, 7)]),
            },
            ExprKind::Binary(op, left, right) => self.binary(op.node, left, right, e),
            ExprKind::If(c) => self.conditional(e, c),
            ExprKind::Comprehension(c) => self.comprehension(c),
        }
    }

    /// A chain of operators of one strength (`a and b and c`, `a + b - c`),
    /// breaking before each operator when it does not fit; comparisons do
    /// not chain.
    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, whole: &Expr) -> Doc {
        let p = op.precedence();
        if op.is_comparison() {
            let l = self.expr(left, p + 1);
            let op_doc = self.tok(op.as_str(), op_start(whole));
            let r = self.expr(right, p + 1);
            return chain(left, l, vec![gap(Gap::Line), op_doc, gap(Gap::Space), r]);
        }
        // The operands of a left-nested chain, leftmost first.
        let mut links = vec![(op, whole, right)];
        let mut first = left;
        while let ExprKind::Binary(o, l, r) = &first.node {
            if o.node.precedence() != p {
                break;
            }
            links.push((o.node, first, r));
            first = l;
        }
        links.reverse();
        let head = self.expr(first, p);
        let mut rest = Vec::new();
        for (o, node, r) in links {
            rest.push(gap(Gap::Line));
            rest.push(self.tok(o.as_str(), op_start(node)));
            rest.push(gap(Gap::Space));
            rest.push(self.expr(r, p + 1));
        }
        chain(first, head, rest)
    }
}

/// A group of an operand `head` (printed from `first`) and the operators
/// and operands after it, which break onto continuation lines. A first
/// operand that is itself a chain is indented with them, so that where it
/// breaks it is indented deeper than the operators that bind more loosely;
/// a list or call is not, so its closing bracket lines up with the line
/// that opened it.
fn chain(first: &Expr, head: Doc, rest: Vec<Doc>) -> Doc {
    if matches!(first.node, ExprKind::Binary(..)) {
        let mut docs = vec![head];
        docs.extend(rest);
        Doc::Group(vec![Doc::Indent(docs)])
    } else {
        Doc::Group(vec![head, Doc::Indent(rest)])
    }
}

/// The source offset of the operator of binary expression `e`.
fn op_start(e: &Expr) -> usize {
    match &e.node {
        ExprKind::Binary(op, _, _) => op.span.start,
        _ => e.span.start,
    }
}

/// `[a, b]` or `(a, b)`: on one line, or one item a line (with a trailing
/// comma when `comma`).
fn bracketed(open: &str, items: Vec<Doc>, close: Doc, comma: bool) -> Doc {
    if items.is_empty() {
        return Doc::Seq(vec![text(open), close]);
    }
    let mut inner = vec![gap(Gap::Soft)];
    let n = items.len();
    for (k, item) in items.into_iter().enumerate() {
        inner.push(item);
        if k + 1 < n {
            inner.push(text(","));
            inner.push(gap(Gap::Line));
        }
    }
    if comma {
        inner.push(Doc::BreakOnly(","));
    }
    Doc::Group(vec![text(open), Doc::Indent(inner), gap(Gap::Soft), close])
}
