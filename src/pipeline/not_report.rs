//! Whether a checked YAML file is plainly not a report (a workflow, a
//! docker-compose file): the library's half of the rule `check` follows
//! outside `--gate` (README.md, "pre-commit"); the front end decides when
//! to leave such a file out.

use super::CheckedReport;
use crate::report;
use crate::rules::RuleSet;

impl CheckedReport {
    /// The keys of a YAML file that is plainly not a report, or `None`: a
    /// file whose every document is a mapping with keys, none of them a
    /// field of the report root as `rules` know it
    /// ([`RuleSet::report_fields`]: the report schema's, or what rules
    /// without one read there) (a workflow's `name`, `on`, `jobs`; a
    /// docker-compose file's `services`). A report that lacks `program`
    /// still has `period` or `measures`, so it is a report; an empty file,
    /// a list or a file that is not YAML is not *plainly* anything, and
    /// stays one. The front end decides what to do with such a file
    /// (`check` outside `--gate`, without an `include`, leaves it out with
    /// a note). Needs the documents: call it before
    /// [`CheckedReport::drop_documents`].
    pub fn not_a_report(&self, rules: &RuleSet) -> Option<Vec<String>> {
        let fields = rules.report_fields.as_ref()?;
        if self.documents.is_empty() {
            return None;
        }
        let mut keys = Vec::new();
        for doc in &self.documents {
            let report::NodeKind::Map(entries) = &doc.kind else {
                return None;
            };
            if entries.is_empty() {
                return None;
            }
            for entry in entries {
                if let report::NodeKind::Str(key) = &entry.key.kind
                    && fields.contains(key.as_str())
                {
                    return None;
                }
                // As written: `on` may be read as a boolean by a YAML 1.1 eye.
                let span = entry.key.span;
                let key = self.text.get(span.start..span.end).unwrap_or_default();
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                }
            }
        }
        Some(keys)
    }
}
