//! The schema types: references (beside `if`, in cycles, doubling),
//! `meet` of enums, and JSON pointers.

use super::*;

fn doc(schema: &str) -> Value {
    serde_json::from_str(schema).unwrap()
}

#[test]
fn a_ref_beside_an_if_then_else_gives_both_branches() {
    let v = doc(
        r##"{"type": "object", "properties": {"k": {"enum": ["a", "b"]}},
            "then": {"$ref": "#/$defs/a"}, "else": {"$ref": "#/$defs/b"},
            "$defs": {
              "a": {"type": "object", "additionalProperties": false, "properties": {"x": {}}},
              "b": {"type": "object", "additionalProperties": false, "properties": {"y": {}}}
            }}"##,
    );
    let types = Types::new(&v);
    let Ty::Union(alts) = types.document() else {
        panic!("expected a union");
    };
    let fields: Vec<(Vec<&str>, bool, &str)> = alts
        .iter()
        .map(|t| match t {
            Ty::Object(o) => (
                o.props.keys().map(String::as_str).collect(),
                o.closed,
                &*o.at,
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            (vec!["k", "x"], true, "#/$defs/a"),
            (vec!["k", "y"], true, "#/$defs/b")
        ]
    );
}

#[test]
fn a_reference_cycle_is_untyped_not_endless() {
    let v = doc(
        r##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
    );
    assert!(matches!(Types::new(&v).document(), Ty::Any));
}

#[test]
fn enums_meet_to_their_common_values_and_contradictions_are_never() {
    let v = doc(r#"{"allOf": [{"enum": ["a", "b", 1]}, {"type": "string", "enum": ["b", "c"]}]}"#);
    match Types::new(&v).document() {
        Ty::Str { values, .. } => assert_eq!(values, Some(vec!["b".to_string()])),
        other => panic!("{other:?}"),
    }
    let v = doc(r#"{"allOf": [{"type": "string"}, {"type": "integer"}]}"#);
    assert!(matches!(Types::new(&v).document(), Ty::Never));
}

#[test]
fn a_schema_that_doubles_at_every_reference_stays_cheap() {
    // 40 levels of `allOf` with the next level twice: 2^40 locations if
    // every one were resolved.
    let mut defs = serde_json::Map::new();
    for i in 0..40 {
        let next = format!("#/$defs/d{}", i + 1);
        defs.insert(
            format!("d{i}"),
            serde_json::json!({"allOf": [{"$ref": next}, {"$ref": next}]}),
        );
    }
    defs.insert("d40".into(), serde_json::json!({"type": "string"}));
    let v = serde_json::json!({"$ref": "#/$defs/d0", "$defs": defs});
    let types = Types::new(&v);
    let started = std::time::Instant::now();
    let _ = types.document();
    // Past the budget, each reference under way resolves one more part.
    assert!(
        types.resolved.get() < MAX_RESOLVED + 1_000,
        "{}",
        types.resolved.get()
    );
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn pointers_escape_slash_and_tilde() {
    assert_eq!(
        &*child(&"#".into(), &["properties", "a/b~c"]),
        "#/properties/a~1b~0c"
    );
}
