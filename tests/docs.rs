//! Documentation examples are tests: every fenced block with the info
//! string `rules` in `grammar.md` (and `README.md`, when there is one) must
//! parse without errors, with every span inside its parent.

use std::path::Path;

/// The fenced `rules` blocks of a Markdown text: (line of the opening
/// fence, 1-based; the block's text).
fn rules_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        let fence = line.trim_start();
        match current.as_mut() {
            None if fence.starts_with("```") => {
                let info = fence.trim_start_matches('`').trim();
                if info.split_whitespace().next() == Some("rules") {
                    current = Some((n + 1, String::new()));
                }
            }
            None => {}
            Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a `rules` block is never closed");
    blocks
}

/// Parses every `rules` block of `file`; returns how many there were.
fn check_file(file: &str) -> Result<usize, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let markdown = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    let blocks = rules_blocks(&markdown);
    let mut failures = Vec::new();
    for (line, text) in &blocks {
        if let Err(errors) = crate::syntax::parse_and_check_spans(text) {
            let index = pilotlint::span::LineIndex::new(text);
            for e in errors {
                let lc = index.line_col(text, e.span.start);
                // The block's first line is the line after the fence.
                failures.push(format!(
                    "{file}:{}:{}: {} (in the block opened at line {line})",
                    line + lc.line,
                    lc.column,
                    e.message()
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok(blocks.len())
    } else {
        Err(failures.join("\n"))
    }
}

#[test]
fn every_rules_block_in_grammar_md_parses() {
    match check_file("grammar.md") {
        // Every production has an example, so there are many blocks.
        Ok(n) => assert!(n >= 30, "only {n} `rules` blocks in grammar.md"),
        Err(failures) => panic!("broken examples:\n{failures}"),
    }
}

#[test]
fn every_rules_block_in_readme_parses() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    if !readme.exists() {
        return;
    }
    if let Err(failures) = check_file("README.md") {
        panic!("broken examples:\n{failures}");
    }
}

#[test]
fn a_broken_block_is_reported_with_its_line() {
    let md = "text\n\n```rules\nrule A \"a\" { require x }\n```\n\n```yaml\nnot: rules\n```\n\n```rules\nrule B \"b\" {\n  requires y\n}\n```\n";
    let blocks = rules_blocks(md);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].0, 3);
    assert_eq!(blocks[1].0, 11);
    assert!(crate::syntax::parse_and_check_spans(&blocks[0].1).is_ok());
    assert!(crate::syntax::parse_and_check_spans(&blocks[1].1).is_err());
}
