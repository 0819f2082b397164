//! `check --watch` through the real binary: it checks, checks again when a
//! report changes, and ends on SIGINT with status 130; on a terminal (a
//! pseudo-terminal from util-linux's `script`) it clears the screen before
//! the second run, and Ctrl-C typed there ends it. The time limits are
//! bounds on a hang, not timings.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use insta_cmd::get_cargo_bin;

/// The longest the test waits for a run: far above what a run takes, so
/// only a hang fails it.
const HANG: Duration = Duration::from_secs(60);

/// Lines of `from`, read on a thread of their own so the test can wait
/// with a bound.
fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Reads `rx` until a line containing `needle`; the lines read.
fn until(rx: &Receiver<String>, needle: &str, child: &mut Child) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(HANG) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(e) => {
                let _ = child.kill();
                panic!("no line with {needle:?} ({e}); read: {seen:#?}");
            }
        }
    }
}

/// A fresh directory `name` with `reports/hefei.yaml` (the example that
/// fails STP002 only), and the report's text.
fn reports_dir(name: &str) -> (std::path::PathBuf, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
    let hefei = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hefei-2021-h1-plan-not-approved.yaml"),
    )
    .expect("the example");
    std::fs::write(dir.join("reports/hefei.yaml"), &hefei).expect("write");
    (dir, hefei)
}

/// `check reports --watch --format concise` in `dir`: the process and its
/// stdout and stderr, line by line.
fn watch_reports(dir: &Path) -> (Child, Receiver<String>, Receiver<String>) {
    let mut child = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .args(["check", "reports", "--watch", "--format", "concise"])
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pilotlint starts");
    let stdout = lines(child.stdout.take().expect("stdout"));
    let stderr = lines(child.stderr.take().expect("stderr"));
    (child, stdout, stderr)
}

/// Sends SIGINT to `child` and waits (bounded) for it to end.
fn interrupt(mut child: Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    rx.recv_timeout(HANG)
        .expect("the watch ends on SIGINT")
        .expect("waited")
}

#[cfg(unix)]
#[test]
fn a_changed_report_is_checked_again_and_ctrl_c_ends_the_watch() {
    let (dir, hefei) = reports_dir("watch");

    let (mut child, stdout, stderr) = watch_reports(&dir);

    let first = until(&stdout, "1 error in 1 of 1 file", &mut child);
    assert!(
        first[0].starts_with("reports/hefei.yaml:16:13: error[STP002]"),
        "{first:?}"
    );
    // The watch is set up before it says it is watching.
    until(&stderr, "findings: watching for changes", &mut child);

    // An editor's swap file starts no run; the report's change does.
    std::fs::write(dir.join("reports/.hefei.yaml.swp"), "x").expect("write");
    std::fs::write(
        dir.join("reports/hefei.yaml"),
        hefei.replace(
            "approved: false",
            "approved: true\n  approved_on: 2020-12-20",
        ),
    )
    .expect("write");
    let second = until(&stdout, "in 1 file", &mut child);
    // Not on a terminal: the screen is not cleared, the run follows.
    assert_eq!(second, ["no problems in 1 file"], "{first:?}");
    until(&stderr, "checked: watching for changes", &mut child);

    // Ctrl-C.
    assert_eq!(interrupt(child).code(), Some(130));
    // Nothing more was printed: no third run.
    assert_eq!(stdout.recv_timeout(Duration::from_secs(5)).ok(), None);
}

/// On a terminal the screen is cleared before each run after the first,
/// and Ctrl-C typed at the terminal ends the watch with status 130.
#[cfg(unix)]
#[test]
fn on_a_terminal_the_screen_is_cleared_between_runs_and_ctrl_c_ends_it() {
    if Command::new("script").arg("--version").output().is_err() {
        // util-linux is on every Debian; say so where it is missing.
        eprintln!("note: `script` (util-linux) is missing, the terminal test did not run");
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("watch-terminal");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
    let report = "report: progress\nprogram: x\n";
    std::fs::write(dir.join("reports/a.yaml"), report).expect("write");
    let command = format!(
        "{} check reports --rules r.rules --watch --format concise",
        get_cargo_bin("pilotlint").display()
    );
    std::fs::write(
        dir.join("r.rules"),
        "rule R1 \"the report is final\" {\n    require report == \"final\"\n}\n",
    )
    .expect("write");
    // `script` runs the command on a new pseudo-terminal, copies what it
    // prints to stdout, and what it reads from stdin to the terminal.
    let mut child = Command::new("script")
        .current_dir(&dir)
        .args(["-q", "-e", "-f", "-c", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let out = lines(child.stdout.take().expect("stdout"));
    until(&out, "watching for changes", &mut child);
    std::fs::write(dir.join("reports/a.yaml"), "report: final\nprogram: x\n").expect("write");
    let second = until(&out, "no problems in 1 file", &mut child);
    assert!(
        second.iter().any(|l| l.contains("\u{1b}[H\u{1b}[2J")),
        "{second:?}"
    );
    until(&out, "watching for changes", &mut child);
    // Ctrl-C at the terminal.
    stdin.write_all(b"\x03").expect("typed");
    stdin.flush().expect("typed");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = rx
        .recv_timeout(HANG)
        .expect("the watch ends on Ctrl-C")
        .expect("waited");
    assert_eq!(status.code(), Some(130));
}

/// Regression (a gap named with `--watch`): a directory was watched
/// recursively, so every directory below it used one of the system's
/// watches (a `target/` or `node_modules/` of thousands), and a change in
/// one that the walk leaves out started a run. Now only the directories
/// the walk goes through are watched: a report written in `drafts/`, which
/// the reports' `.gitignore` leaves out, starts no run; a new directory
/// does, and its report is checked.
#[cfg(unix)]
#[test]
fn only_the_directories_the_walk_goes_through_are_watched() {
    let (dir, hefei) = reports_dir("watch-tree");
    std::fs::create_dir_all(dir.join("reports/drafts")).expect("mkdir");
    std::fs::write(dir.join("reports/.gitignore"), "drafts/\n").expect("write");

    let (mut child, stdout, stderr) = watch_reports(&dir);
    until(&stdout, "1 error in 1 of 1 file", &mut child);
    until(&stderr, "findings: watching for changes", &mut child);

    // Left out by the walk: no run, though a run would start after 0.2 s
    // of quiet.
    std::fs::write(dir.join("reports/drafts/hefei.yaml"), &hefei).expect("write");
    std::thread::sleep(Duration::from_secs(1));
    // A new directory starts a run, which walks it: STP002 in both copies,
    // and NAT003 (the national pack runs on a directory) on each, for two
    // reports of Hefei for one period.
    std::fs::create_dir(dir.join("reports/2024")).expect("mkdir");
    std::fs::write(dir.join("reports/2024/hefei.yaml"), &hefei).expect("write");
    let next = until(&stdout, " file", &mut child);
    assert_eq!(
        next.last().map(String::as_str),
        Some("4 errors in 2 of 2 files"),
        "{next:?}"
    );
    assert!(
        next[0].starts_with("reports/2024/hefei.yaml:16:13: error[STP002]"),
        "{next:?}"
    );

    assert_eq!(interrupt(child).code(), Some(130));
}
