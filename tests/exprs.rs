//! The expressions a ministry's rule author needs beyond paths and
//! operators: text joined with `+` (and `matches` with a pattern built
//! so), `distinct`, and `sum` and `avg` of durations, evaluated with
//! messages and spans worked out by hand; the load-time errors are
//! snapshots of `fixtures/check-errors/new-expression-forms/` and
//! `fixtures/schema-errors/new-expression-forms/`.

use super::eval::check_one;

// -- Evaluation ------------------------------------------------------------------

/// A report whose lines the tests below name: 1 `report`, 2 `area`, 5
/// `measures:`, 10 XA-001's completion, 11 XB-002, 12 its task, 18 and 19
/// XA-003's deadline and completion.
const REPORT: &str = "\
report: final
area: {name: Xi'an, code: XA}
period: {start: 2021-07-01, end: 2021-12-31}
summary: {measures_total: 3}
measures:
  - id: XA-001
    task: opening-up
    status: implemented
    deadline: 2021-06-30
    completed_on: 2021-07-10
  - id: XB-002
    task: facilitation
    status: in-progress
    deadline: 2021-09-30
  - id: XA-003
    task: opening-up
    status: implemented
    deadline: 2021-06-30
    completed_on: 2021-06-29
";

/// The findings of `rules` on `report`: (code, message, underlined text).
fn run(rules: &str, report: &str) -> Vec<(String, String, String)> {
    check_one(rules, report)
        .into_iter()
        .map(|(f, under)| (f.code, f.message, under))
        .collect()
}

fn one(code: &str, message: &str, under: &str) -> Vec<(String, String, String)> {
    vec![(code.to_string(), message.to_string(), under.to_string())]
}

#[test]
fn a_pattern_built_with_plus_matches_end_to_end() {
    let rules = "rule P \"ids carry the area's code\" {\n    each m in measures {\n        require m.id matches \"^\" + area.code + \"-[0-9]{3}$\"\n    }\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].0.message,
        "`m.id` is \"XB-002\", expected to match \"^XA-[0-9]{3}$\""
    );
    assert_eq!(f[0].1, "XB-002");
    assert_eq!(
        f[0].0.label.as_deref(),
        Some("\"XB-002\", expected to match \"^XA-[0-9]{3}$\"")
    );
}

#[test]
fn an_invalid_computed_pattern_points_at_the_value_it_was_built_from() {
    let rules = "rule P \"ids carry the area's code\" {\n    each m in measures {\n        require m.id matches \"^\" + area.code + \"-[0-9]{3}$\"\n    }\n}\n";
    let report = REPORT.replace("code: XA", "code: X(A");
    let f = check_one(rules, &report);
    // Once for the rule, not once per measure.
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.code, "invalid-pattern");
    assert_eq!(
        f[0].0.message,
        "`^X(A-[0-9]{3}$` is not a valid regular expression"
    );
    assert_eq!(f[0].1, "X(A");
    assert_eq!(f[0].0.help.as_deref(), Some("unclosed group"));
}

#[test]
fn text_plus_a_number_is_a_type_mismatch_on_the_text() {
    let rules = "rule P \"p\" {\n    require area.code + summary.measures_total == \"XA3\"\n}\n";
    let f = check_one(rules, REPORT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0.code, "type-mismatch");
    assert_eq!(
        f[0].0.message,
        "cannot apply `+` to a string and a number in `area.code + summary.measures_total`"
    );
    assert_eq!(f[0].1, "XA");
    assert_eq!(f[0].0.label.as_deref(), Some("\"XA\" + 3"));
}

#[test]
fn distinct_keeps_first_appearances_in_order_with_their_origin() {
    let rules = "rule D \"d\" {\n    require distinct(measures[*].task) == [\"opening-up\"]\n    each t in distinct(measures[*].task) {\n        require t != \"facilitation\"\n    }\n}\n";
    assert_eq!(
        run(rules, REPORT),
        vec![
            (
                "D".to_string(),
                "`distinct(measures[*].task)` is [\"opening-up\", \"facilitation\"], expected == [\"opening-up\"]".to_string(),
                "measures".to_string()
            ),
            (
                "D".to_string(),
                "`t` is \"facilitation\", expected != \"facilitation\"".to_string(),
                "facilitation".to_string()
            ),
        ]
    );
    // Compared as `==` compares: 1 and 1.0 are one number, a date and the
    // same day as text one date; the text "1" is not the number 1.
    let rules = "rule D \"d\" {\n    require count(distinct([1, 1.0, \"1\", 2021-12-31, \"2021-12-31\"])) == 2\n}\n";
    assert_eq!(
        run(rules, REPORT),
        one(
            "D",
            "`count(distinct([1, 1.0, \"1\", 2021-12-31, \"2021-12-31\"]))` is 3, expected == 2",
            "report"
        )
    );
}

#[test]
fn sum_and_avg_of_durations_are_durations() {
    let rules = "rule S \"s\" {\n    require sum([10 days, 2 weeks]) == 24 days\n    require sum([1 month, 1 year]) == 13 months\n    require avg([10 days, 11 days]) == 10 days\n    require sum([1 day, 1 month]) > 0 days\n}\n";
    assert_eq!(
        run(rules, REPORT),
        vec![
            (
                "S".to_string(),
                "`avg([10 days, 11 days])` is 11 days, expected == 10 days".to_string(),
                "report".to_string()
            ),
            (
                "type-mismatch".to_string(),
                "`sum` cannot add days and months in `[1 day, 1 month]`: a month has no fixed number of days".to_string(),
                "report".to_string()
            ),
        ]
    );
}
