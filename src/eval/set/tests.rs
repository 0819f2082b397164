//! A large set's rules evaluated in parts give what they give whole.

use super::{PARTS, WHOLE, parts};
use crate::pipeline::{check_report, check_set, load_rules};
use crate::rules::{RuleSet, RuleSource};

/// Every finding and outcome of the rules across reports of `rules` on
/// `texts`, written out in full (messages, spans, related places).
fn findings(rules: &RuleSet, texts: &[String], whole: bool) -> String {
    WHOLE.with(|w| w.set(whole));
    let mut set = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let report = check_report(rules, &format!("r{i:03}.yaml"), text.as_bytes());
        set.extend(report.for_set(rules));
    }
    let result = check_set(rules, set, &mut |i| texts.get(i).cloned());
    WHOLE.with(|w| w.set(false));
    let mut out = format!("{:?}\n", result.outcomes);
    for r in &result.reports {
        for f in &r.findings {
            let related: Vec<_> = f
                .related
                .iter()
                .map(|x| (x.file.name.as_str(), x.span, x.message.as_str()))
                .collect();
            out.push_str(&format!(
                "{} {} {:?} {:?} {:?} {:?} {:?}\n",
                r.name, f.code, f.span, f.message, f.label, f.secondary, related
            ));
        }
    }
    out
}

#[test]
fn a_large_sets_rules_give_the_same_findings_in_parts_as_whole() {
    let rules = load_rules(vec![RuleSource {
        name: "t.rules".into(),
        text: r#"
let all = reports[*]
let first = all[0]
# Findings at one place (the first report's n), one per element, told
# apart by their messages: their order is the elements' order.
rule S001 "one place, many messages" {
    each r in all {
        when exists(r.seventh)
        require first.n > 1000
            else "seen at {r.n}"
    }
}
# A `let` before the `each` that cannot be computed: one finding, however
# many parts meet it.
rule S002 "a broken let" {
    let broken = first.n + first.name
    each r in all {
        require broken > r.n
    }
}
# The same broken value, met in one element only: where it is met first.
rule S003 "a broken value in some elements" {
    each r in all {
        require r.n + r.name > 0
    }
}
# Skipped at the top, in every part.
rule S004 "skipped" {
    when count(all) > 100000
    each r in all {
        require r.n < 0
    }
}
# A `require` before the `each`: evaluated whole.
rule S005 "require before each" {
    require count(all) > 0
    each r in all {
        require r.n != 5
            else "five"
    }
}
# Groups, each with findings, over fewer elements than parts.
rule S006 "per group" {
    each g in distinct(all[*].group) {
        let members = all[group == g]
        require count(members) < 10
            else "group {g} has {count(members)}"
    }
}
# The reports of one's group before it, through an index and the rest
# read ahead: report 7's `when_` is no date, so each filter that meets it
# leaves it out (a finding at it, once) and goes on.
rule S007 "few before" {
    each r in all {
        let before = all[group == r.group and when_ < r.when_]
        require count(before) < 3
            else "{count(before)} before {r.name}"
    }
}
"#
        .into(),
    }])
    .expect("the rules load");
    let texts: Vec<String> = (0..300)
        .map(|i| {
            let name = if i == 150 {
                "1".to_string()
            } else {
                format!("n{i}")
            };
            let seventh = if i % 7 == 0 { "seventh: yes\n" } else { "" };
            // A month of its own for each report, in their order.
            let when_ = if i == 7 {
                "soon".to_string()
            } else {
                format!("{}-{:02}-01", 2000 + i / 12, i % 12 + 1)
            };
            format!(
                "name: {name}\nn: {i}\ngroup: g{}\n{seventh}when_: {when_}\n",
                i % 5
            )
        })
        .collect();
    assert_eq!(parts(&rules, 0, texts.len()), PARTS);
    assert_eq!(parts(&rules, 4, texts.len()), 1);
    assert_eq!(parts(&rules, 6, texts.len()), PARTS);
    let whole = findings(&rules, &texts, true);
    // Worked out by hand: S001 fails at the 43 multiples of 7 below 300,
    // S002 once (a number plus a text), S003 at every report (the same
    // mismatch, at each report's own `n`, but for report 150, whose name
    // is a number), S005 at report 5, S006 at the
    // five groups of 60.
    assert_eq!(whole.matches("seen at ").count(), 43, "{whole}");
    assert_eq!(whole.matches("\"five\"").count(), 1, "{whole}");
    assert_eq!(whole.matches("has 60").count(), 5, "{whole}");
    assert_eq!(
        whole.matches("in `first.n + first.name`").count(),
        1,
        "{whole}"
    );
    // Report 150's name is the number 1, which adds.
    assert_eq!(whole.matches("in `r.n + r.name`").count(), 299, "{whole}");
    // S007: report i is the (i / 5)th of group g(i % 5), and the reports
    // before it in the group are those before it in time. Groups 0, 1, 3
    // and 4 fail from their fourth report on: 57 each. In group 2 report
    // 7, its second, is left out of the others' filters, so the others
    // fail from the fifth on: 56. Report 7 itself stops at its first
    // comparison, with a text, and its text is blamed in both directions:
    // one finding of the rule at that value, bytes 44 to 48 of "name:
    // n7\nn: 7\ngroup: g2\nseventh: yes\nwhen_: soon\n" (9 + 5 + 10 + 13
    // + 7 before it), with the message first met: report 2's filter, where
    // report 7 is the element (the text on the left).
    assert_eq!(whole.matches(" before ").count(), 57 * 4 + 56, "{whole}");
    assert!(!whole.contains("before n7\""), "{whole}");
    assert!(whole.contains("\"3 before n22\""), "{whole}");
    assert!(!whole.contains("before n17\""), "{whole}");
    let message = "cannot order a string against a date in `when_ < r.when_`";
    let line = format!("r007.yaml incomparable Some(Span {{ start: 44, end: 48 }}) {message:?}");
    assert_eq!(whole.matches(&line).count(), 1, "{line}\n{whole}");
    assert_eq!(whole.matches("incomparable").count(), 1, "{whole}");
    assert!(
        whole.starts_with("[Failed, NotEvaluated, NotEvaluated, Skipped, Failed, Failed, Failed]"),
        "{whole}"
    );
    assert_eq!(findings(&rules, &texts, false), whole);
}
