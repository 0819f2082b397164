//! `check --watch` through the real binary: it checks, checks again when a
//! report changes, and ends on SIGINT with status 130. The time limits are
//! bounds on a hang, not timings.

use std::io::{BufRead, BufReader, Read};
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

#[cfg(unix)]
#[test]
fn a_changed_report_is_checked_again_and_ctrl_c_ends_the_watch() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("watch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).expect("mkdir");
    let hefei = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hefei-2021-h1-plan-not-approved.yaml"),
    )
    .expect("the example");
    std::fs::write(dir.join("reports/hefei.yaml"), &hefei).expect("write");

    let mut child = Command::new(get_cargo_bin("pilotlint"))
        .current_dir(&dir)
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
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = rx
        .recv_timeout(HANG)
        .expect("the watch ends on SIGINT")
        .expect("waited");
    assert_eq!(status.code(), Some(130));
    // Nothing more was printed: no third run.
    assert_eq!(stdout.recv_timeout(Duration::from_secs(5)).ok(), None);
}
