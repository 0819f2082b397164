//! Hiding findings of a checked report (the ones a baseline knows) without
//! changing what the others are: each keeps its data path, and the place
//! among the findings of its file, rule and data path that it had before
//! (its ordinal), which its fingerprint counts
//! (`output::fingerprint`). Without that, hiding the first of two findings
//! of one rule at one data path would give the second the first's
//! fingerprint, and GitLab would take one for the other.

use std::collections::HashMap;

use super::CheckedReport;

impl CheckedReport {
    /// Keeps the findings `keep` is true of (given each one's index), with
    /// their data paths and ordinals.
    pub fn retain_findings(&mut self, mut keep: impl FnMut(usize) -> bool) {
        if self.ordinals.is_empty() {
            self.ordinals = self.count_ordinals();
        }
        let keep: Vec<bool> = (0..self.findings.len()).map(&mut keep).collect();
        let mut at = keep.iter().copied();
        self.findings.retain(|_| at.next().unwrap_or(true));
        let mut at = keep.iter().copied();
        self.data_paths.retain(|_| at.next().unwrap_or(false));
        let mut at = keep.iter().copied();
        self.ordinals.retain(|_| at.next().unwrap_or(false));
    }

    /// The ordinal of finding `index` once findings were hidden; `None`
    /// when none were, and the findings before it are all there to count.
    pub fn ordinal(&self, index: usize) -> Option<u64> {
        self.ordinals.get(index).copied()
    }

    /// Each finding's place among the earlier findings of the report with
    /// the same file, rule (or code) and data path.
    fn count_ordinals(&self) -> Vec<u64> {
        let mut seen: HashMap<(&str, &str, Option<&str>), u64> = HashMap::new();
        self.findings
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let file = f.file.as_ref().map_or(self.name.as_str(), |s| &s.name);
                let n = seen
                    .entry((file, f.rule_id(), self.data_path(index)))
                    .or_insert(0);
                *n += 1;
                *n - 1
            })
            .collect()
    }
}
