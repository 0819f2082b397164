//! `pilotlint server` over the protocol, with the real binary: the
//! findings of an open report as diagnostics (positions in UTF-16 units,
//! checked against `pilotlint check` and by hand), a change that fixes
//! them, rule files (errors with their help, the last good rules kept,
//! formatting, hover, completion, definition), code actions, a report
//! that is not YAML, rule tests, bad requests, the rules across reports
//! (`server/sets.rs`), workspace folders, built-in packs' clauses, and the
//! life cycle
//! (`shutdown` then `exit` is status 0, `exit` alone 1). The workspace is
//! `fixtures/server/workspace/`, the one the editor test uses too
//! (scripts/editor-check.sh); documents are changed only in the server's
//! memory, never on disk.

mod client;
mod rules;
mod sets;

use std::path::{Path, PathBuf};

use client::{Client, uri_of};
use serde_json::{Value, json};
use sets::national_workspace;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/server/workspace")
}

fn codes(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

fn start(d: &Value) -> (u64, u64) {
    let s = &d["range"]["start"];
    (
        s["line"].as_u64().unwrap(),
        s["character"].as_u64().unwrap(),
    )
}

fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn doc_at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": at(line, character)})
}

/// The planted finding of `reports/hefei.yaml`: after Chinese text, so a
/// column in characters or bytes would be wrong.
#[test]
fn an_open_report_gets_the_findings_of_check_at_utf16_positions() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open("reports/hefei.yaml", None);
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["PLN001", "PLN002"]);
    let d = &list[0];
    // Worked out by hand: line 4 is
    // `implementation_plan: {名称: 合肥市服务贸易创新发展试点方案, approved: false}`;
    // `implementation_plan: {名称: 合肥市服务贸易创新发展试点方案𠮷, approved: false}`:
    // `false` follows 22 + 4 + 15 + 1 + 12 = 54 characters, and `𠮷`
    // (U+20BB7) is two UTF-16 units: column 55, where a count of characters
    // would say 54 and of bytes 91 (each Chinese character is three, `𠮷`
    // four).
    let line = text.lines().nth(3).unwrap();
    let before = &line[..line.find("false").unwrap()];
    assert_eq!((before.chars().count(), before.len()), (54, 91));
    assert_eq!(start(d), (3, 55));
    assert_eq!(d["range"]["end"], at(3, 60));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["message"], "the implementation plan is not approved");
    assert_eq!(d["source"], "pilotlint");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://example.org/rules/PLN001"
    );
    // Related: the rule clause that produced it, in the rule file.
    let related = d["relatedInformation"].as_array().unwrap();
    let rule = related.last().unwrap();
    assert_eq!(
        rule["location"]["uri"],
        uri_of(&c.root.join("rules/plan.rules"))
    );
    assert_eq!(rule["location"]["range"]["start"], at(8, 4));
    assert_eq!(
        rule["message"],
        "rule `PLN001`: the implementation plan is approved"
    );
    // The warning of a measure without status, at the measure.
    assert_eq!(list[1]["severity"], 2);
    assert_eq!(start(&list[1]), (8, 4));
    assert_eq!(list[1]["message"], "`status` is missing");
    assert!(c.shutdown().success());
}

/// What `check --format json` says of each report, against what the
/// server publishes: codes, messages, severities and positions (check
/// counts characters from 1, the protocol UTF-16 units from 0).
#[test]
fn the_server_and_check_agree_on_every_report_of_the_workspace() {
    let root = workspace();
    let mut c = Client::start(&root);
    for rel in [
        "reports/hefei.yaml",
        "reports/wuhan-crlf.yaml",
        "reports/nanjing-h1.yaml",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilotlint"))
            .args(["check", "--format", "json", rel])
            .current_dir(&root)
            .output()
            .expect("check runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        let (uri, text) = c.open(rel, None);
        let list = c.diagnostics(&uri, |l| !l.is_empty());
        let findings = json["findings"].as_array().unwrap();
        assert_eq!(findings.len(), list.len(), "{rel}");
        let lines: Vec<&str> = text.split('\n').collect();
        for (f, d) in findings.iter().zip(&list) {
            assert_eq!(f["code"], d["code"]);
            assert_eq!(f["message"], d["message"]);
            let severity =
                ["", "error", "warning", "info"][d["severity"].as_u64().unwrap() as usize];
            assert_eq!(f["severity"], severity);
            let line = f["line"].as_u64().unwrap() as usize;
            let column = f["column"].as_u64().unwrap() as usize;
            let units: usize = lines[line - 1]
                .chars()
                .take(column - 1)
                .map(char::len_utf16)
                .sum();
            assert_eq!(start(d), ((line - 1) as u64, units as u64), "{rel}: {f}");
        }
    }
    assert!(c.shutdown().success());
}

#[test]
fn a_change_that_fixes_the_report_clears_its_diagnostics_and_a_bad_one_is_a_finding() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&uri, |l| l.len() == 2);
    let fixed = text.replace("approved: false", "approved: true").replace(
        "    title: 开展服务业审批事项委托\n",
        "    title: 开展服务业审批事项委托\n    status: planned\n",
    );
    c.change(&uri, 2, &fixed);
    c.diagnostics(&uri, <[Value]>::is_empty);
    // Not YAML: one yaml-syntax error, and the server goes on.
    c.change(&uri, 3, "area: [合肥\n");
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["yaml-syntax"]);
    c.change(&uri, 4, &fixed);
    c.diagnostics(&uri, <[Value]>::is_empty);
    assert!(c.shutdown().success());
}

/// The server takes changes incrementally: ranges in UTF-16 units, applied
/// in order. In hefei.yaml, line 3 holds `𠮷` (two UTF-16 units) before
/// `false`: `implementation_plan: {` is 22 units, `名称: ` 4, the plan's
/// 15 characters and `𠮷` 17, `, approved: ` 12, so `false` is (3, 55) to
/// (3, 60). Made `true`, and a status added after the last line, the
/// report has no findings.
#[test]
fn changes_are_taken_as_ranges_in_utf16_units() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&uri, |l| l.len() == 2);
    let line3 = text.lines().nth(3).unwrap();
    let prefix = &line3[..line3.find("false").unwrap()];
    assert_eq!(prefix.encode_utf16().count(), 55, "the count above");
    assert_eq!(text.lines().count(), 10);
    let range =
        |l0: u32, c0: u32, l1: u32, c1: u32| json!({"start": at(l0, c0), "end": at(l1, c1)});
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": range(3, 55, 3, 60), "text": "true"},
                {"range": range(10, 0, 10, 0), "text": "    status: planned\n"},
            ],
        }),
    );
    c.diagnostics(&uri, <[Value]>::is_empty);
    // Undone by a range with its end before its start: `true` back to
    // `false`, and PLN001 is back.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": range(3, 59, 3, 55), "text": "false"}],
        }),
    );
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["PLN001"]);
    assert_eq!(start(&list[0]), (3, 55));
    assert!(c.shutdown().success());
}

#[test]
fn a_yaml_file_the_configuration_does_not_select_gets_no_findings() {
    let mut c = Client::start(&workspace());
    let (uri, _) = c.open("notes/meeting.yaml", None);
    let list = c.diagnostics(&uri, |_| true);
    assert!(list.is_empty(), "{list:?}");
    assert!(c.shutdown().success());
}

#[test]
fn hover_and_definition_of_a_finding_show_the_rule_and_go_to_its_clause() {
    let mut c = Client::start(&workspace());
    let (uri, _) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&uri, |l| !l.is_empty());
    let hover = c
        .request("textDocument/hover", doc_at(&uri, 3, 56))
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**PLN001**: the implementation plan is approved"),
        "{text}"
    );
    assert!(
        text.contains("Once the province approved the plan, write `approved: true`."),
        "{text}"
    );
    assert!(text.contains("https://example.org/rules/PLN001"), "{text}");
    let found = c
        .request("textDocument/definition", doc_at(&uri, 3, 56))
        .unwrap();
    assert_eq!(found[0]["uri"], uri_of(&c.root.join("rules/plan.rules")));
    assert_eq!(found[0]["range"]["start"], at(8, 4));
    // Nothing where there is no finding.
    let none = c.request("textDocument/hover", doc_at(&uri, 0, 0)).unwrap();
    assert!(none.is_null(), "{none}");
    assert!(c.shutdown().success());
}

/// The code actions of a finding: a suppression whose reason is still to
/// be written (the server then moves the cursor there), and `true` for a
/// YAML 1.1 `yes`, in a CRLF file.
#[test]
fn code_actions_suppress_with_a_reason_and_write_a_yaml_12_boolean() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open("reports/wuhan-crlf.yaml", None);
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(start(&list[0]), (3, 42));
    let params = json!({
        "textDocument": {"uri": uri},
        "range": {"start": at(3, 43), "end": at(3, 43)},
        "context": {"diagnostics": list},
    });
    let actions = c.request("textDocument/codeAction", params).unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "write `true` (a YAML 1.2 boolean)",
            "suppress PLN001 with a reason"
        ]
    );
    let fix = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(fix["newText"], "true");
    assert_eq!(fix["range"]["start"], at(3, 42));
    assert_eq!(fix["range"]["end"], at(3, 45));
    let suppress = &actions[1];
    let edit = &suppress["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "# pilotlint: ignore[PLN001] \r\n");
    assert_eq!(edit["range"]["start"], at(3, 0));
    assert_eq!(suppress["command"]["command"], "pilotlint.placeCursor");
    let cursor = suppress["command"]["arguments"][1].clone();
    assert_eq!(cursor, at(3, "# pilotlint: ignore[PLN001] ".len() as u32));
    // Applied without a reason, it silences nothing and says why.
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut with = lines.clone();
    with.insert(3, "# pilotlint: ignore[PLN001] ");
    c.change(&uri, 2, &with.join("\r\n"));
    let list = c.diagnostics(&uri, |l| codes(l).contains(&"invalid-suppression"));
    assert_eq!(codes(&list), ["invalid-suppression", "PLN001"]);
    // With a reason it silences the finding.
    with[3] = "# pilotlint: ignore[PLN001] the province approved it on 2022-03-01";
    c.change(&uri, 3, &with.join("\r\n"));
    c.diagnostics(&uri, <[Value]>::is_empty);
    // The command asks the editor to put the cursor where the reason goes.
    let args = suppress["command"].clone();
    c.request("workspace/executeCommand", args).unwrap();
    let show = c.wait_for(|m| m["method"] == "window/showDocument");
    assert_eq!(show["params"]["selection"]["start"], cursor);
    assert!(c.shutdown().success());
}

/// docs/editors.md and the VS Code extension start the server as it is
/// called: `pilotlint server`; Helix's configuration is valid TOML.
#[test]
fn the_editor_set_ups_start_pilotlint_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/editors.md")).unwrap();
    let block = |lang: &str| -> Vec<String> {
        doc.split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b.split("```").next().unwrap_or_default().to_string())
            .collect()
    };
    let lua = block("lua");
    assert_eq!(lua.len(), 2, "the Neovim 0.8+ and 0.7 set-ups");
    for b in &lua {
        assert!(b.contains("cmd = { 'pilotlint', 'server' }"), "{b}");
    }
    let helix: toml::Table = toml::from_str(&block("toml")[0]).expect("valid TOML");
    let server = &helix["language-server"]["pilotlint"];
    assert_eq!(server["command"].as_str(), Some("pilotlint"));
    assert_eq!(
        server["args"].as_array().unwrap()[0].as_str(),
        Some("server")
    );
    let extension = std::fs::read_to_string(root.join("editors/vscode/extension.js")).unwrap();
    assert!(
        extension.contains("{ command, args: ['server'] }"),
        "{extension}"
    );
}

/// Each workspace folder has its own configuration and rules, as `check`
/// run in it would: the fixture workspace's plan rules in one, the
/// national pack over examples/national in the other. A report of each
/// gets its own folder's findings (before, every folder was checked with
/// the first one's rules). A folder added while the editor runs takes
/// the open documents it holds; one removed gives them back to the first.
#[test]
fn each_workspace_folder_has_its_own_rules() {
    let national = national_workspace();
    let mut c = Client::start_folders(&[&workspace(), national.path()]);
    let (hefei, _) = c.open("reports/hefei.yaml", None);
    let list = c.diagnostics(&hefei, |l| !l.is_empty());
    assert_eq!(codes(&list), ["PLN001", "PLN002"]);
    let h2 = national.path().join("changchun-2022-h2.yaml");
    let text = std::fs::read_to_string(&h2).unwrap();
    let uri = uri_of(&std::fs::canonicalize(&h2).unwrap());
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    // The national folder removed: its report goes to the first folder,
    // whose configuration does not select it (a file outside its
    // `include`), so it has nothing to say about it.
    let folder = json!({"uri": uri_of(&std::fs::canonicalize(national.path()).unwrap()), "name": "national"});
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [folder]}}),
    );
    c.diagnostics(&uri, <[Value]>::is_empty);
    // Added again: the report is the national folder's again.
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [folder], "removed": []}}),
    );
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["HIS002", "HIS001"]);
    assert!(c.shutdown().success());
}

/// A built-in rule's clause can be gone to: the server writes a read-only
/// copy of each built-in pack under the cache directory and points there.
/// examples/hefei-2021-h1-plan-not-approved.yaml alone (no rules, no
/// configuration: the built-in packs) fails STP002 at `approved: false`
/// (line 16, column 13); the clause is `require implementation_plan.approved
/// == true`, line 117 of rules/service-trade-pilot.rules, column 5.
#[test]
fn a_built_in_rule_is_gone_to_in_a_copy_of_its_pack() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("examples/hefei-2021-h1-plan-not-approved.yaml"),
        dir.path().join("hefei.yaml"),
    )
    .unwrap();
    let mut c = Client::start(dir.path());
    let (uri, _) = c.open("hefei.yaml", None);
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["STP002"]);
    assert_eq!(start(&list[0]), (15, 12));
    let found = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": at(15, 12)}),
        )
        .unwrap();
    let target = found[0]["uri"].as_str().unwrap().to_string();
    assert_eq!(found[0]["range"]["start"], at(116, 4));
    let cache = std::fs::canonicalize(c.cache.path()).unwrap();
    let path = PathBuf::from(target.strip_prefix("file://").unwrap());
    assert!(path.starts_with(cache.join("pilotlint")), "{target}");
    assert!(target.ends_with("/service-trade-pilot.rules"), "{target}");
    let pack = std::fs::read_to_string(root.join("rules/service-trade-pilot.rules")).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), pack);
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    assert!(
        pack.lines()
            .nth(116)
            .unwrap()
            .starts_with("    require implementation_plan.approved == true")
    );
    // The finding relates the clause there too.
    let related = list[0]["relatedInformation"].as_array().unwrap();
    assert_eq!(related.last().unwrap()["location"]["uri"], target.as_str());
    assert!(c.shutdown().success());
}
