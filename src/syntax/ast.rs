//! The abstract syntax tree of a rule file.
//!
//! Every node carries the [`Span`] it was written at (byte offsets into the
//! rule file); equality ignores spans, so tests compare structure. The tree is
//! exactly what was written: name resolution, arity and other static checks
//! happen later, in `check.rs`, so the parser stays a parser.

use crate::date::{Date, Duration};
use crate::span::{Span, Spanned};

/// `PartialEq` for a node with a `span` field: every other field is
/// compared, the span is not, like [`Spanned`]'s equality.
macro_rules! eq_ignoring_span {
    ($($node:ident { $($field:ident),+ })+) => {$(
        impl PartialEq for $node {
            fn eq(&self, other: &Self) -> bool {
                true $(&& self.$field == other.$field)+
            }
        }
    )+};
}

eq_ignoring_span! {
    Schema { path }
    Data { name, path, schema }
    Let { name, value }
    Rule { id, title, clauses }
    Template { parts }
}

/// A name as written: a rule id, a `let` or `each` variable, a field, a function.
pub type Ident = Spanned<String>;

/// A string literal after its escapes were decoded.
pub type Str = Spanned<String>;

/// One parsed rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFile {
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `schema "PATH"`: the JSON Schema of the reports the file's rules are
    /// written against; their paths are checked against it (`check.rs`).
    Schema(Schema),
    /// `data NAME "PATH"`: a YAML file of reference data bound to NAME.
    Data(Data),
    Let(Let),
    Rule(Rule),
}

/// `schema "PATH"`, PATH relative to the rule file.
#[derive(Clone, Debug)]
pub struct Schema {
    pub path: Str,
    /// From `schema` to the end of the string.
    pub span: Span,
}

/// `data NAME "PATH"`, PATH relative to the rule file: the one YAML
/// document of that file, bound to NAME for every rule of the file;
/// `data NAME "PATH" { schema "SCHEMA" }` with the JSON Schema that types
/// its paths.
#[derive(Clone, Debug)]
pub struct Data {
    pub name: Ident,
    pub path: Str,
    pub schema: Option<DataSchema>,
    /// From `data` to the end of the string, or to the block's `}`.
    pub span: Span,
}

/// The block of a `data` declaration: `{ schema "SCHEMA" }`, or `{ }`.
#[derive(Clone, Debug)]
pub struct DataSchema {
    pub open: Span,
    /// `schema` and its path, when the block names one.
    pub schema: Option<(Span, Str)>,
    pub close: Span,
}

impl PartialEq for DataSchema {
    fn eq(&self, other: &Self) -> bool {
        self.schema.as_ref().map(|s| &s.1) == other.schema.as_ref().map(|s| &s.1)
    }
}

/// `let NAME = EXPR`, at file scope or inside a rule or `each` block.
#[derive(Clone, Debug)]
pub struct Let {
    pub name: Ident,
    pub value: Expr,
    /// From `let` to the end of the expression.
    pub span: Span,
}

/// `rule ID "TITLE" { CLAUSE* }`.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: Ident,
    pub title: Str,
    pub clauses: Vec<Clause>,
    /// From `rule` to the closing `}`.
    pub span: Span,
}

/// How seriously a gate should take a finding. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A clause inside a rule or an `each` block; the span covers the whole clause.
pub type Clause = Spanned<ClauseKind>;

#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    /// `severity error|warning|info`
    Severity(Spanned<Severity>),
    /// `help "..."`
    Help(Str),
    /// `url "..."`
    Url(Str),
    /// `tags ["a", "b"]`
    Tags(Vec<Str>),
    /// `let NAME = EXPR`
    Let(Let),
    /// `when EXPR`: the rest of the enclosing block is skipped when false.
    When(Expr),
    /// `require EXPR [by EXPR] [else "MESSAGE"]`
    Require(Require),
    /// `each NAME in EXPR { CLAUSE* }`
    Each(Each),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Require {
    pub condition: Expr,
    /// `by DEADLINE`: the requirement holds while `as_of < DEADLINE`.
    pub by: Option<Expr>,
    /// `else "..."`: the finding's message, with `{EXPR}` holes.
    pub message: Option<Template>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Each {
    pub var: Ident,
    pub iter: Expr,
    pub body: Vec<Clause>,
}

/// An `else` message: literal text with `{EXPR}` holes. `{{` and `}}` are
/// literal braces.
#[derive(Clone, Debug)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    /// The whole string literal, quotes included.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Expr(Expr),
}

pub type Expr = Spanned<ExprKind>;

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `[a, b, c]`
    List(Vec<Expr>),
    /// A bare name: an `each` binding, a `let`, or a field of the report root
    /// (inside a filter: a field of the element first).
    Name(String),
    /// `base.field`
    Field(Box<Expr>, Ident),
    /// `base[INDEX]` where the index is an integer expression
    /// (negative counts from the end).
    Index(Box<Expr>, Box<Expr>),
    /// `base[CONDITION]`: the elements for which the condition holds.
    Filter(Box<Expr>, Box<Expr>),
    /// `base[*].a.b`: the path `a.b` taken from every element of `base`.
    /// Elements lacking the path are left out.
    Project(Box<Expr>, Vec<Ident>),
    /// `name(args)`
    Call(Ident, Vec<Expr>),
    Unary(Spanned<UnaryOp>, Box<Expr>),
    Binary(Spanned<BinaryOp>, Box<Expr>, Box<Expr>),
    /// `if COND then A else B`: A when the condition holds, otherwise B.
    If(Box<Conditional>),
    /// `[EXPR for NAME in LIST]`, `[EXPR for NAME in LIST if COND]`: the
    /// value of EXPR for every element of LIST (for which COND holds).
    Comprehension(Box<Comprehension>),
}

/// The parts of `if COND then A else B`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conditional {
    pub cond: Expr,
    pub then: Expr,
    pub otherwise: Expr,
}

/// The parts of `[EXPR for NAME in LIST if COND]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    /// EXPR, computed once for every element kept.
    pub elem: Expr,
    /// NAME, bound to each element in turn, in EXPR and COND only.
    pub var: Ident,
    pub list: Expr,
    pub cond: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Int(i64),
    Decimal(f64),
    /// `90%`, stored as the fraction (0.9); printed back as a percentage.
    Percent(f64),
    Str(String),
    Date(Date),
    Duration(Duration),
    Bool(bool),
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Matches,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// The operator as a rule author writes it (ASCII form).
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::Matches => "matches",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// Binding strength; higher binds tighter. Comparisons do not chain.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::Matches => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div => 6,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }
}

impl std::fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
