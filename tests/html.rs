//! Issue 17, the compliance dashboard (`--format html`) through the
//! binary, parsed with a real HTML5 parser (scraper, on html5ever) as a
//! browser reads it: the page agrees cell by cell and finding by finding
//! with the JSON of the same run (not-evaluated cells too), every link in
//! it has its target, the rate over all areas counts an area once. The
//! examples' pages are snapshots (tests/snapshots/suite__html__*.snap),
//! reviewed by hand; scripts/dashboard-check.sh looks at them in Chromium.
//! The hostile and large cases are in tests/html_safety.rs; the helpers
//! here serve it and tests/markdown.rs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs pilotlint in `dir`: (status, stdout). The environment of a GitHub
/// Actions runner is removed, so the output is the same everywhere.
pub(crate) fn pilotlint(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(insta_cmd::get_cargo_bin("pilotlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .args(args)
        .output()
        .expect("pilotlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "pilotlint panicked: {stderr}");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

/// The top-level examples, as `examples/*.yaml` names them, in order.
pub(crate) fn example_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".yaml").then(|| format!("examples/{name}"))
        })
        .collect();
    files.sort();
    files
}

/// A scratch directory of this test process.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The page of `check TARGET` in `dir` with the service trade pilot's rules.
pub(crate) fn service_trade_page(dir: &Path, target: &str) -> (Option<i32>, String) {
    let rules = root().join("rules/service-trade-pilot.rules");
    let rules = rules.to_str().expect("UTF-8");
    pilotlint(
        dir,
        &["check", target, "--rules", rules, "--format", "html"],
    )
}

/// A folder with two rules, T1 comparing `summary.measures_total` with
/// 100 and T2 asking for a progress report, and three files: one both
/// rules pass, one that is not YAML (every rule not evaluated), one whose
/// total is a word (T1 `incomparable`, not evaluated; T2 passed).
pub(crate) fn not_evaluated_fixture(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(
        dir.join("t.rules"),
        "rule T1 \"the plan is large\" {\n    require summary.measures_total > 100\n}\n\n\
         rule T2 \"a progress report\" {\n    require report == \"progress\"\n}\n",
    )
    .expect("write");
    let report = |total: &str| format!("report: progress\nsummary: {{measures_total: {total}}}\n");
    std::fs::write(dir.join("a-good.yaml"), report("122")).expect("write");
    std::fs::write(dir.join("b-broken.yaml"), "area: [unclosed\n").expect("write");
    std::fs::write(dir.join("c-words.yaml"), report("many")).expect("write");
    dir
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

pub(crate) fn text(e: ElementRef<'_>) -> String {
    e.text().collect()
}

pub(crate) fn page(args: &[&str]) -> (Option<i32>, Html, String) {
    let (code, out) = pilotlint(root(), args);
    (code, Html::parse_document(&out), out)
}

/// `check ARGS` with `--format json`, and the page of the same run.
fn both(dir: &Path, args: &[&str]) -> (Value, Html) {
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (_, json) = pilotlint(dir, &json_args);
    let mut html_args = args.to_vec();
    html_args.extend(["--format", "html"]);
    let (_, html) = pilotlint(dir, &html_args);
    (
        serde_json::from_str(&json).expect("JSON"),
        Html::parse_document(&html),
    )
}

/// The page of the examples and of the national set says, cell by cell,
/// what JSON's `results` say of the same run, counts its rows and columns
/// right, and lists exactly JSON's findings, each with its own anchor.
#[test]
fn the_page_agrees_with_the_json_of_the_same_run() {
    let files = example_files();
    let mut top = vec!["check", "--rules", "rules"];
    top.extend(files.iter().map(String::as_str));
    for args in [top, vec!["check", "--rules", "rules", "examples/national"]] {
        agrees(root(), &args);
    }
}

/// Rules that could not be evaluated are cells of their own, as JSON says
/// ([`not_evaluated_fixture`]).
#[test]
fn rules_not_evaluated_are_shown_as_json_says() {
    let dir = not_evaluated_fixture("html-not-evaluated");
    let html = agrees(&dir, &["check", ".", "--rules", "t.rules"]);
    let rows: Vec<Vec<String>> = html
        .select(&sel("#matrix tbody tr"))
        .map(|tr| {
            let mut row = vec![text(tr.select(&sel(".file")).next().expect("a file"))];
            row.extend(
                tr.select(&sel("td .sr"))
                    .take(2)
                    .map(|e| text(e).trim().to_string()),
            );
            row
        })
        .collect();
    assert_eq!(
        rows,
        [
            ["a-good.yaml", "passed", "passed"],
            ["b-broken.yaml", "not evaluated", "not evaluated"],
            ["c-words.yaml", "not evaluated", "passed"],
        ]
    );
}

/// Checks that the page of `check ARGS` in `dir` says, cell by cell and
/// finding by finding, what the JSON of the same run says; the page.
fn agrees(dir: &Path, args: &[&str]) -> Html {
    {
        let (json, html) = both(dir, args);
        // JSON: outcome of every file and rule.
        let mut want: BTreeMap<(String, String), String> = BTreeMap::new();
        for r in json["results"].as_array().expect("results") {
            let Some(file) = r["file"].as_str() else {
                continue;
            };
            for rule in r["rules"].as_array().expect("rules") {
                let outcome = rule["outcome"].as_str().expect("outcome").replace('-', " ");
                want.insert(
                    (file.into(), rule["rule"].as_str().expect("id").into()),
                    outcome,
                );
            }
        }
        let columns: Vec<String> = html
            .select(&sel("#matrix thead th.rule"))
            .map(text)
            .collect();
        let rules = columns.len() - 4;
        let mut got = BTreeMap::new();
        let mut sums = vec![[0usize; 4]; rules];
        let words = ["passed", "failed", "not applicable", "not evaluated"];
        for row in html.select(&sel("#matrix tbody tr")) {
            let file = text(row.select(&sel(".file")).next().expect("a file"));
            let cells: Vec<String> = row
                .select(&sel("td .sr"))
                .map(|e| text(e).trim().to_string())
                .collect();
            assert_eq!(cells.len(), rules + 4, "{file}");
            let mut counts = [0usize; 4];
            for (k, word) in cells[..rules].iter().enumerate() {
                got.insert((file.clone(), columns[k].clone()), word.clone());
                let slot = words.iter().position(|w| w == word).expect(word);
                counts[slot] += 1;
                sums[k][slot] += 1;
            }
            let totals: Vec<usize> = row
                .select(&sel("td.tot"))
                .map(|td| {
                    text(td)
                        .split(' ')
                        .next()
                        .unwrap_or("")
                        .parse()
                        .expect("a count")
                })
                .collect();
            assert_eq!(totals, counts, "the totals of {file}");
        }
        assert_eq!(got, want, "{args:?}");
        // The foot: for each outcome, each column's count.
        for (i, row) in html.select(&sel("#matrix tfoot tr")).enumerate() {
            let counts: Vec<usize> = row
                .select(&sel("td"))
                .map(|td| text(td).parse().expect("a count"))
                .collect();
            let column: Vec<usize> = sums.iter().map(|s| s[i]).collect();
            assert_eq!(counts[..rules], column[..], "{}", words[i]);
            assert_eq!(counts[rules], column.iter().sum::<usize>());
        }

        // Every finding of the JSON, where it says, once.
        let findings: Vec<(String, String, String)> = html
            .select(&sel("li.finding"))
            .map(|li| {
                let id = li.value().id().expect("an anchor").to_string();
                let link = li.select(&sel("a.anchor")).next().expect("a link");
                assert_eq!(link.value().attr("href"), Some(format!("#{id}").as_str()));
                let rule = li.value().attr("data-rule").expect("a rule").to_string();
                let place = text(li.select(&sel(".where bdi")).next().expect("a place"));
                (id, rule, place)
            })
            .collect();
        let json_findings = json["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), json_findings.len(), "{args:?}");
        let mut ids: Vec<&String> = findings.iter().map(|f| &f.0).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), findings.len(), "anchors are unique");
        for f in json_findings {
            let place = format!(
                "{}:{}:{}",
                f["file"].as_str().unwrap_or(""),
                f["line"],
                f["column"]
            );
            assert!(
                findings
                    .iter()
                    .any(|(_, r, p)| r == f["rule"].as_str().unwrap_or("") && *p == place),
                "no finding of {} at {place}",
                f["rule"]
            );
        }
        // Files with findings start closed.
        assert_eq!(html.select(&sel("details[open]")).count(), 0);
        assert!(html.select(&sel("details.file")).count() > 0);
        // Every link within the page leads somewhere: a finding's rule to
        // its help under Rules, a column to its rule, a report to its file.
        let ids: std::collections::HashSet<&str> = html
            .select(&sel("[id]"))
            .filter_map(|e| e.value().id())
            .collect();
        for a in html.select(&sel("a[href^='#']")) {
            let target = &a.value().attr("href").unwrap_or("#")[1..];
            assert!(
                ids.contains(target),
                "a link to #{target}, which is not on the page"
            );
        }
        // A finding's help is on the page: the rule's under Rules, its own
        // in the finding.
        let page_text: String = html.root_element().text().collect();
        for f in json_findings {
            if let (Some(rule), false) = (f["rule"].as_str(), f["rule_file"].is_null()) {
                assert!(
                    html.select(&sel(&format!("dt#rule-{rule}")))
                        .next()
                        .is_some(),
                    "{rule}"
                );
            }
            for line in f["help"].as_str().unwrap_or("").lines() {
                assert!(
                    page_text.contains(line),
                    "the help `{line}` is not on the page"
                );
            }
        }
        html
    }
}

/// The page of a run without inline CSS and script (code of their own,
/// reviewed as such), for a snapshot a person can read.
fn readable(page: &str) -> String {
    let cut = |s: &str, open: &str, close: &str| -> String {
        match (s.find(open), s.find(close)) {
            (Some(a), Some(b)) if a < b => format!("{}{open}…{}", &s[..a], &s[b..]),
            _ => s.to_string(),
        }
    };
    cut(&cut(page, "<style>", "</style>"), "<script>", "</script>")
}

#[test]
fn the_pages_of_the_examples() {
    let files = example_files();
    let mut top = vec!["check", "--rules", "rules", "--format", "html"];
    top.extend(files.iter().map(String::as_str));
    let (_, _, examples) = page(&top);
    insta::assert_snapshot!("examples", readable(&examples));
    let (_, _, national) = page(&[
        "check",
        "--rules",
        "rules",
        "examples/national",
        "--format",
        "html",
    ]);
    insta::assert_snapshot!("national", readable(&national));
}

/// Regression: the rate over all areas counted a resubmitted report's area
/// twice (its first and its latest figures), while the area's own row
/// showed only the latest. Xi'an reports 50 and then 110 of 122 for the
/// same period, Nanjing 122 of 122: all areas are (110 + 122) / 244.
#[test]
fn a_resubmission_counts_once_in_the_rate_of_all_areas() {
    let dir = scratch("html-resubmitted");
    let base = std::fs::read_to_string(root().join("examples/xian-2021-h2.yaml")).expect("read");
    let head = &base[..base.find("summary:\n").expect("summary")];
    let report = |area: &str, done: u32| {
        format!(
            "{}summary:\n  measures_total: 122\n  measures_implemented: {done}\nmeasures: []\n",
            head.replace("\"Xi'an\"", area)
        )
    };
    for (name, area, done) in [
        ("a.yaml", "\"Xi'an\"", 50),
        ("b.yaml", "\"Xi'an\"", 110),
        ("c.yaml", "Nanjing", 122),
    ] {
        std::fs::write(dir.join(name), report(area, done)).expect("write");
    }
    let rules = root().join("rules");
    let (code, out) = pilotlint(
        &dir,
        &[
            "check",
            ".",
            "--rules",
            rules.to_str().expect("UTF-8"),
            "--format",
            "html",
        ],
    );
    assert_eq!(code, Some(1), "{out}");
    let html = Html::parse_document(&out);
    let rows: BTreeMap<String, String> = html
        .select(&sel("table.rates tbody tr"))
        .filter_map(|tr| {
            let name = text(tr.select(&sel("th bdi")).next()?);
            let cell = text(tr.select(&sel("td")).next()?);
            Some((name, cell))
        })
        .collect();
    assert_eq!(rows["Xi'an"], "90.2% (+0.2)", "{rows:?}");
    assert_eq!(rows["Nanjing"], "100.0% (+10.0)", "{rows:?}");
    assert_eq!(rows["all areas"], "95.1% (+5.1)", "{rows:?}");
}
