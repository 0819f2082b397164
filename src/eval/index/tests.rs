//! The indexes give the findings the scan gives.

use super::{ANSWERED, OFF};
use crate::builtin;
use crate::finding::Finding;
use crate::pipeline::{check_report, check_set, load_rules};
use crate::rules::{RuleSet, RuleSource};

/// Every finding of `rules` on the reports `texts`, one report at a time
/// and as a set, written out in full (messages, spans, related places).
fn findings(rules: &RuleSet, texts: &[String], off: bool) -> String {
    OFF.with(|o| o.set(off));
    let mut out = String::new();
    let mut set = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let report = check_report(rules, &format!("r{i}.yaml"), text.as_bytes());
        out.push_str(&format!("{:?}\n", report.findings));
        set.extend(report.for_set(rules));
    }
    let result = check_set(rules, set, &mut |i| texts.get(i).cloned());
    for r in &result.reports {
        out.push_str(&format!("{} {:?}\n", r.name, r.findings));
    }
    OFF.with(|o| o.set(false));
    out
}

/// The findings of the rules across reports of `rules` over the reports
/// `texts` (named `r0.yaml`, `r1.yaml`, ...), with the file each is in;
/// `off` turns the indexes off.
fn set_findings(rules: &RuleSet, texts: &[String], off: bool) -> Vec<(String, Finding)> {
    OFF.with(|o| o.set(off));
    let set: Vec<_> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            check_report(rules, &format!("r{i}.yaml"), t.as_bytes()).for_set(rules)
        })
        .collect();
    let result = check_set(rules, set, &mut |i| texts.get(i).cloned());
    OFF.with(|o| o.set(false));
    let mut out = Vec::new();
    for r in result.reports {
        out.extend(r.findings.into_iter().map(|f| (r.name.clone(), f)));
    }
    out
}

#[test]
fn the_national_examples_give_the_same_findings_with_and_without_indexes() {
    let rules = load_rules(builtin::all(true)).expect("the packs load");
    let texts: Vec<String> = [
        include_str!("../../../examples/national/changchun-2022-h1-again.yaml"),
        include_str!("../../../examples/national/changchun-2022-h1.yaml"),
        include_str!("../../../examples/national/changchun-2022-h2.yaml"),
        include_str!("../../../examples/national/harbin-2022-h1.yaml"),
        include_str!("../../../examples/national/weihai-2022-h1.yaml"),
        include_str!("../../../examples/national/weihai-2022-h2.yaml"),
        include_str!("../../../examples/suzhou-2022-mistakes.yaml"),
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let scanned = findings(&rules, &texts, true);
    assert!(scanned.contains("NAT003") && scanned.contains("HIS001"));
    ANSWERED.with(|n| n.set(0));
    assert_eq!(findings(&rules, &texts, false), scanned);
    assert!(ANSWERED.with(std::cell::Cell::get) > 10);
}

/// Keys and paths of every kind: texts, a number, a date, a mapping, a
/// missing field, an element with a field named like the key's `each`
/// variable (so the key reads elements), and a comparison that is an
/// error in one element. Indexed or scanned, the findings are the same.
#[test]
fn keys_of_every_kind_give_the_same_findings_as_the_scan() {
    let rules = load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
let all = reports[*]
rule T001 "by text" {
each r in all {
    require count(all[name == r.name and when_ < r.when_]) == 0
        else "{r.name}: {count(all[name == r.name])}"
}
}
rule T002 "by a literal" {
each r in all {
    require count(all[kind == "a" and name == r.name]) < 2
}
}
rule T003 "a key that reads the elements" {
each r in all {
    require count(all[name == r.name]) >= 1
}
}
let mixed = [2022-01-01, "b", "x2", "x3", "x4", "x5", "x6", "x7", 1]
rule T004 "in a list of texts, a date and a number" {
each r in all {
    require not (r.when_ in mixed) and not (r.name in mixed)
}
}
"#
        .into(),
    }])
    .expect("the rules load");
    let texts: Vec<String> = [
        "name: a\nkind: a\nwhen_: 2022-01-01\n",
        "name: a\nkind: a\nwhen_: 2022-06-01\n",
        "name: 1\nkind: a\nwhen_: 2022-01-01\n",
        "name: {x: 1}\nkind: b\nwhen_: 2022-01-01\n",
        "kind: a\nwhen_: 2022-01-01\n",
        "name: b\nkind: a\nwhen_: not a date\n",
        "name: b\nkind: a\nwhen_: 2022-01-01\n",
        "name: 2022-01-01\nkind: a\nwhen_: 2022-01-01\n",
        "name: a\nr: {name: b}\nkind: a\nwhen_: 2021-01-01\n",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let scanned = findings(&rules, &texts, true);
    assert!(
        scanned.contains("T001") && scanned.contains("incomparable"),
        "{scanned}"
    );
    // The date equals the texts of that day (six reports), and `b` is
    // in the list (one more; the other `b` failed on its date first).
    assert_eq!(
        scanned.matches("in mixed)` is false").count(),
        7,
        "{scanned}"
    );
    ANSWERED.with(|n| n.set(0));
    assert_eq!(findings(&rules, &texts, false), scanned);
    assert!(ANSWERED.with(std::cell::Cell::get) > 5);
}

/// The comparisons after the first of an indexed filter, read ahead
/// (`rest.rs`): an element side on either hand, a literal, a side missing
/// in an element and in the current report, texts that are not dates, a
/// text where a number is expected. Indexed or scanned, the same findings.
#[test]
fn the_rest_of_an_indexed_filter_gives_the_scans_findings() {
    let rules = load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
let all = reports[*]
rule R001 "the rest read ahead" {
each r in all {
    let found = all[name == r.name and r.when_ >= when_ and "b" != kind and size > 2]
    require count(found) < 2
        else "{r.name} {r.when_}: {count(found)}"
}
}
"#
        .into(),
    }])
    .expect("the rules load");
    let texts: Vec<String> = [
        "name: a\nkind: a\nwhen_: 2022-01-01\nsize: 3\n",
        "name: a\nkind: a\nwhen_: 2022-06-01\nsize: 5\n",
        "name: a\nkind: b\nwhen_: 2022-07-01\nsize: 9\n",
        "name: a\nkind: a\nwhen_: 2022-08-01\n",
        "name: a\nkind: a\nwhen_: 2022-09-01\nsize: '4'\n",
        "name: b\nkind: a\nwhen_: not a date\nsize: 7\n",
        "name: b\nkind: a\nwhen_: 2022-01-01\nsize: 7\n",
        "name: c\nkind: a\nsize: 3\n",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let run = |off: bool| {
        set_findings(&rules, &texts, off)
            .into_iter()
            .map(|(name, f)| format!("{name} {} {} {:?}", f.code, f.message, f.span))
            .collect::<Vec<_>>()
    };
    let scanned = run(true);
    // Worked out by hand. Of the `a`s up to a report's date that are not
    // of kind `b` and have a size over 2: r1, r2 and r3 count two (r0 and
    // r1; r2 is of kind b, r3 has no size). r4 reaches its own `size:
    // '4'`, a text. r5's `not a date` is the text blamed when it is
    // ordered against r6's date, on either side: in r5's iteration (r5
    // current, r6 the element: r5's iteration ends there) and in r6's (r5
    // the element: left out, and r6 goes on, counting itself alone); r5
    // with itself orders two texts. The two errors at r5's value are one
    // finding of the rule, the first met. r7 has no `when_`: its filter
    // counts nothing.
    // The spans: a count at the current report's `name` value (bytes 6
    // to 7), `'4'` at 40 to 43, `not a date` at 23 to 33.
    assert_eq!(
        scanned,
        [
            "r1.yaml R001 a 2022-06-01: 2 Some(Span { start: 6, end: 7 })",
            "r2.yaml R001 a 2022-07-01: 2 Some(Span { start: 6, end: 7 })",
            "r3.yaml R001 a 2022-08-01: 2 Some(Span { start: 6, end: 7 })",
            "r4.yaml incomparable `size` is the text \"4\", expected a number Some(Span { start: 40, end: 43 })",
            "r5.yaml incomparable cannot order a string against a date in `r.when_ >= when_` Some(Span { start: 23, end: 33 })",
        ],
        "{scanned:#?}"
    );
    super::rest::ANSWERED.with(|n| n.set(0));
    assert_eq!(run(false), scanned);
    assert!(super::rest::ANSWERED.with(std::cell::Cell::get) > 10);
}

/// The rest's ordering of two dates, read ahead as days: a date in the
/// report, a quoted one, a date literal on the left; the same findings as
/// the general way.
#[test]
fn the_rest_orders_dates_as_days_as_the_general_way_does() {
    let rules = load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
let all = reports[*]
rule R002 "dates read ahead" {
each r in all {
    let before = all[name == r.name and when_ < r.when_]
    let late = all[name == r.name and 2022-03-01 <= when_]
    require count(before) < 0
        else "{r.when_}: {count(before)} before, {count(late)} from March"
}
}
"#
        .into(),
    }])
    .expect("the rules load");
    let texts: Vec<String> = [
        "name: a\nwhen_: 2022-01-01\n",
        "name: a\nwhen_: 2022-06-01\n",
        "name: a\nwhen_: '2022-03-01'\n",
        "name: b\nwhen_: 2022-02-01\n",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let run = |off: bool| {
        set_findings(&rules, &texts, off)
            .into_iter()
            .map(|(name, f)| format!("{name} {}", f.message))
            .collect::<Vec<_>>()
    };
    let scanned = run(true);
    // Worked out by hand: of the `a`s, none is before January, two before
    // June, one (January) before March; two are from March on (June and
    // the quoted March). The one `b` is in February.
    assert_eq!(
        scanned,
        [
            "r0.yaml 2022-01-01: 0 before, 2 from March",
            "r1.yaml 2022-06-01: 2 before, 2 from March",
            "r2.yaml 2022-03-01: 1 before, 2 from March",
            "r3.yaml 2022-02-01: 0 before, 0 from March",
        ],
        "{scanned:#?}"
    );
    super::rest::BY_DAY.with(|n| n.set(0));
    assert_eq!(run(false), scanned);
    assert!(super::rest::BY_DAY.with(std::cell::Cell::get) >= 10);
}
