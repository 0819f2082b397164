//! Tests of reading pilotlint.toml.

use super::*;

fn parse_text(text: &str) -> Result<Config, Vec<ConfigError>> {
    parse("pilotlint.toml".into(), text.into(), PathBuf::new())
}

/// The text each error underlines, with its message.
fn errors(text: &str) -> Vec<(String, &str)> {
    let errs = parse_text(text).expect_err("an invalid configuration");
    errs.iter()
        .map(|e| (e.message.clone(), &text[e.span.start..e.span.end]))
        .collect()
}

#[test]
fn a_valid_file_is_read() {
    let c = parse_text(
        "rules = [\"builtin:service-trade-pilot\"]\nfail_on = \"warning\"\n\
         inline_ignores = false\ndisable = [\"DZ006\"]\ninclude = [\"reports/**/*.yaml\"]\n\
         [severity]\nSTP011 = \"warning\"\n",
    )
    .expect("valid");
    assert_eq!(c.fail_on, Some(FailOn::Warning));
    assert_eq!(c.inline_ignores, Some(false));
    assert_eq!(c.disable[0].value, "DZ006");
    assert_eq!(c.severity[0].0.value, "STP011");
    assert_eq!(c.severity[0].1, Severity::Warning);
    assert_eq!(
        c.rule_paths(),
        Some(vec![PathBuf::from("builtin:service-trade-pilot")])
    );
}

#[test]
fn every_problem_points_at_its_value() {
    let text = "fail_on = \"warnings\"\ninline_ignores = \"no\"\nincludes = []\n\
                exclude = [\"a/[b\", 3]\nrules = [\"builtin:service-trade\"]\n";
    assert_eq!(
        errors(text),
        [
            (
                "unknown `fail_on` value `warnings`".to_string(),
                "\"warnings\""
            ),
            (
                "expected `true` or `false`, found a string".to_string(),
                "\"no\""
            ),
            ("unknown key `includes`".to_string(), "includes"),
            ("invalid glob `a/[b`".to_string(), "\"a/[b\""),
            ("expected a string, found an integer".to_string(), "3"),
            (
                "unknown built-in rule pack `builtin:service-trade`".to_string(),
                "\"builtin:service-trade\""
            ),
        ]
    );
    let e = parse_text("includes = []\n").expect_err("unknown key");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `include`?"));
    assert_eq!(
        errors("rules = []\n"),
        [("`rules` is empty".to_string(), "[]")]
    );
    assert_eq!(
        errors("baseline = 3\nselect = \"STP005\"\nignore = [true]\n"),
        [
            (
                "expected a path such as `\"baseline.json\"`, found an integer".to_string(),
                "3"
            ),
            ("expected a string, found a boolean".to_string(), "true"),
        ]
    );
    let e = parse_text("selct = []\n").expect_err("unknown key");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `select`?"));
}

#[test]
fn a_toml_syntax_error_points_at_the_parser_position() {
    let text = "fail_on = \"error\"\nrules = [\"rules\"\n";
    let errs = parse_text(text).expect_err("unclosed array");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.starts_with("invalid TOML: "), "{errs:?}");
    // The parser notices at the end of the line, after `"rules"`.
    assert!(errs[0].span.start >= text.find("[\"rules\"").expect("present"));
}

#[test]
fn globs_match_relative_to_the_file_and_star_stays_in_a_directory() {
    let c = parse_text("include = [\"reports/*.yaml\"]\nexclude = [\"reports/draft-*\"]\n")
        .expect("valid");
    assert!(c.selects_in(&c.dir, Path::new("reports/xian.yaml")));
    assert!(c.selects_in(&c.dir, Path::new("./reports/xian.yaml")));
    assert!(!c.selects_in(&c.dir, Path::new("reports/2021/xian.yaml")));
    assert!(!c.selects_in(&c.dir, Path::new("reports/draft-xian.yaml")));
    assert!(!c.selects_in(&c.dir, Path::new(".github/workflows/ci.yml")));
    assert!(!c.selects_in(&c.dir, Path::new("/elsewhere/reports/xian.yaml")));
}

#[test]
fn without_include_every_file_but_hidden_ones_is_selected() {
    let c = parse_text("").expect("valid");
    assert!(c.selects_in(&c.dir, Path::new("a.yaml")));
    assert!(c.selects_in(&c.dir, Path::new("x/b.yml")));
    assert!(!c.selects_in(&c.dir, Path::new(".github/workflows/ci.yml")));
    assert!(!c.selects_in(&c.dir, Path::new(".pre-commit-config.yaml")));
}

#[test]
fn relative_paths_resolve_dot_dot_lexically() {
    assert_eq!(
        relative_to(Path::new(".."), Path::new("x.yaml")).map(|p| p.components().count()),
        Some(2)
    );
    assert_eq!(
        relative_to(Path::new("a"), Path::new("a/../a/b/c.yaml")),
        Some(PathBuf::from("b/c.yaml"))
    );
    assert_eq!(relative_to(Path::new("a"), Path::new("b/c.yaml")), None);
}

/// `[data]`: each name with its file, relative to the file's directory; a
/// value that is not a path, or a `data` that is not a table, is an error
/// at it.
#[test]
fn data_names_a_file_for_each_data_name() {
    let c = parse(
        "gate/pilotlint.toml".into(),
        "[data]\nareas = \"registry/pilot-areas.yaml\"\n".into(),
        PathBuf::from("gate"),
    )
    .expect("valid");
    assert_eq!(c.data[0].0.value, "areas");
    assert_eq!(
        c.data_files(),
        [crate::cli::resolve::GivenData {
            name: "areas".to_string(),
            path: PathBuf::from("gate/registry/pilot-areas.yaml"),
            by_flag: false,
        }]
    );
    assert_eq!(
        errors("[data]\nareas = 3\n"),
        [(
            "expected a path such as `\"pilot-areas.yaml\"`, found an integer".to_string(),
            "3"
        )]
    );
    assert_eq!(
        errors("data = \"registry.yaml\"\n").len(),
        1,
        "a string where a table is wanted"
    );
}
