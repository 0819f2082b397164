//! Where a rule-test case's reports come from: `report` (one written in
//! the test file) or `report_file` (a path), and for rules across reports
//! `reports` and `report_files` (lists of each).

use pilotlint::report::{Node, NodeKind};

use super::spec::{Problem, ReportSource, SpanOr, first_key};

/// The reports of a case: `report` (one written in the test file) or
/// `report_file` (a path); or, for rules across reports, `report_files` (a
/// list of paths) and `reports` (a list of reports written here), the
/// files first.
pub(super) fn case_reports(node: &Node, problems: &mut Vec<Problem>) -> Option<Vec<ReportSource>> {
    let mut reports = Vec::new();
    let mut ok = true;
    let path = |value: &Node, key: &Node, problems: &mut Vec<Problem>| match &value.kind {
        NodeKind::Str(s) => Some(ReportSource::File(s.to_string(), value.span)),
        _ => {
            problems.push(Problem::new(
                value.span_or(key.span),
                "a report file is a path relative to the test file",
                "not a string",
            ));
            None
        }
    };
    if let Some(f) = node.entry("report_file") {
        match path(&f.value, &f.key, problems) {
            Some(r) => reports.push(r),
            None => ok = false,
        }
    }
    if let Some(f) = node.entry("report_files") {
        match &f.value.kind {
            NodeKind::Seq(items) if !items.is_empty() => {
                for item in items {
                    match path(item, &f.key, problems) {
                        Some(r) => reports.push(r),
                        None => ok = false,
                    }
                }
            }
            _ => {
                problems.push(Problem::new(
                    f.value.span_or(f.key.span),
                    "`report_files` is a list of paths relative to the test file",
                    "not a list of paths",
                ));
                ok = false;
            }
        }
    }
    if let Some(r) = node.entry("report") {
        reports.push(ReportSource::Inline(r.value.clone()));
    }
    if let Some(r) = node.entry("reports") {
        match &r.value.kind {
            NodeKind::Seq(items) if !items.is_empty() => {
                reports.extend(items.iter().map(|i| ReportSource::Inline(i.clone())));
            }
            _ => {
                problems.push(Problem::new(
                    r.value.span_or(r.key.span),
                    "`reports` is a list of reports written in the test file",
                    "not a list",
                ));
                ok = false;
            }
        }
    }
    if node.entry("report").is_some() && node.entry("report_file").is_some() {
        let f = node.entry("report_file").map_or(node.span, |e| e.key.span);
        problems.push(
            Problem::new(
                f,
                "a case has both `report` and `report_file`",
                "one of them must go",
            )
            .help("for several reports, use `reports: [...]` and `report_files: [...]`"),
        );
        ok = false;
    }
    if reports.is_empty() && ok {
        problems.push(
            Problem::new(
                first_key(node),
                "a case has no `report` or `report_file`",
                "in this case",
            )
            .help(
                "write the report under `report:`, or name a file with `report_file:` \
                 (several: `reports: [...]`, `report_files: [...]`)",
            ),
        );
        ok = false;
    }
    ok.then_some(reports)
}
