//! Loading: text in, [`Loaded`] documents and comments out, or one
//! [`LoadError`] with the byte position the parser gives.
//!
//! granit-parser turns the text into events; this file runs it with the
//! options the limits need and the specification's indentation, converts
//! its positions to byte spans, collects the comments it reports, and hands
//! the node events to the builder (`build.rs`). One pass, on the caller's
//! thread, with no copy of the text; a text the parser refuses is parsed
//! once more, leniently, only to word the error.
//!
//! Comment events are asked for only in a text that mentions `pilotlint`
//! (in any ASCII case, [`may_suppress`]): the only comments anything reads
//! are suppressions, which start with that word, and with comment events on
//! the parser takes about 12% longer on a report that has none (2.22 s
//! against 1.98 s for the large benchmark corpus, whose reports have two
//! comments each). A text that can hold a suppression gets its comments
//! from the parser's events as before, so suppressions and values still
//! agree by construction.

use std::sync::LazyLock;

use granit_parser::{ErrorKind, Event, Marker, Parser, ScanError, StructureStyle};
use regex::bytes::Regex;

use super::Loaded;
use super::build::Builder;
use super::limits::{Breach, Limits, NESTING_HELP};
use crate::span::Span;

/// Why a report could not be loaded: not UTF-8, not valid YAML, or over one
/// of the loader's limits.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// Lowercase, without position (the span carries it).
    pub message: String,
    /// Where the problem is: the offending value or key when the loader
    /// knows it, else a point (start == end) where the parser stopped.
    pub span: Option<Span>,
    /// What kind of problem it is (a finding's code).
    pub kind: LoadKind,
    /// What the author can do about it, for limits.
    pub help: Option<String>,
}

/// What kind of problem stopped a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadKind {
    /// Not UTF-8, or not valid YAML (`yaml-syntax`).
    Syntax,
    /// The text may be valid YAML, but loading it would take more than the
    /// [`Limits`] allow (nesting, aliases, documents, values): a report
    /// written to exhaust a CI gate rather than a typo (`yaml-limit`).
    Limit,
    /// Valid YAML 1.2 that a YAML 1.1 reader reads otherwise
    /// (`yaml-ambiguous`; see `ambiguous.rs`).
    Ambiguous,
    /// A key or value that holds a character a reader cannot see
    /// (`invisible-character`; see `ambiguous.rs`).
    Invisible,
}

/// Loads every YAML document in `bytes`. Bytes that are not UTF-8 are an
/// error at the first invalid byte.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load(text),
        Err(e) => {
            let at = e.valid_up_to();
            Err(LoadError {
                message: format!(
                    "the file is not valid UTF-8 (byte 0x{:02x})",
                    bytes.get(at).copied().unwrap_or(0)
                ),
                span: Some(Span::new(at, at + e.error_len().unwrap_or(1))),
                kind: LoadKind::Syntax,
                help: Some("save the report as UTF-8".into()),
            })
        }
    }
}

/// Loads every YAML document in `text` under [`Limits::default`].
pub fn load(text: &str) -> Result<Loaded, LoadError> {
    load_with(text, &Limits::default())
}

/// Loads every YAML document in `text` under `limits`.
pub fn load_with(text: &str, limits: &Limits) -> Result<Loaded, LoadError> {
    super::ambiguous::characters(text)?;
    let comments_wanted = may_suppress(text);
    let options = parser_options(limits, true, comments_wanted);
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder::new(text, limits);
    let mut comments = Vec::new();
    let mut events = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| syntax_error(text, limits, comments_wanted, &e))?;
        let start = offset(text, &span.start);
        events += 1;
        if events > limits.max_events {
            return Err(Breach::Events.error(limits, start));
        }
        let end = offset(text, &span.end).max(start);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                builder.scalar(value, style, anchor, tag.as_deref(), Span::new(start, end))?;
            }
            Event::SequenceStart(style, anchor, tag) => {
                let flow = matches!(style, StructureStyle::Flow);
                builder.start(false, flow, anchor, tag.as_deref(), start)?;
            }
            Event::MappingStart(style, anchor, tag) => {
                let flow = matches!(style, StructureStyle::Flow);
                builder.start(true, flow, anchor, tag.as_deref(), start)?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.end(end)?,
            Event::Alias(id) => builder.alias(id, Span::new(start, end))?,
            Event::Comment(..) => comments.push(Span::new(start, end)),
            Event::DocumentStart(..) => builder.document_start(start)?,
            Event::DocumentEnd => builder.document_end(),
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(Loaded {
        documents: builder.into_documents(),
        comments,
    })
}

/// Whether `text` mentions `pilotlint` in any ASCII case, as every
/// suppression comment does (`# pilotlint: ignore[...]`, or a malformed one
/// the suppressions report): where it does not, no comment can matter.
pub fn may_suppress(text: &str) -> bool {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("(?i-u)pilotlint").expect("a literal pattern"));
    WORD.is_match(text.as_bytes())
}

/// granit-parser's options for `limits`. `strict` is the YAML
/// specification's indentation for flow collections, quoted text and
/// properties, which the parser's default (PyYAML's) leaves unchecked.
fn parser_options(limits: &Limits, strict: bool, comments: bool) -> granit_parser::Options {
    let mut options = granit_parser::Options::default();
    options.strict_indentation = strict;
    options.emit_comments = comments;
    options.max_buffered_comment_events = limits.max_comment_run;
    // Our depth limit comes first; the parser's own stays as a backstop
    // and is never lower than its default.
    options.block_nesting_limit = options.block_nesting_limit.max(limits.max_depth + 1);
    options.flow_nesting_limit = options.flow_nesting_limit.max(limits.max_depth + 1);
    options
}

/// The error for a text the strict parse refused. Strict mode words the
/// commonest mistakes worse (an unclosed `{` or `"` becomes "invalid
/// indentation" on the next line), so when the lenient parse fails too its
/// error is the one reported; only a text that only the specification
/// refuses gets the strict error, with help saying why. This costs a second
/// parse, bounded like the first, of invalid files only; `comments` is
/// whether the first asked for comment events, so both read the same stream.
fn syntax_error(text: &str, limits: &Limits, comments: bool, strict: &ScanError) -> LoadError {
    if is_limit(strict.kind()) {
        return scan_error(text, limits, strict);
    }
    let options = parser_options(limits, false, comments);
    let lenient = Parser::new_from_str_with_options(text, options)
        .take(limits.max_events.saturating_add(1))
        .find_map(Result::err)
        .filter(|e| !is_limit(e.kind()));
    match lenient {
        Some(e) => scan_error(text, limits, &e),
        None => LoadError {
            help: Some(STRICT_HELP.to_string()),
            ..scan_error(text, limits, strict)
        },
    }
}

/// The parser's errors that are our limits, not mistakes in the text.
fn is_limit(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::RecursionLimitExceeded | ErrorKind::TooManyComments
    )
}

const STRICT_HELP: &str = "YAML requires a flow collection (`[...]`, `{...}`) or quoted text \
     continued on another line to be indented more than the key or `-` it belongs to, and with \
     spaces, not tabs; PyYAML accepts this, YAML 1.2 does not";

/// The byte offset of `marker` in `text`. The parser gives byte offsets for
/// a `&str`; the character index is converted only if it ever does not.
fn offset(text: &str, marker: &Marker) -> usize {
    match marker.byte_offset() {
        Some(b) => b.min(text.len()),
        None => text
            .char_indices()
            .nth(marker.index())
            .map_or(text.len(), |(i, _)| i),
    }
}

/// The parser's error as the author reads it.
fn scan_error(text: &str, limits: &Limits, e: &ScanError) -> LoadError {
    let at = offset(text, e.marker());
    let syntax = |message: String| LoadError {
        message,
        span: Some(Span::new(at, at)),
        kind: LoadKind::Syntax,
        help: None,
    };
    match e.kind() {
        // The parser's own nesting limit, which it reports as a plain error.
        ErrorKind::RecursionLimitExceeded => LoadError {
            message: format!(
                "the report nests more than {} levels deep",
                limits.max_depth
            ),
            span: Some(Span::new(at, at)),
            kind: LoadKind::Limit,
            help: Some(NESTING_HELP.to_string()),
        },
        ErrorKind::TooManyComments => Breach::CommentRun.error(limits, at),
        ErrorKind::UnknownAnchor => {
            let name: String = text
                .get(at..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                .collect();
            syntax(format!(
                "the alias `{name}` names no anchor before it in this document"
            ))
        }
        ErrorKind::UndeclaredTagHandle => {
            syntax("the tag's handle (`!name!`) is not declared by a `%TAG` directive".to_string())
        }
        kind => syntax(clean_message(&kind.to_string())),
    }
}

/// The parser's message in our style: lowercase start, no final period,
/// "end of file" for EOF.
fn clean_message(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let message = message
        .replace("unexpected EOF", "unexpected end of file")
        .replace("unexpected eof", "unexpected end of file");
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        // Keep an acronym (`YAML directives ...`).
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(message.chars().skip(1))
            .collect(),
        _ => message,
    }
}
