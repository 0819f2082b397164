//! What the server does in a rule file besides its diagnostics: format it
//! (`pilotlint fmt`), hover on a function (its row of grammar.md's table,
//! which a test keeps equal to the function table) or a keyword (its
//! production in grammar.md), complete report fields from the schema the
//! file declares and function names, and go to the `let` a name refers to.

use std::path::Path;

use lsp_types::{CompletionItem, CompletionItemKind, Position, Range};
use pilotlint::check::schema::{Step, fields_at};
use pilotlint::eval::functions::{self, FUNCTIONS};
use pilotlint::resolve::Wanted;
use pilotlint::rules::RuleSource;
use pilotlint::span::Span;
use pilotlint::syntax::ast::{self, ClauseKind, Item};

use super::super::resolve::read_named;

/// grammar.md, for the hover of a keyword: the binary carries the grammar
/// it implements.
const GRAMMAR: &str = include_str!("../../../grammar.md");

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the name that ends at byte `at` starts (`at` itself when none
/// does).
fn name_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// The name under byte `at`, and its span.
pub(super) fn word_at(text: &str, at: usize) -> Option<(&str, Span)> {
    let at = at.min(text.len());
    let start = name_start(text, at);
    let end = at
        + text[at..]
            .find(|c: char| !is_name_char(c))
            .unwrap_or(text.len() - at);
    (start < end).then(|| (&text[start..end], Span::new(start, end)))
}

/// Markdown for the function or keyword at byte `at`.
pub(super) fn hover(text: &str, at: usize) -> Option<String> {
    let (word, span) = word_at(text, at)?;
    let called = text[span.end..].trim_start().starts_with('(');
    if called && let Some(f) = functions::get(word) {
        return Some(format!("{}: {}", f.usage, f.doc));
    }
    // A keyword after a dot is a field name.
    if text[..span.start].ends_with('.') {
        return None;
    }
    production(word).map(|p| format!("```ebnf\n{p}\n```"))
}

/// The first production of grammar.md that writes `word` as a literal,
/// all its lines; the list of keywords itself does not count.
fn production(word: &str) -> Option<String> {
    let quoted = format!("\"{word}\"");
    let mut in_ebnf = false;
    let mut current: Vec<&str> = Vec::new();
    let mut found = None;
    for line in GRAMMAR.lines() {
        if line.starts_with("```") {
            in_ebnf = line == "```ebnf";
            if found.is_some() {
                break;
            }
            current.clear();
            continue;
        }
        if !in_ebnf {
            continue;
        }
        if !line.starts_with(' ') {
            if found.is_some() {
                break;
            }
            current.clear();
        }
        current.push(line);
        if found.is_none() && line.contains(&quoted) && !current[0].starts_with("keyword ") {
            found = Some(());
        }
        if found.is_some() && line.trim_end().ends_with(';') {
            break;
        }
    }
    found.map(|()| current.join("\n"))
}

/// Completions at byte `at`: after `NAME.` the fields the schema declares
/// there, otherwise the functions.
pub(super) fn completion(text: &str, at: usize, path: &Path) -> Vec<CompletionItem> {
    let at = at.min(text.len());
    let typed_start = name_start(text, at);
    if text[..typed_start].ends_with('.') {
        let Some(steps) = chain_before(text, typed_start - 1, 0) else {
            return Vec::new();
        };
        let Some(schema) = schema_of(text, path) else {
            return Vec::new();
        };
        return fields_at(&schema, &steps)
            .into_iter()
            .map(|name| CompletionItem {
                label: name,
                kind: Some(CompletionItemKind::FIELD),
                ..CompletionItem::default()
            })
            .collect();
    }
    FUNCTIONS
        .iter()
        .map(|f| CompletionItem {
            label: f.name.to_string(),
            kind: Some(CompletionItemKind::FUNCTION),
            detail: Some(format!("{}: {}", f.usage.trim_matches('`'), f.doc)),
            ..CompletionItem::default()
        })
        .collect()
}

/// The JSON Schema the rule file declares, read as `check` reads it.
fn schema_of(text: &str, path: &Path) -> Option<serde_json::Value> {
    let (file, _) = pilotlint::syntax::parse(text);
    let declared = file.items.iter().find_map(|item| match item {
        Item::Schema(s) => Some(s.path.node.clone()),
        _ => None,
    })?;
    let source = RuleSource {
        name: path.display().to_string(),
        text: String::new(),
    };
    // Relative to the rule file, as `check` reads it (no sandbox: rule
    // files and what they name are trusted).
    let resolved = read_named(None, &source, Wanted::Schema, &declared).ok()?;
    serde_json::from_str(&resolved.text).ok()
}

/// The path of the report value written just before byte `end` (a `.`):
/// `plan.approved`, `measures[status == "x"]`, or a name an `each` or a
/// `let` above binds to such a path. `None` for anything else (a call, a
/// data file), where no field is known.
fn chain_before(text: &str, end: usize, depth: usize) -> Option<Vec<Step>> {
    if depth > 8 {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = end;
    let mut steps = Vec::new();
    loop {
        if i > 0 && bytes[i - 1] == b']' {
            let mut level = 0usize;
            let mut j = i;
            loop {
                j = j.checked_sub(1)?;
                match bytes[j] {
                    b']' => level += 1,
                    b'[' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    b'\n' => return None,
                    _ => {}
                }
            }
            steps.push(Step::Items);
            i = j;
            continue;
        }
        let start = Some(name_start(text, i)).filter(|&k| k < i)?;
        steps.push(Step::Field(text[start..i].to_string()));
        i = start;
        if i > 0 && bytes[i - 1] == b'.' {
            i -= 1;
            continue;
        }
        break;
    }
    steps.reverse();
    let Some(Step::Field(first)) = steps.first() else {
        return None;
    };
    // A name bound above: `each m in PATH {` or `let m = PATH`.
    let before = &text[..i];
    let each = format!("each {first} in ");
    let bound = before.rfind(&each).map(|k| (k + each.len(), true));
    let let_ = format!("let {first} = ");
    let bound = match (bound, before.rfind(&let_)) {
        (Some((e, _)), Some(l)) if l + let_.len() > e => Some((l + let_.len(), false)),
        (None, Some(l)) => Some((l + let_.len(), false)),
        (b, _) => b,
    };
    let Some((from, element)) = bound else {
        return Some(steps);
    };
    let line_end = before[from..]
        .find(['\n', '{'])
        .map_or(before.len(), |k| from + k);
    let value_end = from + before[from..line_end].trim_end().len();
    let mut base = chain_before(text, value_end, depth + 1)?;
    if element {
        base.push(Step::Items);
    }
    base.extend(steps.into_iter().skip(1));
    Some(base)
}

/// Where the `let` that the name at byte `at` refers to is defined: the
/// nearest enclosing block's definition before it, else the file's.
pub(super) fn let_definition(text: &str, at: usize) -> Option<Span> {
    let (word, _) = word_at(text, at)?;
    let (file, _) = pilotlint::syntax::parse(text);
    let mut best: Option<(usize, Span)> = None; // (scope length, name span)
    let mut consider = |l: &ast::Let, scope: Span| {
        if l.name.node == word && scope.start <= at && at <= scope.end {
            let len = scope.end - scope.start;
            if best.is_none_or(|(b, _)| len <= b) {
                best = Some((len, l.name.span));
            }
        }
    };
    fn clauses(list: &[ast::Clause], scope: Span, consider: &mut dyn FnMut(&ast::Let, Span)) {
        for c in list {
            match &c.node {
                ClauseKind::Let(l) => consider(l, scope),
                ClauseKind::Each(e) => clauses(&e.body, c.span, consider),
                _ => {}
            }
        }
    }
    let whole = Span::new(0, text.len());
    for item in &file.items {
        match item {
            Item::Let(l) => consider(l, whole),
            Item::Rule(r) => clauses(&r.clauses, r.span, &mut consider),
            _ => {}
        }
    }
    best.map(|(_, span)| span)
}

/// The range of `span` in `text`, for a caller that has no line index.
pub(super) fn whole_range(text: &str) -> Range {
    let lines = pilotlint::span::LineIndex::new(text);
    let at = super::position::Positions::new(text, &lines);
    Range::new(Position::new(0, 0), at.end())
}
