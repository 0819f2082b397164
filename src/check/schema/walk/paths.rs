//! Paths through the schema's types: a field taken of a value (closed
//! out by `additionalProperties: false`, or taken of a list or a scalar),
//! and the element type of what a filter, projection, index, `each` or
//! list function goes over, with the error when it is not a list.

use super::*;

impl<'a, 's> Walker<'a, 's, '_> {
    /// Field `field` of a value of type `t`; `start` is where the path
    /// starts, `base` what the field is taken of, `owner` how messages name
    /// it, `projected` whether it is a segment after `[*]` (taken of each
    /// element).
    pub(super) fn take(
        &mut self,
        t: &Ty<'s>,
        start: usize,
        base: Span,
        field: &Ident,
        owner: &str,
        projected: bool,
    ) -> Ty<'s> {
        match self.field(t, &field.node) {
            Field::Found(t) => t,
            Field::Unknown { names, at } => {
                let path = self.snippet(Span::new(start, field.span.end));
                self.unknown(field.span, &field.node, &path, owner, &names, &at);
                Ty::Any
            }
            Field::NoFields(Shape { noun, at }) => {
                let base = self.snippet(base);
                let base = base.trim_end_matches('.').trim_end();
                let f = &field.node;
                let label = self.shape_label(noun, at.as_ref());
                let help = if noun == "a list" && projected {
                    format!(
                        "`[*]` takes fields of mappings, and the schema gives `{base}` of \
                         every element as a list"
                    )
                } else if noun == "a list" {
                    format!("use `{base}[*].{f}` to take `{f}` of every element")
                } else {
                    format!("only a mapping has fields, and the schema gives `{base}` as {noun}")
                };
                self.push(
                    Span::new(start, field.span.end),
                    format!("`{base}` is {noun}, so it has no field `{f}`"),
                    label,
                    Some(help),
                    Vec::new(),
                );
                Ty::Any
            }
        }
    }

    pub(super) fn field(&self, t: &Ty<'s>, name: &str) -> Field<'s> {
        match t {
            Ty::Object(o) => match o.props.get(name) {
                Some(locs) => Field::Found(self.types.all(locs)),
                None if o.closed => Field::Unknown {
                    names: o.props.keys().cloned().collect(),
                    at: vec![o.at.clone()],
                },
                None => Field::Found(self.types.all(&o.extra)),
            },
            Ty::Array(a) if a.definite => Field::NoFields(Shape {
                noun: "a list",
                at: a.at.clone(),
            }),
            Ty::Union(alts) => {
                let mut found = Vec::new();
                let mut unknown: Option<(Vec<String>, Vec<Ptr>)> = None;
                let mut no_fields = None;
                // `null.f` is simply missing: a null alternative says nothing.
                for alt in alts.iter().filter(|a| !matches!(a, Ty::Null)) {
                    match self.field(alt, name) {
                        Field::Found(t) => found.push(t),
                        Field::Unknown { names, at } => {
                            let (all, ats) = unknown.get_or_insert_with(Default::default);
                            for n in names {
                                if !all.contains(&n) {
                                    all.push(n);
                                }
                            }
                            ats.extend(at);
                        }
                        Field::NoFields(shape) => no_fields = no_fields.or(Some(shape)),
                    }
                }
                match (found.is_empty(), unknown, no_fields) {
                    (false, _, _) => Field::Found(union(found)),
                    (true, Some((names, at)), _) => Field::Unknown { names, at },
                    (true, None, Some(shape)) => Field::NoFields(shape),
                    (true, None, None) => Field::Found(Ty::Any),
                }
            }
            scalar => match scalar_shape(scalar) {
                Some(shape) => Field::NoFields(shape),
                None => Field::Found(Ty::Any),
            },
        }
    }

    /// The element type of a list; `Err` when the schema says the value is
    /// something else.
    pub(super) fn list(&self, t: &Ty<'s>) -> Result<Ty<'s>, Shape> {
        match t {
            Ty::Array(a) => Ok(self.types.items(a)),
            Ty::Union(alts) => {
                let mut items = Vec::new();
                let mut first = None;
                // A null list is an empty one to filters and `each`.
                for alt in alts.iter().filter(|a| !matches!(a, Ty::Null)) {
                    match self.list(alt) {
                        Ok(t) => items.push(t),
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                match first {
                    Some(e) if items.is_empty() => Err(e),
                    _ => Ok(union(items)),
                }
            }
            Ty::Object(o) if o.definite => Err(Shape {
                noun: "a mapping",
                at: Some(o.at.clone()),
            }),
            other => scalar_shape(other).map_or(Ok(Ty::Any), Err),
        }
    }

    /// The element type of `t`, or an error on `e` (whose value `t` is)
    /// saying that `needs` and the schema gives something else.
    pub(super) fn list_or_report(
        &mut self,
        t: &Ty<'s>,
        e: &Expr,
        needs: impl Fn() -> String,
    ) -> Ty<'s> {
        match self.list(t) {
            Ok(item) => item,
            Err(Shape { noun, at }) => {
                let what = self.snippet(e.span);
                let label = self.shape_label(noun, at.as_ref());
                self.push(
                    e.span,
                    format!("`{what}` is {noun}, not a list"),
                    label,
                    Some(format!(
                        "{}, and the schema gives `{what}` as {noun}",
                        needs()
                    )),
                    Vec::new(),
                );
                Ty::Any
            }
        }
    }
}
