//! The shipped rule packs against any report: checking never panics, every
//! finding's span lies inside the report, and every finding renders as
//! text and as JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pilotlint::rules::RuleSet;

fn packs() -> &'static RuleSet {
    static PACKS: OnceLock<RuleSet> = OnceLock::new();
    // The shipped packs are checked by the test suite; failing here is a
    // broken build, not a finding.
    PACKS.get_or_init(|| pilotlint::load_rules(pilotlint::builtin::all()).expect("valid packs"))
}

fuzz_target!(|data: &[u8]| {
    let rules = packs();
    let report = pilotlint::check_report(rules, "fuzz.yaml", data);
    for f in &report.findings {
        if let Some(s) = f.span {
            assert!(s.start <= s.end && s.end <= report.text.len(), "{f:?}");
        }
        let _ = report.data_path(f);
        let _ = pilotlint::diagnostic::render(&pilotlint::diagnostic::finding(rules, &report, f), false);
    }
    let reports = [report];
    pilotlint::output::json::write(&mut std::io::sink(), rules, &reports).expect("a sink accepts");
    pilotlint::output::human::write(&mut std::io::sink(), rules, &reports, false).expect("a sink accepts");
});
