//! The real `pilotlint` binary, run as a user runs it.
//!
//! Each folder under `fixtures/cli/<case>/` is one run: `args` holds the
//! command-line arguments (one per line), an optional `stdin` file is piped
//! in, and the run starts in the case folder so paths in the output are the
//! ones a user types (`reports/xian.yaml`). The snapshot holds the exit
//! status, stdout and stderr. Colour, `--version` and a closed stdout pipe
//! need their own setup and are tests below.

use std::path::Path;
use std::process::{Command, Stdio};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

/// The binary, started in `dir`, with colour off the way users turn it off
/// (NO_COLOR) and no inherited setting that could change the output.
fn pilotlint(dir: &Path) -> Command {
    let mut cmd = Command::new(get_cargo_bin("pilotlint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        // Set in GitHub Actions, where it would pick the github format.
        .env_remove("GITHUB_ACTIONS");
    cmd
}

#[test]
fn cases() {
    insta::glob!("fixtures/cli/*/args", |args_file| {
        let dir = args_file.parent().expect("a case folder");
        let args = std::fs::read_to_string(args_file).expect("readable args");
        let mut cmd = pilotlint(dir);
        cmd.args(args.lines().filter(|l| !l.is_empty()));
        match std::fs::read(dir.join("stdin")) {
            Ok(stdin) => assert_cmd_snapshot!(cmd.pass_stdin(stdin)),
            Err(_) => assert_cmd_snapshot!(cmd),
        }
    });
}

fn fixture(case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(case)
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("pilotlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn color_always_emits_ansi_even_with_no_color_set() {
    let (code, stdout, _) = run(pilotlint(&fixture("findings"))
        .args(["check", "reports", "--rules", "rules", "--color", "always"]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("\u{1b}["), "{stdout}");
}

#[test]
fn no_color_and_color_never_and_auto_off_a_terminal_emit_no_ansi() {
    for (color, no_color) in [("never", None), ("auto", Some("1")), ("auto", None)] {
        let mut cmd = pilotlint(&fixture("findings"));
        if no_color.is_none() {
            cmd.env_remove("NO_COLOR");
        }
        let (code, stdout, _) =
            run(cmd.args(["check", "reports", "--rules", "rules", "--color", color]));
        assert_eq!(code, Some(1));
        assert!(stdout.contains("STP001"), "{stdout}");
        assert!(!stdout.contains('\u{1b}'), "--color {color}: {stdout}");
    }
}

#[test]
fn test_color_always_colours_failures_and_never_does_not() {
    let (code, stdout, _) = run(pilotlint(&fixture("test-fail")).args([
        "test",
        "checks/area.tests.yaml",
        "--color",
        "always",
    ]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("\u{1b}["), "{stdout}");
    let mut cmd = pilotlint(&fixture("test-fail"));
    cmd.env_remove("NO_COLOR");
    let (code, stdout, _) = run(cmd.args(["test", "checks/area.tests.yaml", "--color", "never"]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("FAILED  wrong count"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    // JUnit XML is never coloured: escape codes are not XML characters.
    let (code, stdout, _) = run(pilotlint(&fixture("test-fail")).args([
        "test",
        "checks/area.tests.yaml",
        "--format",
        "junit",
        "--color",
        "always",
    ]));
    assert_eq!(code, Some(1));
    assert!(stdout.starts_with("<?xml"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}

#[test]
fn version_names_the_program_and_its_version() {
    let (code, stdout, _) = run(pilotlint(&fixture("findings")).arg("--version"));
    assert_eq!(code, Some(0));
    assert_eq!(stdout, format!("pilotlint {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn top_level_long_help_lists_the_exit_statuses() {
    let (code, stdout, _) = run(pilotlint(&fixture("findings")).arg("--help"));
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Exit status:"), "{stdout}");
    assert!(stdout.contains("check"), "{stdout}");
}

/// `pilotlint check ... | head -1`: once the reader is gone, writing fails
/// with a broken pipe, which must end the run quietly, not in a panic.
/// The output is made far larger than a pipe's buffer, so the failure
/// happens whether or not the reader closes before the first write.
#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-broken-pipe");
    std::fs::create_dir_all(dir.join("rules")).expect("temp dir");
    std::fs::write(
        dir.join("rules/ids.rules"),
        "rule ID001 \"measures are implemented\" {\n    \
         each m in measures {\n        require m.status == \"implemented\"\n    }\n}\n",
    )
    .expect("rule file");
    let mut report = String::from("measures:\n");
    for i in 0..2000 {
        report.push_str(&format!("  - {{ id: XA-{i:04}, status: planned }}\n"));
    }
    std::fs::write(dir.join("report.yaml"), report).expect("report");

    let mut child = pilotlint(&dir)
        .args(["check", "report.yaml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pilotlint starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("pilotlint ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    // The findings still decide the status: the reader left, the report
    // did not become compliant.
    assert_eq!(out.status.code(), Some(1));
}

/// Any other failure to write the output is the tool failing its job: a
/// diagnostic on stderr and exit status 2, not a panic and not exit 1.
#[test]
fn a_full_disk_is_exit_status_2_with_a_diagnostic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux: no device that is always full
    };
    let out = pilotlint(&fixture("findings"))
        .args(["check", "reports", "--rules", "rules"])
        .stdout(full)
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write the output: no space left on device"),
        "{stderr}"
    );
}

/// A symbolic link back up the tree must not make the directory walk
/// endless: links to directories are not followed (links to files are;
/// a file reached twice is checked once).
#[cfg(unix)]
#[test]
fn a_symlink_cycle_does_not_make_the_walk_endless() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-symlink-cycle");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports/sub")).expect("temp dir");
    std::fs::create_dir_all(dir.join("rules")).expect("temp dir");
    std::fs::write(
        dir.join("rules/area.rules"),
        "rule A001 \"the report names its area\" {\n    require exists(area)\n}\n",
    )
    .expect("rule file");
    std::fs::write(dir.join("reports/sub/a.yaml"), "period: 2021\n").expect("report");
    std::os::unix::fs::symlink("..", dir.join("reports/sub/up")).expect("symlink");
    std::fs::write(dir.join("elsewhere.yaml"), "period: 2022\n").expect("report");
    std::os::unix::fs::symlink("../../elsewhere.yaml", dir.join("reports/sub/b.yaml"))
        .expect("symlink");

    let (code, stdout, stderr) =
        run(pilotlint(&dir).args(["check", "reports", "--format", "json"]));
    assert_eq!(code, Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
    let files: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["file"].as_str().expect("file"))
        .collect();
    assert_eq!(files, ["reports/sub/a.yaml", "reports/sub/b.yaml"]);
}

/// In GitHub Actions (GITHUB_ACTIONS=true) the findings become annotations
/// without a flag; an explicit `--format` still wins.
#[test]
fn github_actions_gets_annotations_unless_a_format_is_given() {
    let (code, stdout, stderr) = run(pilotlint(&fixture("findings"))
        .env("GITHUB_ACTIONS", "true")
        .args(["check", "reports", "--rules", "rules"]));
    assert_eq!(code, Some(1), "{stderr}");
    let first = stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "::warning file=reports/hefei.yaml,line=14,col=63,endLine=14,endColumn=73,\
         title=STP005::measure HF-010 was due on 2023-06-30 and is still suspended"
    );

    let (code, stdout, stderr) = run(pilotlint(&fixture("findings"))
        .env("GITHUB_ACTIONS", "true")
        .args([
            "check", "reports", "--rules", "rules", "--format", "concise",
        ]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stdout.contains("::"), "{stdout}");
    assert!(
        stdout.starts_with("reports/hefei.yaml:14:63: warning[STP005]"),
        "{stdout}"
    );

    // Annotations work only in the log: a file gets the human format.
    let file = scratch("cli-github-output").join("out.txt");
    let (code, stdout, stderr) = run(pilotlint(&fixture("findings"))
        .env("GITHUB_ACTIONS", "true")
        .args(["check", "reports", "--rules", "rules", "--output"])
        .arg(&file));
    assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.starts_with("STP005\n\n  ⚠ measure HF-010"),
        "{written}"
    );
}

/// A fresh, empty directory under the target directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `--output FILE` holds exactly what standard output would have held,
/// standard output gets nothing, and the findings still decide the status.
#[test]
fn output_writes_the_whole_output_to_the_file_and_nothing_to_stdout() {
    let dir = scratch("cli-output-file");
    let file = dir.join("results.sarif");
    let args = ["check", "reports", "--rules", "rules", "--format", "sarif"];
    let (code, stdout, stderr) = run(pilotlint(&fixture("findings"))
        .args(args)
        .arg("--output")
        .arg(&file));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr, "");
    let (_, expected, _) = run(pilotlint(&fixture("findings")).args(args));
    assert!(expected.ends_with("}\n"), "{expected}");
    assert_eq!(std::fs::read_to_string(&file).expect("written"), expected);
    assert_eq!(entries(&dir), ["results.sarif"]);

    // A second run replaces the file, even with a shorter output.
    let (code, _, _) = run(pilotlint(&fixture("findings"))
        .args([
            "check", "reports", "--rules", "rules", "--format", "concise",
        ])
        .arg("--output")
        .arg(&file));
    assert_eq!(code, Some(1));
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.starts_with("reports/hefei.yaml:14:63: warning[STP005]"),
        "{written}"
    );
    assert!(
        written.ends_with("2 errors, 2 warnings in 2 of 3 files\n"),
        "{written}"
    );
    assert_eq!(entries(&dir), ["results.sarif"]);
}

/// A write that fails after the temporary file was made (here the rename
/// onto a directory) is exit status 2, and leaves nothing behind.
#[test]
fn a_failed_output_write_is_exit_status_2_and_leaves_no_file() {
    let dir = scratch("cli-output-fails");
    std::fs::create_dir(dir.join("results.sarif")).expect("a directory in the way");
    let (code, stdout, stderr) = run(pilotlint(&fixture("findings"))
        .args([
            "check", "reports", "--rules", "rules", "--format", "sarif", "--output",
        ])
        .arg(dir.join("results.sarif")));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("cannot write `"), "{stderr}");
    assert!(stderr.contains("results.sarif`: "), "{stderr}");
    assert_eq!(entries(&dir), ["results.sarif"]);
    assert_eq!(entries(&dir.join("results.sarif")), Vec::<String>::new());

    // Into a folder that does not exist: since issue 15 it is created, as
    // Ruff's `-o` does (tests/stream.rs has the failing case of a file in
    // the way), and the findings decide the status.
    let (code, _, stderr) = run(pilotlint(&fixture("findings"))
        .args(["check", "reports", "--rules", "rules", "--output"])
        .arg(dir.join("missing/results.sarif")));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(entries(&dir), ["missing", "results.sarif"]);
    assert_eq!(entries(&dir.join("missing")), ["results.sarif"]);
}

/// The JUnit report's counts agree with its elements, and its elements
/// nest: one suite per report file, one case per rule (and per rule-less
/// finding code) in each.
#[test]
fn junit_counts_agree_with_its_elements() {
    let (code, xml, stderr) = run(pilotlint(&fixture("junit"))
        .args(["check", "reports", "--rules", "rules", "--format", "junit"]));
    assert_eq!(code, Some(1), "{stderr}");
    let count = |s: &str| xml.matches(s).count();
    let attr = |tag: &str, name: &str| -> usize {
        let start = xml.find(tag).expect(tag);
        let rest = &xml[start..];
        let key = format!(" {name}=\"");
        let at = rest.find(&key).expect(name) + key.len();
        rest[at..rest[at..].find('"').expect("closing quote") + at]
            .parse()
            .expect("a number")
    };
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(xml.ends_with("</testsuites>\n"));
    // 5 files; 4 rules each, plus yaml-syntax in broken.yaml and
    // empty-report in empty.yaml.
    assert_eq!(count("<testsuite "), 5);
    assert_eq!(count("</testsuite>"), 5);
    assert_eq!(attr("<testsuites ", "tests"), 22);
    assert_eq!(count("<testcase "), 22);
    // hefei: STP005, STP009; 西安: 3 of 4; broken and empty: 1 each.
    assert_eq!(attr("<testsuites ", "failures"), 7);
    assert_eq!(count("<failure "), 7);
    assert_eq!(count("</failure>"), 7);
    // 西安's STP009 met a date written as text (`incomparable`): the rule
    // could not be evaluated, a case in error (issue 17).
    assert_eq!(attr("<testsuites ", "errors"), 1);
    assert_eq!(count("<error type=\"not-evaluated\""), 1);
    assert_eq!(count("</error>"), 1);
    // junit-10.xsd allows `skipped` only on the suites: their sum.
    let skipped: usize = xml
        .split(" skipped=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').expect("closing quote")]
                .parse::<usize>()
                .expect("a number")
        })
        .sum();
    assert_eq!(skipped, 8);
    assert!(!xml.lines().nth(1).expect("the root").contains("skipped="));
    assert_eq!(count("<skipped "), 8);
    assert_eq!(
        count("<testcase ") - count("</testcase>"),
        count("\"/>\n") - count("<skipped ")
    );
}

/// Checking on several threads must not change a byte of the output: the
/// shipped examples (with findings in most files, a file with two
/// documents, a CRLF file) and a report read from stdin between them,
/// through 1, 2 and 5 threads (`--threads`), and 1 and 3 threads given by
/// RAYON_NUM_THREADS (honoured without `--threads`), in every format.
#[test]
fn threads_do_not_change_the_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stdin = std::fs::read(root.join("examples/xian-2021-h2.yaml")).expect("the example");
    let formats = [
        "human", "json", "concise", "github", "sarif", "junit", "gitlab",
    ];
    for format in formats {
        let outputs: Vec<_> = [("1", ""), ("2", ""), ("5", ""), ("", "1"), ("", "3")]
            .into_iter()
            .map(|(threads, rayon)| {
                let mut cmd = pilotlint(root);
                cmd.args([
                    "check",
                    "examples/hefei-2021-h1-plan-not-approved.yaml",
                    "-",
                ])
                .args(["examples", "--rules", "rules", "--format", format]);
                if threads.is_empty() {
                    cmd.env("RAYON_NUM_THREADS", rayon);
                } else {
                    cmd.args(["--threads", threads])
                        .env_remove("RAYON_NUM_THREADS");
                }
                let out = cmd
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .and_then(|mut child| {
                        use std::io::Write;
                        child.stdin.take().expect("piped").write_all(&stdin)?;
                        child.wait_with_output()
                    })
                    .expect("pilotlint runs");
                (out.status.code(), out.stdout, out.stderr)
            })
            .collect();
        assert_eq!(outputs[0].0, Some(1), "{format}");
        // Eight examples (hefei named twice counts once), stdin, the six
        // reports of examples/national and the registry NAT001 points into.
        let stdout = String::from_utf8_lossy(&outputs[0].1);
        match format {
            "json" => assert!(stdout.contains("\"files\": 16,"), "{stdout}"),
            "human" | "concise" | "github" => assert!(stdout.contains(" of 16 files"), "{stdout}"),
            // A suite per report (15), and one for the findings of the rules
            // across reports in each file they point into: stdin and
            // examples/xian-2021-h2.yaml (the same report twice, NAT003),
            // three of Changchun (NAT003, HIS002), Weihai's second half
            // (HIS001) and the registry (NAT001).
            "junit" => assert_eq!(stdout.matches("<testsuite ").count(), 22, "{stdout}"),
            _ => assert!(
                stdout.contains("hefei-2021-h1-plan-not-approved"),
                "{stdout}"
            ),
        }
        for other in &outputs[1..] {
            assert!(
                other == &outputs[0],
                "{format}: output differs across threads"
            );
        }
    }
}
