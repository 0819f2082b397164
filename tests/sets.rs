//! Rules across reports and `data` files: errors in data files and set
//! rules at load time (one error each, where it is declared or written),
//! and a set rule that fails to evaluate on one report (a finding there,
//! the others still checked). What a run writes of set findings is in
//! `set_outputs.rs`.

// Comprehensions, `sum`, `min` and the like over the set.
mod walks;

use pilotlint::pipeline::{RuleError, check_report, check_set, load_rules_with};
use pilotlint::resolve::{ResolveError, Resolved, Wanted};
use pilotlint::rules::RuleSource;

/// The rule errors of `rules`, whose data files and schemas are the
/// `(path, text)` pairs of `files` (any other path: no such file).
fn load_errors(rules: &str, files: &[(&str, &str)]) -> Vec<RuleError> {
    let mut resolve =
        |_: &RuleSource, wanted: Wanted, path: &str| match files.iter().find(|(p, _)| *p == path) {
            Some((p, text)) => Ok(Resolved {
                name: p.to_string(),
                text: text.to_string(),
            }),
            None => Err(ResolveError {
                message: format!("cannot read {} `{path}`: no such file", wanted.noun()),
                help: None,
            }),
        };
    let source = RuleSource {
        name: "t.rules".into(),
        text: rules.into(),
    };
    match load_rules_with(vec![source], &mut resolve) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors,
    }
}

/// The messages of [`load_errors`].
fn rule_errors(rules: &str, files: &[(&str, &str)]) -> Vec<String> {
    load_errors(rules, files)
        .iter()
        .map(|e| match e {
            RuleError::Syntax { error, .. } => error.message(),
            RuleError::Check(c) => c.message.clone(),
        })
        .collect()
}

const USES_AREAS: &str = r#"
data areas "areas.yaml"
rule A001 "every area is named" {
    each a in areas {
        require exists(a.name)
    }
}
"#;

const AREAS: &str = "- name: Weihai\n  province: Shandong\n  code: Weihai\n";

const AREAS_SCHEMA: &str = r##"{
  "type": "array",
  "items": {"$ref": "#/$defs/area"},
  "$defs": {"area": {
    "type": "object",
    "additionalProperties": false,
    "properties": {"name": {"type": "string"}, "province": {"type": "string"}, "code": {"type": "string"}}
  }}
}"##;

/// A rule file with no report schema, whose data file declares one: the
/// paths into the data are checked (through the data schema's own `$ref`),
/// the report's are not.
#[test]
fn a_data_file_with_a_schema_has_its_paths_checked() {
    let rules = r#"
data areas "areas.yaml" { schema "areas.schema.json" }
rule A001 "every area is named" {
    require area.name in areas[*].nmae and anything.goes
}
"#;
    let files = [("areas.yaml", AREAS), ("areas.schema.json", AREAS_SCHEMA)];
    let errors = rule_errors(rules, &files);
    assert_eq!(errors, ["unknown field `areas[*].nmae`"], "{errors:?}");
    // Spelt right, the file loads.
    let fixed = rules.replace(".nmae", ".name");
    assert_eq!(rule_errors(&fixed, &files), Vec::<String>::new());
    // Without the schema, the misspelt path is not an error.
    let untyped = rules.replace(r#" { schema "areas.schema.json" }"#, "");
    assert_eq!(rule_errors(&untyped, &files), Vec::<String>::new());
}

#[test]
fn a_data_schema_that_cannot_be_read_or_is_not_json_is_an_error_at_its_declaration() {
    let rules = "data areas \"areas.yaml\" { schema \"areas.schema.json\" }\n";
    let errors = rule_errors(rules, &[("areas.yaml", AREAS)]);
    assert_eq!(
        errors,
        ["cannot read schema `areas.schema.json`: no such file"],
        "{errors:?}"
    );
    let files = [("areas.yaml", AREAS), ("areas.schema.json", "{\"type\": ")];
    let errors = rule_errors(rules, &files);
    assert_eq!(
        errors,
        ["schema `areas.schema.json` is not JSON"],
        "{errors:?}"
    );
    let files = [
        ("areas.yaml", AREAS),
        ("areas.schema.json", "{\"type\": \"list\"}"),
    ];
    let errors = rule_errors(rules, &files);
    assert_eq!(
        errors,
        ["schema `areas.schema.json` is not a JSON Schema pilotlint understands"],
        "{errors:?}"
    );
}

/// A data file that does not hold what its schema says is an error at its
/// declaration, naming each place and why (worked out by hand); the same
/// file without a schema loads.
#[test]
fn a_data_file_that_breaks_its_schema_is_an_error_at_its_declaration() {
    let rules = "data areas \"areas.yaml\" { schema \"areas.schema.json\" }\n";
    let bad = "- name: Weihai\n  province: Shandong\n  code: 7\n- name: Hefei\n  provnce: Anhui\n";
    let files = [("areas.yaml", bad), ("areas.schema.json", AREAS_SCHEMA)];
    let errors = load_errors(rules, &files);
    let [RuleError::Check(c)] = errors.as_slice() else {
        panic!("one check error: {errors:?}")
    };
    assert_eq!(
        c.message,
        "data file `areas.yaml` does not match its schema `areas.schema.json`"
    );
    assert_eq!(&rules[c.span.start..c.span.end], "\"areas.yaml\"");
    assert_eq!(
        c.help.as_deref(),
        Some(
            "`[0].code`: the number 7, where the schema wants string; \
             `[1].provnce`: `provnce` is not a field the schema declares; \
             correct the data file, or the schema if the data is right"
        )
    );
    let untyped = rules.replace(r#" { schema "areas.schema.json" }"#, "");
    assert_eq!(rule_errors(&untyped, &files), Vec::<String>::new());
    assert_eq!(
        rule_errors(
            rules,
            &[("areas.yaml", AREAS), ("areas.schema.json", AREAS_SCHEMA)]
        ),
        Vec::<String>::new()
    );
}

/// The shipped registry's schema refuses a code NAT004 could not write
/// into its pattern as it is (a `.` matches any character there).
#[test]
fn the_shipped_registry_schema_refuses_a_code_with_pattern_characters() {
    let rules = "data areas \"areas.yaml\" { schema \"areas.schema.json\" }\n";
    let schema = include_str!("../rules/data/pilot-areas.schema.json");
    let bad = "- name: Weihai\n  province: Shandong\n  code: Wei.hai\n";
    let errors = load_errors(rules, &[("areas.yaml", bad), ("areas.schema.json", schema)]);
    let [RuleError::Check(c)] = errors.as_slice() else {
        panic!("one check error: {errors:?}")
    };
    assert_eq!(
        c.help.as_deref(),
        Some(
            "`[0].code`: the text \"Wei.hai\", which does not match the schema's `pattern` \
             `^[A-Za-z0-9]+$`; correct the data file, or the schema if the data is right"
        )
    );
    let good = bad.replace("Wei.hai", "Weihai");
    let files = [("areas.yaml", good.as_str()), ("areas.schema.json", schema)];
    assert_eq!(rule_errors(rules, &files), Vec::<String>::new());
}

/// The data schema sits in a block, so a `schema` item on the line after a
/// `data` item is the rule file's report schema, not the data file's.
#[test]
fn a_schema_item_after_a_data_item_stays_the_reports() {
    let (file, errors) = pilotlint::syntax::parse(
        "data areas \"areas.yaml\"\nschema \"report.json\"\ndata b \"b.yaml\" { }\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let kinds: Vec<String> = file
        .items
        .iter()
        .map(|i| match i {
            pilotlint::syntax::ast::Item::Data(d) => {
                format!("data {} {}", d.name.node, d.schema.is_some())
            }
            pilotlint::syntax::ast::Item::Schema(s) => format!("schema {}", s.path.node),
            _ => "other".to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        ["data areas false", "schema report.json", "data b true"]
    );
    let (_, errors) = pilotlint::syntax::parse("data a \"a.yaml\" { scheme \"a.json\" }\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message().contains("expected `schema` or `}`"),
        "{}",
        errors[0].message()
    );
}

/// Regression: a data file that could not be read used to make every use
/// of its name a second error ("`areas` reads a report").
#[test]
fn a_missing_data_file_is_one_error_at_its_declaration() {
    let errors = rule_errors(USES_AREAS, &[]);
    assert_eq!(
        errors,
        ["cannot read data file `areas.yaml`: no such file"],
        "{errors:?}"
    );
}

#[test]
fn a_data_file_that_is_not_yaml_is_an_error_with_its_line() {
    let errors = rule_errors(USES_AREAS, &[("areas.yaml", "- name: a\n- name: [b\n")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("data file `areas.yaml` is not valid YAML")
            && errors[0].contains("line "),
        "{errors:?}"
    );
}

#[test]
fn a_data_file_of_two_documents_is_an_error() {
    let errors = rule_errors(USES_AREAS, &[("areas.yaml", "- a\n---\n- b\n")]);
    assert_eq!(
        errors,
        ["data file `areas.yaml` holds 2 documents, not one"],
        "{errors:?}"
    );
}

/// A data file is as trusted as the rules, but still goes through the
/// loader's limits: nesting deeper than the loader allows is a rule error,
/// not a crash.
#[test]
fn a_data_file_over_the_loader_limits_is_a_rule_error() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let errors = rule_errors(USES_AREAS, &[("areas.yaml", &deep)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("not valid YAML"), "{errors:?}");
    // A billion laughs: aliases that expand past the loader's budget.
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let errors = rule_errors(USES_AREAS, &[("areas.yaml", &laughs)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn a_data_name_bound_twice_is_an_error() {
    let rules = format!("let areas = 1\n{USES_AREAS}");
    let errors = rule_errors(&rules, &[("areas.yaml", "- name: a\n")]);
    assert_eq!(
        errors,
        ["`areas` is already bound in this file"],
        "{errors:?}"
    );
}

#[test]
fn a_report_field_outside_each_in_a_set_rule_is_an_error_with_the_each_form() {
    let rules = r#"
rule S001 "no more reports than measures" {
    require count(reports) <= count(measures)
}
"#;
    let errors = rule_errors(rules, &[]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("`measures` reads a report") && errors[0].contains("S001"),
        "{errors:?}"
    );
}

/// A set rule that cannot evaluate on one report (a missing value, a text
/// where a number is compared) gives its finding at that report, and still
/// checks the others: the third report's count is reported too.
#[test]
fn a_set_rule_that_fails_on_one_report_still_checks_the_others() {
    let rules = pilotlint::load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
rule S001 "every report counts its measures" {
    each r in reports {
        require r.total > 0
    }
}
"#
        .into(),
    }])
    .expect("the rule loads");
    let texts = [
        "area: a\n",
        "area: b\ntotal: many\n",
        "area: c\ntotal: 0\n",
        "area: d\ntotal: 3\n",
    ];
    let found = set_findings(&rules, &texts);
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["r0.yaml", "r1.yaml", "r2.yaml"], "{found:?}");
    assert_eq!(found[0].1, "S001", "{found:?}");
    assert!(found[0].2.contains("missing"), "{found:?}");
    assert_eq!(found[1].1, "incomparable", "{found:?}");
    assert_eq!(found[2].1, "S001", "{found:?}");
    assert!(found[2].2.contains("is 0, expected > 0"), "{found:?}");
}

/// The national examples with `x.yaml`, a Weihai report whose period ends
/// on `end`, checked by the built-in national pack through the binary at
/// `threads`: its concise output.
fn national_with(end: &str, threads: &str) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).expect("a folder");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/national");
    for entry in std::fs::read_dir(examples).expect("the examples") {
        let path = entry.expect("an entry").path();
        std::fs::copy(&path, reports.join(path.file_name().expect("a name"))).expect("copied");
    }
    std::fs::write(
        reports.join("x.yaml"),
        format!(
            "program: service-trade-pilot-2020\narea: {{name: Weihai}}\nperiod: {{end: {end}}}\nmeasures: []\n"
        ),
    )
    .expect("x.yaml is written");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilotlint"))
        .current_dir(dir.path())
        .args(["check", "reports", "--rules", "builtin:national"])
        .args(["--format", "concise", "--threads", threads])
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pilotlint runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// HIS001's finding of the examples' Changchun-122, implemented in the
/// first half of 2022 and missing from the second (examples/README.md).
const CHANGCHUN_122: &str = "reports/changchun-2022-h2.yaml:21:1: error[HIS001] measure \
    Changchun-122 was implemented in the report for 2022-06-30 and is not in this report, with \
    no `summary.note` saying why";

/// The findings of `concise` of rules HIS001 and HIS002.
fn history_findings(concise: &str) -> Vec<&str> {
    concise
        .lines()
        .filter(|l| l.contains("[HIS001]") || l.contains("[HIS002]"))
        .collect()
}

/// Regression: one report whose `period.end` cannot be ordered made the
/// set rules HIS001 and HIS002 lose the findings of every other report of
/// its area. Each Weihai report's `stp[area.name == r.area.name and
/// period.end < r.period.end]` met x.yaml's `2022-13-45`, and the error
/// ended that report's check: HIS001's finding of weihai-2022-h2.yaml
/// (examples/README.md, `national/`) was gone, only x.yaml's error shown.
/// x.yaml is now left out of the other reports' filters, its error given
/// once per rule, at its value: line 3, `period: {end: 2022-13-45}`, whose
/// value starts after `period: {end: `, 14 characters, at column 15.
#[test]
fn a_report_with_a_date_that_does_not_exist_hides_no_other_reports_history_finding() {
    let concise = national_with("2022-13-45", "1");
    let not_a_date = "`2022-13-45` is not a date: there is no month 13";
    assert_eq!(
        history_findings(&concise),
        [
            "reports/changchun-2022-h2.yaml:19:19: warning[HIS002] Changchun reports 121 measures \
             for the period ending 2022-12-31 and 122 for the period ending 2022-06-30, with no \
             `summary.note` saying why; see reports/changchun-2022-h1-again.yaml:19:19: \
             `prev.summary.measures_total` is 122",
            CHANGCHUN_122,
            "reports/weihai-2022-h2.yaml:166:9: error[HIS001] measure Weihai-017 was implemented \
             in the report for 2022-06-30 and is in-progress now; see \
             reports/weihai-2022-h1.yaml:165:9: \"Weihai-017\" here",
            &format!("reports/x.yaml:3:15: error[HIS001] {not_a_date}"),
            &format!("reports/x.yaml:3:15: error[HIS002] {not_a_date}"),
        ],
        "{concise}"
    );
    assert_eq!(national_with("2022-13-45", "3"), concise);
}

/// The same with a period that ends `soon`, a text that is no date: the
/// errors of ordering it against the Weihai reports' dates, both ways
/// round (x.yaml as the element of a filter, and as the report checked),
/// point at x.yaml's `soon`, never at the good report it was compared
/// with (weihai-2022-h1.yaml's `period.end`, line 10, before). They are one
/// mistake, given once per rule (it was twice, the message mirrored).
#[test]
fn a_report_with_a_period_that_is_no_date_is_blamed_not_the_report_it_is_compared_with() {
    let concise = national_with("soon", "1");
    let mut expected = vec![
        "reports/changchun-2022-h2.yaml:19:19: warning[HIS002] Changchun reports 121 measures \
         for the period ending 2022-12-31 and 122 for the period ending 2022-06-30, with no \
         `summary.note` saying why; see reports/changchun-2022-h1-again.yaml:19:19: \
         `prev.summary.measures_total` is 122"
            .to_string(),
        CHANGCHUN_122.to_string(),
        "reports/weihai-2022-h2.yaml:166:9: error[HIS001] measure Weihai-017 was implemented \
         in the report for 2022-06-30 and is in-progress now; see \
         reports/weihai-2022-h1.yaml:165:9: \"Weihai-017\" here"
            .to_string(),
    ];
    // The first met: x.yaml left out of weihai-2022-h1's filter (a string
    // against a date), not x.yaml's own check (a date against a string).
    for rule in ["HIS001", "HIS002"] {
        expected.push(format!(
            "reports/x.yaml:3:15: error[{rule}] cannot order a string against a date in \
             `period.end < r.period.end`"
        ));
    }
    assert_eq!(history_findings(&concise), expected, "{concise}");
    assert_eq!(national_with("soon", "3"), concise);
}

/// Only a report of the set is left out of a filter it breaks: a filter
/// over anything else (here a report's items) stops at the error as one
/// report at a time, so the report's check ends there, with the error's
/// finding at the item and none of its count.
#[test]
fn a_filter_over_a_reports_items_still_stops_at_an_error() {
    let rules = pilotlint::load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
rule S002 "no big items" {
    each r in reports {
        require count(r.items[n > 1]) < 1
            else "{r.area} has big items"
    }
}
"#
        .into(),
    }])
    .expect("the rule loads");
    let texts = [
        "area: a\nitems:\n  - {n: many}\n  - {n: 5}\n",
        "area: b\nitems:\n  - {n: 5}\n",
    ];
    let found = set_findings(&rules, &texts);
    let expected = [
        (
            "r0.yaml",
            "incomparable",
            "cannot order a string against a number in `n > 1`",
        ),
        ("r1.yaml", "S002", "b has big items"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(found, expected);
}

/// The findings of the rules across reports of `rules` over the set of
/// `texts` (named `r0.yaml`, `r1.yaml`, ...): `(file, code, message)`.
fn set_findings(
    rules: &pilotlint::rules::RuleSet,
    texts: &[&str],
) -> Vec<(String, String, String)> {
    let mut set = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        set.extend(check_report(rules, &format!("r{i}.yaml"), text.as_bytes()).for_set(rules));
    }
    let result = check_set(rules, set, &mut |i| texts.get(i).map(|t| t.to_string()));
    result
        .reports
        .iter()
        .flat_map(|r| {
            r.findings
                .iter()
                .map(|f| (r.name.clone(), f.code.clone(), f.message.clone()))
        })
        .collect()
}
