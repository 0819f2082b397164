//! The shipped rule packs against any report, and any rule file against
//! the shipped example report (the first byte picks which): checking never
//! panics, every finding's span lies inside the report, and every finding
//! renders in every output format. Reports carry inline suppressions
//! (`# pilotlint: ignore[...]`) through the same path. The report is then
//! a set with the rules across reports (the national pack's, or the rule
//! file's), twice, after the shipped example report: what is kept of it is
//! packed and made again, its text read again with the line lengths kept,
//! and the set's findings checked and written the same way.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pilotlint::rules::RuleSet;

fn packs() -> &'static RuleSet {
    static PACKS: OnceLock<RuleSet> = OnceLock::new();
    // The shipped packs are checked by the test suite; failing here is a
    // broken build, not a finding.
    PACKS.get_or_init(|| pilotlint::load_rules(pilotlint::builtin::all(true)).expect("valid packs"))
}

const EXAMPLE: &[u8] = include_bytes!("../../examples/suzhou-2022-mistakes.yaml");

/// What a set keeps of the example report under `rules`, and its text.
fn example_of(rules: &RuleSet) -> (Option<pilotlint::pipeline::SetReport>, String) {
    let example = pilotlint::check_report(rules, "example.yaml", EXAMPLE);
    (example.for_set(rules), example.text.to_string())
}

fn packs_example() -> &'static (Option<pilotlint::pipeline::SetReport>, String) {
    static EXAMPLE_SET: OnceLock<(Option<pilotlint::pipeline::SetReport>, String)> = OnceLock::new();
    EXAMPLE_SET.get_or_init(|| example_of(packs()))
}

fuzz_target!(|data: &[u8]| {
    let custom;
    let (rules, report_bytes) = match data.split_first() {
        // Any rule file against a fixed report: evaluation of rules the
        // static checks accepted never panics.
        Some((b'R', rest)) => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let source = pilotlint::rules::RuleSource {
                name: "fuzz.rules".into(),
                text: text.into(),
            };
            let Ok(rules) = pilotlint::load_rules(vec![source]) else {
                return;
            };
            custom = rules;
            (&custom, EXAMPLE)
        }
        _ => (packs(), data),
    };
    check(rules, report_bytes);
});

fn check(rules: &RuleSet, data: &[u8]) {
    let report = pilotlint::check_report(rules, "fuzz.yaml", data);
    let kept = report.for_set(rules);
    let text = report.text.to_string();
    written(rules, report);
    let Some(kept) = kept else {
        return;
    };
    // The shipped example report beside the report twice: a set of
    // different reports (areas, periods), and an earlier one for the
    // history rules. The example's part is made once for the packs.
    let (example, example_text) = if std::ptr::eq(rules, packs()) {
        packs_example().clone()
    } else {
        example_of(rules)
    };
    let mut set = Vec::new();
    let mut texts = Vec::new();
    if let Some(e) = example {
        set.push(e);
        texts.push(example_text);
    }
    set.extend([kept.clone(), kept]);
    texts.extend([text.clone(), text]);
    let result = pilotlint::pipeline::check_set(rules, set, &mut |i| texts.get(i).cloned());
    for report in result.reports {
        written(rules, report);
    }
}

/// Every finding of `report` inside its text, and rendered in every format.
fn written(rules: &RuleSet, report: pilotlint::CheckedReport) {
    for (i, f) in report.findings.iter().enumerate() {
        if let Some(s) = f.span {
            assert!(s.start <= s.end && s.end <= report.text.len(), "{f:?}");
        }
        let _ = report.data_path(i);
        let _ = pilotlint::diagnostic::render(&pilotlint::diagnostic::finding(&report, f), false);
    }
    let reports = [report];
    pilotlint::output::human::write(&mut std::io::sink(), &reports, false).expect("a sink accepts");
    use pilotlint::output::{concise, github, gitlab, json, junit, sarif};
    for write in [concise::write, github::write, gitlab::write] {
        write(&mut std::io::sink(), &reports).expect("a sink accepts");
    }
    for write in [json::write, junit::write, sarif::write] {
        write(&mut std::io::sink(), rules.catalog(), &reports).expect("a sink accepts");
    }
}
