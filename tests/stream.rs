//! The run loop through the real binary: output written report by report
//! while later reports are still being checked, an interrupted `--output`
//! that leaves nothing behind, and unreadable reports that do not stop the
//! others. (Byte-identical output across thread counts is in `cli.rs`; the
//! bounded window is a unit test of `src/run.rs`.)

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use insta_cmd::get_cargo_bin;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pilotlint(dir: &Path) -> Command {
    let mut cmd = Command::new(get_cargo_bin("pilotlint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pilotlint-stream-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The first report's line is on stdout while the second report is still
/// being checked (its rules take their whole step budget): the output is
/// written as reports are done, not held until the run ends. (A named pipe
/// used to stand for a report not written yet; pilotlint no longer opens
/// anything but a regular file.)
#[cfg(unix)]
#[test]
fn a_report_is_written_before_the_run_ends() {
    let dir = scratch("slow");
    // A filter inside a filter over 3,000 measures (`!=`, which no index
    // answers): 9 million steps, which
    // each rule stops at its budget; eight such rules take seconds in a
    // debug build, ample time to see the first report out before the end.
    let slow_rule = |id: &str| {
        format!(
            "rule {id} \"slow\" {{\n    require count(measures[count(measures[id != \"x\"]) > 0]) >= 0\n}}\n"
        )
    };
    let slow: String = (1..=8).map(|i| slow_rule(&format!("SLOW{i}"))).collect();
    let rules = format!("rule FAST \"has a name\" {{\n    require exists(name)\n}}\n{slow}");
    std::fs::write(dir.join("slow.rules"), rules).expect("written");
    std::fs::write(dir.join("first.yaml"), "measures: []\n").expect("written");
    let measures: String = (0..3000).map(|i| format!("  - id: m{i}\n")).collect();
    std::fs::write(
        dir.join("slow.yaml"),
        format!("name: n\nmeasures:\n{measures}"),
    )
    .expect("written");
    let mut child = pilotlint(&dir)
        .args(["check", "first.yaml", "slow.yaml", "--rules", "slow.rules"])
        .args(["--format", "concise", "--threads", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pilotlint runs");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let first = lines.next().expect("a line").expect("UTF-8");
    assert!(first.starts_with("first.yaml:"), "{first}");
    // The first report is out while the second is still being checked.
    assert!(
        child.try_wait().expect("the child").is_none(),
        "the run had ended before its first report was written"
    );
    let rest: Vec<String> = lines.map(|l| l.expect("UTF-8")).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("slow.yaml") && l.contains("evaluation steps")),
        "{rest:?}"
    );
    assert_eq!(child.wait().expect("exits").code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGINT or SIGTERM while `--output` is being written: exit status 130,
/// no temporary file left, and the file that was there is untouched.
#[cfg(unix)]
#[test]
fn an_interrupted_output_leaves_the_old_file_and_no_temporary_file() {
    let example = std::fs::read(root().join("examples/xian-2021-h2.yaml")).expect("the example");
    for signal in ["INT", "TERM"] {
        let dir = scratch(&format!("interrupt-{signal}"));
        let reports = dir.join("reports");
        std::fs::create_dir(&reports).expect("a directory");
        // Enough reports that the run is still going when the signal comes
        // (tens of seconds on one thread of a debug build).
        for i in 0..600 {
            std::fs::write(reports.join(format!("r{i:04}.yaml")), &example).expect("written");
        }
        std::fs::write(dir.join("out.json"), "the previous results\n").expect("written");
        let mut child = pilotlint(&dir)
            .args(["check", "reports", "--rules"])
            .arg(root().join("rules"))
            .args(["--format", "json", "--output", "out.json", "--threads", "1"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pilotlint runs");
        // Wait until the output is being written: its temporary file is
        // there and not empty.
        let started = Instant::now();
        let temp = loop {
            let temp = entries(&dir)
                .into_iter()
                .find(|n| n.starts_with(".out.json.") && n.ends_with(".tmp"));
            if let Some(t) =
                temp.filter(|t| std::fs::metadata(dir.join(t)).is_ok_and(|m| m.len() > 0))
            {
                break t;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no temporary file appeared: {:?}",
                entries(&dir)
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = child.wait().expect("exits");
        assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
        assert_eq!(
            entries(&dir),
            ["out.json", "reports"],
            "{signal}: {temp} remains"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("out.json")).expect("readable"),
            "the previous results\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A report that cannot be read is a diagnostic, the other reports are
/// still checked and written, and the exit status is 2. `/proc/self/mem`
/// fails every read at offset 0 with EIO, even for root (the tests run as
/// root in CI, where `chmod 000` does not stop a read).
#[test]
fn an_unreadable_report_is_reported_and_the_others_are_checked() {
    let mut unreadable = Vec::new();
    if Path::new("/proc/self/mem").exists() {
        unreadable.push((PathBuf::from("/proc/self/mem"), "input/output error"));
    }
    #[cfg(unix)]
    let locked = {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("unreadable");
        let file = dir.join("locked.yaml");
        std::fs::write(&file, "program: x\n").expect("written");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        // Root reads it anyway: then it proves nothing.
        if std::fs::read(&file).is_err() {
            unreadable.push((file, "permission denied"));
        } else {
            eprintln!("NOTE: running as root, `chmod 000` is not tested");
        }
        dir
    };
    assert!(
        !unreadable.is_empty(),
        "no way to make an unreadable file here"
    );
    for (path, why) in &unreadable {
        let out = pilotlint(root())
            .args(["check", "examples/hefei-2021-h1-plan-not-approved.yaml"])
            .arg(path)
            .args([
                "examples/xian-2021-h2.yaml",
                "--rules",
                "rules",
                "--format",
                "concise",
            ])
            .output()
            .expect("pilotlint runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("cannot read report `{}`: {why}", path.display())),
            "{stderr}"
        );
        assert_eq!(stderr.matches("cannot read").count(), 1, "{stderr}");
        // Both other reports were checked and written.
        assert!(
            stdout.contains("examples/hefei-2021-h1-plan-not-approved.yaml:"),
            "{stdout}"
        );
        // And the summary does not read as a complete run.
        assert!(
            stdout
                .trim_end()
                .ends_with("of 2 files; 1 failure, the run is incomplete"),
            "{stdout}"
        );
    }
    #[cfg(unix)]
    let _ = std::fs::remove_dir_all(&locked);
}

/// Issue 15: `--output sub/dir/out.sarif` creates the missing folders, as
/// Ruff's `-o` does (it was exit 2, "directory `sub/dir` does not
/// exist"); a path that cannot be a folder (a file in the way) is still a
/// diagnostic and exit status 2, leaving nothing behind.
#[test]
fn output_creates_the_missing_folders() {
    let dir = scratch("output-folders");
    std::fs::write(dir.join("r.yaml"), "program: x\n").expect("a report");
    let out = pilotlint(&dir)
        .args(["check", "r.yaml", "--rules", "builtin:service-trade-pilot"])
        .args(["--format", "json", "--output", "sub/dir/out.json"])
        .output()
        .expect("pilotlint runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.join("sub/dir/out.json")).expect("the output");
    let json: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(json["summary"]["files"], 1, "{written}");
    assert_eq!(entries(&dir.join("sub/dir")), ["out.json"]);

    std::fs::write(dir.join("blocker"), "a file, not a folder\n").expect("a file");
    let out = pilotlint(&dir)
        .args(["check", "r.yaml", "--rules", "builtin:service-trade-pilot"])
        .args(["--output", "blocker/out.txt"])
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write `blocker/out.txt`: "),
        "{stderr}"
    );
    assert_eq!(entries(&dir), ["blocker", "r.yaml", "sub"]);
    let _ = std::fs::remove_dir_all(&dir);
}
