//! The shipped examples and rule packs. `pilotlint check` on every file in
//! `examples/` must report exactly the findings `examples/README.md` lists
//! (written by hand from reading the files), and the packs compiled into
//! the binary must be the files in `rules/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pilotlint::builtin;

// The packs compiled into the binary: the files in rules/, named
// `builtin:NAME`.
mod packs;
// The packs on small reports: each mistake reported once, by its rule.
mod mistakes;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What `examples/README.md` expects of one example file, or of a
/// directory checked as one set of reports (a heading ending in `/`).
#[derive(Debug)]
struct Expected {
    file: String,
    /// (rule id, line), sorted.
    findings: Vec<(String, usize)>,
    /// For a directory: (rule id, line, file) from the table's third
    /// column, sorted.
    in_files: Vec<(String, usize, String)>,
}

impl Expected {
    fn is_set(&self) -> bool {
        self.file.ends_with('/')
    }
}

/// Reads the README's sections: a heading "### `FILE`", then either the
/// sentence "Expected findings: none." or a table `| rule | line | ... |`
/// (for a directory, `| rule | line | file | ... |`).
fn parse_readme(text: &str) -> Result<Vec<Expected>, String> {
    let mut out: Vec<(Expected, bool)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if let Some(head) = line.strip_prefix("### ") {
            let file = head
                .strip_prefix('`')
                .and_then(|h| h.strip_suffix('`'))
                .ok_or_else(|| {
                    format!("README line {n}: a heading must be a file name in backticks")
                })?;
            out.push((
                Expected {
                    file: file.to_string(),
                    findings: Vec::new(),
                    in_files: Vec::new(),
                },
                false,
            ));
            continue;
        }
        let Some((current, none)) = out.last_mut() else {
            continue;
        };
        if line.trim() == "Expected findings: none." {
            *none = true;
        } else if line.starts_with('|') {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            if cells[0] == "rule" || cells[0].chars().all(|c| c == '-') {
                continue;
            }
            let at: usize = cells.get(1).and_then(|c| c.parse().ok()).ok_or_else(|| {
                format!("README line {n}: the second column must be a line number")
            })?;
            current.findings.push((cells[0].to_string(), at));
            if current.is_set() {
                let file = cells
                    .get(2)
                    .map(|c| c.trim_matches('`'))
                    .ok_or_else(|| format!("README line {n}: the third column must be the file"))?;
                current
                    .in_files
                    .push((cells[0].to_string(), at, file.to_string()));
            }
        }
    }
    out.into_iter()
        .map(|(mut e, none)| match (none, e.findings.is_empty()) {
            (true, true) | (false, false) => {
                e.findings.sort();
                e.in_files.sort();
                Ok(e)
            }
            (true, false) => Err(format!("`{}`: both \"none\" and a table", e.file)),
            (false, true) => Err(format!("`{}`: neither \"none\" nor a table", e.file)),
        })
        .collect()
}

fn pilotlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pilotlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the pilotlint binary Cargo built for this test runs")
}

/// The (rule, line) of every finding in a `--format json` run, sorted. The
/// `code` is the rule id for a failed requirement; a finding about the data
/// (`incomparable`, `type-mismatch`, ...) keeps its own code, so it cannot
/// pass for an expected rule finding.
fn findings(out: &Output) -> Vec<(String, usize)> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "pilotlint failed ({:?}):\n{}\n{}",
        out.status,
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("output is not JSON ({e}):\n{stdout}"));
    let mut found: Vec<(String, usize)> = json["findings"]
        .as_array()
        .expect("`findings` is a list")
        .iter()
        .map(|f| {
            let code = f["code"].as_str().expect("`code` is a string").to_string();
            let line = f["line"]
                .as_u64()
                .expect("a finding in an example has a line");
            (code, line as usize)
        })
        .collect();
    found.sort();
    found
}

fn example_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| {
            e.expect("examples/ is readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    files.sort();
    files
}

fn readme() -> Vec<Expected> {
    let text = std::fs::read_to_string(root().join("examples/README.md"))
        .expect("examples/README.md exists");
    parse_readme(&text).unwrap_or_else(|e| panic!("examples/README.md: {e}"))
}

#[test]
fn every_example_is_listed_in_the_readme_and_every_listed_file_exists() {
    let mut listed: Vec<String> = readme()
        .into_iter()
        .filter(|e| !e.is_set())
        .map(|e| e.file)
        .collect();
    listed.sort();
    assert_eq!(listed, example_files());
}

#[test]
fn each_example_yields_exactly_the_findings_the_readme_lists() {
    let mut failures = Vec::new();
    for expected in readme().into_iter().filter(|e| !e.is_set()) {
        let path = format!("examples/{}", expected.file);
        let out = pilotlint(
            &root(),
            &["check", "--format", "json", "--rules", "rules", &path],
        );
        let found = findings(&out);
        if found != expected.findings {
            failures.push(format!(
                "{path}\n  expected {:?}\n  found    {:?}",
                expected.findings, found
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A directory of the README is one run: the rules across reports read all
/// its reports at once, and their findings may be in any of them or in the
/// registry.
#[test]
fn each_set_of_examples_yields_exactly_the_findings_the_readme_lists() {
    let sets: Vec<Expected> = readme().into_iter().filter(Expected::is_set).collect();
    assert!(!sets.is_empty(), "examples/README.md lists no set");
    for expected in sets {
        let path = format!("examples/{}", expected.file.trim_end_matches('/'));
        let out = pilotlint(
            &root(),
            &["check", "--format", "json", "--rules", "rules", &path],
        );
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the output is JSON");
        let mut found: Vec<(String, usize, String)> = json["findings"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().expect("a code").to_string(),
                    f["line"].as_u64().expect("a line") as usize,
                    f["file"].as_str().expect("a file").to_string(),
                )
            })
            .collect();
        found.sort();
        assert_eq!(found, expected.in_files, "{path}");
    }
}

#[test]
fn the_readme_parser_reads_tables_and_none_and_rejects_a_bare_heading() {
    let text = "intro\n\n### `a.yaml`\n\nExpected findings: none.\n\n### `b.yaml`\n\n\
                | rule | line | why |\n|---|---|---|\n| STP005 | 9 | late |\n| STP001 | 3 | rate |\n";
    let parsed = parse_readme(text).expect("well-formed");
    assert_eq!(parsed.len(), 2);
    assert!(parsed[0].findings.is_empty());
    assert_eq!(
        parsed[1].findings,
        [("STP001".to_string(), 3), ("STP005".to_string(), 9)]
    );
    assert!(parse_readme("### `c.yaml`\n\nsome text\n").is_err());
    assert!(parse_readme("### `d.yaml`\n| rule | line |\n| STP001 | x |\n").is_err());
}

#[test]
fn the_chinese_example_really_has_crlf_line_endings() {
    let bytes =
        std::fs::read(root().join("examples/wuhan-2022-h1-zh-crlf.yaml")).expect("the file exists");
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    assert!(lf > 1000, "a full report has over a thousand lines");
    assert_eq!(lf, crlf, "every line ends with CRLF");
}

#[test]
fn without_rules_or_a_rules_directory_the_builtin_packs_are_used() {
    // examples/ has no `rules` directory: the run falls back to the packs
    // compiled into the binary, which must find what the files find.
    let dir = root().join("examples");
    assert!(!dir.join("rules").exists());
    for expected in readme() {
        let out = pilotlint(&dir, &["check", "--format", "json", &expected.file]);
        assert_eq!(findings(&out), expected.findings, "{}", expected.file);
    }
}

#[test]
fn every_example_names_the_schema_for_the_yaml_language_server() {
    let schema_text = std::fs::read_to_string(root().join("schema/report.schema.json"))
        .expect("the schema exists");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    // The discriminator and the two shapes it selects.
    assert_eq!(
        schema["properties"]["program"]["enum"],
        serde_json::json!([
            "service-trade-pilot-2020",
            "beijing-demonstration-zone-2023"
        ])
    );
    for shape in ["progressReport", "workPlan"] {
        assert!(
            schema["definitions"][shape]["properties"].is_object(),
            "{shape}"
        );
    }
    for file in example_files() {
        let text = std::fs::read_to_string(root().join("examples").join(&file)).expect("readable");
        let first = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end_matches('\r');
        let path = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{file}: the first line names no schema: {first}"));
        assert!(
            root().join("examples").join(path).is_file(),
            "{file}: `{path}` is not a file"
        );
    }
}

#[test]
fn every_rule_of_the_packs_is_listed_in_the_rules_readme() {
    // A rule id is `rule ID "` at the start of a line; the README lists it as
    // the first cell of a table row with its severity.
    let readme =
        std::fs::read_to_string(root().join("rules/README.md")).expect("rules/README.md exists");
    let mut missing = Vec::new();
    for (name, text) in builtin::PACKS {
        let mut severity = None;
        let mut id = None;
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("rule ") {
                id = rest.split_whitespace().next().map(str::to_string);
                severity = Some("error");
            } else if let Some(s) = line.strip_prefix("severity ") {
                severity = Some(s.trim());
            } else if line == "}"
                && let (Some(rule), Some(sev)) = (id.take(), severity.take())
            {
                let row = readme
                    .lines()
                    .find(|l| l.starts_with(&format!("| {rule} |")));
                match row {
                    Some(row) if row.split('|').any(|c| c.trim() == sev) => {}
                    _ => missing.push(format!("{name}: {rule} ({sev})")),
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not listed with this severity in rules/README.md: {missing:?}"
    );
}

/// The shipped rules' own tests (`rules/*.tests.yaml`) pass, and in them
/// every shipped rule is expected to pass at least once and to fail at
/// least once: a rule whose failure is never tested could stop failing
/// unnoticed.
#[test]
fn the_shipped_rule_tests_pass_and_make_every_rule_pass_and_fail() {
    use pilotlint::report::{self, NodeKind};

    let out = pilotlint(&root(), &["test", "rules/"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let mut passes = std::collections::BTreeSet::new();
    let mut fails = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join("rules")).expect("rules/ exists") {
        let path = entry.expect("rules/ is readable").path();
        if !path.to_string_lossy().ends_with(".tests.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable test file");
        let docs = report::load(&text).expect("a valid test file").documents;
        let NodeKind::Seq(cases) = &docs[0].get("cases").expect("cases").kind else {
            panic!("{}: `cases` is a list", path.display());
        };
        for case in cases {
            let NodeKind::Map(expect) = &case.get("expect").expect("expect").kind else {
                panic!("{}: `expect` is a mapping", path.display());
            };
            for e in expect {
                let NodeKind::Str(id) = &e.key.kind else {
                    panic!("a rule id")
                };
                match &e.value.kind {
                    NodeKind::Str(s) if s == "pass" => {
                        passes.insert(id.clone());
                    }
                    NodeKind::Str(s) if s == "fail" => {
                        fails.insert(id.clone());
                    }
                    NodeKind::Map(_) => {
                        fails.insert(id.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    let rules = pilotlint::load_rules(builtin::all(true)).expect("the shipped rules load");
    for info in &rules.rules {
        assert!(
            passes.contains(info.id()),
            "no case where {} passes",
            info.id()
        );
        assert!(
            fails.contains(info.id()),
            "no case where {} fails",
            info.id()
        );
    }
}

/// The example test file in docs/rule-tests.md passes when it sits in
/// `rules/` as the text says, so the documented format cannot drift.
#[test]
fn the_rule_test_example_in_the_docs_passes() {
    let doc = std::fs::read_to_string(root().join("docs/rule-tests.md")).expect("the doc");
    let start = doc.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let len = doc[start..].find("```").expect("the block ends");
    let example = &doc[start..start + len];

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rule-test-doc-example");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).expect("temp dir");
    std::fs::create_dir_all(dir.join("examples")).expect("temp dir");
    std::fs::create_dir_all(dir.join("schema")).expect("temp dir");
    for file in [
        "rules/service-trade-pilot.rules",
        "examples/hefei-2021-h1-plan-not-approved.yaml",
        // The pack declares it.
        "schema/report.schema.json",
    ] {
        std::fs::copy(root().join(file), dir.join(file)).expect("copied");
    }
    std::fs::write(dir.join("rules/example.tests.yaml"), example).expect("written");
    let out = pilotlint(&dir, &["test", "rules/example.tests.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 cases: 2 passed, 0 failed"), "{stdout}");
}
