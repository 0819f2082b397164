//! Inline suppressions (`# pilotlint: ignore[...]`) through the library,
//! as `check` and `test` use it: what is silenced, the warnings about
//! suppressions, a gate that refuses them, and comments that only look
//! like suppressions because they sit in a string or a block scalar.
//! Every expected position and underlined text is worked out by hand.

use pilotlint::rules::{InlineIgnores, RuleSet, RuleSource};
use pilotlint::{CheckedReport, check_report, load_rules};

const RULES: &str = "rule A1 \"a is one\" {\n    require a == 1\n}\n\
                     rule B1 \"b is one\" {\n    severity warning\n    require b == 1\n}\n\
                     rule C1 \"c is one\" {\n    require c == 1\n}\n";

fn rules() -> RuleSet {
    load_rules(vec![RuleSource {
        name: "r.rules".into(),
        text: RULES.into(),
    }])
    .expect("valid rules")
}

/// Runs the binary in a fresh directory `name` holding `r.rules` and the
/// file `file` with `text`.
fn run_in(name: &str, file: &str, text: &str, args: &[&str]) -> std::process::Output {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("r.rules"), RULES).expect("write");
    std::fs::write(dir.join(file), text).expect("write");
    std::process::Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(&dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("pilotlint runs")
}

/// `(rule or code, underlined text)` of every finding.
fn seen(report: &CheckedReport) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let text = f
                .span
                .map(|s| report.text[s.start..s.end].to_string())
                .unwrap_or_default();
            (f.rule_id().to_string(), text)
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn a_comment_after_the_value_or_on_the_lines_above_silences_the_rule_there() {
    let rules = rules();
    let text = "a: 2 # pilotlint: ignore[A1] agreed with the province\n\
                # pilotlint: ignore[B1] known\n\
                # pilotlint: ignore[C1] stacked above the same line\n\
                b: 2\n\
                c: 2\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    // C1's comment covers `b: 2` (the next line that is not a comment), not
    // `c: 2`: so C1 is reported, and its suppression is unused.
    assert_eq!(
        seen(&report),
        [
            pair(
                "unused-suppression",
                "# pilotlint: ignore[C1] stacked above the same line"
            ),
            pair("C1", "2"),
        ]
    );
    let unused = &report.findings[0];
    assert_eq!(unused.label.as_deref(), Some("no `C1` finding on line 4"));
    assert_eq!(
        report
            .lines
            .line(&report.text, unused.span.expect("a span").start),
        3
    );
}

#[test]
fn the_word_pilotlint_is_read_in_any_case_whether_or_not_another_comment_has_it() {
    // Regression: a suppression written `# PILOTLINT: ...` worked only when
    // some other comment of the file had `pilotlint` in lowercase, since the
    // check that a file has suppressions at all matched the exact case.
    let rules = rules();
    let alone = "a: 2 # PILOTLINT: ignore[A1] agreed with the province\nb: 1\nc: 1\n";
    assert_eq!(seen(&check_report(&rules, "r.yaml", alone.as_bytes())), []);
    let beside = "# pilotlint is run on this file\n".to_string() + alone;
    assert_eq!(seen(&check_report(&rules, "r.yaml", beside.as_bytes())), []);
    // And without it the finding is there.
    let plain = "a: 2 # agreed with the province\nb: 1\nc: 1\n";
    assert_eq!(
        seen(&check_report(&rules, "r.yaml", plain.as_bytes())),
        [pair("A1", "2")]
    );
}

#[test]
fn ignore_file_and_several_rules_in_one_comment() {
    let rules = rules();
    let text = "a: 2\nb: 2 # pilotlint: ignore[B1, C1] both\nc: 2\n\
                # pilotlint: ignore-file[A1, C1] the whole file\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    // B1 silenced on its line; C1 there is unused (on `C1`); A1 and C1
    // silenced by the file-wide comment.
    assert_eq!(seen(&report), [pair("unused-suppression", "C1")]);
    assert_eq!(
        report
            .lines
            .line_col(&report.text, report.findings[0].span.expect("span").start)
            .column,
        30
    );
}

#[test]
fn invalid_suppressions_are_warnings_and_silence_nothing() {
    let rules = rules();
    let text = "a: 2 # pilotlint: ignore[A1]\n\
                b: 2 # pilotlint: ignore[B2] typo\n\
                c: 2 # pilotlint: ignore[C1 reason\n\
                d: 1 # pilotlint: ignroe[A1] typo\n\
                e: 1 # pilotlint ignore[A1] no colon\n\
                f: 1 # pilotlint: ignore[yaml-syntax] no\n\
                g: 1 # pilotlint: ignore[] nothing\n\
                h: 1 # pilotlint checks this file (prose, not a suppression)\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    let got = seen(&report);
    assert_eq!(
        got,
        [
            pair("A1", "2"),
            pair("invalid-suppression", "# pilotlint: ignore[A1]"),
            pair("B1", "2"),
            pair("invalid-suppression", "B2"),
            pair("C1", "2"),
            pair("invalid-suppression", ""),
            pair("invalid-suppression", "ignroe"),
            pair("invalid-suppression", ""),
            pair("invalid-suppression", "yaml-syntax"),
            pair("invalid-suppression", "ignore[]"),
        ]
    );
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "invalid-suppression")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "suppression without a reason",
            "unknown rule `B2` in a suppression",
            "expected `,` or `]` in the list of rules",
            "unknown suppression `ignroe`",
            "expected `:` after `pilotlint`",
            "unknown rule `yaml-syntax` in a suppression",
            "no rule in the suppression",
        ]
    );
    let b2 = report
        .findings
        .iter()
        .find(|f| f.message.contains("`B2`"))
        .expect("B2");
    assert_eq!(b2.help.as_deref(), Some("did you mean `B1`?"));
    // The point of the missing colon: right after `pilotlint` on line 5.
    let colon = report
        .findings
        .iter()
        .find(|f| f.message.contains("`:`"))
        .expect("colon");
    let at = colon.span.expect("span").start;
    assert_eq!(&report.text[at - 9..at], "pilotlint");
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code == "invalid-suppression" || f.rule.is_some())
    );
}

#[test]
fn hashes_in_strings_and_block_scalars_are_not_suppressions() {
    let rules = rules();
    let text = "note: \"# pilotlint: ignore[A1] in a string\"\n\
                a: 2\n\
                text: |\n  # pilotlint: ignore[B1] in a block scalar\n\
                b: 2\n\
                other: 'it''s # pilotlint: ignore[C1] quoted'\n\
                c: 2\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    assert_eq!(
        seen(&report),
        [pair("A1", "2"), pair("B1", "2"), pair("C1", "2")]
    );
}

#[test]
fn findings_no_rule_wrote_cannot_be_silenced() {
    let rules = rules();
    // Not YAML (a duplicate key): the comment is not even read.
    let text = "# pilotlint: ignore-file[A1] x\na: 1\na: 2\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>(),
        ["yaml-syntax"]
    );
    // A file of comments only is still no report.
    let report = check_report(&rules, "r.yaml", b"# pilotlint: ignore-file[A1] x\n");
    assert_eq!(report.findings[0].code, "empty-report");
}

#[test]
fn a_gate_that_refuses_suppressions_says_so_on_the_findings() {
    let mut rules = rules();
    rules.inline_ignores = InlineIgnores::Refused;
    let text = "a: 2 # pilotlint: ignore[A1] please\nb: 1 # pilotlint: ignore[B1] unused\n\
                c: 1 # pilotlint: ignore[Z9] invalid\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    // A1 stays; no warning about the unused or invalid comments.
    assert_eq!(seen(&report), [pair("A1", "2")]);
    assert_eq!(
        report.findings[0].help.as_deref(),
        Some(
            "the `# pilotlint: ignore[A1]` comment on line 1 was not applied: this check does \
             not accept inline suppressions (`--no-inline-ignores` or `inline_ignores = false` \
             in pilotlint.toml)"
        )
    );
}

#[test]
fn crlf_reports_and_chinese_text_keep_positions() {
    let rules = rules();
    let text = "标题: 西安\r\na: 2  # pilotlint: ignore[B1] 原因\r\n";
    let report = check_report(&rules, "r.yaml", text.as_bytes());
    // B1 and C1: `b` and `c` are missing, reported at the first key.
    assert_eq!(
        seen(&report),
        [
            pair("B1", "标题"),
            pair("C1", "标题"),
            pair("A1", "2"),
            pair("unused-suppression", "# pilotlint: ignore[B1] 原因")
        ]
    );
    let unused = report.findings[3].span.expect("span");
    let at = report.lines.line_col(&report.text, unused.start);
    assert_eq!((at.line, at.column), (2, 7));
}

#[test]
fn rule_tests_apply_suppressions_as_check_does_one_case_at_a_time() {
    let out = run_in(
        "suppress-rule-test",
        "r.tests.yaml",
        "cases:\n\
         - name: silenced\n\
         \x20 report:\n\
         \x20   # pilotlint: ignore-file[A1] this case only\n\
         \x20   a: 2\n\
         \x20   b: 2 # pilotlint: ignore[B1] known\n\
         \x20 expect: {A1: pass, B1: pass}\n\
         - name: the next case is not silenced by the one above\n\
         \x20 report:\n\
         \x20   a: 2\n\
         \x20 expect: {A1: fail}\n",
        &["test", "r.tests.yaml"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("2 cases: 2 passed, 0 failed"), "{stdout}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn junit_still_counts_the_rules_of_a_file_with_suppression_warnings_as_checked() {
    // Regression: a rule-less finding used to mark every rule test case of
    // the file `skipped` ("no rule was checked"), which holds for a file
    // that is not YAML but not for one with an unused suppression.
    let out = run_in(
        "suppress-junit",
        "r.yaml",
        "a: 1 # pilotlint: ignore[A1] stale\nb: 1\nc: 1\n",
        &["check", "r.yaml", "--rules", "r.rules", "--format", "junit"],
    );
    let xml = String::from_utf8_lossy(&out.stdout);
    // One failing case (the unused suppression), three passing rules.
    assert!(
        xml.contains(
            "<testsuite name=\"r.yaml\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"0\">"
        ),
        "{xml}"
    );
}

#[test]
fn sarif_describes_the_suppression_warnings_as_warnings_and_stays_valid() {
    let out = run_in(
        "suppress-sarif",
        "r.yaml",
        "a: 1 # pilotlint: ignore[A1] stale\nb: 1 # pilotlint: ignore[B1]\nc: 1\n",
        &["check", "r.yaml", "--rules", "r.rules", "--format", "sarif"],
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sarif/sarif-2.1.0.json"),
        )
        .expect("the vendored schema"),
    )
    .expect("JSON");
    let validator = jsonschema::options().build(&schema).expect("compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    let level_of = |id: &str| {
        run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["defaultConfiguration"]["level"].clone())
    };
    assert_eq!(level_of("unused-suppression"), Some("warning".into()));
    assert_eq!(level_of("invalid-suppression"), Some("warning".into()));
    let results: Vec<(&str, u64, u64)> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap_or_default(),
                region["startLine"].as_u64().unwrap_or_default(),
                region["startColumn"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    // Both comments start at column 6, after `a: 1 ` and `b: 1 `.
    assert_eq!(
        results,
        [("unused-suppression", 1, 6), ("invalid-suppression", 2, 6)]
    );
}
