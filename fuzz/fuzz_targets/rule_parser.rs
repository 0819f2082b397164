//! Any text as a rule file: parsing and the static checks return errors,
//! never panic, and every error renders as a diagnostic. A file that parses
//! is also formatted (`pilotlint fmt`): the formatted text parses to the
//! same tree and formatting it again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pilotlint::rules::RuleSource;
use pilotlint::syntax::{parse, print::format};

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
    let (tree, errors) = parse(text);
    if errors.is_empty() {
        let formatted = format(text).expect("a file that parses formats");
        let (again, errors) = parse(&formatted);
        assert!(errors.is_empty(), "the formatted file does not parse:\n{formatted}");
        assert_eq!(tree, again, "formatting changed the meaning:\n{formatted}");
        assert_eq!(
            format(&formatted).expect("formatted text parses"),
            formatted,
            "formatting is not idempotent"
        );
    }
});
