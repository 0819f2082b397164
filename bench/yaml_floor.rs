//! The cost floor of the YAML layer: reads every `.yaml` file of a directory
//! on one thread and runs one of four stages over it, so the whole process
//! can be timed against `pilotlint check` and cfn-guard (bench/README.md,
//! "Where the time goes"):
//!
//! - `granit`: granit-parser's events only, comments off (scanning and
//!   parsing; no values are built): what pilotlint's loader asks of the
//!   parser for a text that does not mention `pilotlint`, and so the floor
//!   the loader is measured against on the benchmark corpus;
//! - `comments`: the same with comment events on, as the loader asks for
//!   them in a text that may hold a suppression;
//! - `saphyr`: serde-saphyr, the loader before granit-parser's events were
//!   read directly, with its options then into `IgnoredAny` (events, scalar
//!   resolution, duplicate keys, its budget; no tree, no spans);
//! - `saphyr-spans`: the same options into a tree of serde-saphyr's public
//!   `Spanned` values, a location on every value and key: what a checker
//!   built on serde-saphyr pays for a tree it can point into, the yardstick
//!   of issue 18's target (target 9 of bench/run.sh);
//! - `load`: pilotlint's loader (the tree with a span on every value and
//!   key, the comments where a suppression may be, the limits).
//!
//! `cargo run --release --example yaml-floor -- DIR granit|comments|saphyr|saphyr-spans|load`
//! prints the files, bytes, events or documents, and the time to stderr.

use std::time::Instant;

use granit_parser::{Event, Options, Parser};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::options::DuplicateKeyPolicy;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, mode] = &args[..] else {
        eprintln!("usage: yaml-floor DIR granit|comments|saphyr|saphyr-spans|load");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(&format!("cannot read `{dir}`: {e}")))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let start = Instant::now();
    let (mut bytes, mut count) = (0usize, 0usize);
    for path in &paths {
        let data = std::fs::read(path)
            .unwrap_or_else(|e| fail(&format!("cannot read `{}`: {e}", path.display())));
        bytes += data.len();
        let text = std::str::from_utf8(&data)
            .unwrap_or_else(|_| fail(&format!("`{}` is not UTF-8", path.display())));
        count += match mode.as_str() {
            "granit" => granit(text, false),
            "comments" => granit(text, true),
            "saphyr" => saphyr(text),
            "saphyr-spans" => saphyr_spans(text),
            "load" => pilotlint::report::load(text).map_or(0, |l| l.documents.len()),
            other => fail(&format!("unknown mode `{other}`")),
        };
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{mode}: {} files, {:.1} MB, {count} {}, {secs:.3} s, {:.1} MB/s",
        paths.len(),
        bytes as f64 / 1e6,
        if mode == "granit" || mode == "comments" {
            "events"
        } else {
            "documents"
        },
        bytes as f64 / 1e6 / secs
    );
}

/// The number of events granit-parser produces for `text`, with comments
/// as the loader asks for them or none.
fn granit(text: &str, comments: bool) -> usize {
    let mut options = Options::default();
    options.set_emit_comments(comments);
    options.max_buffered_comment_events = pilotlint::report::Limits::default().max_comment_run;
    let mut n = 0;
    for event in Parser::new_from_str_with_options(text, options) {
        match event {
            Ok((Event::StreamEnd, _)) => break,
            Ok(_) => n += 1,
            Err(e) => fail(&format!("not valid YAML: {e}")),
        }
    }
    n
}

/// The options pilotlint's loader gave serde-saphyr.
fn saphyr_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        budget: Some(serde_saphyr::Budget::default()),
        emit_comments: false,
    }
}

/// The number of documents serde-saphyr reads from `text` with the options
/// pilotlint's loader used, building nothing.
fn saphyr(text: &str) -> usize {
    serde_saphyr::from_multiple_with_options::<IgnoredAny>(text, saphyr_options())
        .unwrap_or_else(|e| fail(&format!("not valid YAML: {e}")))
        .len()
}

/// The number of documents serde-saphyr reads from `text` into trees with a
/// location on every value and key, with the same options.
fn saphyr_spans(text: &str) -> usize {
    let documents =
        serde_saphyr::from_multiple_with_options::<Spanned<Value>>(text, saphyr_options())
            .unwrap_or_else(|e| fail(&format!("not valid YAML: {e}")));
    // Building the trees cannot be optimised away; dropping them is timed
    // too, as `check` drops every report it loads.
    std::hint::black_box(&documents).len()
}

/// A YAML value whose every element and key keeps serde-saphyr's location:
/// the tree a checker built on serde-saphyr would read, as pilotlint's
/// `Node` is the tree its own loader builds.
#[expect(dead_code, reason = "built to be timed; nothing reads the values")]
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Value>>),
    Map(Vec<(Spanned<Value>, Spanned<Value>)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = a.next_element()? {
            items.push(v);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(kv) = a.next_entry()? {
            entries.push(kv);
        }
        Ok(Value::Map(entries))
    }
}

fn fail(message: &str) -> ! {
    eprintln!("yaml-floor: {message}");
    std::process::exit(2)
}
