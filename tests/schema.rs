//! Schema-checked rules: every case folder under `fixtures/schema-errors/`
//! holds `rules.rules`, which declares a schema beside it (`schema.json`),
//! and the snapshot is every error, rendered as `check.rs` renders them.
//! Folders under `fixtures/schema-ok/` must check clean. The schemas are
//! read by a resolver that reads files beside the rule file, as the command
//! line does (whose confinement to the rule root is tested in `cli.rs`).

use std::path::Path;

use pilotlint::check::check_with_schemas;
use pilotlint::resolve::{ResolveError, Resolved, Wanted};
use pilotlint::rules::RuleSource;
use pilotlint::{RuleError, load_rules, load_rules_with};

/// Loads `dir/rules.rules` with the schemas it declares read from `dir`.
fn check_dir(
    dir: &Path,
) -> (
    Vec<RuleSource>,
    Result<(), Vec<pilotlint::check::CheckError>>,
) {
    let text = std::fs::read_to_string(dir.join("rules.rules")).unwrap();
    let (file, syntax_errors) = pilotlint::syntax::parse(&text);
    assert!(
        syntax_errors.is_empty(),
        "{}: {syntax_errors:#?}",
        dir.display()
    );
    let sources = vec![RuleSource {
        name: "rules.rules".to_string(),
        text,
    }];
    let mut beside = |_: &RuleSource, _: Wanted<'_>, path: &str| read_beside(dir, path);
    let result = check_with_schemas(sources.clone(), vec![file], &mut beside).map(|_| ());
    (sources, result)
}

/// The schema `path`, read relative to `dir`.
pub(crate) fn read_beside(dir: &Path, path: &str) -> Result<Resolved, ResolveError> {
    std::fs::read_to_string(dir.join(path))
        .map(|text| Resolved {
            name: path.to_string(),
            text,
        })
        .map_err(|_| ResolveError {
            message: format!("schema `{path}` does not exist"),
            help: None,
        })
}

#[test]
fn schema_error_fixtures() {
    insta::glob!("fixtures/schema-errors/*", |dir| {
        let (sources, result) = check_dir(dir);
        let errors = match result {
            Ok(()) => panic!("{} checks clean, expected errors", dir.display()),
            Err(errors) => errors,
        };
        insta::assert_snapshot!(super::check::render(&sources, &errors));
    });
}

#[test]
fn schema_ok_fixtures_are_clean() {
    insta::glob!("fixtures/schema-ok/*", |dir| {
        let (sources, result) = check_dir(dir);
        if let Err(errors) = result {
            panic!("{}", super::check::render(&sources, &errors));
        }
    });
}

/// The shipped packs declare the repository's schema; loaded as files
/// (`rules/`) or as the copies compiled in (`builtin:`), they check clean
/// against it, which shows the schema covers every path they read.
#[test]
fn the_shipped_packs_check_clean_against_the_shipped_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, _) in pilotlint::builtin::PACKS {
        let rel = format!("rules/{name}.rules");
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        assert!(
            text.contains("\nschema \"../schema/report.schema.json\"\n"),
            "{rel} declares the schema"
        );
        let source = RuleSource { name: rel, text };
        let mut from_repo = |rule: &RuleSource, _: Wanted<'_>, path: &str| {
            let dir = Path::new(&rule.name).parent().unwrap();
            read_beside(&root.join(dir), path)
        };
        if let Err(e) = load_rules_with(vec![source], &mut from_repo) {
            let text: Vec<String> = pilotlint::diagnostic::rule_errors(&e)
                .iter()
                .map(|d| pilotlint::diagnostic::render(d, false))
                .collect();
            panic!("{}", text.join("\n"));
        }
    }
    load_rules(pilotlint::builtin::all(true))
        .expect("the compiled-in packs load with their schema");
}

/// The compiled-in packs resolve their declaration to the embedded schema,
/// so a typo in a built-in pack's path would be caught there too.
#[test]
fn a_builtin_pack_is_checked_against_the_embedded_schema() {
    let mut pack = pilotlint::builtin::get("service-trade-pilot").unwrap();
    pack.text = pack.text.replacen(
        "implementation_plan.approved_on",
        "implementation_plan.aproved_on",
        1,
    );
    let err = load_rules(vec![pack]).expect_err("a typo in a path");
    let [RuleError::Check(e)] = &err.errors[..] else {
        panic!("{:#?}", err.errors);
    };
    assert_eq!(e.message, "unknown field `implementation_plan.aproved_on`");
    let text = &err.sources[0].text;
    assert_eq!(&text[e.span.start..e.span.end], "aproved_on");
    let help = e.help.as_deref().unwrap();
    assert!(help.starts_with("did you mean `approved_on`? "), "{help}");
    assert!(
        help.contains("`#/definitions/progressReport/properties/implementation_plan`"),
        "{help}"
    );
}

/// Callers that read no files keep `load_rules(sources)`: a file without a
/// declaration loads as before, and a declaration it cannot resolve is an
/// error at the declaration rather than a silently unchecked file.
#[test]
fn load_rules_without_a_resolver_refuses_a_declared_schema_file() {
    let text = "schema \"report.schema.json\"\nrule A \"a\" { require exists(a) }\n";
    let err = load_rules(vec![RuleSource {
        name: "a.rules".into(),
        text: text.into(),
    }])
    .expect_err("no schema can be read");
    let [RuleError::Check(e)] = &err.errors[..] else {
        panic!("{:#?}", err.errors);
    };
    assert_eq!(e.message, "schema `report.schema.json` was not read");
    assert_eq!(&text[e.span.start..e.span.end], "\"report.schema.json\"");
    load_rules(vec![RuleSource {
        name: "b.rules".into(),
        text: "rule B \"b\" { require exists(b) }\n".into(),
    }])
    .expect("no declaration, no schema needed");
}

/// Under `--rule-root`, a symbolic link inside the root that points outside
/// it does not let a rule file read what it points at: the link is resolved
/// before the path is compared with the root. A link that stays inside is
/// followed, and without `--rule-root` both are read.
#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_rule_root_is_refused() {
    use std::process::Command;

    let base = std::env::temp_dir().join(format!("pilotlint-schema-link-{}", std::process::id()));
    let (root, outside) = (base.join("root"), base.join("outside"));
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.json"), "{}").unwrap();
    std::fs::write(root.join("inside.json"), "{}").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.json"), root.join("out.json")).unwrap();
    std::os::unix::fs::symlink(root.join("inside.json"), root.join("in.json")).unwrap();
    let run_with = |schema: &str, sandbox: &[&str]| {
        let rule = format!("schema \"../{schema}\"\nrule A \"a\" {{ require exists(a) }}\n");
        std::fs::write(root.join("rules/a.rules"), rule).unwrap();
        let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .args(["rules", "--no-config", "--rules", "rules"])
            .args(sandbox)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let run = |schema: &str| run_with(schema, &["--rule-root", "."]);
    let (out_code, out_err) = run("out.json");
    let (in_code, in_err) = run("in.json");
    let (trusted_code, trusted_err) = run_with("out.json", &[]);
    std::fs::remove_dir_all(&base).ok();
    assert_eq!(trusted_code, Some(0), "{trusted_err}");
    assert_eq!(out_code, Some(2), "{out_err}");
    assert!(
        out_err.contains("schema `../out.json` is outside the rule root"),
        "{out_err}"
    );
    assert_eq!(in_code, Some(0), "{in_err}");
}

/// Every command that loads rules checks them against their schema: the
/// typo in `fixtures/cli/schema-typo-test/rules/plan.rules` stops `check`,
/// `rules`, `explain` and `test` alike, before any report is read.
#[test]
fn every_command_that_loads_rules_checks_their_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/schema-typo-test");
    for args in [
        &["check", "--rules", "rules", "no-such-report.yaml"][..],
        &["rules", "--rules", "rules"],
        &["explain", "STP002", "--rules", "rules"],
        &["test", "rules"],
    ] {
        let out = std::process::Command::new(insta_cmd::get_cargo_bin("pilotlint"))
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("unknown field `implementation_plan.aproved_on`"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("no-such-report"), "{args:?}: {stderr}");
    }
}

/// Regression (issue 15): with the schema confined to the working
/// directory, the shipped rules named by an absolute path from any other
/// directory (`--rules /checkout/rules`) were a rule error. Rule files are
/// trusted: what they name is read relative to them, from anywhere;
/// `--rule-root` is an opt-in sandbox that still refuses what is outside it.
#[test]
fn rules_from_elsewhere_read_their_schema_and_rule_root_confines_them() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // A new, empty directory: it cannot hold the repository, whose schema
    // is then outside it wherever the checkout is (/tmp itself may hold it).
    let elsewhere = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("rule-root-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).expect("a scratch directory");
    let run = |extra: &[&std::ffi::OsStr]| {
        std::process::Command::new(insta_cmd::get_cargo_bin("pilotlint"))
            .current_dir(&elsewhere)
            .env("NO_COLOR", "1")
            .arg("rules")
            .arg("--no-config")
            .arg("--rules")
            .arg(repo.join("rules"))
            .args(extra)
            .output()
            .expect("pilotlint runs")
    };
    let anywhere = run(&[]);
    assert_eq!(
        anywhere.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&anywhere.stderr)
    );
    assert!(String::from_utf8_lossy(&anywhere.stdout).contains("NAT001"));
    let allowed = run(&["--rule-root".as_ref(), repo.as_os_str()]);
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    // A root that does not hold the schema refuses it, and says how to
    // widen it.
    let narrow = run(&["--rule-root".as_ref(), repo.join("rules").as_os_str()]);
    assert_eq!(narrow.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&narrow.stderr);
    assert!(stderr.contains("is outside the rule root"), "{stderr}");
    assert!(stderr.contains("leave out"), "{stderr}");
    let _ = std::fs::remove_dir_all(&elsewhere);
}
