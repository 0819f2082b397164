//! The built-in functions, in one table ([`FUNCTIONS`]): a row per function
//! holds its name, its arity, the types the schema checker needs, its
//! documentation and its implementation, so the checker, the evaluator and
//! the documentation tests cannot disagree about what exists.
//!
//! A missing argument gives a missing result (so `count(key_issues) > 0`
//! in a `require` reports "`key_issues` is missing"), except for `exists`,
//! whose job is to ask. A null where a list is expected is an empty list
//! (`key_issues:` with nothing after it has no issues). Values computed
//! from a list keep the list's origin; `min` and `max` return the element
//! itself, with its own origin.

use std::rc::Rc;

use super::display::quoted;
use super::value::{Kind, Text, Value};
use super::{Abort, Eval, Scope};
use crate::syntax::ast::{Expr, Ident};

mod durations;
mod lists;
mod numbers;

use lists::{distinct, unique};
use numbers::{avg, count, max, min, sum};

/// How many arguments a built-in function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    /// One argument that is a list (`min(xs)`), or two or more values
    /// (`min(a, b)`).
    ListOrValues,
}

impl Arity {
    pub fn accepts(self, given: usize) -> bool {
        match self {
            Arity::Exactly(n) => given == n,
            Arity::ListOrValues => given >= 1,
        }
    }
}

/// What a function's argument must be, for the schema checker. With
/// [`Arity::ListOrValues`], it is what a lone argument must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// Any value, missing included (`exists`).
    Any,
    /// A list (null counts as an empty one).
    List,
    /// A text.
    Text,
    /// A list or a text.
    ListOrText,
}

/// What a function gives, for the schema checker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gives {
    Number,
    /// The number of elements of its list argument: a failed comparison
    /// with the count of a filtered list says how many elements matched
    /// (`eval/join.rs`).
    Count,
    Bool,
    Text,
    /// One of the elements of its list argument, or of its arguments.
    Element,
    /// A list of elements of its list argument.
    List,
}

/// How a failed `require f(x)` is explained when `f` is the whole
/// condition (see `verdict.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// As any boolean value: "`f(x)` is false".
    Value,
    /// A missing or null argument is what failed (`exists`).
    Presence,
    /// The repeated elements are what failed, each labelled (`unique`).
    Duplicates,
}

/// The result of a function, from the values of its arguments.
type Run = for<'a> fn(&mut Eval<'a>, &Call<'a>) -> Result<Value<'a>, Abort>;

/// One built-in function: everything the checker, the evaluator and the
/// documentation know about it.
pub struct Function {
    pub name: &'static str,
    pub arity: Arity,
    pub takes: Takes,
    pub gives: Gives,
    /// How it is called and what it gives, as grammar.md's table of
    /// functions shows it (a test keeps the two equal).
    pub usage: &'static str,
    pub doc: &'static str,
    /// Said when it is called with the wrong number of arguments.
    pub arity_help: Option<&'static str>,
    /// Whether a missing argument makes the result missing (so a
    /// `require` reports "`x` is missing"); `exists` asks instead.
    propagates_missing: bool,
    pub(crate) verdict: Verdict,
    run: Run,
}

/// Every built-in function, one row each. Adding a function is adding a
/// row here, its line in grammar.md and its tests.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "count",
        arity: Arity::Exactly(1),
        takes: Takes::List,
        gives: Gives::Count,
        usage: "`count(list)`",
        doc: "the number of elements",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: count,
    },
    Function {
        name: "sum",
        arity: Arity::Exactly(1),
        takes: Takes::List,
        gives: Gives::Number,
        usage: "`sum(list)`",
        doc: "the sum of the numbers, or of the durations",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: sum,
    },
    Function {
        name: "avg",
        arity: Arity::Exactly(1),
        takes: Takes::List,
        gives: Gives::Number,
        usage: "`avg(list)`",
        doc: "their average (of durations: in whole days or months, rounded)",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: avg,
    },
    Function {
        name: "min",
        arity: Arity::ListOrValues,
        takes: Takes::List,
        gives: Gives::Element,
        usage: "`min(list)`, `min(a, b, ...)`",
        doc: "the smallest value",
        arity_help: Some(
            "`min(xs)` takes the least element of a list; `min(a, b)` the least of its arguments",
        ),
        propagates_missing: true,
        verdict: Verdict::Value,
        run: min,
    },
    Function {
        name: "max",
        arity: Arity::ListOrValues,
        takes: Takes::List,
        gives: Gives::Element,
        usage: "`max(list)`, `max(a, b, ...)`",
        doc: "the largest value",
        arity_help: Some(
            "`max(xs)` takes the greatest element of a list; `max(a, b)` the greatest of its \
             arguments",
        ),
        propagates_missing: true,
        verdict: Verdict::Value,
        run: max,
    },
    Function {
        name: "len",
        arity: Arity::Exactly(1),
        takes: Takes::ListOrText,
        gives: Gives::Number,
        usage: "`len(x)`",
        doc: "the length of a list or of a text",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: len,
    },
    Function {
        name: "exists",
        arity: Arity::Exactly(1),
        takes: Takes::Any,
        gives: Gives::Bool,
        usage: "`exists(x)`",
        doc: "true unless `x` is missing or `null`",
        arity_help: None,
        propagates_missing: false,
        verdict: Verdict::Presence,
        run: exists,
    },
    Function {
        name: "unique",
        arity: Arity::Exactly(1),
        takes: Takes::List,
        gives: Gives::Bool,
        usage: "`unique(list)`",
        doc: "true when no element appears twice",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Duplicates,
        run: unique,
    },
    Function {
        name: "distinct",
        arity: Arity::Exactly(1),
        takes: Takes::List,
        gives: Gives::List,
        usage: "`distinct(list)`",
        doc: "its distinct values, in order of first appearance (compared as `==` compares)",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: distinct,
    },
    Function {
        name: "lower",
        arity: Arity::Exactly(1),
        takes: Takes::Text,
        gives: Gives::Text,
        usage: "`lower(text)`",
        doc: "the text in lower case",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: lower,
    },
    Function {
        name: "upper",
        arity: Arity::Exactly(1),
        takes: Takes::Text,
        gives: Gives::Text,
        usage: "`upper(text)`",
        doc: "the text in upper case",
        arity_help: None,
        propagates_missing: true,
        verdict: Verdict::Value,
        run: upper,
    },
];

/// The built-in function called `name`.
pub fn get(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// A call being evaluated: the expression, the function and the values of
/// its arguments (one per argument, in order).
pub(crate) struct Call<'a> {
    pub e: &'a Expr,
    pub function: &'static Function,
    pub args: &'a [Expr],
    pub values: Vec<Value<'a>>,
}

impl<'a> Call<'a> {
    /// The lone argument and its value.
    fn arg(&self) -> (&'a Expr, &Value<'a>) {
        (&self.args[0], &self.values[0])
    }
}

impl<'a> Eval<'a> {
    pub(crate) fn call(
        &mut self,
        e: &'a Expr,
        f: &'a Ident,
        args: &'a [Expr],
        scope: Scope<'_, 'a>,
    ) -> Result<Value<'a>, Abort> {
        let name = f.node.as_str();
        // `check` rejects unknown functions and wrong arities; a hand-built
        // rule set still must not panic.
        let Some(function) = get(name) else {
            return Err(Abort::mismatch(
                format!("unknown function `{name}`"),
                self.fallback(None),
            ));
        };
        if !function.arity.accepts(args.len()) {
            let message = match function.arity {
                Arity::Exactly(n) => {
                    format!("`{name}` takes {n} argument, found {}", args.len())
                }
                Arity::ListOrValues => format!("`{name}` takes at least 1 argument"),
            };
            return Err(Abort::mismatch(message, self.fallback(None)));
        }
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            let v = self.eval(arg, scope)?;
            if function.propagates_missing && v.is_missing() {
                return Ok(v);
            }
            values.push(v);
        }
        (function.run)(
            self,
            &Call {
                e,
                function,
                args,
                values,
            },
        )
    }

    /// Accepts a list or null (an empty list) for function `name`.
    fn need_list(&self, name: &str, arg: &Expr, v: &Value) -> Result<(), Abort> {
        match v.kind {
            Kind::Seq(_) | Kind::List(_) | Kind::Null => Ok(()),
            _ => Err(self.wrong_arg(name, "a list", arg, v)),
        }
    }

    fn wrong_arg(&self, name: &str, wanted: &str, arg: &Expr, v: &Value) -> Abort {
        Abort::mismatch(
            format!(
                "`{name}` needs {wanted}, but `{}` is {}",
                self.text(arg.span),
                v.type_name()
            ),
            v.origin,
        )
        .with_label(quoted(v))
    }
}

fn len<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    let kind = match &v.kind {
        Kind::Str(s) => {
            ev.tick(1 + s.as_str().len() as u64 / 64)?;
            Kind::Int(s.as_str().chars().count() as i64)
        }
        Kind::Null => Kind::Int(0),
        _ => match v.len_if_list() {
            Some(n) => Kind::Int(n as i64),
            None => return Err(ev.wrong_arg(c.function.name, "a list or a string", arg, v)),
        },
    };
    Ok(Value::new(kind, v.origin))
}

fn exists<'a>(_: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    let (_, v) = c.arg();
    let present = !matches!(v.kind, Kind::Missing(_) | Kind::Null);
    Ok(Value::new(Kind::Bool(present), v.origin))
}

fn lower<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    change_case(ev, c, str::to_lowercase)
}

fn upper<'a>(ev: &mut Eval<'a>, c: &Call<'a>) -> Result<Value<'a>, Abort> {
    change_case(ev, c, str::to_uppercase)
}

fn change_case<'a>(
    ev: &mut Eval<'a>,
    c: &Call<'a>,
    change: fn(&str) -> String,
) -> Result<Value<'a>, Abort> {
    let (arg, v) = c.arg();
    match &v.kind {
        Kind::Str(s) => {
            ev.tick(1 + s.as_str().len() as u64 / 64)?;
            let changed = change(s.as_str());
            Ok(Value::new(
                Kind::Str(Text::Shared(Rc::from(changed))),
                v.origin,
            ))
        }
        _ => Err(ev.wrong_arg(c.function.name, "a string", arg, v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_accepts() {
        assert!(Arity::Exactly(1).accepts(1));
        assert!(!Arity::Exactly(1).accepts(2));
        assert!(!Arity::ListOrValues.accepts(0));
        assert!(Arity::ListOrValues.accepts(1));
        assert!(Arity::ListOrValues.accepts(3));
    }

    #[test]
    fn every_function_has_one_row_found_by_its_name() {
        for f in FUNCTIONS {
            assert!(std::ptr::eq(get(f.name).expect("found"), f), "{}", f.name);
            assert!(f.usage.contains(&format!("`{}(", f.name)), "{}", f.usage);
        }
        assert!(get("cout").is_none());
    }
}
