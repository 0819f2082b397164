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
        .env_remove("COLUMNS");
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

/// Checking on several threads must not change a byte of the output: the
/// shipped examples (with findings in most files, a file with two
/// documents, a CRLF file) and a report read from stdin between them,
/// through 1, 2 and 5 threads, human and JSON.
#[test]
fn threads_do_not_change_the_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stdin = std::fs::read(root.join("examples/xian-2021-h2.yaml")).expect("the example");
    for format in ["human", "json"] {
        let outputs: Vec<_> = ["1", "2", "5"]
            .into_iter()
            .map(|threads| {
                let out = pilotlint(root)
                    .args([
                        "check",
                        "examples/hefei-2021-h1-plan-not-approved.yaml",
                        "-",
                    ])
                    .args(["examples", "--rules", "rules", "--format", format])
                    .args(["--threads", threads])
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
        // Eight examples (hefei named twice counts once) and stdin.
        let stdout = String::from_utf8_lossy(&outputs[0].1);
        assert!(
            stdout.contains(" of 9 files") || stdout.contains("\"files\": 9,"),
            "{stdout}"
        );
        for other in &outputs[1..] {
            assert!(
                other == &outputs[0],
                "{format}: output differs across threads"
            );
        }
    }
}
