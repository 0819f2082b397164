//! The packs on small reports: each mistake is reported once, by the rule
//! that owns it, at the value to fix (not once per rule that would need the
//! missing value). Findings are (code, underlined text). The two measures of
//! the progress report carry the edits; [`stp_base`] adds the 120 others of
//! the overall plan (STP015) as measures that do not apply to the area, and
//! [`dz_base`] the plan's other measures (DZ009).

use super::*;

const STP_BASE: &str = "\
report: progress
program: service-trade-pilot-2020
area: {name: Hefei, province: Anhui}
period: {start: 2021-01-01, end: 2021-06-30}
submitted: 2021-07-09
implementation_plan:
  drafted_with: Anhui Provincial People's Government
  submitted_for_approval: 2020-11-20
  approved: true
  approved_on: 2020-12-20
summary: {measures_total: 122, measures_implemented: 1}
measures:
  - id: HF-001
    task: facilitation
    title: Facilitate cross-border movement of technology
    status: implemented
    deadline: 2021-03-31
    completed_on: 2021-03-15
    evidence: [Hefei municipal notice 2021-12]
    adjusts_regulation: false
  - id: HF-002
    task: opening-up
    title: Open patent agency services
    status: in-progress
    deadline: 2021-12-31
    adjusts_regulation: true
    state_council_approval: State Council approval of adjusting administrative regulations
key_issues:
  - raised_on: 2021-05-06
    reported_to_province_on: 2021-05-12
    summary: Patent agency rules await the national office
";

/// [`STP_BASE`] with measures HF-003 to HF-122, which do not apply to the
/// area (a reason each), after its two.
fn stp_base() -> String {
    let mut more = String::new();
    for i in 3..=122 {
        more.push_str(&format!(
            "  - {{id: HF-{i:03}, task: policy-system, title: Measure {i}, \
             status: not-applicable, not_applicable_reason: Not in Hefei's plan}}\n"
        ));
    }
    STP_BASE.replacen("key_issues:\n", &format!("{more}key_issues:\n"), 1)
}

const DZ_BASE: &str = "\
report: work-plan
program: beijing-demonstration-zone-2023
zone: {name: Beijing}
plan: {title: Work Plan, status: draft}
summary: {measures_total: 172, docking_measures: 70}
measures:
  - {id: BJ-001, field: telecommunications, docking: true, aligns_with: [DEPA], from_business_demand: true}
  - {id: BJ-002, field: health-care, docking: false, from_business_demand: true}
  - {id: BJ-003, field: finance, docking: true, aligns_with: [CPTPP], from_business_demand: true}
  - {id: BJ-004, field: culture-and-education, docking: false, from_business_demand: false}
  - {id: BJ-005, field: professional-services, docking: false, from_business_demand: false}
";

/// [`DZ_BASE`] with measures BJ-006 to BJ-172: 172 in all (more than 170),
/// 70 docking (40.7%), 87 from business demands (50.6%).
fn dz_base() -> String {
    let mut text = DZ_BASE.to_string();
    for i in 6..=172 {
        let docking = i <= 73;
        let aligns = if docking {
            ", aligns_with: [CPTPP, DEPA]"
        } else {
            ""
        };
        let demand = i <= 89;
        text.push_str(&format!(
            "  - {{id: BJ-{i:03}, field: digital-economy, docking: {docking}{aligns}, \
             from_business_demand: {demand}}}\n"
        ));
    }
    text
}

/// (code, underlined text) of every finding of the built-in packs on `yaml`,
/// sorted.
fn builtin_findings(yaml: &str) -> Vec<(String, String)> {
    let rules = pilotlint::load_rules(builtin::all(true)).expect("the built-in packs are valid");
    let report = pilotlint::check_report(&rules, "report.yaml", yaml.as_bytes());
    let mut found: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| {
            let text = f
                .span
                .map_or(String::new(), |s| report.text[s.start..s.end].to_string());
            (f.code.clone(), text)
        })
        .collect();
    found.sort();
    found
}

/// A change to a base report (`from` -> `to`) and the (code, underlined text)
/// of the findings it must cause.
type Edit = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// `base` with `from` replaced by `to` (exactly once).
fn edit(base: &str, from: &str, to: &str) -> String {
    assert_eq!(
        base.matches(from).count(),
        1,
        "`{from}` occurs once in the base report"
    );
    base.replacen(from, to, 1)
}

/// The expected findings, sorted like [`builtin_findings`].
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = expected
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn the_small_base_reports_are_clean() {
    assert_eq!(builtin_findings(&stp_base()), []);
    assert_eq!(builtin_findings(&dz_base()), []);
}

#[test]
fn each_mistake_in_a_progress_report_is_reported_once_by_its_rule() {
    let cases: &[Edit] = &[
        // No period: one finding, at the document's first key, not one per
        // rule (and measure) judged as of the period end.
        (
            "period: {start: 2021-01-01, end: 2021-06-30}\n",
            "",
            &[("STP012", "report")],
        ),
        ("end: 2021-06-30", "end: TBD", &[("STP012", "TBD")]),
        // A program neither pack knows: each pack reports it (STP011,
        // DZ007), so that either one used alone does.
        (
            "program: service-trade-pilot-2020",
            "program: service-trade-pilot-2021",
            &[
                ("STP011", "service-trade-pilot-2021"),
                ("DZ007", "service-trade-pilot-2021"),
            ],
        ),
        // A kind of report written otherwise is not read as final by STP010.
        ("report: progress", "report: Final", &[("STP013", "Final")]),
        // An empty text, or a list of empty entries, is not given.
        (
            "drafted_with: Anhui Provincial People's Government",
            "drafted_with: \"  \"",
            &[("STP002", "\"  \"")],
        ),
        (
            "evidence: [Hefei municipal notice 2021-12]",
            "evidence: [\"\"]",
            &[("STP004", "\"\"")],
        ),
        (
            "state_council_approval: State Council approval of adjusting administrative regulations",
            "state_council_approval: \"\"",
            &[("STP007", "\"\"")],
        ),
        ("approved: true", "approved: yes", &[("STP002", "yes")]),
        (
            "summary: {measures_total: 122, measures_implemented: 1}\n",
            "",
            &[("STP006", "report")],
        ),
        // A misspelt status is one finding of its own, and the summary no
        // longer matches the list.
        (
            "status: implemented",
            "status: implemnted",
            &[("STP006", "1"), ("STP003", "implemnted")],
        ),
        (
            "adjusts_regulation: true",
            "adjusts_regulation: yes",
            &[("STP007", "yes")],
        ),
        (
            "deadline: 2021-12-31",
            "deadline: 2021-05-31",
            &[("STP005", "2021-05-31")],
        ),
        (
            "reported_to_province_on: 2021-05-12",
            "reported_to_province_on: 2021-05-17",
            &[("STP008", "2021-05-17")],
        ),
        (
            "submitted: 2021-07-09",
            "submitted: 2021-07-16",
            &[("STP009", "2021-07-16")],
        ),
        (
            "report: progress",
            "report: final",
            &[("STP010", "2021-06-30")],
        ),
        ("id: HF-002", "id: HF-001", &[("STP003", "HF-001")]),
        // The report covers the 122 measures; one that does not apply says
        // why.
        (
            "  - {id: HF-122, task: policy-system, title: Measure 122, status: not-applicable, not_applicable_reason: Not in Hefei's plan}\n",
            "",
            &[("STP015", "measures"), ("STP006", "122")],
        ),
        (
            "status: in-progress",
            "status: not-applicable",
            &[("STP016", "id")],
        ),
        // The plan names the area's province, and is approved after it was
        // submitted; an issue is reported after it was raised.
        (
            "drafted_with: Anhui Provincial People's Government",
            "drafted_with: Henan Provincial People's Government",
            &[("STP017", "Henan Provincial People's Government")],
        ),
        (
            "approved_on: 2020-12-20",
            "approved_on: 2020-11-10",
            &[("STP018", "2020-11-10")],
        ),
        (
            "reported_to_province_on: 2021-05-12",
            "reported_to_province_on: 2021-05-01",
            &[("STP019", "2021-05-01")],
        ),
    ];
    for (from, to, expected) in cases {
        let yaml = edit(&stp_base(), from, to);
        assert_eq!(
            builtin_findings(&yaml),
            pairs(expected),
            "`{from}` -> `{to}`"
        );
    }
}

#[test]
fn each_mistake_in_a_work_plan_is_reported_once_by_its_rule() {
    let cases: &[Edit] = &[
        (
            "docking_measures: 70",
            "docking_measures: 71",
            &[("DZ005", "71")],
        ),
        (
            "field: culture-and-education, docking: false",
            "field: culture-and-education, docking: no",
            &[("DZ003", "no")],
        ),
        (
            "aligns_with: [DEPA]",
            "aligns_with: [RCEP]",
            &[("DZ002", "RCEP")],
        ),
        // 69 docking measures are 40.1%, but fewer than 70; the summary
        // still says 70.
        (
            "docking: true, aligns_with: [CPTPP]",
            "docking: false",
            &[("DZ009", "measures"), ("DZ005", "70")],
        ),
        // An approved plan names the State Council as its approver.
        ("status: draft", "status: approved", &[("DZ010", "plan")]),
        (
            "status: draft",
            "status: approved, approved_by: Beijing Municipal Government",
            &[("DZ010", "Beijing Municipal Government")],
        ),
        (
            "field: professional-services",
            "field: legal-services",
            &[("DZ006", "measures")],
        ),
        ("id: BJ-005", "id: BJ-004", &[("DZ003", "BJ-004")]),
        ("status: draft", "status: Draft", &[("DZ008", "Draft")]),
        (
            "aligns_with: [DEPA]",
            "aligns_with: [\" \"]",
            &[("DZ002", "\" \"")],
        ),
        // The demonstration-zone pack reports a misspelt program as well as
        // the service-trade pack (DZ007, STP011).
        (
            "program: beijing-demonstration-zone-2023",
            "program: beijing-demonstration-zone-2O23",
            &[
                ("STP011", "beijing-demonstration-zone-2O23"),
                ("DZ007", "beijing-demonstration-zone-2O23"),
            ],
        ),
    ];
    for (from, to, expected) in cases {
        let yaml = edit(&dz_base(), from, to);
        assert_eq!(
            builtin_findings(&yaml),
            pairs(expected),
            "`{from}` -> `{to}`"
        );
    }
}
