//! Docs that stay true (issue 15): every sample of a command's output in
//! README.md, grammar.md and docs/*.md (a ```text block) is what pilotlint
//! prints, so no sample can drift from the program again (README showed
//! `service-trade-pilot.rules:78:5` where pilotlint said `:82:5`). And
//! README's option table lists every flag `check --help` shows.
//!
//! How a block says what it is a sample of:
//! - its first line is `$ pilotlint ARGS`: run in the repository's root;
//! - the line before the fence is `<!-- sample: [cd DIR && ]pilotlint
//!   ARGS -->`: run in DIR (else the root), the block being all output;
//! - `<!-- sample checked by tests/docs.rs NAME -->`: a test of that name
//!   builds the sample's input and compares;
//! - `<!-- not output: WHY -->`: text that is no output (a rule file that
//!   does not load, shown beside its error).
//!
//! Any other ```text block fails this test. In a sample, a line `...`
//! stands for any number of lines, so a sample may show part of an output;
//! trailing spaces are not compared. The output compared is standard
//! output followed by standard error, with colour off (NO_COLOR).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One ```text block: where it is, the marker before it, its lines.
struct Block {
    place: String,
    marker: Option<String>,
    lines: Vec<String>,
}

fn text_blocks(file: &Path) -> Vec<Block> {
    let markdown = std::fs::read_to_string(file).expect("a readable Markdown file");
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```text" {
            i += 1;
            continue;
        }
        let marker = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| l.trim().strip_prefix("<!--")?.strip_suffix("-->"))
            .map(|m| m.trim().to_string());
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].trim() == "```")
            .unwrap_or_else(|| panic!("{}:{}: a block is never closed", file.display(), i + 1));
        blocks.push(Block {
            place: format!(
                "{}:{}",
                file.strip_prefix(root()).unwrap_or(file).display(),
                i + 1
            ),
            marker,
            lines: lines[i + 1..end].iter().map(|l| l.to_string()).collect(),
        });
        i = end + 1;
    }
    blocks
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("grammar.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// `pilotlint ARGS` in `dir`: standard output then standard error.
fn output(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("RAYON_NUM_THREADS")
        .args(args)
        .output()
        .expect("pilotlint runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Whether `actual` is `sample`, where a sample line `...` stands for any
/// number of lines; trailing spaces are not compared.
fn matches(sample: &[&str], actual: &[&str]) -> bool {
    match sample.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == first.trim_end() && matches(rest, more)),
    }
}

/// A sample to run: the directory, the arguments after `pilotlint`, and
/// the sample's lines.
type Run = (PathBuf, Vec<String>, Vec<String>);

/// The run of a block; `None` for a block checked elsewhere or not output.
fn command(block: &Block) -> Result<Option<Run>, String> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    match block.marker.as_deref() {
        Some(m) if m.starts_with("not output:") => Ok(None),
        Some(m) if m.starts_with("sample checked by tests/docs.rs ") => {
            let name = m
                .trim_start_matches("sample checked by tests/docs.rs ")
                .trim();
            let docs =
                std::fs::read_to_string(root().join("tests/docs.rs")).expect("tests/docs.rs");
            if docs.contains(&format!("fn {name}()")) {
                Ok(None)
            } else {
                Err(format!(
                    "{}: tests/docs.rs has no test `{name}`",
                    block.place
                ))
            }
        }
        Some(m) if m.starts_with("sample:") => {
            let run = m.trim_start_matches("sample:").trim();
            let (dir, run) = match run.strip_prefix("cd ").and_then(|r| r.split_once(" && ")) {
                Some((dir, run)) => (root().join(dir.trim()), run),
                None => (root().to_path_buf(), run),
            };
            let args = run
                .strip_prefix("pilotlint ")
                .ok_or_else(|| format!("{}: a sample runs `pilotlint ...`", block.place))?;
            Ok(Some((dir, words(args), block.lines.clone())))
        }
        _ => match block
            .lines
            .first()
            .and_then(|l| l.strip_prefix("$ pilotlint "))
        {
            Some(args) => Ok(Some((
                root().to_path_buf(),
                words(args),
                block.lines[1..].to_vec(),
            ))),
            None => Err(format!(
                "{}: a ```text block that is not checked: start it with `$ pilotlint ARGS`, \
                 or put `<!-- sample: pilotlint ARGS -->` (or `<!-- not output: WHY -->`) \
                 before it",
                block.place
            )),
        },
    }
}

#[test]
fn every_sample_output_in_the_docs_is_what_pilotlint_prints() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for file in documents() {
        for block in text_blocks(&file) {
            let (dir, args, sample) = match command(&block) {
                Ok(Some(run)) => run,
                Ok(None) => continue,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let actual = output(&dir, &args);
            let actual: Vec<&str> = actual.lines().collect();
            // A blank line that ends the output is not shown in a block.
            let actual = match actual.last() {
                Some(l) if l.trim().is_empty() => &actual[..actual.len() - 1],
                _ => &actual[..],
            };
            let sample: Vec<&str> = sample.iter().map(String::as_str).collect();
            compared += 1;
            if !matches(&sample, actual) {
                failures.push(format!(
                    "{}: the sample is not what `pilotlint {}` prints; it prints:\n{}",
                    block.place,
                    args.join(" "),
                    actual.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(compared >= 3, "only {compared} samples were run");
}

#[test]
fn an_ellipsis_stands_for_any_lines_and_nothing_else_is_loose() {
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(matches(&["a  "], &["a"]));
    assert!(!matches(&["a", "d"], &["a", "b", "d"]));
    assert!(!matches(&["a"], &["a", "b"]));
    assert!(!matches(&["...", "x"], &["a", "b"]));
}

/// The flags a help text lists: lines that start (after the indentation)
/// with `--flag` or `-x, --flag`; examples further in are not flags.
fn help_flags(help: &str) -> Vec<String> {
    help.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("       "))
        .map(str::trim_start)
        .map(|l| {
            l.split_once(", ")
                .map_or(l, |(short, long)| if short.len() == 2 { long } else { l })
        })
        .filter_map(|l| l.strip_prefix("--"))
        .map(|l| format!("--{}", l.split([' ', '=']).next().unwrap_or_default()))
        .collect()
}

/// README's option table lists every flag `check --help` shows, and no
/// flag `check` does not take: a flag added to `check` must get a row.
#[test]
fn readme_lists_every_flag_check_help_shows() {
    let help = output(root(), &["check", "--help"]);
    let mut flags = help_flags(&help);
    flags.retain(|f| f != "--help");
    assert!(flags.len() >= 15, "{flags:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("| option | meaning |")
        .expect("the option table");
    let listed: Vec<String> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|row| row.split('|').nth(1))
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .filter_map(|code| code.split_whitespace().next())
                .filter(|w| w.starts_with("--"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let missing: Vec<&String> = flags.iter().filter(|f| !listed.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "README's option table lacks {missing:?}"
    );
    let unknown: Vec<&String> = listed.iter().filter(|f| !flags.contains(f)).collect();
    assert!(
        unknown.is_empty(),
        "README's option table lists {unknown:?}, which check does not take"
    );
}

#[test]
fn help_flags_are_read_from_the_options_not_the_examples() {
    let help = "Options:\n      --rules <PATH>\n          text --not-a-flag\n  -h, --help\n\
                Examples:\n    pilotlint check --fail-on warning\n";
    assert_eq!(help_flags(help), ["--rules", "--help"]);
}
