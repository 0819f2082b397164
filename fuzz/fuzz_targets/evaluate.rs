//! The shipped rule packs against any report, and any rule file against
//! the shipped example report (the first byte picks which): checking never
//! panics, every finding's span lies inside the report, and every finding
//! renders in every output format. Reports carry inline suppressions
//! (`# pilotlint: ignore[...]`) through the same path. The report is then
//! a set with the rules across reports (the national pack's, or the rule
//! file's), after the shipped example report: the report twice, or, when
//! the input holds lines `#%%`, each part it divides the input into, up
//! to four (different areas and periods, without the fuzzer having to
//! find them in one report). What is kept of each is packed and made
//! again, its text read again with the line lengths kept, and the set's
//! findings checked and written the same way; then once more with every
//! text read again changed (the next report's text, as if each file had
//! been rewritten in between), where no finding may point past its text.
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
    let parts: Vec<&[u8]> = split(data);
    let mut set = Vec::new();
    let mut texts = Vec::new();
    // The shipped example report first: a set of different reports
    // (areas, periods), and an earlier one for the history rules. The
    // example's part is made once for the packs.
    let (example, example_text) = if std::ptr::eq(rules, packs()) {
        packs_example().clone()
    } else {
        example_of(rules)
    };
    if let Some(e) = example {
        set.push(e);
        texts.push(example_text);
    }
    let before = set.len();
    for (n, part) in parts.iter().enumerate() {
        let report = pilotlint::check_report(rules, &format!("fuzz{n}.yaml"), part);
        let kept = report.for_set(rules);
        let text = report.text.to_string();
        written(rules, report);
        if let Some(kept) = kept {
            // One report alone is in the set twice: a copy of itself.
            if parts.len() == 1 {
                set.push(kept.clone());
                texts.push(text.clone());
            }
            set.push(kept);
            texts.push(text);
        }
    }
    if set.len() == before {
        return;
    }
    let result = pilotlint::pipeline::check_set(rules, set.clone(), &mut |i| texts.get(i).cloned());
    for report in result.reports {
        written(rules, report);
    }
    let changed = pilotlint::pipeline::check_set(rules, set, &mut |i| {
        texts.get((i + 1) % texts.len()).cloned()
    });
    for report in changed.reports {
        written(rules, report);
    }
}

/// The parts of `data` between lines `#%%`, at most four (the last keeps
/// the rest); `data` itself when it has no such line.
fn split(data: &[u8]) -> Vec<&[u8]> {
    const MARK: &[u8] = b"\n#%%\n";
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() < 3 {
        let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) else {
            break;
        };
        parts.push(&rest[..=at]);
        rest = &rest[at + MARK.len()..];
    }
    parts.push(rest);
    parts
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
