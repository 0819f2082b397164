//! How the schema walk words its errors: an unknown field with its
//! did-you-mean and the place the schema lists the fields, the shape of a
//! schema type ("a date (`#/definitions/date` in `schema.json`)"), and one
//! error per place and label, since a `let` list compared in several
//! places would otherwise report the same value once per comparison.

use super::super::ty::{Ptr, Ty};
use super::{Shape, Walker};
use crate::check::{CheckError, Related};
use crate::span::Span;
use crate::suggest::did_you_mean;

impl<'s> Walker<'_, 's, '_> {
    pub(super) fn unknown(
        &mut self,
        span: Span,
        name: &str,
        path: &str,
        owner: &str,
        names: &[String],
        at: &[Ptr],
    ) {
        let near = did_you_mean(name, names.iter().map(String::as_str));
        let help = self.fields_help(near, owner, names, at);
        self.push(
            span,
            format!("unknown field `{path}`"),
            format!("not a field of {owner} in the schema"),
            help,
            Vec::new(),
        );
    }

    /// "did you mean `x`?" and where the schema lists the fields (with them,
    /// when there is no near one).
    pub(super) fn fields_help(
        &self,
        near: Option<&str>,
        owner: &str,
        names: &[String],
        at: &[Ptr],
    ) -> Option<String> {
        let places = if at.iter().all(|p| p.starts_with('#')) {
            let places: Vec<String> = at.iter().map(|p| format!("`{p}`")).collect();
            format!("{} in `{}`", places.join(" and "), self.shown)
        } else {
            let places: Vec<String> = at.iter().map(|p| self.place(p)).collect();
            places.join(" and ")
        };
        Some(match near {
            Some(near) => {
                format!("did you mean `{near}`? the fields of {owner} are listed at {places}")
            }
            None if names.is_empty() => {
                format!("the schema allows no field in {owner} ({places})")
            }
            None => {
                let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!("the fields of {owner} are {} ({places})", elide(&shown, 12))
            }
        })
    }

    /// "a date (`#/definitions/date` in `schema.json`)", or the noun alone
    /// for a computed value.
    pub(super) fn shape_label(&self, noun: &str, at: Option<&Ptr>) -> String {
        match at {
            Some(at) => format!("{noun} ({})", self.place(at)),
            None => noun.to_string(),
        }
    }

    /// "`#/definitions/date` in `schema.json`"; a place in a data file's
    /// schema names that schema (`areas.schema.json#/items`).
    pub(super) fn place(&self, at: &Ptr) -> String {
        match at.split_once('#') {
            Some((file, fragment)) if !file.is_empty() => format!("`#{fragment}` in `{file}`"),
            _ => format!("`{at}` in `{}`", self.shown),
        }
    }

    /// The rule-file text of `span` on one line.
    pub(super) fn snippet(&self, span: Span) -> String {
        self.text
            .get(span.start..span.end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn push(
        &mut self,
        span: Span,
        message: String,
        label: String,
        help: Option<String>,
        related: Vec<Related>,
    ) {
        // A `let` list compared in several places has its values checked
        // in each; one error at a value is enough.
        if self
            .errors
            .iter()
            .any(|e| e.file == self.file && e.span == span && e.label == label)
        {
            return;
        }
        let mut e = CheckError::new(self.file, span, message, label);
        e.help = help;
        e.related = related;
        self.errors.push(e);
    }
}

/// What a scalar type from the schema is, for messages.
pub(super) fn scalar_shape(t: &Ty<'_>) -> Option<Shape> {
    let (noun, at) = match t {
        Ty::Str {
            at: Some(at), date, ..
        } => (if *date { "a date" } else { "a string" }, at),
        Ty::Number { at: Some(at) } => ("a number", at),
        Ty::Bool { at: Some(at) } => ("a boolean", at),
        _ => return None,
    };
    Some(Shape {
        noun,
        at: Some(at.clone()),
    })
}

/// `a`, `b`, `c` and 4 more.
pub(super) fn elide(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}
