//! What a dashboard shows of a report beside its findings: which area and
//! period it is about, its program, and the implementation figures of its
//! summary ([`Facts`]). They are read from each document while its tree is
//! still there ([`crate::check_report`] keeps them in
//! [`crate::CheckedReport::facts`]), because a run drops the trees once a
//! report is checked and its output is written later, one report at a
//! time.
//!
//! The fields are those of docs/report-format.md: `area.name` (a work plan
//! of the demonstration zone names its `zone.name`), `period.start` and
//! `period.end`, `program`, `summary.measures_total` and
//! `summary.measures_implemented`, and how many `measures` are
//! `not-applicable`. Nothing here judges a report (the rules do): a field
//! that is missing or of the wrong type is simply not known. A value from
//! a report is text a submitter wrote, so it is cut to [`MAX_TEXT`]
//! characters: a dashboard of 2,000 reports must not carry a megabyte-long
//! area name 2,000 times.

use crate::date::Date;
use crate::report::{Node, NodeKind};

/// The most characters of a report's text kept in [`Facts`]; longer text
/// ends in `…`.
pub const MAX_TEXT: usize = 120;

/// What a dashboard shows of one report (one YAML document).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// `program`.
    pub program: Option<String>,
    /// `area.name`, or a work plan's `zone.name`.
    pub area: Option<String>,
    /// `period.start` and `period.end` as written.
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    /// `period.end` when it is a date: what the periods of a chart are
    /// ordered by.
    pub period_end_date: Option<Date>,
    /// `summary.measures_total` and `summary.measures_implemented`.
    pub measures_total: Option<i64>,
    pub measures_implemented: Option<i64>,
    /// How many entries of `measures` have `status: not-applicable`.
    pub not_applicable: usize,
}

impl Facts {
    /// The facts of `doc`: every field that is there with the right type.
    pub fn of(doc: &Node) -> Facts {
        let text = |path: &[&str]| -> Option<String> { scalar_text(at(doc, path)?) };
        let int = |path: &[&str]| match at(doc, path).map(|n| &n.kind) {
            Some(NodeKind::Int(i)) => Some(*i),
            _ => None,
        };
        let period_end = text(&["period", "end"]);
        let not_applicable = match doc.get("measures").map(|m| &m.kind) {
            Some(NodeKind::Seq(items)) => items
                .iter()
                .filter(|m| {
                    matches!(m.get("status").map(|s| &s.kind),
                             Some(NodeKind::Str(s)) if s == "not-applicable")
                })
                .count(),
            _ => 0,
        };
        Facts {
            program: text(&["program"]),
            area: text(&["area", "name"]).or_else(|| text(&["zone", "name"])),
            period_start: text(&["period", "start"]),
            period_end_date: period_end.as_deref().and_then(Date::parse),
            period_end,
            measures_total: int(&["summary", "measures_total"]),
            measures_implemented: int(&["summary", "measures_implemented"]),
            not_applicable,
        }
    }

    /// The implementation rate by the report's own figures, as STP001
    /// counts it: implemented measures over the measures that apply
    /// (`measures_total` less those `not-applicable`); `None` when the
    /// figures are missing or there is no measure that applies.
    pub fn rate(&self) -> Option<f64> {
        // Checked: a hostile `measures_total: -9223372036854775808` must
        // not overflow.
        let total = self
            .measures_total?
            .checked_sub(i64::try_from(self.not_applicable).ok()?)?;
        let done = self.measures_implemented?;
        (total > 0 && done >= 0).then(|| done as f64 / total as f64)
    }

    /// "2021-07-01 to 2021-12-31", or what there is of it.
    pub fn period(&self) -> Option<String> {
        match (&self.period_start, &self.period_end) {
            (Some(s), Some(e)) => Some(format!("{s} to {e}")),
            (None, Some(e)) => Some(format!("to {e}")),
            (Some(s), None) => Some(format!("from {s}")),
            (None, None) => None,
        }
    }
}

/// The node at `path` of mappings under `doc`.
fn at<'a>(doc: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(doc, |node, key| node.get(key))
}

/// A scalar as text (a number or a date written unquoted is text too),
/// cut to [`MAX_TEXT`] characters.
fn scalar_text(node: &Node) -> Option<String> {
    let text = match &node.kind {
        NodeKind::Str(s) => s.to_string(),
        NodeKind::Int(i) => i.to_string(),
        NodeKind::Float(f) => f.to_string(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => return None,
    };
    Some(match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(yaml: &str) -> Facts {
        let file = crate::report::load(yaml).expect("valid YAML");
        Facts::of(&file.documents[0])
    }

    #[test]
    fn a_progress_report_gives_its_area_period_and_rate() {
        let f = facts(
            "program: service-trade-pilot-2020\narea: {name: \"Xi'an\"}\n\
             period: {start: 2021-07-01, end: 2021-12-31}\n\
             summary: {measures_total: 122, measures_implemented: 110}\n\
             measures: [{status: implemented}, {status: not-applicable}]\n",
        );
        assert_eq!(f.area.as_deref(), Some("Xi'an"));
        assert_eq!(f.program.as_deref(), Some("service-trade-pilot-2020"));
        assert_eq!(f.period().as_deref(), Some("2021-07-01 to 2021-12-31"));
        assert_eq!(f.period_end_date, Date::from_ymd(2021, 12, 31));
        assert_eq!(f.not_applicable, 1);
        // 110 of the 121 that apply.
        assert_eq!(f.rate(), Some(110.0 / 121.0));
    }

    #[test]
    fn a_work_plan_names_its_zone_and_wrong_types_are_unknown() {
        let f = facts(
            "zone: {name: Beijing}\nsummary: {measures_total: \"many\", measures_implemented: 3}\n\
             period: [2021]\n",
        );
        assert_eq!(f.area.as_deref(), Some("Beijing"));
        assert_eq!((f.measures_total, f.rate(), f.period()), (None, None, None));
        // No measure that applies: no rate, not a division by zero.
        let f = facts("summary: {measures_total: 0, measures_implemented: 0}\n");
        assert_eq!(f.rate(), None);
    }

    /// Regression: the least i64 as `measures_total`, less one measure
    /// that does not apply, overflowed (a panic in a debug build).
    #[test]
    fn the_least_total_does_not_overflow() {
        let f = facts(
            "summary: {measures_total: -9223372036854775808, measures_implemented: 0}\n\
             measures: [{status: not-applicable}]\n",
        );
        assert_eq!(f.measures_total, Some(i64::MIN));
        assert_eq!(f.rate(), None);
    }

    #[test]
    fn a_long_text_is_cut() {
        let long = "长".repeat(MAX_TEXT + 50);
        let f = facts(&format!("area: {{name: {long}}}\n"));
        let area = f.area.expect("an area");
        assert_eq!(area.chars().count(), MAX_TEXT + 1);
        assert!(area.ends_with('…'));
    }
}
