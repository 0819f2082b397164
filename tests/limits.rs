//! Hostile and broken reports through the real binary: each limit gives a
//! clear finding for the bad file, and a good file named after it in the
//! same run is still checked (its finding is in the output), so one bad
//! file never hides another. The files are written at run time under
//! `CARGO_TARGET_TMPDIR`: some are megabytes, none belongs in the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;
use serde_json::Value;

/// A rule every good report below breaks once, so its finding proves the
/// file was checked.
const RULES: &str = "rule R1 \"the area is named\" {\n    require area == \"xian\"\n}\n";
const GOOD: &str = "area: beijing\n";

/// A fresh folder holding `rules.rules`, `good.yaml` and `files`.
fn case(name: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("limits")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    std::fs::write(dir.join("rules.rules"), RULES).expect("writable");
    std::fs::write(dir.join("good.yaml"), GOOD).expect("writable");
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).expect("writable");
    }
    dir
}

/// Runs `pilotlint check ARGS good.yaml --format json` in `dir`; the exit
/// status, the findings and stderr.
fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Value>, String) {
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .args(["check", "--rules", "rules.rules", "--format", "json"])
        .args(args)
        .arg("good.yaml")
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}); stderr: {stderr}"));
    let findings = json["findings"].as_array().expect("findings").clone();
    (out.status.code(), findings, stderr)
}

/// The one finding of `file`, and that good.yaml's finding is there too.
fn only_finding<'a>(findings: &'a [Value], file: &str) -> &'a Value {
    let good: Vec<&Value> = findings
        .iter()
        .filter(|f| f["file"] == "good.yaml")
        .collect();
    assert!(
        matches!(&good[..], [f] if f["rule"] == "R1"),
        "good.yaml was not checked: {findings:?}"
    );
    let of: Vec<&Value> = findings.iter().filter(|f| f["file"] == file).collect();
    match &of[..] {
        [f] => f,
        _ => panic!("{file}: {of:?}"),
    }
}

fn nested_flow(depth: usize) -> Vec<u8> {
    format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth)).into_bytes()
}

#[test]
fn twenty_thousand_levels_of_block_nesting_is_a_limit_finding_not_a_stack_overflow() {
    let dir = case(
        "depth-block",
        &[(
            "deep.yaml",
            format!("{}x\n", "- ".repeat(20_000)).into_bytes(),
        )],
    );
    let (code, findings, stderr) = check(&dir, &["deep.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "deep.yaml");
    assert_eq!(f["code"], "yaml-limit");
    assert_eq!(f["message"], "the report nests more than 64 levels deep");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(129))
    );
}

#[test]
fn twenty_thousand_levels_of_flow_nesting_is_a_limit_finding() {
    let dir = case("depth-flow", &[("deep.yaml", nested_flow(20_000))]);
    let (code, findings, stderr) = check(&dir, &["deep.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "deep.yaml");
    assert_eq!(f["code"], "yaml-limit");
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("nests")),
        "{f}"
    );
}

#[test]
fn a_billion_laughs_is_a_limit_finding() {
    let mut yaml = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let dir = case("laughs", &[("laughs.yaml", yaml.into_bytes())]);
    let (code, findings, stderr) = check(&dir, &["laughs.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "laughs.yaml");
    assert_eq!(f["code"], "yaml-limit");
    assert_eq!(
        f["message"],
        "the report has more than 250000 values once its aliases are expanded"
    );
    assert!(
        f["help"].as_str().is_some_and(|h| h.contains("alias")),
        "{f}"
    );
}

#[test]
fn too_many_documents_is_a_limit_finding() {
    let dir = case(
        "documents",
        &[("docs.yaml", "area: xian\n---\n".repeat(2_000).into_bytes())],
    );
    let (code, findings, stderr) = check(&dir, &["docs.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "docs.yaml");
    assert_eq!(f["code"], "yaml-limit");
    assert_eq!(f["message"], "the report has more than 1024 documents");
}

/// The one `yaml-limit` finding of `file` (written from `bytes`), checked
/// in one run with good.yaml, whose own finding shows it was still checked.
fn limit_finding(name: &str, bytes: Vec<u8>) -> Value {
    let dir = case(name, &[("bad.yaml", bytes)]);
    let (code, findings, stderr) = check(&dir, &["bad.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "bad.yaml").clone();
    assert_eq!(f["code"], "yaml-limit", "{f}");
    assert!(f["help"].as_str().is_some_and(|h| !h.is_empty()), "{f}");
    f
}

#[test]
fn more_than_250000_values_is_a_limit_finding() {
    let yaml = format!("a: [{}]\n", vec!["0"; 250_001].join(","));
    let f = limit_finding("values", yaml.into_bytes());
    assert_eq!(f["message"], "the report has more than 250000 values");
}

#[test]
fn more_than_50000_aliases_is_a_limit_finding() {
    let yaml = format!("a: &a x\nb: [{}]\n", vec!["*a"; 50_001].join(","));
    let f = limit_finding("aliases", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report uses aliases (`*name`) more than 50000 times"
    );
}

#[test]
fn more_than_50000_anchors_is_a_limit_finding() {
    let anchors: Vec<String> = (0..50_001).map(|i| format!("&a{i} 1")).collect();
    let yaml = format!("a: [{}]\n", anchors.join(","));
    let f = limit_finding("anchors", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report defines more than 50000 anchors (`&name`)"
    );
}

#[test]
fn nested_anchors_holding_more_than_a_million_values_is_a_limit_finding() {
    // 60 anchored lists, one inside the other, around 20,000 values: each
    // anchor keeps a copy of all of them, 1.2 million in all, though the
    // tree itself has 20,060.
    let inner = vec!["0"; 20_000].join(",");
    let mut yaml = String::from("a: ");
    for i in 0..60 {
        yaml.push_str(&format!("&a{i} ["));
    }
    yaml.push_str(&inner);
    yaml.push_str(&"]".repeat(60));
    yaml.push('\n');
    let f = limit_finding("anchored", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report's anchors (`&name`) hold more than 1000000 values together"
    );
}

#[test]
fn more_than_a_million_parser_events_is_a_limit_finding() {
    // Comments are events: a million comment lines and one value. The
    // loader asks for comment events only in a text that mentions
    // `pilotlint` (where a comment can be a suppression): the first line.
    let yaml = format!("# pilotlint\narea: xian\n{}", "#\n".repeat(1_000_001));
    let f = limit_finding("events", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report has more than 1000000 YAML parser events"
    );
}

#[test]
fn a_million_comment_lines_in_a_text_without_suppressions_are_skipped() {
    // Without `pilotlint` in the text no comment can be a suppression, so
    // the parser skips them like spaces, in linear time: `area: xian` loads
    // and passes, and only good.yaml has a finding.
    let yaml = format!("area: xian\n{}", "#\n".repeat(1_000_001));
    let dir = case("comments-skipped", &[("many.yaml", yaml.into_bytes())]);
    let (code, findings, stderr) = check(&dir, &["many.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        findings.iter().all(|f| f["file"] == "good.yaml"),
        "{findings:?}"
    );
    only_finding(&findings, "good.yaml");
}

#[test]
fn more_than_100000_comments_in_one_place_is_a_limit_finding() {
    // The parser holds the comments between `a:` and the block under it
    // until it knows what the block is (when it reports comments: in a text
    // that mentions `pilotlint`).
    let yaml = format!("# pilotlint\na:\n{}  b: 1\n", "#\n".repeat(100_001));
    let f = limit_finding("comment-run", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report has more than 100000 comments in one place"
    );
}

#[test]
fn more_than_64_mib_of_text_through_aliases_is_a_limit_finding() {
    // A 1 MiB string used 64 times is 64 MiB of text once expanded, from a
    // file of 1 MiB.
    let yaml = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(1024 * 1024),
        vec!["*a"; 64].join(",")
    );
    let f = limit_finding("text", yaml.into_bytes());
    assert_eq!(
        f["message"],
        "the report's text values are longer than 64 MiB together"
    );
}

#[test]
fn a_file_over_max_file_size_is_not_read_and_says_so() {
    // 2 KiB of valid YAML under a 1 KiB cap; the good file is far smaller.
    let big = format!("area: xian\nnotes: \"{}\"\n", "x".repeat(2048));
    let dir = case("too-large", &[("big.yaml", big.into_bytes())]);
    let (code, findings, stderr) = check(&dir, &["--max-file-size", "1K", "big.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "big.yaml");
    assert_eq!(f["code"], "file-too-large");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        f["message"],
        "the report is larger than 1 KiB, it was not checked"
    );
    assert_eq!(f["line"], Value::Null);
    // Under the default cap the same file is checked and clean.
    let (code, findings, _) = check(&dir, &["big.yaml"]);
    assert_eq!(code, Some(1));
    assert!(
        findings.iter().all(|f| f["file"] == "good.yaml"),
        "{findings:?}"
    );
}

/// Regression: a device or a named pipe named as a report was opened and
/// read (`/dev/zero` until the size cap; a FIFO nobody writes to blocked
/// the run forever). Neither is ever opened now: each is an error finding
/// on its path, and the other reports are still checked.
#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_named_as_a_report_is_a_finding_never_read() {
    let dir = case("special", &[]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.yaml"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let (code, findings, stderr) = check(&dir, &["/dev/zero", "pipe.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    for name in ["/dev/zero", "pipe.yaml"] {
        let f = only_finding(&findings, name);
        assert_eq!(f["code"], "not-a-file");
        assert_eq!(f["severity"], "error");
    }
    // The walk of a directory refuses a FIFO in it the same way.
    let (code, findings, stderr) = check(&dir, &["."]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(only_finding(&findings, "pipe.yaml")["code"], "not-a-file");
}

#[test]
fn a_bad_size_is_a_usage_error() {
    let out = Command::new(get_cargo_bin("pilotlint"))
        .args(["check", "--max-file-size", "64X", "x.yaml"])
        .output()
        .expect("pilotlint runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown unit in `64X`"), "{stderr}");
}

#[test]
fn a_file_that_is_not_utf8_is_a_yaml_syntax_finding_at_the_bad_byte() {
    let dir = case("not-utf8", &[("latin1.yaml", b"area: x\xe9an\n".to_vec())]);
    let (code, findings, stderr) = check(&dir, &["latin1.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let f = only_finding(&findings, "latin1.yaml");
    assert_eq!(f["code"], "yaml-syntax");
    assert_eq!(f["message"], "the file is not valid UTF-8 (byte 0xe9)");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(8))
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_a_vanished_file_are_clear_errors_and_the_rest_is_checked() {
    let dir = case("paths", &[]);
    std::os::unix::fs::symlink("loop-b.yaml", dir.join("loop-a.yaml")).expect("symlink");
    std::os::unix::fs::symlink("loop-a.yaml", dir.join("loop-b.yaml")).expect("symlink");
    // A link to a file that is gone: what a file deleted during the run
    // looks like by the time it is opened.
    std::os::unix::fs::symlink("deleted.yaml", dir.join("gone.yaml")).expect("symlink");
    let (code, findings, stderr) = check(&dir, &["loop-a.yaml", "gone.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read report path `loop-a.yaml`: too many levels of symbolic links"),
        "{stderr}"
    );
    assert!(
        stderr.contains("report path `gone.yaml` does not exist"),
        "{stderr}"
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["file"], "good.yaml");
}

#[test]
fn a_directory_named_like_a_report_is_walked_not_read() {
    let dir = case("dir", &[]);
    std::fs::create_dir_all(dir.join("reports.yaml/inner")).expect("folders");
    std::fs::write(dir.join("reports.yaml/inner/a.yaml"), GOOD).expect("writable");
    let (code, findings, stderr) = check(&dir, &["reports.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        findings
            .iter()
            .any(|f| f["file"] == "reports.yaml/inner/a.yaml" && f["rule"] == "R1"),
        "{findings:?}"
    );
}

#[test]
fn the_exit_status_is_the_worst_of_all_files() {
    // A clean file, a file with a warning only, and an invalid one: 1.
    let rules = "rule W \"warn\" {\n    severity warning\n    require ok == true\n}\n";
    let dir = case(
        "worst",
        &[
            ("clean.yaml", b"ok: true\n".to_vec()),
            ("warn.yaml", b"ok: false\n".to_vec()),
            ("broken.yaml", b"ok: [\n".to_vec()),
        ],
    );
    std::fs::write(dir.join("w.rules"), rules).expect("writable");
    let run = |files: &[&str]| {
        Command::new(get_cargo_bin("pilotlint"))
            .current_dir(&dir)
            .args(["check", "--rules", "w.rules"])
            .args(files)
            .output()
            .expect("pilotlint runs")
            .status
            .code()
    };
    assert_eq!(run(&["clean.yaml"]), Some(0));
    assert_eq!(run(&["clean.yaml", "warn.yaml"]), Some(0));
    assert_eq!(run(&["broken.yaml", "clean.yaml", "warn.yaml"]), Some(1));
    assert_eq!(run(&["clean.yaml", "warn.yaml", "broken.yaml"]), Some(1));
}

#[test]
fn a_pattern_from_the_report_is_size_limited_and_cannot_backtrack() {
    let rules = "rule P \"p\" {\n    require name matches pattern\n}\n";
    // `(a+)+$` against many `a`s and a `b` takes exponential time in a
    // backtracking engine; the regex crate's is linear.
    let redos = format!("name: {}b\npattern: \"(a+)+$\"\n", "a".repeat(50_000));
    let dir = case(
        "regex",
        &[
            (
                "huge.yaml",
                b"name: abc\npattern: \"(a{1000}){1000}\"\n".to_vec(),
            ),
            ("redos.yaml", redos.into_bytes()),
        ],
    );
    std::fs::write(dir.join("p.rules"), rules).expect("writable");
    let started = std::time::Instant::now();
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(&dir)
        .args([
            "check",
            "--rules",
            "p.rules",
            "--format",
            "json",
            "huge.yaml",
            "redos.yaml",
        ])
        .output()
        .expect("pilotlint runs");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [("huge.yaml", "invalid-pattern"), ("redos.yaml", "P")]
    );
}

/// A report written on one line used to print that whole line once per
/// finding: 114 KB and 5,000 findings made 519 MB of output and minutes of
/// run time. Such findings now name their position instead.
#[test]
fn a_report_on_one_long_line_does_not_print_the_line_for_every_finding() {
    let rules = "rule M \"m\" {\n    each m in measures {\n        require m.status == \"done\"\n    }\n}\n";
    let items: Vec<String> = (0..2000)
        .map(|i| format!("{{id: {i}, status: p}}"))
        .collect();
    let one_line = format!("{{measures: [{}]}}\n", items.join(", "));
    let dir = case("one-line", &[("one.yaml", one_line.clone().into_bytes())]);
    std::fs::write(dir.join("m.rules"), rules).expect("writable");
    let out = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .args(["check", "--rules", "m.rules", "one.yaml"])
        .output()
        .expect("pilotlint runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Each finding is a few hundred bytes, not a copy of the 40 KB line.
    assert!(
        stdout.len() < 2000 * 1000,
        "{} bytes for a {} byte report",
        stdout.len(),
        one_line.len()
    );
    let first = one_line.find("status: p").expect("a status") + "status: ".len();
    let column = first + 1;
    assert!(
        stdout.contains(&format!(
            "`m.status` is \"p\", expected == \"done\" (at `one.yaml:1:{column}`, on a line too long to show)"
        )),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    assert!(
        stdout.contains("2000 errors in 1 of 1 file"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
}
