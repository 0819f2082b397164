//! The packs compiled into the binary are the files in `rules/`, and a
//! run names them `builtin:NAME`.

use pilotlint::builtin;

use super::{findings, pilotlint, root};

#[test]
fn the_embedded_packs_are_the_files_in_rules() {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("rules"))
        .expect("rules/ exists")
        .map(|e| e.expect("rules/ is readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rules"))
        .map(|p| {
            let name = p
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("a rule file is UTF-8");
            (name, text)
        })
        .collect();
    files.sort();
    let mut embedded: Vec<(String, String)> = builtin::PACKS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    embedded.sort();
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&embedded),
        names(&files),
        "every file in rules/ is embedded, and nothing else"
    );
    for ((name, embedded), (_, file)) in embedded.iter().zip(&files) {
        assert!(
            embedded == file,
            "builtin:{name} differs from rules/{name}.rules"
        );
    }
}

#[test]
fn a_builtin_pack_is_named_with_the_builtin_prefix() {
    let dir = root().join("examples");
    let stp = [
        "check",
        "--format",
        "json",
        "--rules",
        "builtin:service-trade-pilot",
    ];
    let out = pilotlint(&dir, &[&stp[..], &["hangzhou-2023-final.yaml"]].concat());
    assert_eq!(
        findings(&out),
        [("STP001".to_string(), 21), ("STP020".to_string(), 204)]
    );
    // The service-trade pack alone has nothing to say about a work plan.
    let out = pilotlint(&dir, &[&stp[..], &["beijing-dz-2023-draft.yaml"]].concat());
    assert_eq!(findings(&out), []);
}

#[test]
fn an_unknown_builtin_pack_is_an_error_with_a_suggestion() {
    let out = pilotlint(
        &root().join("examples"),
        &[
            "check",
            "--rules",
            "builtin:service-trade-pliot",
            "xian-2021-h2.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("builtin:service-trade-pliot"), "{stderr}");
    assert!(stderr.contains("service-trade-pilot"), "{stderr}");
}
