//! The shipped rule packs against any report, and any rule file against
//! the shipped example report (the first byte picks which): checking never
//! panics, every finding's span lies inside the report, and every finding
//! renders in every output format. Reports carry inline suppressions
//! (`# pilotlint: ignore[...]`) through the same path. The report is then
//! a set of two files with the rules across reports (the national pack's,
//! or the rule file's): what is kept of it is packed and made again, its
//! text read again with the line lengths kept, and its findings checked
//! and written the same way.
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
    let set = vec![kept.clone(), kept];
    let result = pilotlint::pipeline::check_set(rules, set, &mut |_| Some(text.clone()));
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
