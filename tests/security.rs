//! Rules cannot read files, run commands or reach the network: the rule
//! language has no construct that names anything outside the report, and
//! the code that parses, checks and evaluates rules and loads reports has no
//! access to the file system, processes, the network or the environment.
//! These tests keep both true (SECURITY.md explains the threat model).

use std::path::{Path, PathBuf};

use pilotlint::rules::RuleSource;

/// The built-in functions are exactly these pure ones; a new function is a
/// visible change to this list and to SECURITY.md.
#[test]
fn the_functions_are_the_pure_ones_listed() {
    let names: Vec<&str> = pilotlint::eval::functions::FUNCTIONS
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(
        names,
        [
            "count", "sum", "avg", "min", "max", "len", "exists", "unique", "distinct", "lower",
            "upper"
        ]
    );
}

/// What a rule author might reach for to escape the report is an unknown
/// function, so the rule set does not load at all.
#[test]
fn functions_that_would_reach_outside_are_unknown() {
    for name in [
        "read", "open", "file", "include", "import", "load", "exec", "system", "run", "env",
        "getenv", "http", "fetch", "get",
    ] {
        let text = format!("rule X \"x\" {{\n    require {name}(\"/etc/passwd\") == 1\n}}\n");
        let err = pilotlint::load_rules(vec![RuleSource {
            name: "x.rules".into(),
            text,
        }])
        .expect_err(name);
        let messages: Vec<String> = err
            .errors
            .iter()
            .map(|e| match e {
                pilotlint::RuleError::Check(c) => c.message.clone(),
                pilotlint::RuleError::Syntax { error, .. } => format!("{error:?}"),
            })
            .collect();
        assert!(
            messages.contains(&format!("unknown function `{name}`")),
            "{name}: {messages:?}"
        );
    }
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

/// Only the front end touches the outside world: the binary (`main.rs` and
/// `cli/`), which reads the files a user names and the configuration,
/// writes `--output` and the temporary file a format's body waits in, and
/// owns threads and signals. The library, which parses rules, loads
/// reports, evaluates and formats, does not name the file system,
/// processes, threads, the network or the environment. `builtin.rs`
/// embeds the shipped packs at compile time (`include_str!`), which is not
/// access at run time.
#[test]
fn only_the_command_line_touches_files_processes_network_or_environment() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "{files:?}");
    let allowed = |file: &Path| {
        let rel = file.strip_prefix(&src).unwrap_or(file);
        rel == Path::new("main.rs") || rel.starts_with("cli")
    };
    let forbidden = [
        "std::fs",
        "fs::",
        "std::process",
        "process::",
        "std::net",
        "TcpStream",
        "UdpSocket",
        "std::env",
        "env::var",
        "std::thread",
        "thread::spawn",
        "clap",
        "ctrlc",
        "crate::cli",
        "crate::commands",
        "Command::new",
        "stdin()",
        "include_bytes!",
        "libc::",
        "unsafe ",
    ];
    let mut hits = Vec::new();
    for file in &files {
        // Test modules (a `tests.rs`, or what follows `#[cfg(test)]`) may
        // use threads and files to test the library; they are not in it.
        if allowed(file) || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable source");
        let program = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for (i, line) in program.lines().enumerate() {
            for word in forbidden {
                if line.contains(word) {
                    hits.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(hits.is_empty(), "{}", hits.join("\n"));
}
