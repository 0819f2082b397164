//! The cost floor of the YAML layer: reads every `.yaml` file of a directory
//! on one thread and runs one of four stages over it, so the whole process
//! can be timed against `pilotlint check` and cfn-guard (bench/README.md,
//! "Where the time goes"):
//!
//! - `granit`: granit-parser's events only, comments off (scanning and
//!   parsing; no values are built);
//! - `comments`: granit-parser's events as pilotlint's loader asks for them,
//!   comments on: the floor the loader is measured against;
//! - `saphyr`: serde-saphyr, the loader before granit-parser's events were
//!   read directly, with its options then into `IgnoredAny` (events, scalar
//!   resolution, duplicate keys, its budget; no tree, no spans);
//! - `load`: pilotlint's loader (the tree with a span on every value and
//!   key, the comments, the limits).
//!
//! `cargo run --release --example yaml-floor -- DIR granit|comments|saphyr|load`
//! prints the files, bytes, events or documents, and the time to stderr.

use std::time::Instant;

use granit_parser::{Event, Options, Parser};
use serde::de::IgnoredAny;
use serde_saphyr::options::DuplicateKeyPolicy;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, mode] = &args[..] else {
        eprintln!("usage: yaml-floor DIR granit|comments|saphyr|load");
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

/// The number of documents serde-saphyr reads from `text` with the options
/// pilotlint's loader used, building nothing.
fn saphyr(text: &str) -> usize {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        budget: Some(serde_saphyr::Budget::default()),
        emit_comments: false,
    };
    serde_saphyr::from_multiple_with_options::<IgnoredAny>(text, options)
        .unwrap_or_else(|e| fail(&format!("not valid YAML: {e}")))
        .len()
}

fn fail(message: &str) -> ! {
    eprintln!("yaml-floor: {message}");
    std::process::exit(2)
}
