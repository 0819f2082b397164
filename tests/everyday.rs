//! Issue 15, what a linter user expects (Ruff's conventions): shell
//! completions, `rules --format json` for other tools, and `explain` of
//! every code no rule writes, ids in any case. Each through the real
//! binary.

use std::path::Path;
use std::process::Command;

/// Runs pilotlint in the repository's root: (status, stdout, stderr).
fn pilotlint(args: &[&str]) -> (Option<i32>, String, String) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    super::anywhere::run(Path::new(env!("CARGO_MANIFEST_DIR")), &args)
}

/// The bash script, sourced by a real bash, completes `check --fo` to
/// `--format` and `--format ` to its values; every other shell's script
/// names the commands and flags too.
#[test]
fn completions_complete_commands_flags_and_values() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, stderr) = pilotlint(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {stderr}");
        // fish writes a flag as `-l format`.
        let flag = |f: &str| match shell {
            "fish" => format!("-l {f}"),
            _ => format!("--{f}"),
        };
        let mut words = vec![
            "check".to_string(),
            "explain".into(),
            flag("format"),
            flag("rules"),
        ];
        // clap_complete's PowerShell script completes flags, not values.
        if shell != "powershell" {
            words.push("sarif".into());
        }
        for word in words {
            assert!(script.contains(&word), "{shell} lacks {word}");
        }
    }
    let (_, script, _) = pilotlint(&["completions", "bash"]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("completions");
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let file = dir.join("pilotlint.bash");
    std::fs::write(&file, script).expect("written");
    let probe = format!(
        "source '{}'\n\
         COMP_WORDS=(pilotlint check --fo); COMP_CWORD=2; _pilotlint pilotlint --fo check\n\
         echo \"${{COMPREPLY[*]}}\"\n\
         COMP_WORDS=(pilotlint check --format ''); COMP_CWORD=3; _pilotlint pilotlint '' --format\n\
         echo \"${{COMPREPLY[*]}}\"\n",
        file.display()
    );
    let Ok(out) = Command::new("bash").arg("-c").arg(probe).output() else {
        eprintln!("note: no bash here; the bash script was not run");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "--format\nhuman json concise github sarif junit gitlab html markdown\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, _, stderr) = pilotlint(&["completions", "tcsh"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("possible values: bash"), "{stderr}");
}

/// The JSON listing against facts read off the rule files by hand:
/// STP002 is written at line 97 of rules/service-trade-pilot.rules with
/// tag `implementation-plan` and no url; NAT001 reads every report.
#[test]
fn rules_json_lists_every_field_for_other_tools() {
    let (code, stdout, stderr) = pilotlint(&[
        "rules",
        "--no-config",
        "--rules",
        "rules",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(doc["version"], 1);
    let rules = doc["rules"].as_array().expect("a list");
    let find = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    assert_eq!(
        find("STP002"),
        &serde_json::json!({
            "id": "STP002",
            "severity": "error",
            "title": "the implementation plan was drafted with the provincial government and approved",
            "tags": ["implementation-plan"],
            "url": null,
            "file": "rules/service-trade-pilot.rules",
            "line": 97,
            "pack": "service-trade-pilot",
            "reads_every_report": false,
            "disabled": false,
        })
    );
    assert_eq!(find("NAT001")["reads_every_report"], true);
    assert_eq!(find("NAT001")["pack"], "national");
    assert_eq!(find("NAT001")["line"], 33);
    // The order is the text listing's: the same ids in the same order.
    let (_, text, _) = pilotlint(&["rules", "--no-config", "--rules", "rules"]);
    let text_ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let json_ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(text_ids, json_ids);
}

/// With pilotlint.toml (tests/fixtures/config/repo): its severities are
/// what `check` uses, and its disabled rule is listed last, disabled.
#[test]
fn rules_json_shows_the_configuration() {
    let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/repo"))
        .args(["rules", "--format", "json"])
        .output()
        .expect("pilotlint runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let got: Vec<(String, String, bool, String)> = doc["rules"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["severity"].as_str().unwrap_or_default().to_string(),
                r["disabled"].as_bool().unwrap_or_default(),
                r["pack"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let row = |id: &str, sev: &str, disabled| {
        (id.to_string(), sev.to_string(), disabled, "xa".to_string())
    };
    assert_eq!(
        got,
        [
            row("XA1", "error", false),
            row("XA2", "info", false),
            row("XA3", "error", true)
        ]
    );
}

/// Every code no rule writes is explained from the library's table, in any
/// case, with no rules to load (a broken `./rules` does not matter); the
/// text is the row grammar.md shows (tests/docs.rs holds the two equal).
#[test]
fn explain_knows_every_code_no_rule_writes() {
    use pilotlint::finding::codes::TABLE;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain-codes");
    std::fs::create_dir_all(dir.join("rules")).expect("a scratch directory");
    std::fs::write(dir.join("rules/broken.rules"), "rule {\n").expect("a broken rule file");
    assert_eq!(TABLE.len(), 17, "a new code: add it to this test's list");
    for doc in TABLE {
        for asked in [doc.code.to_string(), doc.code.to_uppercase()] {
            let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
                .current_dir(&dir)
                .env("NO_COLOR", "1")
                .args(["explain", &asked])
                .output()
                .expect("pilotlint runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{asked}: {stdout}");
            assert!(
                stdout.starts_with(&format!(
                    "{}: {}\n\nseverity: {}\n",
                    doc.code, doc.title, doc.severity
                )),
                "{stdout}"
            );
            // The row's first words, filled as they may be.
            let words: Vec<&str> = doc.when.split_whitespace().skip(1).take(4).collect();
            let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&words.join(" ")), "{asked}: {stdout}");
        }
    }
}

/// Rule ids match in any case, as Ruff's do: `explain stp005` is
/// `explain STP005`. A misspelt code gets "did you mean" among the codes.
#[test]
fn explain_matches_ids_in_any_case() {
    let (code, upper, _) = pilotlint(&["explain", "STP005", "--no-config", "--rules", "rules"]);
    assert_eq!(code, Some(0));
    assert!(upper.starts_with("STP005: "), "{upper}");
    let (code, lower, stderr) =
        pilotlint(&["explain", "stp005", "--no-config", "--rules", "rules"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(lower, upper);
    let (code, _, stderr) = pilotlint(&["explain", "type-mismach"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown code `type-mismach`"), "{stderr}");
    assert!(stderr.contains("did you mean `type-mismatch`?"), "{stderr}");
}

/// Which files are plainly not reports (issue 15), through the library:
/// only when every document is a mapping with keys and none of them a
/// field of the report root: of the report schema the rules declare, or
/// without one, a field the rules read there or one of the reference
/// report's.
#[test]
fn a_file_is_plainly_not_a_report_only_when_no_key_is_a_report_field() {
    let packs = pilotlint::load_rules(pilotlint::builtin::all(false)).expect("the packs load");
    let keys = |text: &str| {
        pilotlint::check_report(&packs, "f.yaml", text.as_bytes()).not_a_report(&packs)
    };
    let owned = |ks: &[&str]| Some(ks.iter().map(|k| k.to_string()).collect::<Vec<_>>());
    assert_eq!(
        keys("name: ci\non: push\njobs: {}\n"),
        owned(&["name", "on", "jobs"])
    );
    assert_eq!(keys("services: {}\n---\nx: 1\n"), owned(&["services", "x"]));
    // A report without `program` is still one: `period` is a report field.
    assert_eq!(keys("period: {end: 2021-06-30}\nfoo: 1\n"), None);
    // One document that is a report makes the file one.
    assert_eq!(keys("services: {}\n---\nprogram: x\n"), None);
    // Not plainly anything: empty, a list, a scalar, `{}`, invalid YAML.
    for text in ["", "- a\n- b\n", "hello\n", "{}\n", "a: [\n"] {
        assert_eq!(keys(text), None, "{text:?}");
    }
    // Regression (a gap named with issue 15): rules that declared no schema
    // could not tell, so every YAML file was a report. Now the fields their
    // rules read at the root (`owner`, `stage`; not `m`, an `each`
    // variable, nor `limit`, a `let`) and the reference report's root
    // fields (`period`) tell.
    let plain = pilotlint::load_rules(vec![pilotlint::rules::RuleSource {
        name: "a.rules".into(),
        text: "let limit = 3\nrule A \"a\" {\n    require exists(owner)\n    \
               each m in stage.items { require m.n < limit }\n}\n"
            .into(),
    }])
    .expect("loads");
    let keys = |text: &str| {
        pilotlint::check_report(&plain, "f.yaml", text.as_bytes()).not_a_report(&plain)
    };
    assert_eq!(keys("services: {}\n"), owned(&["services"]));
    assert_eq!(keys("m: 1\nlimit: 2\n"), owned(&["m", "limit"]));
    for report in ["owner: x\n", "stage: {}\nz: 1\n", "period: {}\n"] {
        assert_eq!(keys(report), None, "{report:?}");
    }
    // What a rule across reports reads of each report counts too (a
    // regression the set tests caught while this was written: `r.n` is no
    // bare name).
    let set = pilotlint::load_rules(vec![pilotlint::rules::RuleSource {
        name: "s.rules".into(),
        text: "rule S \"s\" {\n    each r in reports { require r.n > 0 }\n}\n".into(),
    }])
    .expect("loads");
    let checked = pilotlint::check_report(&set, "f.yaml", b"n: 1\n");
    assert_eq!(checked.not_a_report(&set), None);
    let checked = pilotlint::check_report(&set, "f.yaml", b"services: {}\n");
    assert_eq!(checked.not_a_report(&set), owned(&["services"]));
}

/// Which files a directory walk reads, as ripgrep and Ruff do (issue 15;
/// done before this branch, tested here through the binary): `.gitignore`
/// and `.ignore` leave files out (also without a `.git`), hidden files are
/// skipped, `--no-ignore` reads the ignore files no more, `*.YAML` and
/// `*.YML` are YAML, and a dangling symbolic link is said on stderr.
#[cfg(unix)]
#[test]
fn the_walk_follows_ignore_files_and_says_what_it_skips() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["reports", "build", "scratch", ".hidden"] {
        std::fs::create_dir_all(dir.join(sub)).expect("a folder");
    }
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).expect("written");
    write(".gitignore", "build/\n");
    write(".ignore", "scratch/\n");
    // Not YAML at all: read, each would be a `yaml-syntax` error.
    write("build/generated.yaml", "a: [\n");
    write("scratch/notes.yml", "a: [\n");
    write(".hidden/x.yaml", "a: [\n");
    write("reports/UPPER.YAML", "program: x\n");
    write("reports/short.YML", "program: x\n");
    std::os::unix::fs::symlink("gone.yaml", dir.join("reports/dangling.yaml")).expect("a link");
    let run = |extra: &[&str]| {
        let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args([
                "check",
                ".",
                "--no-config",
                "--rules",
                "builtin:service-trade-pilot",
            ])
            .args(["--format", "concise", "--fail-on", "never"])
            .args(extra)
            .output()
            .expect("pilotlint runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (stdout, stderr) = run(&[]);
    let files = |out: &str| {
        let mut f: Vec<String> = out
            .lines()
            .filter_map(|l| l.split(':').next())
            .filter(|f| {
                f.ends_with(".yaml")
                    || f.ends_with(".yml")
                    || f.ends_with(".YAML")
                    || f.ends_with(".YML")
            })
            .map(str::to_string)
            .collect();
        f.dedup();
        f
    };
    assert_eq!(
        files(&stdout),
        ["reports/UPPER.YAML", "reports/short.YML"],
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "note: `reports/dangling.yaml` is not checked: it is a symbolic link to nothing"
        ),
        "{stderr}"
    );
    let (stdout, _) = run(&["--no-ignore"]);
    assert_eq!(
        files(&stdout),
        [
            "build/generated.yaml",
            "reports/UPPER.YAML",
            "reports/short.YML",
            "scratch/notes.yml"
        ],
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
