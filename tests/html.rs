//! Issue 17, the compliance dashboard (`--format html`) through the
//! binary, parsed with a real HTML5 parser (scraper, on html5ever) as a
//! browser reads it: the page agrees cell by cell and finding by finding
//! with the JSON of the same run, loads nothing, shows a hostile report's
//! values as text, and stays under 15 MB for 2,000 reports. The examples'
//! pages are snapshots (tests/snapshots/suite__html__*.snap), reviewed by
//! hand; scripts/dashboard-check.sh looks at them in Chromium.

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
fn service_trade_page(dir: &Path, target: &str) -> (Option<i32>, String) {
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

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect()
}

fn page(args: &[&str]) -> (Option<i32>, Html, String) {
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

/// One file that opens from `file://` and a CI artifact: its CSS and
/// script inline, no element that loads anything, no link out but a
/// rule's `url`.
#[test]
fn the_page_loads_nothing() {
    let (code, html, raw) = page(&[
        "check",
        "--rules",
        "rules",
        "examples/national",
        "--format",
        "html",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        raw.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{}",
        &raw[..40]
    );
    assert_eq!(html.select(&sel("style")).count(), 1);
    assert_eq!(html.select(&sel("script")).count(), 1);
    for tag in [
        "link", "img", "iframe", "object", "embed", "[src]", "[srcset]",
    ] {
        assert_eq!(html.select(&sel(tag)).count(), 0, "{tag}");
    }
    for a in html.select(&sel("[href]")) {
        let href = a.value().attr("href").unwrap_or("");
        assert!(
            href.starts_with('#') || href.starts_with("https://"),
            "{href}"
        );
    }
    let style = text(html.select(&sel("style")).next().expect("a style"));
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "the CSS loads something"
    );
    // The chart: inline SVG with a title a screen reader reads, the 90%
    // line, and the national rate of rules across reports.
    let svg = html.select(&sel("svg.chart")).next().expect("the chart");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert!(text(svg).contains("90% required"));
    assert!(text(svg).contains("all areas"));
    // Filters are hidden until the script shows them.
    let filters = html.select(&sel("#filters")).next().expect("filters");
    assert!(filters.value().attr("hidden").is_some());
}

/// A hostile submitter's values are text: markup, right-to-left text and
/// control characters in the area name, the province and a measure's task.
#[test]
fn a_reports_values_are_shown_as_text() {
    let dir = scratch("html-hostile");
    std::fs::write(
        dir.join("hostile.yaml"),
        "report: progress\nprogram: service-trade-pilot-2020\narea:\n  name: \"<script>alert(1)</script> \
         مدينة 西安 \\a\\e\"\n  province: \"<img src=x onerror=alert(2)>\"\n\
         period: {start: 2022-01-01, end: 2022-06-30}\nsummary: {measures_total: 1, measures_implemented: 0}\n\
         measures:\n  - {id: X-1, task: \"</details><script>alert(3)</script>\", title: t, status: planned, deadline: 2023-01-01}\n",
    )
    .expect("write");
    let (code, out) = service_trade_page(&dir, "hostile.yaml");
    assert_eq!(code, Some(1));
    let html = Html::parse_document(&out);
    // No element came from the report.
    assert_eq!(html.select(&sel("script")).count(), 1);
    assert_eq!(html.select(&sel("img")).count(), 0);
    let about = text(
        html.select(&sel("#matrix tbody .about"))
            .next()
            .expect("a row"),
    );
    assert_eq!(
        about,
        "<script>alert(1)</script> مدينة 西安 \u{2407}\u{241b}, 2022-01-01 to 2022-06-30"
    );
    // Right-to-left text is isolated from what surrounds it.
    assert!(
        html.select(&sel("#matrix tbody .about bdi"))
            .next()
            .is_some()
    );
    let task = html
        .select(&sel("li.finding"))
        .map(text)
        .find(|t| t.contains("</details><script>alert(3)</script>"));
    assert!(task.is_some(), "the task is shown as text in its finding");
    // The details of the file were not closed by the report's `</details>`.
    assert_eq!(html.select(&sel("details.file")).count(), 1);
    assert!(!out.contains("<script>alert"));
}

/// For 2,000 reports the page stays usable: under 15 MB, every file's
/// findings closed, the matrix one scrollable table with a sticky head.
/// Each report lists 10 measures, none due yet, where the pack wants 122
/// and its summary counts 110 implemented: two or three findings a
/// report, the density of the benchmark corpus (bench/README.md).
#[test]
fn two_thousand_reports_make_a_page_under_15_mb() {
    let dir = scratch("html-2000");
    let base = std::fs::read_to_string(root().join("examples/xian-2021-h2.yaml")).expect("read");
    let head = &base[..base.find("measures:\n").expect("measures")];
    let mut measures = String::from("measures:\n");
    for i in 1..=10 {
        measures.push_str(&format!(
            "  - {{id: XA-{i:03}, task: opening-up, title: m, status: in-progress, deadline: 2023-06-30}}\n"
        ));
    }
    for i in 0..2000 {
        std::fs::write(
            dir.join(format!("r{i:04}.yaml")),
            format!("{head}{measures}"),
        )
        .expect("write");
    }
    let (code, out) = service_trade_page(&dir, ".");
    assert_eq!(code, Some(1));
    assert!(out.len() < 15 * 1024 * 1024, "{} bytes", out.len());
    let html = Html::parse_document(&out);
    assert_eq!(html.select(&sel("#matrix tbody tr")).count(), 2000);
    assert_eq!(html.select(&sel("details.file")).count(), 2000);
    assert_eq!(html.select(&sel("details[open]")).count(), 0);
    assert!(html.select(&sel("li.finding")).count() >= 2000 * 2);
    let style = text(html.select(&sel("style")).next().expect("a style"));
    assert!(style.contains("#matrix thead th{position:sticky;top:0"));
    // The header lists the first reports to send back, not 2,000.
    assert_eq!(html.select(&sel(".sendback li")).count(), 30);
    assert!(out.contains("and 1970 more: the matrix lists every report."));
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

/// Under Rules, a rule's url is a link only when it is a web address: a
/// rule file's `javascript:` url stays text, and its help's markup too.
#[test]
fn only_web_addresses_are_links() {
    let dir = scratch("html-urls");
    std::fs::write(
        dir.join("t.rules"),
        "rule U1 \"a progress report\" {\n    url \"javascript:alert(1)\"\n    \
         help \"<b>say</b> `report: progress`\"\n    require report == \"progress\"\n}\n\n\
         rule U2 \"an area\" {\n    url \"https://example.org/rules#U2\"\n    require exists(area)\n}\n",
    )
    .expect("write");
    std::fs::write(dir.join("r.yaml"), "report: annual\n").expect("write");
    let (code, out) = pilotlint(
        &dir,
        &["check", "r.yaml", "--rules", "t.rules", "--format", "html"],
    );
    assert_eq!(code, Some(1), "{out}");
    let html = Html::parse_document(&out);
    let rules = html.select(&sel("section#rules")).next().expect("Rules");
    let links: Vec<&str> = rules
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["https://example.org/rules#U2"]);
    let text: String = rules.text().collect();
    assert!(text.contains("more: javascript:alert(1)"), "{text}");
    assert!(text.contains("<b>say</b> `report: progress`"), "{text}");
    assert_eq!(rules.select(&sel("b")).count(), 0);
}
