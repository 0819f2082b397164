//! The server in rule files, rule tests and `pilotlint.toml`: errors with
//! their help and a fix, the last good rules kept for reports while a rule
//! file does not load, formatting as `pilotlint fmt`, hover, completion and
//! definition; and the protocol's edges (bad parameters, unknown methods,
//! requests after `shutdown`, `exit` without it).

use serde_json::{Value, json};

use super::client::Client;
use super::{at, codes, doc_at, start, workspace};

const RULES: &str = "rules/plan.rules";

/// The labels of the completions at `line`, `character` of `uri`.
fn completion(c: &mut Client, uri: &str, line: u32, character: u32) -> Vec<String> {
    let items = c
        .request("textDocument/completion", doc_at(uri, line, character))
        .unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn messages(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|d| d["message"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn a_typo_in_a_rule_file_shows_the_did_you_mean_and_reports_keep_the_last_good_rules() {
    let mut c = Client::start(&workspace());
    let (report, _) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&report, |l| codes(l) == ["PLN001", "PLN002"]);
    let (rules, text) = c.open(RULES, None);
    c.diagnostics(&rules, <[Value]>::is_empty);
    let typo = text.replace("exists(m.status)", "exist(m.status)");
    c.change(&rules, 2, &typo);
    let list = c.diagnostics(&rules, |l| !l.is_empty());
    assert_eq!(
        messages(&list),
        ["unknown function `exist`\nhelp: did you mean `exists`?"]
    );
    assert_eq!(list[0]["code"], "rule-check");
    assert_eq!(start(&list[0]), (15, 16));
    // The report is checked again with the last rules that loaded.
    let kept = c.diagnostics(&report, |_| true);
    assert_eq!(codes(&kept), ["PLN001", "PLN002"]);
    // The help's fix as a code action.
    let params = json!({
        "textDocument": {"uri": rules},
        "range": {"start": at(15, 18), "end": at(15, 18)},
        "context": {"diagnostics": list},
    });
    let actions = c.request("textDocument/codeAction", params).unwrap();
    assert_eq!(actions[0]["title"], "replace with `exists`");
    let edit = &actions[0]["edit"]["changes"][&rules][0];
    assert_eq!(edit["newText"], "exists");
    assert_eq!(edit["range"]["start"], at(15, 16));
    assert_eq!(edit["range"]["end"], at(15, 21));
    // A syntax error is shown too.
    c.change(
        &rules,
        3,
        &text.replace("require exists", "requires exists"),
    );
    let list = c.diagnostics(&rules, |l| !l.is_empty());
    assert_eq!(codes(&list), ["rule-syntax"]);
    assert!(
        messages(&list)[0].contains("did you mean `require`?"),
        "{list:?}"
    );
    // Unsaved rules that load are the report's rules at once.
    let changed = text.replace(
        "else \"the implementation plan is not approved\"",
        "else \"the plan still waits for approval\"",
    );
    c.change(&rules, 4, &changed);
    c.diagnostics(&rules, <[Value]>::is_empty);
    let list = c.diagnostics(&report, |l| {
        !l.is_empty() && l[0]["message"] != "the implementation plan is not approved"
    });
    assert_eq!(list[0]["message"], "the plan still waits for approval");
    assert!(c.shutdown().success());
}

#[test]
fn the_configuration_is_read_unsaved_and_its_mistakes_are_diagnostics() {
    let mut c = Client::start(&workspace());
    let (report, _) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&report, |l| codes(l) == ["PLN001", "PLN002"]);
    let (config, text) = c.open("pilotlint.toml", None);
    c.change(&config, 2, &format!("{text}disable = [\"PLN001\"]\n"));
    c.diagnostics(&report, |l| codes(l) == ["PLN002"]);
    c.change(&config, 3, &format!("{text}disabled = [\"PLN001\"]\n"));
    let list = c.diagnostics(&config, |l| !l.is_empty());
    assert_eq!(codes(&list), ["config"]);
    assert!(
        messages(&list)[0].contains("did you mean `disable`?"),
        "{list:?}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn formatting_a_rule_file_gives_what_pilotlint_fmt_writes() {
    let mut c = Client::start(&workspace());
    let messy = "rule   X1 \"x\" {require   count(measures)>0 # why\n}";
    let (uri, _) = c.open("rules/scratch.rules", Some(messy));
    let edits = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .unwrap();
    let edit = &edits[0];
    assert_eq!(edit["range"]["start"], at(0, 0));
    assert_eq!(edit["range"]["end"], at(1, 1));
    assert_eq!(
        edit["newText"],
        "rule X1 \"x\" {\n    require count(measures) > 0  # why\n}\n"
    );
    // A formatted file: no edit. One that does not parse: an error.
    c.change(&uri, 2, edit["newText"].as_str().unwrap());
    let none = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .unwrap();
    assert_eq!(none, json!([]));
    c.change(&uri, 3, "rule X1 {");
    let err = c
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("syntax error"),
        "{err}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn hover_completion_and_definition_in_a_rule_file() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open(RULES, None);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32;
    // A function: its row of grammar.md's table.
    let l = line_of("require exists(m.status)");
    let hover = c
        .request("textDocument/hover", doc_at(&uri, l, 18))
        .unwrap();
    assert_eq!(
        hover["contents"]["value"],
        "`exists(x)`: true unless `x` is missing or `null`"
    );
    // A keyword: its production.
    let hover = c.request("textDocument/hover", doc_at(&uri, l, 9)).unwrap();
    assert_eq!(
        hover["contents"]["value"],
        "```ebnf\nrequire_clause = \"require\" expr [ \"by\" expr ] [ \"else\" template ] ;\n```"
    );
    // Fields of the declared schema after a dot, through an `each`.
    let typed = text.replace("exists(m.status)", "exists(m.)");
    c.change(&uri, 2, &typed);
    let labels = completion(&mut c, &uri, l, 25);
    assert_eq!(labels, ["id", "status", "title"]);
    let typed = text.replace("implementation_plan.approved ==", "implementation_plan. ==");
    c.change(&uri, 3, &typed);
    let l2 = line_of("implementation_plan.approved");
    let labels = completion(&mut c, &uri, l2, 32);
    assert_eq!(labels, ["approved", "approved_on", "drafted_with"]);
    // Function names elsewhere.
    let labels = completion(&mut c, &uri, l, 12);
    assert!(
        labels.iter().any(|l| l == "count") && labels.iter().any(|l| l == "exists"),
        "{labels:?}"
    );
    // Go to the `let` a name refers to.
    c.change(&uri, 4, &text);
    let l3 = line_of("require submitted >= as_of");
    let found = c
        .request("textDocument/definition", doc_at(&uri, l3, 26))
        .unwrap();
    assert_eq!(found[0]["uri"], uri);
    assert_eq!(found[0]["range"]["start"], at(line_of("let as_of"), 4));
    assert!(c.shutdown().success());
}

#[test]
fn mistakes_in_a_rule_test_file_are_diagnostics() {
    let mut c = Client::start(&workspace());
    let (uri, text) = c.open("rules/plan.tests.yaml", None);
    c.diagnostics(&uri, <[Value]>::is_empty);
    c.change(&uri, 2, &text.replace("expect:", "expects:"));
    let list = c.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list)[0], "rule-test");
    assert!(
        messages(&list).iter().any(|m| m.contains("expects")),
        "{list:?}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn bad_requests_are_errors_and_the_server_goes_on() {
    let mut c = Client::start(&workspace());
    let err = c
        .request("textDocument/hover", json!({"nonsense": 1}))
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    let err = c.request("textDocument/rename", json!({})).unwrap_err();
    assert_eq!(err["code"], -32601);
    // A document the server never saw: no answer, no error.
    let none = c
        .request("textDocument/hover", doc_at("file:///nowhere.yaml", 0, 0))
        .unwrap();
    assert!(none.is_null());
    let (uri, _) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&uri, |l| !l.is_empty());
    c.request("shutdown", Value::Null).unwrap();
    let err = c
        .request("textDocument/hover", doc_at(&uri, 0, 0))
        .unwrap_err();
    assert_eq!(err["code"], -32600);
    assert_eq!(c.exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let c = Client::start(&workspace());
    assert_eq!(c.exit().code(), Some(1));
}

/// Rules changed on disk (a `git pull`, another editor) reach the open
/// reports through the file watch the server asks the editor for.
#[test]
fn rules_changed_on_disk_are_reloaded_when_the_editor_says_so() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy_dir(&workspace(), dir.path());
    let mut c = Client::start(dir.path());
    let register = c.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = &register["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[1]["globPattern"], "**/*.rules");
    let (report, _) = c.open("reports/hefei.yaml", None);
    c.diagnostics(&report, |l| codes(l) == ["PLN001", "PLN002"]);
    let path = c.root.join(RULES);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("severity warning\n", "severity error\n"),
    )
    .unwrap();
    let uri = super::client::uri_of(&path);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let list = c.diagnostics(&report, |l| l.len() == 2 && l[1]["severity"] == 1);
    assert_eq!(codes(&list), ["PLN001", "PLN002"]);
    assert!(c.shutdown().success());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
