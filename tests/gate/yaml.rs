//! What YAML 1.1 and YAML 1.2 readers read differently. A ministry's own
//! scripts may read the reports a gate passed with PyYAML (YAML 1.1); where
//! the two disagree, a submitter could show the gate one report and the
//! scripts another. Each case was a gate pass (exit 0) on a report that
//! PyYAML reads as failing, found by a hostile review on 2026-12-07; each
//! is now refused at its place, with lines and columns counted by hand.

use super::{check_json, dir, hefei, write, xian};

/// `(code, line, column)` of every finding of the gate on `file`.
fn gate_on(name: &str, text: &str) -> (Option<i32>, Vec<(String, u64, u64)>) {
    let d = dir(name);
    write(&d, "submission/reports/r.yaml", text);
    let (code, json, stderr) = check_json(&d, &["--gate", "submission"]);
    let found = json["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{stderr}"))
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (code, found)
}

fn one(code: &str, line: u64, column: u64) -> Vec<(String, u64, u64)> {
    vec![(code.to_string(), line, column)]
}

/// Regression: U+2028 (and U+2029, U+0085) ends a line for PyYAML, not for
/// YAML 1.2, so `approved: false` after a comment on the line before was
/// read by PyYAML and hidden from the gate, which saw the plan approved.
/// Line 17 is `  approved_on: 2020-12-20 # approved`, 36 characters, and
/// the separator is the 37th.
#[test]
fn a_unicode_line_separator_is_refused() {
    for (name, separator) in [
        ("u2028", '\u{2028}'),
        ("u2029", '\u{2029}'),
        ("u0085", '\u{85}'),
    ] {
        let text = hefei().replace(
            "  approved: false\n",
            &format!("  approved: true\n  approved_on: 2020-12-20 # approved{separator}  approved: false\n"),
        );
        assert_eq!(
            gate_on(name, &text),
            (Some(1), one("yaml-ambiguous", 17, 37)),
            "{name}"
        );
    }
}

/// Regression: with two merge keys in one mapping, the loader let the
/// first win and PyYAML the last (`approved: false`); and a `!!merge` tag
/// on a key other than `<<` is a merge for PyYAML and the key `x` here.
/// Line 18 holds the second `<<` (column 3), and `  !!merge x:` puts `x`
/// at column 11.
#[test]
fn merge_keys_that_readers_resolve_differently_are_refused() {
    let two = hefei().replace(
        "  approved: false\n",
        "  approved_on: 2020-12-20\n  <<: {approved: true}\n  <<: {approved: false}\n",
    );
    assert_eq!(
        gate_on("two-merges", &two),
        (Some(1), one("yaml-syntax", 18, 3))
    );
    let tagged = hefei().replace(
        "  approved: false\n",
        "  <<: {approved: true}\n  approved_on: 2020-12-20\n  !!merge x: {approved: false}\n",
    );
    assert_eq!(
        gate_on("merge-tag", &tagged),
        (Some(1), one("yaml-ambiguous", 18, 11))
    );
}

/// Regression (a hostile review): an alias of a merge key is a merge key
/// to PyYAML, and the key `<<` to the loader, so `*m :` after `&m <<:` was
/// a second merge the refusal of two missed: the gate read the first
/// (`approved: true`) and passed, PyYAML read the last (`approved:
/// false`). The alias is on line 18, column 3.
#[test]
fn an_alias_of_a_merge_key_is_refused() {
    let aliased = hefei().replace(
        "  approved: false\n",
        "  approved_on: 2020-12-20\n  &m <<: {approved: true}\n  *m : {approved: false}\n",
    );
    assert_eq!(
        gate_on("merge-alias", &aliased),
        (Some(1), one("yaml-ambiguous", 18, 3))
    );
}

/// Regression (a hostile review): PyYAML reads a scalar under the
/// non-specific tag `!` as if it were plain, so `! <<:` (and `! "<<":`)
/// was a second merge key to it (`approved: false`) and the key `<<` to
/// the gate, which read the first merge and passed. The scalar after
/// `  ! ` is at line 18, column 5.
#[test]
fn a_merge_key_under_the_non_specific_tag_is_refused() {
    for (name, key) in [("plain", "<<"), ("quoted", "\"<<\"")] {
        let tagged = hefei().replace(
            "  approved: false\n",
            &format!(
                "  approved_on: 2020-12-20\n  <<: {{approved: true}}\n  ! {key}: {{approved: false}}\n"
            ),
        );
        assert_eq!(
            gate_on(&format!("merge-non-specific-{name}"), &tagged),
            (Some(1), one("yaml-ambiguous", 18, 5)),
            "{name}"
        );
    }
}

/// Regression (a hostile review): PyYAML decodes a `!!binary` value to
/// bytes, and the gate kept its base64 text, so `note: !!binary IA==` was
/// a note to the gate (one that excuses HIS001 and HIS002) and a blank to
/// the ministry's scripts. `  note: !!binary ` is 17 characters: the value
/// is at line 20, column 18.
#[test]
fn a_binary_value_is_refused() {
    let binary = hefei().replace(
        "  measures_implemented: 61\n",
        "  measures_implemented: 61\n  note: !!binary IA==\n",
    );
    assert_eq!(
        gate_on("binary", &binary),
        (Some(1), one("yaml-ambiguous", 20, 18))
    );
}

/// Regression (a hostile review): PyYAML resolves a scalar under the
/// non-specific tag `!` as if it were plain, quoted or not, so `note: !
/// null` was a note to the gate (the text `null`, one that excuses HIS001
/// and HIS002: an implemented measure dropped from the next report
/// passed) and no note at all to PyYAML; `! "122"` a text here and a
/// number there. `  note: ! ` is 10 characters: the value is at line 20,
/// column 11.
#[test]
fn a_scalar_under_the_non_specific_tag_that_pyyaml_reads_as_null_or_a_number_is_refused() {
    for (name, value) in [
        ("null", "null"),
        ("tilde", "~"),
        ("quoted-null", "\"null\""),
        ("number", "\"122\""),
        ("boolean", "'true'"),
        ("underscored", "1_0"),
    ] {
        let tagged = hefei().replace(
            "  measures_implemented: 61\n",
            &format!("  measures_implemented: 61\n  note: ! {value}\n"),
        );
        assert_eq!(
            gate_on(&format!("non-specific-{name}"), &tagged),
            (Some(1), one("yaml-ambiguous", 20, 11)),
            "{name}"
        );
    }
    // A text PyYAML reads as a text too is kept: only the report's own
    // finding (STP002, the plan not approved).
    let text = hefei().replace(
        "  measures_implemented: 61\n",
        "  measures_implemented: 61\n  note: ! nothing changed\n",
    );
    let (code, found) = gate_on("non-specific-text", &text);
    assert_eq!(code, Some(1));
    assert!(
        found.iter().all(|(c, _, _)| c != "yaml-ambiguous"),
        "{found:?}"
    );
}

/// Regression: `0122` is 122 in YAML 1.2 and 82 (octal) for PyYAML, so a
/// report's totals read right to the gate and wrong to the ministry's
/// scripts. `  measures_total: ` is 18 characters: the value is at line
/// 19, column 19 of examples/xian-2021-h2.yaml. A number both read alike
/// (`122`) passes, as the example does.
#[test]
fn a_number_yaml_1_1_reads_otherwise_is_refused() {
    let xian = xian();
    assert!(xian.contains("\n  measures_total: 122\n"));
    let octal = xian.replace("measures_total: 122", "measures_total: 0122");
    assert_eq!(
        gate_on("octal", &octal),
        (Some(1), one("yaml-ambiguous", 19, 19))
    );
    assert_eq!(gate_on("plain", &xian), (Some(0), vec![]));
}

/// Regression (a hostile review, 2026-12-07): `name: "Changchun\u200b"` on
/// a copy of Changchun's report for a period made it another area to the
/// rules across reports, so NAT003 (one report per area and period) passed
/// the copy, and a measure id with one escaped HIS001. A character that
/// shows as nothing is refused anywhere in the text, at its place, and
/// written as an escape in a key or value, at the value: line 7 of the
/// Hefei example is `  name: "Hefei"`, its value at column 9 (the scalar's
/// quotes included); a raw zero-width space after `  name: Hef` is at
/// column 12, an override after `  na` at column 5.
#[test]
fn a_character_that_shows_as_nothing_is_refused() {
    let cases = [
        (
            "escaped",
            "  name: \"Hefei\\u200b\"\n",
            "  name: \"Hefei\"\n",
            7,
            9,
        ),
        (
            "raw",
            "  name: Hef\u{200b}ei\n",
            "  name: \"Hefei\"\n",
            7,
            12,
        ),
        (
            "key",
            "  na\u{202e}me: \"Hefei\"\n",
            "  name: \"Hefei\"\n",
            7,
            5,
        ),
    ];
    for (name, new, old, line, column) in cases {
        let text = hefei().replacen(old, new, 1);
        assert_ne!(text, hefei(), "{name}");
        assert_eq!(
            gate_on(name, &text),
            (Some(1), one("invisible-character", line, column)),
            "{name}"
        );
    }
    // Found by a second review: a variation selector, a tag character,
    // the Arabic letter mark and a Hangul filler showed as nothing too.
    for (k, c) in ['\u{fe0f}', '\u{e0041}', '\u{61c}', '\u{3164}']
        .into_iter()
        .enumerate()
    {
        let text = hefei().replacen("  name: \"Hefei\"\n", &format!("  name: Hefei{c}\n"), 1);
        assert_eq!(
            gate_on(&format!("more-{k}"), &text),
            (Some(1), one("invisible-character", 7, 14)),
            "{c:?}"
        );
    }
    // Chinese punctuation shares the first byte of these characters in
    // UTF-8 (E2: “ ” — …) and is not refused.
    let text = hefei().replacen("  name: \"Hefei\"\n", "  name: \"合肥“—…”\"\n", 1);
    let (_, found) = gate_on("punctuation", &text);
    assert!(
        !found
            .iter()
            .any(|(code, _, _)| code == "invisible-character"),
        "{found:?}"
    );
}
