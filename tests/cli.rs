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
