//! The command, `pilotlint fmt`, rewriting files: in place, `--check`
//! and its diff, links and permissions, deep nesting, lone CR line breaks.

use std::path::{Path, PathBuf};

use pilotlint::syntax::print;

use super::check_promises;

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pilotlint-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn pilotlint(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("pilotlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const MESSY: &str = "rule B \"messy\" {\n  require (x>0) # why\n}\n";
const TIDY: &str = "rule B \"messy\" {\n    require x > 0  # why\n}\n";
const BROKEN: &str = "rule A \"broken\" {\n    requires x > 1\n}\n";

#[test]
fn fmt_rewrites_files_in_place_and_leaves_a_broken_file_alone() {
    let dir = scratch("rewrite");
    std::fs::create_dir_all(dir.join("rules")).expect("rules/");
    std::fs::write(dir.join("rules/a.rules"), MESSY).expect("written");
    std::fs::write(dir.join("rules/b.rules"), BROKEN).expect("written");
    std::fs::write(dir.join("rules/c.rules"), TIDY).expect("written");

    // No paths: rules/.
    let (code, stdout, stderr) = pilotlint(&dir, &["fmt"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("expected a clause or `}`, found `requires`"),
        "{stderr}"
    );
    assert!(stderr.contains("`rules/b.rules` has syntax errors, it was not formatted"));
    assert!(
        stderr.ends_with("1 rule file formatted, 1 already formatted\n"),
        "{stderr}"
    );
    let read = |f: &str| std::fs::read_to_string(dir.join("rules").join(f)).expect("readable");
    assert_eq!(read("a.rules"), TIDY);
    assert_eq!(read("b.rules"), BROKEN);
    assert_eq!(read("c.rules"), TIDY);
    // Nothing but the rule files is left in the directory (no temporary file).
    let mut names: Vec<_> = std::fs::read_dir(dir.join("rules"))
        .expect("listable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    names.sort();
    assert_eq!(names, ["a.rules", "b.rules", "c.rules"]);

    // Once formatted, --check passes for the formatted files.
    std::fs::remove_file(dir.join("rules/b.rules")).expect("removed");
    let (code, stdout, stderr) = pilotlint(&dir, &["fmt", "--check"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_check_colours_its_diff_only_when_asked() {
    let dir = scratch("color");
    std::fs::write(dir.join("a.rules"), MESSY).expect("written");
    let (code, plain, _) = pilotlint(&dir, &["fmt", "--check", "a.rules"]);
    assert_eq!(code, Some(1));
    assert!(!plain.contains('\x1b'));
    assert!(
        plain.contains("-  require (x>0) # why\n+    require x > 0  # why\n"),
        "{plain}"
    );
    let (code, colored, _) = pilotlint(&dir, &["fmt", "--check", "--color", "always", "a.rules"]);
    assert_eq!(code, Some(1));
    assert!(
        colored.contains("\x1b[31m-  require (x>0) # why\x1b[0m\n"),
        "{colored}"
    );
    assert!(
        colored.contains("\x1b[32m+    require x > 0  # why\x1b[0m\n"),
        "{colored}"
    );
    // --check changed nothing.
    assert_eq!(
        std::fs::read_to_string(dir.join("a.rules")).expect("readable"),
        MESSY
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Nesting up to the parser's limit formats on a test thread's small
/// stack, keeps its meaning, and stays put.
#[test]
fn deep_nesting_formats() {
    // Chains up to the tree's cap, brackets up to the nesting cap.
    let n = pilotlint::syntax::error::MAX_DEPTH - 8;
    let m = pilotlint::syntax::error::MAX_NESTING - 2;
    let text = [
        format!("let a = {}1{}", "(".repeat(m), ")".repeat(m)),
        format!("let b = {}x", "not ".repeat(m)),
        format!("let c = {}x", "-".repeat(m)),
        format!("let d = x{}", ".f".repeat(n)),
        format!("let e = {}", vec!["x"; n].join(" and ")),
        format!("let f = {}{}", "[".repeat(m), "]".repeat(m)),
        format!("let g = {}{}", "f(".repeat(m), ")".repeat(m)),
        format!("let h = {}", vec!["x"; n].join(" + ")),
    ]
    .join("\n");
    check_promises("deep nesting", &text);
}

/// Regression: the atomic rename replaced a linked rule file's link with a
/// plain file, and gave the file default permissions.
#[cfg(unix)]
#[test]
fn fmt_follows_links_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("link");
    std::fs::write(dir.join("real.rules"), MESSY).expect("written");
    std::fs::set_permissions(
        dir.join("real.rules"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("real.rules", dir.join("link.rules")).expect("a link");
    let (code, _, stderr) = pilotlint(&dir, &["fmt", "link.rules"]);
    assert_eq!(code, Some(0), "{stderr}");
    let link = std::fs::symlink_metadata(dir.join("link.rules")).expect("the link");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.join("real.rules")).expect("readable"),
        TIDY
    );
    let mode = std::fs::metadata(dir.join("real.rules"))
        .expect("metadata")
        .permissions();
    assert_eq!(mode.mode() & 0o777, 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression (with syntax::a_lone_cr_ends_a_comment): the formatter keeps
/// every comment of a file with lone CR line breaks, and its rule.
#[test]
fn a_file_with_lone_cr_line_breaks_keeps_its_comments_and_rules() {
    let out =
        print::format("# a comment\rrule X001 \"t\" {\r    # another\r    require exists(a)\r}\r")
            .expect("it formats");
    assert!(
        out.contains("# a comment\n") && out.contains("# another\n"),
        "{out}"
    );
    assert!(out.contains("rule X001"), "{out}");
}
