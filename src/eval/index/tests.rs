//! The indexes give the findings the scan gives.

use super::{ANSWERED, OFF};
use crate::builtin;
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
