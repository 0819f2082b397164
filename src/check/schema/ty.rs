//! What a JSON Schema says about a value, as far as checking paths goes:
//! the types [`Ty`] and how a schema location becomes one ([`Types`]).
//!
//! Resolution is lazy: an object's properties and an array's items stay
//! schema locations until a rule takes that path, so a recursive schema
//! costs nothing and a large one only what the rules read. The subset
//! understood is the one the shipped schema uses: `type` (a name or a list
//! of names), `properties`, `additionalProperties`, `items`, `enum`, `const`,
//! `format: date`, local `$ref`, `allOf` (all must hold), `anyOf` and
//! `oneOf` (one of them holds), and `if`/`then`/`else` (one of the two
//! branches holds). Anything else (`not`, `patternProperties`, external
//! references) leaves the value untyped ([`Ty::Any`]), as do parts that contradict each other:
//! the checks are gradual and never report what the schema does not say.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use serde_json::{Map, Value};

/// A JSON pointer into the schema, `#/definitions/measure`, for messages.
pub(super) type Ptr = Rc<str>;

/// One place in a schema, with the schema's root its `$ref`s resolve in
/// (a rule file's report schema, or a data file's).
#[derive(Clone, Debug)]
pub(super) struct Loc<'s> {
    pub value: &'s Value,
    pub ptr: Ptr,
    pub root: &'s Value,
}

/// The type of a value, from the schema or computed by an expression.
/// `at` is the schema location a type came from; a type without one was
/// computed (a literal, `count(...)`), and the checks only report mistakes
/// that involve the schema.
#[derive(Clone, Debug)]
pub(super) enum Ty<'s> {
    /// Anything: the schema says nothing here, or nothing pilotlint reads.
    Any,
    /// One of these (two or more, none of them `Any` or a union).
    Union(Vec<Ty<'s>>),
    /// Shared: a type is cloned for every use of the name bound to it.
    Object(Rc<Obj<'s>>),
    Array(Arr<'s>),
    Str {
        /// The only values allowed (`enum`, `const`), when listed.
        values: Option<Vec<String>>,
        /// `format: date`: a day `YYYY-MM-DD`, which compares as a date.
        date: bool,
        at: Option<Ptr>,
    },
    Number {
        at: Option<Ptr>,
    },
    Bool {
        at: Option<Ptr>,
    },
    Null,
    /// A date value (a literal, or a date plus a duration).
    Date,
    Duration,
    /// No value: parts of the schema that contradict each other. It drops
    /// out of a union; alone, the checks treat it as `Any`.
    Never,
}

#[derive(Clone, Debug)]
pub(super) struct Obj<'s> {
    /// Every declared property; several locations when several parts of
    /// the schema (`allOf`, a `$ref` beside `properties`) declare it.
    pub props: BTreeMap<String, Vec<Loc<'s>>>,
    /// `additionalProperties: false`: no other field exists.
    pub closed: bool,
    /// The schemas of other fields (`additionalProperties: {...}`).
    pub extra: Vec<Loc<'s>>,
    /// `type: object` was stated; `properties` alone constrain only a
    /// value that happens to be a mapping.
    pub definite: bool,
    pub at: Ptr,
}

#[derive(Clone, Debug)]
pub(super) struct Arr<'s> {
    pub items: Items<'s>,
    /// `type: array` was stated (rather than `items` alone), or the list
    /// was computed.
    pub definite: bool,
    pub at: Option<Ptr>,
}

#[derive(Clone, Debug)]
pub(super) enum Items<'s> {
    /// Every location must hold (no location: anything).
    Schema(Vec<Loc<'s>>),
    Computed(Box<Ty<'s>>),
}

/// Nesting of `$ref`s followed at once; a reference cycle that never
/// reaches a type (`a: {$ref: b}, b: {$ref: a}`) stops here, untyped.
const MAX_REFS: usize = 32;

/// More alternatives than this are not worth tracking: the value is untyped.
const MAX_UNION: usize = 64;

/// The JSON Schema type names.
pub(super) const TYPE_NAMES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// Schema locations resolved for one rule file at most. References can
/// make a small schema describe an exponentially large tree (`a` is all of
/// `b` twice, `b` all of `c` twice, ...); past this, values are untyped
/// rather than rule loading taking hours.
const MAX_RESOLVED: usize = 200_000;

/// Turns schema locations into types, following `$ref`s within their
/// schema.
pub(super) struct Types<'s> {
    root: &'s Value,
    /// Locations resolved so far, against [`MAX_RESOLVED`].
    resolved: Cell<usize>,
    /// The type at each location already asked for (by its address in the
    /// schema): the rules ask for the same few again and again.
    memo: RefCell<HashMap<*const Value, Ty<'s>>>,
}

impl<'s> Types<'s> {
    pub fn new(root: &'s Value) -> Types<'s> {
        Types {
            root,
            resolved: Cell::new(0),
            memo: RefCell::new(HashMap::new()),
        }
    }

    /// The type of the whole document.
    pub fn document(&self) -> Ty<'s> {
        self.at(&Loc {
            value: self.root,
            ptr: "#".into(),
            root: self.root,
        })
    }

    /// The type of a document of another schema, `root`, whose places are
    /// shown as in `shown` (`pilot-areas.schema.json#/items`).
    pub fn document_of(&self, root: &'s Value, shown: &str) -> Ty<'s> {
        self.at(&Loc {
            value: root,
            ptr: format!("{shown}#").into(),
            root,
        })
    }

    /// The type of a value every one of `locs` describes.
    pub fn all(&self, locs: &[Loc<'s>]) -> Ty<'s> {
        locs.iter().fold(Ty::Any, |t, loc| meet(t, self.at(loc)))
    }

    pub fn at(&self, loc: &Loc<'s>) -> Ty<'s> {
        let key: *const Value = loc.value;
        if let Some(t) = self.memo.borrow().get(&key) {
            return t.clone();
        }
        let t = self.resolve(loc.value, &loc.ptr, loc.root, 0);
        self.memo.borrow_mut().insert(key, t.clone());
        t
    }

    /// The element type of an array type.
    pub fn items(&self, arr: &Arr<'s>) -> Ty<'s> {
        match &arr.items {
            Items::Schema(locs) => self.all(locs),
            Items::Computed(t) => (**t).clone(),
        }
    }

    fn resolve(&self, v: &'s Value, ptr: &Ptr, root: &'s Value, refs: usize) -> Ty<'s> {
        let resolved = self.resolved.get() + 1;
        self.resolved.set(resolved);
        if resolved > MAX_RESOLVED {
            return Ty::Any;
        }
        let Value::Object(m) = v else {
            // `true`, `false` (nothing is valid; no need to say more), or
            // something the validation has already refused.
            return Ty::Any;
        };
        let mut t = Ty::Any;
        if let Some(target) = m.get("$ref").and_then(Value::as_str)
            && let Some(fragment) = target.strip_prefix('#')
            && refs < MAX_REFS
            && let Some(found) = root.pointer(fragment)
        {
            let file = ptr.split_once('#').map_or("", |(file, _)| file);
            let target_ptr: Ptr = format!("{file}#{fragment}").into();
            t = meet(t, self.resolve(found, &target_ptr, root, refs + 1));
        }
        match m.get("type") {
            Some(Value::String(name)) => t = meet(t, self.base(name, m, ptr, root)),
            Some(Value::Array(names)) => {
                let alts = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|n| self.base(n, m, ptr, root))
                    .collect();
                t = meet(t, union(alts));
            }
            _ => {
                if ["properties", "additionalProperties", "required"]
                    .iter()
                    .any(|k| m.contains_key(*k))
                {
                    let mut obj = self.object(m, ptr, root);
                    obj.definite = false;
                    t = meet(t, Ty::Object(Rc::new(obj)));
                }
                if m.contains_key("items") {
                    let mut arr = self.array(m, ptr, root);
                    arr.definite = false;
                    t = meet(t, Ty::Array(arr));
                }
            }
        }
        if let Some(Value::Array(values)) = m.get("enum") {
            let alts = values.iter().map(|v| of_value(v, ptr)).collect();
            t = meet(t, union(alts));
        }
        if let Some(v) = m.get("const") {
            t = meet(t, of_value(v, ptr));
        }
        if let Some(Value::Array(parts)) = m.get("allOf") {
            for (i, part) in parts.iter().enumerate() {
                let p = child(ptr, &["allOf", &i.to_string()]);
                t = meet(t, self.resolve(part, &p, root, refs));
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = m.get(key) {
                let alts = parts
                    .iter()
                    .enumerate()
                    .map(|(i, part)| {
                        self.resolve(part, &child(ptr, &[key, &i.to_string()]), root, refs)
                    })
                    .collect();
                t = meet(t, union(alts));
            }
        }
        if m.contains_key("then") || m.contains_key("else") {
            // `if` decides which branch holds; statically, either may.
            let branch = |key: &str| match m.get(key) {
                Some(s) => self.resolve(s, &child(ptr, &[key]), root, refs),
                None => Ty::Any,
            };
            t = meet(t, union(vec![branch("then"), branch("else")]));
        }
        t
    }

    /// The type named `name` (`"string"`), with the keywords of `m` that
    /// apply to it.
    fn base(&self, name: &str, m: &'s Map<String, Value>, ptr: &Ptr, root: &'s Value) -> Ty<'s> {
        match name {
            "object" => Ty::Object(Rc::new(self.object(m, ptr, root))),
            "array" => Ty::Array(self.array(m, ptr, root)),
            "string" => Ty::Str {
                values: None,
                date: m.get("format").and_then(Value::as_str) == Some("date"),
                at: Some(ptr.clone()),
            },
            "number" | "integer" => Ty::Number {
                at: Some(ptr.clone()),
            },
            "boolean" => Ty::Bool {
                at: Some(ptr.clone()),
            },
            "null" => Ty::Null,
            _ => Ty::Any,
        }
    }

    fn object(&self, m: &'s Map<String, Value>, ptr: &Ptr, root: &'s Value) -> Obj<'s> {
        let mut props = BTreeMap::new();
        if let Some(Value::Object(ps)) = m.get("properties") {
            for (name, value) in ps {
                let loc = Loc {
                    value,
                    ptr: child(ptr, &["properties", name]),
                    root,
                };
                props.insert(name.clone(), vec![loc]);
            }
        }
        let (closed, extra) = match m.get("additionalProperties") {
            // Fields matching `patternProperties` are allowed too; which
            // names match is not worked out, so the object stays open.
            Some(Value::Bool(false)) if m.contains_key("patternProperties") => (false, Vec::new()),
            Some(Value::Bool(false)) => (true, Vec::new()),
            Some(v @ Value::Object(_)) => (
                false,
                vec![Loc {
                    value: v,
                    ptr: child(ptr, &["additionalProperties"]),
                    root,
                }],
            ),
            _ => (false, Vec::new()),
        };
        Obj {
            props,
            closed,
            extra,
            definite: true,
            at: ptr.clone(),
        }
    }

    fn array(&self, m: &'s Map<String, Value>, ptr: &Ptr, root: &'s Value) -> Arr<'s> {
        let items = match m.get("items") {
            // A list of schemas describes a tuple; its elements differ, so
            // nothing is said about "every element".
            Some(v @ (Value::Object(_) | Value::Bool(_))) => vec![Loc {
                value: v,
                ptr: child(ptr, &["items"]),
                root,
            }],
            _ => Vec::new(),
        };
        Arr {
            items: Items::Schema(items),
            definite: true,
            at: Some(ptr.clone()),
        }
    }
}

/// The type of one `enum` or `const` value.
fn of_value<'s>(v: &Value, ptr: &Ptr) -> Ty<'s> {
    let at = Some(ptr.clone());
    match v {
        Value::String(s) => Ty::Str {
            values: Some(vec![s.clone()]),
            date: false,
            at,
        },
        Value::Number(_) => Ty::Number { at },
        Value::Bool(_) => Ty::Bool { at },
        Value::Null => Ty::Null,
        Value::Array(_) | Value::Object(_) => Ty::Any,
    }
}

/// `ptr` with further reference tokens, escaped as JSON pointers escape
/// them (`~` as `~0`, `/` as `~1`).
pub(super) fn child(ptr: &Ptr, tokens: &[&str]) -> Ptr {
    let mut out = ptr.to_string();
    for t in tokens {
        out.push('/');
        out.push_str(&t.replace('~', "~0").replace('/', "~1"));
    }
    out.into()
}

/// One of `alts`.
pub(super) fn union(alts: Vec<Ty<'_>>) -> Ty<'_> {
    let mut flat = Vec::new();
    let mut never = false;
    for alt in alts {
        match alt {
            Ty::Any => return Ty::Any,
            Ty::Never => never = true,
            Ty::Union(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    match flat.len() {
        0 if never => Ty::Never,
        0 => Ty::Any,
        1 => flat.pop().unwrap_or(Ty::Any),
        n if n > MAX_UNION => Ty::Any,
        _ => Ty::Union(flat),
    }
}

/// A value both `a` and `b` describe; `Never` when they contradict each
/// other.
pub(super) fn meet<'s>(a: Ty<'s>, b: Ty<'s>) -> Ty<'s> {
    match (a, b) {
        (Ty::Never, _) | (_, Ty::Never) => Ty::Never,
        (Ty::Any, x) | (x, Ty::Any) => x,
        (Ty::Union(xs), y) => union(xs.into_iter().map(|x| meet(x, y.clone())).collect()),
        (x, Ty::Union(ys)) => union(ys.into_iter().map(|y| meet(x.clone(), y)).collect()),
        (Ty::Object(a), Ty::Object(b)) => Ty::Object(Rc::new(meet_objects(
            Rc::unwrap_or_clone(a),
            Rc::unwrap_or_clone(b),
        ))),
        (Ty::Array(mut a), Ty::Array(b)) => {
            if let (Items::Schema(x), Items::Schema(y)) = (&mut a.items, b.items) {
                x.extend(y);
            }
            a.definite |= b.definite;
            a.at = a.at.or(b.at);
            Ty::Array(a)
        }
        (
            Ty::Str {
                values: va,
                date: da,
                at: aa,
            },
            Ty::Str {
                values: vb,
                date: db,
                at: ab,
            },
        ) => {
            // The location that lists the values says most about them.
            let at = if va.is_none() && vb.is_some() {
                ab.or(aa)
            } else {
                aa.or(ab)
            };
            let values = match (va, vb) {
                (Some(a), Some(b)) => Some(a.into_iter().filter(|v| b.contains(v)).collect()),
                (a, b) => a.or(b),
            };
            if values.as_ref().is_some_and(Vec::is_empty) {
                return Ty::Never;
            }
            Ty::Str {
                values,
                date: da || db,
                at,
            }
        }
        (Ty::Number { at: a }, Ty::Number { at: b }) => Ty::Number { at: a.or(b) },
        (Ty::Bool { at: a }, Ty::Bool { at: b }) => Ty::Bool { at: a.or(b) },
        (Ty::Null, Ty::Null) => Ty::Null,
        // Object or array keywords without `type` say nothing about a value
        // of another type.
        (Ty::Object(o), x) | (x, Ty::Object(o)) if !o.definite => x,
        (Ty::Array(a), x) | (x, Ty::Array(a)) if !a.definite => x,
        _ => Ty::Never,
    }
}

/// Both objects' properties. A field one of them closes out but the other
/// declares is allowed: stricter than that would report fields an author
/// plainly meant to allow by writing them in the schema.
fn meet_objects<'s>(mut a: Obj<'s>, b: Obj<'s>) -> Obj<'s> {
    if b.closed && !a.closed {
        a.at = b.at;
    }
    for (name, locs) in b.props {
        a.props.entry(name).or_default().extend(locs);
    }
    a.closed |= b.closed;
    a.extra.extend(b.extra);
    a.definite |= b.definite;
    a
}

#[cfg(test)]
mod tests;
