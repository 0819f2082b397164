//! Tests of the loader as a whole: spans, documents, comments, aliases and
//! merge keys, errors, and nesting on a small thread stack. The expected
//! offsets are counted by hand from the source text of each test.

use super::*;

fn text_of<'a>(src: &'a str, n: &Node) -> &'a str {
    &src[n.span.start..n.span.end]
}

fn docs(src: &str) -> Vec<Node> {
    load(src).unwrap().documents
}

fn items(n: &Node) -> &[Node] {
    match &n.kind {
        NodeKind::Seq(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

fn keys(n: &Node) -> Vec<&str> {
    match &n.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| match &e.key.kind {
                NodeKind::Str(s) => s.as_str(),
                _ => "?",
            })
            .collect(),
        other => panic!("not a mapping: {other:?}"),
    }
}

#[test]
fn scalars_and_keys_have_exact_spans_under_crlf_and_utf8() {
    let src = "area:\r\n  name: 西安\r\n  province: Shaanxi\r\nok: true\r\n";
    let docs = docs(src);
    let area = docs[0].get("area").unwrap();
    // "area:\r\n  name: " is 15 bytes; 西安 is 6.
    assert_eq!(area.get("name").unwrap().span, Span::new(15, 21));
    let key = &area.entry("province").unwrap().key;
    assert_eq!(text_of(src, key), "province");
    assert_eq!(text_of(src, area), "name: 西安\r\n  province: Shaanxi");
    assert_eq!(docs[0].get("ok").unwrap().kind, NodeKind::Bool(true));
}

#[test]
fn a_lone_cr_is_a_line_break_and_spans_stay_exact() {
    let src = "a: 1\rb: [x,\r  y]\rc: |\r  text\r";
    let docs = docs(src);
    assert_eq!(keys(&docs[0]), ["a", "b", "c"]);
    let b = docs[0].get("b").unwrap();
    assert_eq!(b.span, Span::new(8, 16));
    assert_eq!(items(b)[1].span, Span::new(14, 15));
    let c = docs[0].get("c").unwrap();
    assert_eq!(c.kind, NodeKind::Str("text\n".into()));
    assert_eq!(text_of(src, c), "text");
}

#[test]
fn yaml_1_2_booleans_and_flow_collection_spans() {
    let src = "a: [yes, no, on, {k: off}]\n";
    let docs = docs(src);
    let a = docs[0].get("a").unwrap();
    assert_eq!(text_of(src, a), "[yes, no, on, {k: off}]");
    assert_eq!(items(a)[0].kind, NodeKind::Str("yes".into()));
    assert_eq!(text_of(src, &items(a)[3]), "{k: off}");
}

#[test]
fn quoted_scalars_span_their_quotes_and_block_scalars_their_text() {
    let src = "q: \"a # b\"\ns: 'x'\nb: >-\n  folded\n  text\n\nn: 1\n";
    let docs = docs(src);
    assert_eq!(text_of(src, docs[0].get("q").unwrap()), "\"a # b\"");
    assert_eq!(text_of(src, docs[0].get("s").unwrap()), "'x'");
    let b = docs[0].get("b").unwrap();
    assert_eq!(b.kind, NodeKind::Str("folded text".into()));
    assert_eq!(text_of(src, b), "folded\n  text");
}

#[test]
fn every_document_is_loaded_null_ones_included() {
    let loaded = load("x: 1\n---\n---\ny: 2\n").unwrap();
    assert_eq!(loaded.documents.len(), 3);
    assert_eq!(loaded.documents[1].kind, NodeKind::Null);
    assert!(loaded.documents[2].get("y").is_some());
    // The documents a rule checks leave the null one out.
    assert_eq!(loaded.into_reports().len(), 2);
    // No document at all, and a lone `---`.
    assert!(docs("# only a comment\n").is_empty());
    assert_eq!(docs("---\n")[0].kind, NodeKind::Null);
}

#[test]
fn comments_come_from_the_parser_so_hash_signs_in_values_are_not_comments() {
    let src = "# 报告\na: \"x # y\" # one\nb: |\n  # text\n  line\nc: 'z#' #pilotlint\n";
    let loaded = load(src).unwrap();
    let found: Vec<&str> = loaded
        .comments
        .iter()
        .map(|s| &src[s.start..s.end])
        .collect();
    assert_eq!(found, ["# 报告", "# one", "#pilotlint"]);
    // "# 报告" is `#`, a space and two 3-byte characters.
    assert_eq!(loaded.comments[0], Span::new(0, 8));
    let b = loaded.documents[0].get("b").unwrap();
    assert_eq!(b.kind, NodeKind::Str("# text\nline\n".into()));
}

#[test]
fn comments_are_read_only_from_a_text_that_mentions_pilotlint() {
    // Without the word no comment can be a suppression, and the parser is
    // run without comment events (12% of its time on the benchmark corpus).
    let loaded = load("# a note\na: 1 # another\n").unwrap();
    assert!(loaded.comments.is_empty());
    // The suppressions read the word in any ASCII case, so the loader does.
    let loaded = load("# a note\na: 1 # PilotLint: ignore[X] y\n").unwrap();
    assert_eq!(loaded.comments.len(), 2);
    assert!(may_suppress("x: 1 # PILOTLINT"));
    assert!(!may_suppress("x: pilot lint"));
}

#[test]
fn a_long_run_of_comments_before_a_nested_block_loads() {
    // The parser holds comments while it looks for the block under `a:`;
    // its default cap of 96 made 100 comment lines a syntax error.
    let src = format!("a:\n{}  b: 1\n", "# pilotlint note\n".repeat(500));
    let loaded = load(&src).unwrap();
    assert_eq!(loaded.comments.len(), 500);
    assert!(loaded.documents[0].get("a").unwrap().get("b").is_some());
}

#[test]
fn an_alias_is_a_copy_of_its_anchor_with_the_alias_span() {
    let src = "base: &b {x: 1, y: [2]}\nc: *b\n";
    let docs = docs(src);
    let c = docs[0].get("c").unwrap();
    assert_eq!(keys(c), ["x", "y"]);
    // Every node of the copy points at `*b`, bytes 27..29.
    assert_eq!(c.span, Span::new(27, 29));
    assert_eq!(items(c.get("y").unwrap())[0].span, Span::new(27, 29));
    assert_eq!(items(c.get("y").unwrap())[0].kind, NodeKind::Int(2));
}

#[test]
fn merge_keys_add_entries_the_mapping_does_not_have_itself() {
    let src = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  y: 3\n  <<: [*a, *b]\n";
    let docs = docs(src);
    let m = docs[0].get("m").unwrap();
    // Its own `y` wins, then `x` from the first merged mapping, `z` from
    // the second.
    assert_eq!(keys(m), ["y", "x", "z"]);
    assert_eq!(m.get("y").unwrap().kind, NodeKind::Int(3));
    assert_eq!(m.get("x").unwrap().kind, NodeKind::Int(1));
    assert_eq!(m.get("z").unwrap().kind, NodeKind::Int(2));
    // A quoted `<<` is an ordinary key.
    let q = &self::docs("m: {\"<<\": {x: 1}}\n")[0];
    assert_eq!(keys(q.get("m").unwrap()), ["<<"]);
}

#[test]
fn a_merge_key_needs_a_mapping() {
    let e = load("m:\n  <<: [{a: 1}, 5]\n").unwrap_err();
    assert_eq!(
        e.message,
        "the value of a merge key (`<<`) must be a mapping or a list of mappings"
    );
    // `5` is at byte 18.
    assert_eq!(e.span, Some(Span::new(18, 19)));
}

#[test]
fn duplicate_keys_are_an_error_at_the_second_key() {
    let e = load("a: 1\na: 2\n").unwrap_err();
    assert_eq!(e.message, "duplicate key `a`");
    assert_eq!(e.span, Some(Span::new(5, 6)));
    // Equal by value: 1 and 01 are the same integer.
    let e = load("1: a\n01: b\n").unwrap_err();
    assert_eq!(e.message, "duplicate key `01`");
    assert!(load("1: a\n\"1\": b\n").is_ok());
}

#[test]
fn a_duplicate_among_many_keys_is_found() {
    // Past the linear search, the hash index answers.
    let mut src: String = (0..1000).map(|i| format!("k{i}: {i}\n")).collect();
    src.push_str("k500: again\n");
    let e = load(&src).unwrap_err();
    assert_eq!(e.message, "duplicate key `k500`");
}

#[test]
fn parser_errors_carry_a_byte_position_and_no_line_in_the_message() {
    // "名: {b: 1\nc: 2": the parser stops at the `:` after `c`, byte 12
    // (名 is 3 bytes); a character index would say 10.
    let e = load("名: {b: 1\nc: 2\n").unwrap_err();
    assert_eq!(e.span, Some(Span::new(12, 12)));
    assert_eq!(
        e.message,
        "while parsing a flow mapping, did not find expected ',' or '}'"
    );
    assert!(e.kind == LoadKind::Syntax && e.help.is_none(), "{e:?}");
}

/// Issue 18: the three invalid cases of the YAML test suite the parser's
/// default (PyYAML's) indentation accepted (9C9N, QB6E, DK95/01) are errors,
/// with help saying why.
#[test]
fn indentation_only_the_specification_refuses_is_an_error_with_help() {
    for (src, at) in [
        ("a:\n  - [1,\n  2]\n", 13),
        ("a: \"x\ny\"\n", 6),
        ("a: \"x\n\ty\"\n", 6),
    ] {
        let e = load(src).unwrap_err();
        assert_eq!(e.span, Some(Span::new(at, at)), "{src:?}: {e:?}");
        assert_eq!(e.kind, LoadKind::Syntax, "{e:?}");
        assert!(e.help.as_deref().unwrap().contains("PyYAML"), "{e:?}");
    }
}

/// Strict indentation must not word the commonest mistakes worse: an
/// unclosed quote is still reported where it opens, not as "invalid
/// indentation" on the next line (see also the unclosed `{` above).
#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    let e = load("a: \"unclosed\nb: 1\n").unwrap_err();
    assert_eq!(e.message, "unclosed quote");
    assert_eq!(e.span, Some(Span::new(3, 3)));
    assert!(e.help.is_none(), "{e:?}");
}

#[test]
fn unknown_and_recursive_aliases_are_named() {
    let e = load("a: &x 1\nb: *y\n").unwrap_err();
    assert_eq!(
        e.message,
        "the alias `*y` names no anchor before it in this document"
    );
    let e = load("x: &a [1, {c: *a}]\n").unwrap_err();
    assert_eq!(
        e.message,
        "the alias `*a` is inside the value its anchor names"
    );
}

#[test]
fn tags_read_the_scalar_as_their_type_or_say_why_not() {
    let src = "a: !!int \"12\"\nb: !!str 12\nc: ! twelve\ne: !local 5\n";
    let d = &docs(src)[0];
    assert_eq!(d.get("a").unwrap().kind, NodeKind::Int(12));
    assert_eq!(d.get("b").unwrap().kind, NodeKind::Str("12".into()));
    assert_eq!(d.get("c").unwrap().kind, NodeKind::Str("twelve".into()));
    assert_eq!(d.get("e").unwrap().kind, NodeKind::Str("5".into()));
    // `! 12` is a text here and the number 12 to PyYAML, which resolves a
    // scalar under `!` as if it were plain: refused, at the value.
    for src in ["c: ! 12\n", "c: ! \"null\"\n", "c: !<!> ~\n"] {
        let e = load(src).unwrap_err();
        assert_eq!(e.kind, LoadKind::Ambiguous, "{src}");
    }
    // `!!binary` is bytes to PyYAML, base64 text here: refused, at the
    // value (its text, after the tag), also written verbatim.
    for src in [
        "d: !!binary aGk=\n",
        "d: !<tag:yaml.org,2002:binary> aGk=\n",
    ] {
        let e = load(src).unwrap_err();
        assert_eq!(e.kind, LoadKind::Ambiguous, "{src}");
        assert_eq!(e.span.map(|s| &src[s.start..s.end]), Some("aGk="), "{src}");
    }
    let e = load("a: !!bool yes\n").unwrap_err();
    assert_eq!(
        e.message,
        "`yes` is tagged `!!bool` but is not a boolean (true or false)"
    );
    let e = load("a: !!str [1]\n").unwrap_err();
    assert_eq!(e.message, "the tag `!!str` is for a string, not a list");
}

#[test]
fn a_number_too_large_for_a_float_is_an_error_not_a_policy() {
    let e = load("n: 1e400\n").unwrap_err();
    assert_eq!(e.message, "the number `1e400` is too large to be read");
    assert_eq!(e.span, Some(Span::new(3, 8)));
    assert_eq!(e.kind, LoadKind::Syntax);
    // An integer past i64 that a float holds is a float.
    let d = &docs("n: 9223372036854775808\n")[0];
    assert_eq!(d.get("n").unwrap().kind, NodeKind::Float(2f64.powi(63)));
}

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let e = load_bytes(b"a: \xff\n").unwrap_err();
    assert_eq!(e.span, Some(Span::new(3, 4)));
    assert_eq!(e.message, "the file is not valid UTF-8 (byte 0xff)");
}

/// The stack size of the test harness's threads and rayon's workers.
const SMALL_STACK: usize = 2 * 1024 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn twenty_thousand_levels_are_a_limit_on_a_small_thread_stack() {
    on_small_stack(|| {
        for src in [
            format!("{}x\n", "- ".repeat(20_000)),
            format!("{}{}\n", "[".repeat(20_000), "]".repeat(20_000)),
            format!("{}{}\n", "{a: ".repeat(20_000), "}".repeat(20_000)),
        ] {
            let e = load(&src).unwrap_err();
            assert_eq!(e.kind, LoadKind::Limit, "{}", e.message);
            assert_eq!(e.message, "the report nests more than 64 levels deep");
        }
    });
}

#[test]
fn the_deepest_tree_allowed_is_built_cloned_walked_and_dropped_on_a_small_stack() {
    on_small_stack(|| {
        let limits = Limits::default();
        for src in [
            format!("{}x\n", "- ".repeat(limits.max_depth)),
            format!(
                "{}1{}\n",
                "{a: ".repeat(limits.max_depth),
                "}".repeat(limits.max_depth)
            ),
            format!("k: &a\n{}x\nl: *a\n", "- ".repeat(limits.max_depth - 1)),
        ] {
            let loaded = load(&src).unwrap();
            let copy = loaded.clone();
            assert_eq!(copy, loaded);
            let deepest = src.find(['x', '1']).unwrap();
            assert!(
                !loaded.documents[0]
                    .path_to(Span::new(deepest, deepest + 1))
                    .is_empty()
            );
            drop(copy);
            drop(loaded);
        }
        // One level more is the limit, whether written or reached through an
        // alias.
        let over = format!("{}x\n", "- ".repeat(limits.max_depth + 1));
        assert_eq!(load(&over).unwrap_err().kind, LoadKind::Limit);
        let via_alias = format!("k: &a\n{}x\nl: [*a]\n", "- ".repeat(limits.max_depth - 1));
        let e = load(&via_alias).unwrap_err();
        assert_eq!(e.message, "the report nests more than 64 levels deep");
    });
}

#[test]
fn granit_parser_does_not_recurse_per_nesting_level() {
    // With its own limits lifted, the parser alone reads 100,000 levels on
    // a 256 KiB stack: its nesting lives on the heap, so ours is the only
    // depth that matters.
    let run = |src: String| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut options = granit_parser::Options::default();
                options.flow_nesting_limit = usize::MAX;
                options.block_nesting_limit = usize::MAX;
                granit_parser::Parser::new_from_str_with_options(&src, options)
                    .map(|e| e.is_ok())
                    .filter(|ok| *ok)
                    .count()
            })
            .unwrap()
            .join()
            .unwrap()
    };
    let n = 100_000;
    // Stream, document, n starts, the scalar, n ends, document, stream.
    assert_eq!(run(format!("{}x\n", "- ".repeat(n))), 2 * n + 5);
    assert_eq!(
        run(format!("{}{}\n", "[".repeat(n), "]".repeat(n))),
        2 * n + 4
    );
}

#[test]
fn path_to_names_the_deepest_node() {
    let src = "measures:\n  - id: a\n  - id: b\n    status: done\n";
    let docs = docs(src);
    let at = src.find("done").unwrap();
    assert_eq!(docs[0].path_to(Span::new(at, at + 4)), "measures[1].status");
}

/// Every element of a long list, found by binary search, gets the path a
/// scan gives; a key gets the path of its entry.
#[test]
fn path_to_every_element_of_a_long_list_and_every_key() {
    let src: String = (0..500)
        .map(|i| format!("- {{id: m{i:03}, status: s{i:03}}}\n"))
        .collect();
    let docs = docs(&src);
    for i in [0, 1, 2, 250, 498, 499] {
        let at = src.find(&format!("s{i:03}")).unwrap();
        assert_eq!(
            docs[0].path_to(Span::new(at, at + 4)),
            format!("[{i}].status")
        );
        let key = src[..at].rfind("status").unwrap();
        assert_eq!(
            docs[0].path_to(Span::new(key, key + 6)),
            format!("[{i}].status")
        );
    }
}

/// Aliases and merge keys put values out of document order: their paths
/// are still found (the first place that holds the value).
#[test]
fn path_to_through_aliases_and_merge_keys() {
    let src = "base: &b {x: 1, y: 2}\nlist: [*b, {z: 3}]\nm:\n  <<: *b\n  w: 4\n";
    let docs = docs(src);
    let at = src.find("3}").unwrap();
    assert_eq!(docs[0].path_to(Span::new(at, at + 1)), "list[1].z");
    let at = src.find("4\n").unwrap();
    assert_eq!(docs[0].path_to(Span::new(at, at + 1)), "m.w");
    let at = src.find("2}").unwrap();
    assert_eq!(docs[0].path_to(Span::new(at, at + 1)), "base.y");
}

/// `invisible-character`: a zero-width space or an override anywhere in
/// the text (at the character), or escaped in a double-quoted key or value
/// (at the scalar), as is an escaped control character (no other style has
/// escapes, and YAML refuses raw controls). Tabs and line breaks, Chinese
/// punctuation (the same first byte, E2, in UTF-8) and a byte order mark
/// before the document are kept.
#[test]
fn characters_that_show_as_nothing_are_refused() {
    for (text, at) in [
        ("a: \"x\\u200b\"\n", 3),
        ("a: x\u{200b}y\n", 4),
        ("a\u{202e}b: 1\n", 1),
        ("a: 1 # \u{2066}\n", 7),
        ("a: \"x\\e[2J\"\n", 3),
        ("a: \"x\\u0007\"\n", 3),
        ("a: 'x\u{feff}'\n", 5),
        ("- \"\\u00ad\"\n", 2),
        // Found by a review: variation selectors, tags, U+061C, fillers.
        ("a: Weihai\u{fe0f}\n", 9),
        ("a: \"Weihai\\U000E0041\"\n", 3),
        ("a: x\u{61c}\n", 4),
        ("a: \u{3164}\n", 3),
        ("a: x\u{34f}\n", 4),
        ("a: x\u{180e}\n", 4),
        ("a: x\u{ffa0}\n", 4),
        ("a: x\u{1d173}\n", 4),
    ] {
        let e = load(text).expect_err(text);
        assert_eq!(e.kind, LoadKind::Invisible, "{text}: {e:?}");
        assert_eq!(e.span.map(|s| s.start), Some(at), "{text}");
    }
    for text in [
        "a: \"x\\ty\\nz\"\n",
        "a: |\n  x\ty\n",
        "a: “合肥—…”、。「」\n",
        "a: ❤ ✓ ─ 🙂\n",
        "\u{feff}a: 1\n",
    ] {
        assert!(load(text).is_ok(), "{text}");
    }
}
