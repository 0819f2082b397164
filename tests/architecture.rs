//! The boundary between the library and the front end, and the shape of
//! the source it promises: the library declares no front-end module and
//! its modules import each other without cycles; the front end's files stay
//! short; each built-in function is named in one place; the stderr sink
//! and the exit statuses are defined once. (What the library may not
//! touch, the file system, processes, threads, the environment, clap, is
//! `security.rs`'s.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(path relative to src/, text)` of every source file, sorted.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable source");
            // A test module in a file of its own is test code, like the
            // test module at the end of a file (`without_tests`).
            let text = if is_test_module(&p) {
                String::new()
            } else {
                text
            };
            (
                p.strip_prefix(src()).expect("under src").to_path_buf(),
                text,
            )
        })
        .collect()
}

/// Whether `path` is a `tests.rs` that its parent module declares with
/// `#[cfg(test)] mod tests;`.
fn is_test_module(path: &Path) -> bool {
    if path.file_name().is_none_or(|n| n != "tests.rs") {
        return false;
    }
    let Some(dir) = path.parent() else {
        return false;
    };
    [dir.with_extension("rs"), dir.join("mod.rs")]
        .iter()
        .filter_map(|parent| std::fs::read_to_string(parent).ok())
        .any(|text| text.contains("#[cfg(test)]\nmod tests;"))
}

fn is_front_end(rel: &Path) -> bool {
    rel == Path::new("main.rs") || rel.starts_with("cli")
}

/// The text before the file's test module: what the program is made of.
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// `text` without comment lines (doc links are no imports).
fn code_only(text: &str) -> String {
    without_tests(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module a library file is: `eval/functions.rs` is `eval::functions`,
/// `check.rs` and `check/mod.rs` are `check`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

#[test]
fn lib_rs_declares_no_front_end_module() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';'))
        .collect();
    assert!(modules.contains(&"pipeline"), "{modules:?}");
    for front in ["cli", "commands", "config", "run", "main"] {
        assert!(!modules.contains(&front), "lib.rs declares `{front}`");
    }
    // And the binary's modules are its own: main.rs declares cli.
    let main = std::fs::read_to_string(src().join("main.rs")).expect("main.rs");
    assert!(main.contains("mod cli;"), "{main}");
}

/// Library modules import each other without cycles, counting a module's
/// submodules as the module (`check::schema` is part of `check`) and also
/// at the next level down (`syntax::lex` and `syntax::error` are apart).
#[test]
fn library_modules_import_each_other_without_cycles() {
    for depth in [1, 2] {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (rel, text) in sources() {
            if is_front_end(&rel) {
                continue;
            }
            let module = module_of(&rel);
            if module.is_empty() {
                continue; // lib.rs re-exports, it is no stage
            }
            let me = module[..module.len().min(depth)].join("::");
            let code = code_only(&text);
            let code = code.as_str();
            let mut targets = BTreeSet::new();
            for (i, _) in code.match_indices("crate::") {
                let path: String = code[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
                if parts
                    .first()
                    .is_some_and(|p| p.starts_with(char::is_lowercase))
                {
                    let modules: Vec<&str> = parts
                        .iter()
                        .copied()
                        .take_while(|p| p.starts_with(char::is_lowercase))
                        .collect();
                    targets.insert(modules[..modules.len().min(depth)].join("::"));
                }
            }
            // `use crate::{a, b::c}` lists.
            for (i, _) in code.match_indices("use crate::{") {
                let list = &code[i + "use crate::{".len()..];
                let list = &list[..list.find("};").unwrap_or(0)];
                for item in list.split(',') {
                    let item = item.trim();
                    let first: String = item
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if first.starts_with(char::is_lowercase) {
                        targets.insert(first);
                    }
                }
            }
            targets.remove(&me);
            targets.retain(|t| !t.is_empty() && !me.starts_with(&format!("{t}::")));
            edges.entry(me).or_default().extend(targets);
        }
        let cycle = find_cycle(&edges);
        assert!(cycle.is_none(), "at depth {depth}: {cycle:?}");
    }
}

/// A cycle in `edges`, as the modules along it.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

/// The cycle finder finds cycles (a test that cannot fail is none).
#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&edges), None);
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

/// No front-end file needs a table of contents of its own.
#[test]
fn front_end_files_stay_short() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, _)| is_front_end(rel))
        .filter(|(_, text)| text.lines().count() > 420)
        .map(|(rel, text)| format!("{}: {} lines", rel.display(), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

/// A built-in function is one row of `eval/functions.rs`: its name is a
/// string literal there and nowhere else in the program.
#[test]
fn each_function_name_is_written_once() {
    let sources = sources();
    for f in pilotlint::eval::functions::FUNCTIONS {
        let literal = format!("\"{}\"", f.name);
        let places: Vec<String> = sources
            .iter()
            .flat_map(|(rel, text)| {
                without_tests(text)
                    .lines()
                    .enumerate()
                    .filter(|(_, line)| !line.trim_start().starts_with("//"))
                    .filter(|(_, line)| line.contains(&literal))
                    .map(move |(i, _)| format!("{}:{}", rel.display(), i + 1))
            })
            .collect();
        assert_eq!(places.len(), 1, "{}: {places:?}", f.name);
        assert!(places[0].starts_with("eval/functions.rs:"), "{places:?}");
    }
}

/// The stderr sink is built by its constructor only, and the exit statuses
/// are numbers in one place.
#[test]
fn the_sink_and_the_exit_statuses_are_defined_once() {
    for (rel, text) in sources() {
        let code = without_tests(&text);
        let rel_s = rel.display().to_string();
        let builds_errors = code.match_indices("Errors {").any(|(i, _)| {
            !code[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        });
        if rel_s != "cli/sink.rs" && !rel_s.starts_with("cli/") {
            continue;
        }
        if rel_s != "cli/sink.rs" {
            assert!(!builds_errors, "{rel_s} builds an Errors");
        }
        if rel_s != "cli/exit.rs" {
            for pattern in ["ExitCode::from(2", "ExitCode::from(1", "process::exit(130"] {
                assert!(!code.contains(pattern), "{rel_s}: {pattern}");
            }
            if is_front_end(&rel) {
                assert!(!code.contains("-> u8"), "{rel_s} returns a bare status");
            }
        }
    }
}
