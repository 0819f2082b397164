//! The data check against hand-worked schemas and files.

use super::mismatches;
use crate::report::load;

fn check(data: &str, schema: &str) -> Vec<String> {
    let node = &load(data).expect("loads").documents[0];
    let schema: serde_json::Value = serde_json::from_str(schema).expect("JSON");
    mismatches(node, &schema, &schema)
        .into_iter()
        .map(|(p, why)| format!("{p}: {why}"))
        .collect()
}

const AREAS: &str = r##"{
  "type": "array",
  "items": {"$ref": "#/$defs/area"},
  "$defs": {"area": {
    "type": "object",
    "required": ["name", "code"],
    "additionalProperties": false,
    "properties": {
      "name": {"type": "string"},
      "code": {"type": "string"},
      "kind": {"enum": ["city", "district"]}
    }
  }}
}"##;

/// Each kind of mismatch, worked out by hand, and a file that matches.
#[test]
fn a_registry_that_breaks_its_schema_says_where_and_why() {
    let good = "- {name: Weihai, code: WH, kind: city}\n- {name: Hefei, code: HF}\n";
    assert_eq!(check(good, AREAS), Vec::<String>::new());
    let bad = "- {name: Weihai}\n- {name: Hefei, code: 7}\n- {name: Xi'an, code: XA, kind: town, cde: XA}\n";
    assert_eq!(
        check(bad, AREAS),
        [
            "[0]: no `code`, which the schema requires",
            "[1].code: the number 7, where the schema wants string",
            "[2].kind: the text \"town\", not one of the schema's `enum`",
            "[2].cde: `cde` is not a field the schema declares",
        ]
    );
    assert_eq!(
        check("name: x\n", AREAS),
        [": a mapping, where the schema wants array"]
    );
}

/// The keywords not read here let a value pass (`format` is a note, as
/// in JSON Schema 2020-12); `true`, `false` and `allOf` are read.
#[test]
fn keywords_not_read_let_a_value_pass() {
    let schema = r#"{"format": "date", "unevaluatedItems": false,
                     "unevaluatedProperties": false, "$ref": "other.json#/x"}"#;
    assert_eq!(check("no date\n", schema), Vec::<String>::new());
    assert_eq!(check("[1]\n", schema), Vec::<String>::new());
    assert_eq!(check("a: 1\n", schema), Vec::<String>::new());
    assert_eq!(check("5\n", "true"), Vec::<String>::new());
    assert_eq!(check("5\n", "false"), [": the schema allows no value here"]);
    assert_eq!(
        check(
            "5\n",
            r#"{"allOf": [{"type": "number"}, {"type": "string"}]}"#
        ),
        [": the number 5, where the schema wants string"]
    );
}

/// `anyOf`, `oneOf`, `not` and `if`/`then`/`else`, each held and broken.
#[test]
fn branches_are_read() {
    let any = r#"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#;
    assert_eq!(check("5\n", any), Vec::<String>::new());
    assert_eq!(check("x\n", any), Vec::<String>::new());
    assert_eq!(
        check("2.5\n", any),
        [": the number 2.5, which matches none of the schema's `anyOf`"]
    );
    // 5 is a number and an integer: two branches.
    let one = r#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#;
    assert_eq!(check("2.5\n", one), Vec::<String>::new());
    assert_eq!(
        check("5\n", one),
        [": the number 5, which matches more than one of the schema's `oneOf`"]
    );
    assert_eq!(
        check("x\n", one),
        [": the text \"x\", which matches none of the schema's `oneOf`"]
    );
    let not = r#"{"not": {"const": "TBD"}}"#;
    assert_eq!(check("XA\n", not), Vec::<String>::new());
    assert_eq!(
        check("TBD\n", not),
        [": the text \"TBD\", which the schema's `not` refuses"]
    );
    // A city has a code; anything else has a province.
    let cond = r#"{"if": {"properties": {"kind": {"const": "city"}}},
                   "then": {"required": ["code"]}, "else": {"required": ["province"]}}"#;
    assert_eq!(
        check("{kind: city, code: WH}\n", cond),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{kind: city}\n", cond),
        [": no `code`, which the schema requires"]
    );
    assert_eq!(
        check("{kind: zone, code: WH}\n", cond),
        [": no `province`, which the schema requires"]
    );
    // A branch's own mismatches are not told, only the branch's verdict.
    assert_eq!(
        check("[1, x]\n", r#"{"items": {"anyOf": [{"type": "string"}]}}"#),
        ["[0]: the number 1, which matches none of the schema's `anyOf`"]
    );
}

/// `contains` with its bounds, and what a field brings with it
/// (`dependentRequired`, `dependentSchemas`, draft 7's `dependencies`),
/// each held and broken.
#[test]
fn contains_and_dependencies_are_read() {
    let city = r#"{"contains": {"const": "city"}}"#;
    assert_eq!(check("[zone, city]\n", city), Vec::<String>::new());
    assert_eq!(
        check("[zone, 1]\n", city),
        [": a list with 0 elements the schema's `contains` describes, where it wants at least one"]
    );
    assert_eq!(
        check("[]\n", city),
        [": a list with 0 elements the schema's `contains` describes, where it wants at least one"]
    );
    // Two to three strings; `minContains: 0` lets a list have none.
    let some = r#"{"contains": {"type": "string"}, "minContains": 2, "maxContains": 3}"#;
    assert_eq!(check("[a, 1, b]\n", some), Vec::<String>::new());
    assert_eq!(check("[a, b, c, 4]\n", some), Vec::<String>::new());
    assert_eq!(
        check("[a, 1]\n", some),
        [": a list with 1 element the schema's `contains` describes, where it wants at least 2"]
    );
    assert_eq!(
        check("[a, b, c, d]\n", some),
        [": a list with more than 3 elements the schema's `contains` describes (`maxContains`)"]
    );
    let none = r#"{"contains": {"type": "string"}, "minContains": 0}"#;
    assert_eq!(check("[1]\n", none), Vec::<String>::new());
    // `contains` on what is not a list asks nothing.
    assert_eq!(check("x\n", city), Vec::<String>::new());

    let required = r#"{"dependentRequired": {"code": ["name", "province"]}}"#;
    assert_eq!(check("{name: Weihai}\n", required), Vec::<String>::new());
    assert_eq!(
        check("{code: WH, name: Weihai, province: Shandong}\n", required),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{code: WH}\n", required),
        [
            ": no `name`, which the schema requires where there is `code`",
            ": no `province`, which the schema requires where there is `code`",
        ]
    );
    let schemas = r#"{"dependentSchemas": {"code": {"properties": {"code": {"type": "string"}}, "required": ["name"]}}}"#;
    assert_eq!(
        check("{name: x, code: WH}\n", schemas),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{code: 7}\n", schemas),
        [
            ": no `name`, which the schema requires",
            "code: the number 7, where the schema wants string",
        ]
    );
    // Draft 7: a list is `dependentRequired`, a schema `dependentSchemas`.
    let draft7 = r#"{"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}"#;
    assert_eq!(
        check("{a: 1, b: 2, c: 3, d: 4}\n", draft7),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{a: 1, c: 3}\n", draft7),
        [
            ": no `b`, which the schema requires where there is `a`",
            ": no `d`, which the schema requires",
        ]
    );
    // `dependentRequired` ignores a schema, `dependentSchemas` a list.
    let crossed =
        r#"{"dependentRequired": {"a": {"required": ["b"]}}, "dependentSchemas": {"a": ["b"]}}"#;
    assert_eq!(check("{a: 1}\n", crossed), Vec::<String>::new());
}

/// The bounds of numbers, texts, lists and mappings, at and past each.
#[test]
fn bounds_are_read() {
    let n = r#"{"minimum": 1, "maximum": 28, "multipleOf": 1}"#;
    assert_eq!(check("1\n", n), Vec::<String>::new());
    assert_eq!(check("28\n", n), Vec::<String>::new());
    assert_eq!(
        check("0\n", n),
        [": the number 0, below the schema's `minimum` 1"]
    );
    assert_eq!(
        check("29.5\n", n),
        [
            ": the number 29.5, above the schema's `maximum` 28",
            ": the number 29.5, not a multiple of the schema's `multipleOf` 1",
        ]
    );
    let open = r#"{"exclusiveMinimum": 0, "exclusiveMaximum": 1}"#;
    assert_eq!(check("0.9\n", open), Vec::<String>::new());
    assert_eq!(
        check("0\n", open),
        [": the number 0, at or below the schema's `exclusiveMinimum` 0"]
    );
    assert_eq!(
        check("1\n", open),
        [": the number 1, at or above the schema's `exclusiveMaximum` 1"]
    );
    // Draft 4: `exclusiveMinimum: true` makes `minimum` exclusive.
    let draft4 = r#"{"minimum": 0, "exclusiveMinimum": true}"#;
    assert_eq!(check("0.5\n", draft4), Vec::<String>::new());
    assert_eq!(
        check("0\n", draft4),
        [": the number 0, at or below the schema's `minimum` 0"]
    );
    // Characters, not bytes: 合肥 is two characters and six bytes.
    let text = r#"{"minLength": 2, "maxLength": 3, "pattern": "^[A-Z]"}"#;
    assert_eq!(check("WH\n", text), Vec::<String>::new());
    assert_eq!(
        check("合肥\n", text),
        [": the text \"合肥\", which does not match the schema's `pattern` `^[A-Z]`"]
    );
    assert_eq!(
        check("W\n", text),
        [": the text \"W\" of 1 character, fewer than the schema's `minLength` 2"]
    );
    assert_eq!(
        check("WHXA\n", text),
        [": the text \"WHXA\" of 4 characters, more than the schema's `maxLength` 3"]
    );
    let list = r#"{"minItems": 1, "maxItems": 2, "uniqueItems": true}"#;
    assert_eq!(check("[a, b]\n", list), Vec::<String>::new());
    assert_eq!(
        check("[]\n", list),
        [": a list of 0 elements, fewer than the schema's `minItems` 1"]
    );
    assert_eq!(
        check("[a, b, c]\n", list),
        [": a list of 3 elements, more than the schema's `maxItems` 2"]
    );
    // `1` and `1.0` are one JSON value; so are two mappings in another order.
    assert_eq!(
        check("[1, 1.0]\n", list),
        [
            ": a list whose `[1]` is the same as its `[0]`, where the schema's `uniqueItems` wants no value twice"
        ]
    );
    assert_eq!(
        check("[{a: 1, b: 2}, {b: 2, a: 1}]\n", list),
        [
            ": a list whose `[1]` is the same as its `[0]`, where the schema's `uniqueItems` wants no value twice"
        ]
    );
    let map = r#"{"minProperties": 1, "maxProperties": 1}"#;
    assert_eq!(check("{a: 1}\n", map), Vec::<String>::new());
    assert_eq!(
        check("{a: 1, b: 2}\n", map),
        [": a mapping of 2 fields, more than the schema's `maxProperties` 1"]
    );
    // A bound of another type says nothing.
    assert_eq!(
        check("abc\n", r#"{"minimum": 5, "minItems": 9}"#),
        Vec::<String>::new()
    );
}

/// Fields by pattern and by name, and elements by position.
#[test]
fn patterns_names_and_positions_are_read() {
    let schema = r#"{"properties": {"name": {"type": "string"}},
                     "patternProperties": {"^code_": {"type": "string"}},
                     "additionalProperties": false,
                     "propertyNames": {"maxLength": 8}}"#;
    assert_eq!(
        check("{name: a, code_wh: WH}\n", schema),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{code_wh: 7, zone: 1, code_longer: x}\n", schema),
        [
            "code_wh: the number 7, where the schema wants string",
            "zone: `zone` is not a field the schema declares",
            "code_longer: `code_longer` is not a name the schema's `propertyNames` allows",
        ]
    );
    assert_eq!(
        check(
            "{a: 1}\n",
            r#"{"pattern": "(", "patternProperties": {"(": true}}"#
        ),
        ["a: the schema's pattern `(` is not one pilotlint reads: unclosed group"]
    );
    let tuple = r#"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}"#;
    assert_eq!(check("[WH, 7]\n", tuple), Vec::<String>::new());
    assert_eq!(
        check("[7, WH, x]\n", tuple),
        [
            "[0]: the number 7, where the schema wants string",
            "[1]: the text \"WH\", where the schema wants integer",
            "[2]: an element past the 2 the schema allows",
        ]
    );
    // Draft 4 to 2019-09: `items` as a list, then `additionalItems`.
    let old = r#"{"items": [{"type": "string"}], "additionalItems": {"type": "integer"}}"#;
    assert_eq!(check("[WH, 1, 2]\n", old), Vec::<String>::new());
    assert_eq!(
        check("[WH, x]\n", old),
        ["[1]: the text \"x\", where the schema wants integer"]
    );
}

/// At most five mismatches are told, and a schema whose references
/// double at every level stops after a bounded walk.
#[test]
fn the_walk_is_bounded() {
    let many: String = (0..50).map(|i| format!("- {i}\n")).collect();
    assert_eq!(check(&many, r#"{"items": {"type": "string"}}"#).len(), 5);
    let mut defs = String::from(r#""d40": {"type": "number"}"#);
    for k in (0..40).rev() {
        let next = k + 1;
        defs.push_str(&format!(
            r##", "d{k}": {{"allOf": [{{"$ref": "#/$defs/d{next}"}}, {{"$ref": "#/$defs/d{next}"}}]}}"##
        ));
    }
    let schema = format!(r##"{{"$ref": "#/$defs/d0", "$defs": {{{defs}}}}}"##);
    assert_eq!(check("5\n", &schema), Vec::<String>::new());
    // A branch the bound stops decides nothing: `not` of it refuses nothing.
    let not = format!(r##"{{"not": {{"$ref": "#/$defs/d0"}}, "$defs": {{{defs}}}}}"##);
    assert_eq!(check("5\n", &not), Vec::<String>::new());
}
