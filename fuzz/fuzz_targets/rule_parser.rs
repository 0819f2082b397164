//! Any text as a rule file: parsing and the static checks return errors,
//! never panic, and every error renders as a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pilotlint::rules::RuleSource;

fuzz_target!(|data: &[u8]| {
    // Rule files that are not UTF-8 are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = RuleSource {
        name: "fuzz.rules".into(),
        text: text.into(),
    };
    if let Err(errors) = pilotlint::load_rules(vec![source]) {
        for d in pilotlint::diagnostic::rule_errors(&errors) {
            let _ = pilotlint::diagnostic::render(&d, false);
        }
    }
});
