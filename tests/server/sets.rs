//! The server and the rules across reports: the set of the workspace's
//! reports read with the unsaved text of open ones, a related place in
//! another report, reports changed on disk read again, a report's own
//! diagnostics before the set is read, and set findings in an open data
//! file. The workspaces are `fixtures/server/workspace/` and copies of
//! examples/national with the national pack.

use std::path::Path;

use serde_json::{Value, json};

use super::client::{Client, uri_of};
use super::{at, codes, start, workspace};

/// A rule across reports (`rules/set.rules`) reads every report the
/// configuration selects, unsaved text included: two reports of Nanjing
/// for one period are one finding in each, and changing one in the editor
/// clears both.
#[test]
fn rules_across_reports_read_the_workspace_set_and_the_unsaved_text() {
    let mut c = Client::start(&workspace());
    let (first, text) = c.open("reports/nanjing-h1.yaml", None);
    let list = c.diagnostics(&first, |l| !l.is_empty());
    assert_eq!(codes(&list), ["SET001"]);
    assert_eq!(start(&list[0]), (0, 6));
    assert_eq!(
        list[0]["message"],
        "南京 has 2 reports for the period ending 2022-06-30"
    );
    // No inline comment silences a rule across reports: no suppression.
    let params = json!({
        "textDocument": {"uri": first},
        "range": {"start": at(0, 7), "end": at(0, 7)},
        "context": {"diagnostics": list},
    });
    let actions = c.request("textDocument/codeAction", params).unwrap();
    assert_eq!(actions, json!([]));
    let (again, _) = c.open("reports/nanjing-h1-again.yaml", None);
    c.diagnostics(&again, |l| codes(l) == ["SET001"]);
    c.change(&first, 2, &text.replace("南京", "苏州"));
    c.diagnostics(&first, <[Value]>::is_empty);
    c.diagnostics(&again, <[Value]>::is_empty);
    assert!(c.shutdown().success());
}

/// A copy of examples/national with a configuration that makes its six
/// reports the set.
pub(super) fn national_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/national");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("pilotlint.toml"),
        "rules = [\"builtin:national\"]\ninclude = [\"*.yaml\"]\n",
    )
    .unwrap();
    dir
}

/// A finding of the national pack that compares two reports of a set
/// relates the other report's value (examples/national, the set of its
/// six reports): HIS002 in the second half of 2022 points at the first
/// half's total, as `check` does.
#[test]
fn a_rule_across_reports_relates_the_other_report_of_the_set() {
    let dir = national_workspace();
    let mut c = Client::start(dir.path());
    let (uri, _) = c.open("changchun-2022-h2.yaml", None);
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    // HIS001 too: Changchun-122, implemented in the first half, is not in
    // the second (examples/README.md).
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    assert_eq!(start(&list[0]), (18, 18));
    let related = list[0]["relatedInformation"].as_array().unwrap();
    let other = &related[0];
    assert_eq!(
        other["location"]["uri"],
        uri_of(&c.root.join("changchun-2022-h1-again.yaml"))
    );
    assert_eq!(other["location"]["range"]["start"], at(18, 18));
    assert_eq!(other["message"], "`prev.summary.measures_total` is 122");
    assert!(c.shutdown().success());
}

/// Reports on disk that are not open are read again when they change: one
/// deleted leaves the set, one rewritten is read anew (what the set rules
/// read of each is kept by modification time and size, and read on the
/// server's threads). HIS002 of Changchun's second half relates the
/// report of the first half read last; with that one deleted, the other
/// report of the first half; with its total made 121, nothing (HIS001's
/// finding of the measure missing from the second half stays).
#[test]
fn reports_changed_on_disk_are_read_again_at_the_next_check() {
    let dir = national_workspace();
    let mut c = Client::start(dir.path());
    let (uri, text) = c.open("changchun-2022-h2.yaml", None);
    let related_file = |l: &[Value]| -> Option<String> {
        let r = l.first()?["relatedInformation"].as_array()?;
        Some(r.first()?["location"]["uri"].as_str()?.to_string())
    };
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    let again = uri_of(&c.root.join("changchun-2022-h1-again.yaml"));
    assert_eq!(related_file(&list), Some(again));
    std::fs::remove_file(dir.path().join("changchun-2022-h1-again.yaml")).unwrap();
    c.change(&uri, 2, &format!("{text}# edited\n"));
    let first = uri_of(&c.root.join("changchun-2022-h1.yaml"));
    let list = c.diagnostics(&uri, |l| related_file(l).is_some_and(|f| f == first));
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    assert_eq!(start(&list[0]), (18, 18));
    let h1 = dir.path().join("changchun-2022-h1.yaml");
    let old = std::fs::read_to_string(&h1).unwrap();
    assert!(old.contains("measures_total: 122\n"), "{old}");
    let new = old.replace("measures_total: 122\n", "measures_total: 121\n") + "# 121 now\n";
    std::fs::write(&h1, new).unwrap();
    c.change(&uri, 3, &format!("{text}# edited twice\n"));
    // Changchun-122 is still missing from the second half (HIS001).
    c.diagnostics(&uri, |l| codes(l) == ["HIS001"]);
    assert!(c.shutdown().success());
}

/// A report with no findings of the rules across reports shown gets its
/// own diagnostics at once, before the set is read (a first check reads
/// every report of the set, seconds in a folder of thousands); the set's
/// findings follow. Once it has some, an edit waits for the set, so none
/// is shown at a place the edit moved: the next publication has them.
#[test]
fn own_diagnostics_come_before_the_set_is_read() {
    let dir = national_workspace();
    let mut c = Client::start(dir.path());
    let (uri, text) = c.open("changchun-2022-h2.yaml", None);
    // The national pack finds nothing in the report alone.
    assert_eq!(c.diagnostics(&uri, |_| true), Vec::<Value>::new());
    let list = c.diagnostics(&uri, |_| true);
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    assert_eq!(start(&list[0]), (18, 18));
    // A line before the finding's: the next publication has it one lower.
    c.change(&uri, 2, &format!("# edited\n{text}"));
    let list = c.diagnostics(&uri, |_| true);
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    assert_eq!(start(&list[0]), (19, 18));
    assert!(c.shutdown().success());
}

/// A finding of the rules across reports in a data file or at a rule's
/// clause is shown in that file when it is open: with the national pack's
/// rule file, registry and schemas copied into the workspace, the registry
/// entry of Harbin (line 15, `- name: Harbin`, column 9 at `Harbin`) has
/// NAT001, as `pilotlint check examples/national` prints it.
#[test]
fn set_findings_in_an_open_data_file_are_shown_there() {
    let dir = national_workspace();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("rules/data")).unwrap();
    std::fs::create_dir_all(dir.path().join("schema")).unwrap();
    for file in [
        "rules/national.rules",
        "rules/data/pilot-areas.yaml",
        "rules/data/pilot-areas.schema.json",
        "schema/report.schema.json",
    ] {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    std::fs::write(
        dir.path().join("pilotlint.toml"),
        "rules = [\"rules/national.rules\"]\ninclude = [\"*.yaml\"]\n",
    )
    .unwrap();
    let mut c = Client::start(dir.path());
    let (report, _) = c.open("changchun-2022-h2.yaml", None);
    c.diagnostics(&report, |l| codes(l) == ["HIS002", "HIS001"]);
    let (registry, text) = c.open("rules/data/pilot-areas.yaml", None);
    assert_eq!(text.lines().nth(14), Some("- name: Harbin"));
    let list = c.diagnostics(&registry, |l| !l.is_empty());
    assert_eq!(codes(&list), ["NAT001"]);
    assert_eq!(start(&list[0]), (14, 8));
    assert_eq!(
        list[0]["message"],
        "Harbin has no report for the period ending 2022-12-31"
    );
    assert!(c.shutdown().success());
}

/// Regression (a gap named 2026-12-07): the server asked the editor to
/// watch rule files, schemas and the configuration, not YAML files, so a
/// registry or a report changed outside the editor (a `git pull`) changed
/// nothing until the next edit. It now watches `*.yaml` too: a data file of
/// the rules reloads them, a report closed in the editor refreshes the
/// findings of the rules across reports. Here `[data]` gives the national
/// pack `registry/areas.yaml`; giving Changchun the code `CC` there makes
/// NAT004 find every id of its open report, and a copy of that report
/// written on disk makes NAT003 find the two.
#[test]
fn a_registry_or_a_report_changed_on_disk_reaches_the_open_reports() {
    let dir = national_workspace();
    let registry = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/data/pilot-areas.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("registry")).unwrap();
    std::fs::write(dir.path().join("registry/areas.yaml"), &registry).unwrap();
    std::fs::write(
        dir.path().join("pilotlint.toml"),
        "rules = [\"builtin:national\"]\ninclude = [\"*.yaml\"]\n\n[data]\nareas = \"registry/areas.yaml\"\n",
    )
    .unwrap();
    let mut c = Client::start(dir.path());
    let register = c.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = &register["params"]["registrations"][0]["registerOptions"]["watchers"];
    let globs: Vec<&str> = watchers
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.yaml"), "{globs:?}");
    let (report, _) = c.open("changchun-2022-h2.yaml", None);
    c.diagnostics(&report, |l| codes(l) == ["HIS002", "HIS001"]);
    assert!(registry.contains("  code: Changchun\n"), "{registry}");
    std::fs::write(
        dir.path().join("registry/areas.yaml"),
        registry.replace("  code: Changchun\n", "  code: CC\n"),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&c.root.join("registry/areas.yaml")), "type": 2}]}),
    );
    let list = c.diagnostics(&report, |l| codes(l).contains(&"NAT004"));
    let nat004: Vec<&Value> = list.iter().filter(|d| d["code"] == "NAT004").collect();
    assert_eq!(
        nat004[0]["message"],
        "measure id `Changchun-001` does not start with Changchun's code `CC` followed by `-` and \
         three digits"
    );
    let text = std::fs::read_to_string(dir.path().join("changchun-2022-h2.yaml")).unwrap();
    std::fs::write(dir.path().join("changchun-2022-h2-copy.yaml"), text).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&c.root.join("changchun-2022-h2-copy.yaml")), "type": 1}]}),
    );
    let list = c.diagnostics(&report, |l| codes(l).contains(&"NAT003"));
    let nat003: Vec<&Value> = list.iter().filter(|d| d["code"] == "NAT003").collect();
    assert_eq!(
        nat003[0]["message"],
        "Changchun has 2 reports for the period ending 2022-12-31"
    );
    assert!(c.shutdown().success());
}
