//! Issue 13's "bad input" for the walks of lists other than filters: a
//! comprehension, `sum`, `avg`, `min` and `max` over the reports of a set
//! leave out a value of another report that cannot be evaluated, its error
//! a finding of the rule at that value, and go on with the others; a value
//! of a third report that the current report's check needs still ends that
//! check, with the finding at the third report. Every expected value is
//! worked out by hand from the texts.

use pilotlint::load_rules;
use pilotlint::rules::RuleSet;
use pilotlint::rules::RuleSource;

use super::set_findings;

fn rules(text: &str) -> RuleSet {
    load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: text.into(),
    }])
    .expect("the rules load")
}

fn triples(found: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    found
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// `sum` and `avg` of the reports' totals, one of them a text: the text is
/// a finding at its report (once per rule, though each rule reads it twice,
/// in the condition and the message), and the sum is of the other two, 3
/// and 9, their average 6 (a mean is shown without decimals when it has
/// none); before, the text ended the rule with only its error.
#[test]
fn a_sum_over_the_set_leaves_out_a_report_whose_value_is_not_a_number() {
    let rules = rules(
        r#"
rule S010 "the national total stays under ten" {
    require sum(reports[*].total) < 10
        else "the total is {sum(reports[*].total)}"
}

rule S011 "the average stays under five" {
    require avg(reports[*].total) < 5
        else "the average is {avg(reports[*].total)}"
}
"#,
    );
    let texts = [
        "area: a\ntotal: 3\n",
        "area: b\ntotal: many\n",
        "area: c\ntotal: 9\n",
    ];
    let mismatch = |f: &str| format!("`{f}` needs numbers, but `reports[*].total` holds a string");
    let (sum, avg) = (mismatch("sum"), mismatch("avg"));
    assert_eq!(
        set_findings(&rules, &texts),
        triples(&[
            ("r1.yaml", "type-mismatch", &sum),
            ("r1.yaml", "type-mismatch", &avg),
            ("t.rules", "S010", "the total is 12"),
            ("t.rules", "S011", "the average is 6"),
        ])
    );
}

/// A comprehension over the reports: report 1's condition orders a text
/// against a number and report 2's element subtracts a date from a text.
/// (A date in a report is a text that operators read as a date: `soon`
/// minus one is two texts that cannot be subtracted, blamed on the left.)
/// Both are left out with their errors; the rest, reports 0 and 3, gives
/// the list. Report 0 waits 2 days (2022-01-03 - 2022-01-01), report 3
/// waits 10 (2022-02-11 - 2022-02-01): 12 days in all.
#[test]
fn a_comprehension_over_the_set_leaves_out_a_report_it_cannot_evaluate() {
    let rules = rules(
        r#"
rule S012 "the waits add up to less than a week" {
    let waits = [r.end - r.start for r in reports if r.n > 0]
    require sum(waits) < 7 days
        else "{count(waits)} reports wait {sum(waits)} in all"
}
"#,
    );
    let texts = [
        "n: 1\nstart: 2022-01-01\nend: 2022-01-03\n",
        "n: lots\nstart: 2022-01-01\nend: 2022-01-05\n",
        "n: 1\nstart: 2022-01-01\nend: soon\n",
        "n: 1\nstart: 2022-02-01\nend: 2022-02-11\n",
    ];
    let found = set_findings(&rules, &texts);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(n, c, _)| (n.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("r1.yaml", "incomparable"),
            ("r2.yaml", "type-mismatch"),
            ("t.rules", "S012")
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].2,
        "cannot order a string against a number in `r.n > 0`"
    );
    assert_eq!(
        found[1].2,
        "cannot apply `-` to a string and a string in `r.end - r.start`"
    );
    assert_eq!(found[2].2, "2 reports wait 12 days in all");
}

/// `max` of the reports' dates whose first is a text, then `sum` of a
/// list whose first element is a text, then a date (a text of the report,
/// as the type-mismatch says), among durations. The
/// text, the greatest so far when the first date is met, is left out, and
/// the greatest is report 2's 2022-03-01, where S013's finding points (the
/// value `max` chose). The text and the date are left out of the sum of
/// durations, 3 + 4 + 2 days (reports 2, 3 and 4): a first element that
/// is no number used to make `sum` add numbers and leave out every
/// duration after it. Report 0's text is blamed by each rule once.
#[test]
fn min_max_and_sum_leave_out_the_bad_value_wherever_it_is() {
    let rules = rules(
        r#"
rule S013 "the reports are all before February" {
    require max(reports[*].when_) < 2022-02-01
        else "the latest is {max(reports[*].when_)}"
}

rule S014 "the delays add up to less than a week" {
    let delays = [if exists(r.start) then r.when_ - r.start else r.when_ for r in reports]
    require sum(delays) < 7 days
        else "the delays add up to {sum(delays)}"
}
"#,
    );
    let texts = [
        "when_: soon\n",
        "when_: 2022-01-01\n",
        "when_: 2022-03-01\nstart: 2022-02-26\n",
        "when_: 2022-01-05\nstart: 2022-01-01\n",
        "when_: 2022-01-10\nstart: 2022-01-08\n",
    ];
    let found = set_findings(&rules, &texts);
    let text = |(a, b, c): &(String, String, String)| format!("{a} {b} {c}");
    let found: Vec<String> = found.iter().map(text).collect();
    assert_eq!(
        found,
        [
            "r0.yaml incomparable cannot order a date against a string in \
             `max(reports[*].when_)`",
            "r0.yaml type-mismatch `sum` needs numbers or durations, but `delays` holds a \
             duration and a string",
            "r1.yaml type-mismatch `sum` needs numbers or durations, but `delays` holds a \
             duration and a string",
            "r2.yaml S013 the latest is 2022-03-01",
            "t.rules S014 the delays add up to 9 days",
        ],
        "{found:#?}"
    );
}

/// The other side of the "bad input" point: an error in a third report,
/// the one whose `limit` every report's items are compared with, is that
/// report's finding, once. Report 1's check ends there (its items
/// cannot be compared with a limit that is no number, and leaving them out
/// would make it pass unseen); report 2 meets the same error, not shown
/// again, and report 3 is checked against its own limit and fails.
#[test]
fn an_error_in_a_third_report_is_its_finding_and_ends_only_the_current_check() {
    let rules = rules(
        r#"
rule S015 "no item is over the limit of the first report" {
    each r in reports {
        let limit = if exists(r.limit) then r.limit else reports[0].limit
        require count(r.items[n > limit]) == 0
            else "{r.area} has items over {limit}"
    }
}
"#,
    );
    let texts = [
        "area: a\nlimit: lots\nitems: []\n",
        "area: b\nitems:\n  - {n: 5}\n",
        "area: c\nitems:\n  - {n: 1}\n",
        "area: d\nlimit: 3\nitems:\n  - {n: 4}\n",
    ];
    assert_eq!(
        set_findings(&rules, &texts),
        triples(&[
            (
                "r0.yaml",
                "incomparable",
                "cannot order a number against a string in `n > limit`"
            ),
            ("r3.yaml", "S015", "d has items over 3"),
        ])
    );
}

/// `avg` over the set when no report's value is a number: each value is
/// left out, a finding at its report, and the mean then has none to take.
/// The rule's error says so, at the rule (the list of every report has no
/// place in a file); it used to say the list was empty, which it is not.
#[test]
fn an_average_of_values_all_left_out_says_so_not_that_the_list_is_empty() {
    let rules = rules(
        r#"
rule S016 "the average stays under five" {
    require avg(reports[*].total) < 5
}
"#,
    );
    let texts = ["total: many\n", "total: few\n"];
    let mismatch = "`avg` needs numbers, but `reports[*].total` holds a string";
    assert_eq!(
        set_findings(&rules, &texts),
        triples(&[
            ("r0.yaml", "type-mismatch", mismatch),
            ("r1.yaml", "type-mismatch", mismatch),
            (
                "t.rules",
                "type-mismatch",
                "`avg(reports[*].total)` has no value: no value of `reports[*].total` is a number"
            ),
        ])
    );
}

/// `max` over the set with two texts that are not dates before its dates:
/// two such texts order as texts, so before, "soon" (after "later") was
/// the greatest so far, met report 2's date and was blamed, and "later"
/// went unsaid. Each is now blamed at its report, ordered against the
/// first date (report 2's), and the greatest of the dates is report 3's
/// 2022-03-01, where S017's finding points.
#[test]
fn max_over_the_set_blames_every_text_that_is_not_a_date() {
    let rules = rules(
        r#"
rule S017 "the reports are all before February" {
    require max(reports[*].when_) < 2022-02-01
}
"#,
    );
    let texts = [
        "when_: later\n",
        "when_: soon\n",
        "when_: 2022-01-01\n",
        "when_: 2022-03-01\n",
    ];
    let incomparable = "cannot order a date against a string in `max(reports[*].when_)`";
    assert_eq!(
        set_findings(&rules, &texts),
        triples(&[
            ("r0.yaml", "incomparable", incomparable),
            ("r1.yaml", "incomparable", incomparable),
            (
                "r3.yaml",
                "S017",
                "`max(reports[*].when_)` is 2022-03-01, expected < 2022-02-01"
            ),
        ])
    );
}
