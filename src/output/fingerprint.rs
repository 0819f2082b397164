//! Fingerprints of findings: an identity for each finding that survives
//! edits elsewhere in its file, so a later run can tell a finding that is
//! still there from a new one. GitLab's Code Quality report carries them
//! ([`super::gitlab`]) and a baseline of known findings matches by them
//! (`pilotlint check --baseline`); both compute them here, so a finding
//! has one fingerprint whichever asks.
//!
//! The fingerprint is the FNV-1a 128-bit hash (in 32 lowercase hex digits)
//! of `PATH \0 CHECK \0 DATA_PATH \0 N`: PATH is the file the finding is in
//! as a repository path ([`repository_path`]), CHECK the rule id (or the
//! code of a finding no rule wrote), DATA_PATH the finding's data path
//! (`measures[3].status`, empty when it has none), and N counts, from 0,
//! the earlier findings of the report with the same first three parts,
//! which keeps fingerprints unique; findings hidden by a baseline still
//! count ([`CheckedReport::ordinal`]), so the others keep their
//! fingerprints. No line, column or value goes into it.
//! Two reports of one run share a path only when `--stdin-filename` names
//! a file that is checked too; the K-th repeat (K from 1) appends `\0 K`,
//! so its fingerprints differ from the first's. Counting per report keeps
//! the memory of a run that of one report (and a hash per report path).

use std::collections::HashMap;

use crate::CheckedReport;
use crate::finding::Finding;

/// The fingerprints of a run's findings, report by report, in the order
/// the run writes them: what it remembers is how many reports so far had
/// each path.
#[derive(Debug, Default)]
pub struct Fingerprints {
    /// How many reports so far had each path (by its hash).
    paths: HashMap<u128, u64>,
}

impl Fingerprints {
    pub fn new() -> Self {
        Self::default()
    }

    /// The fingerprint of every finding of `report`, by the index of
    /// `report.findings`; the next report of the run is to be given next.
    pub fn of(&mut self, report: &CheckedReport) -> Vec<String> {
        self.of_placed(report, &repository_path)
    }

    /// [`Fingerprints::of`], with each file's name made its PATH by
    /// `place` instead of [`repository_path`]: a baseline names files
    /// relative to a directory of its own, not the working directory.
    pub fn of_placed(
        &mut self,
        report: &CheckedReport,
        place: &dyn Fn(&str) -> String,
    ) -> Vec<String> {
        let path = place(&report.name);
        // The findings of rules across reports that point into a file come
        // after its own: the same file, not a repeat of its path.
        let k = if report.set {
            0
        } else {
            let repeat = self.paths.entry(fnv1a_128(path.as_bytes())).or_insert(0);
            *repeat += 1;
            *repeat - 1
        };
        // Findings so far of each identity (path, check, data path).
        let mut seen: HashMap<Vec<u8>, u64> = HashMap::new();
        report
            .findings
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let file = f.file.as_ref().map_or(report.name.as_str(), |f| &f.name);
                let identity = [
                    place(file).as_bytes(),
                    f.rule_id().as_bytes(),
                    report.data_path(index).unwrap_or("").as_bytes(),
                ]
                .join(&0u8);
                let counted = seen.entry(identity.clone()).or_insert(0);
                // Counted before some findings were hidden, when they were.
                let n = report.ordinal(index).unwrap_or(*counted);
                *counted += 1;
                let mut parts = vec![identity, n.to_string().into_bytes()];
                if k > 0 {
                    parts.push(k.to_string().into_bytes());
                }
                format!("{:032x}", fnv1a_128(&parts.join(&0u8)))
            })
            .collect()
    }
}

/// The repository path of the file finding `f` of `report` is in: the
/// report's, or the data file's or other report's it points into.
pub fn place_path(report: &CheckedReport, f: &Finding) -> String {
    match &f.file {
        Some(file) => repository_path(&file.name),
        None => repository_path(&report.name),
    }
}

/// A file's name as GitLab wants a path: relative to the repository root
/// (the directory the check ran in), with forward slashes and without a
/// leading `./`.
pub fn repository_path(name: &str) -> String {
    let path = super::forward_slashes(name);
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

/// FNV-1a, 128 bits (<http://www.isthe.com/chongo/tech/comp/fnv/>): for each
/// byte, xor it in, then multiply by the FNV prime, modulo 2^128.
pub fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET_BASIS: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.iter().fold(OFFSET_BASIS, |hash, &b| {
        (hash ^ u128::from(b)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values computed independently of this code, with Python:
    /// python3 -c 'import sys
    /// h=0x6c62272e07bb014262b821756295c58d
    /// for b in sys.argv[1].encode(): h=((h^b)*0x0000000001000000000000000000013B)%2**128
    /// print(f"{h:032x}")' TEXT
    #[test]
    fn fnv1a_128_matches_an_independent_implementation() {
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"")),
            "6c62272e07bb014262b821756295c58d"
        );
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"a")),
            "d228cb696f1a8caf78912b704e4a8964"
        );
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"foobar")),
            "343e1662793c64bf6f0d3597ba446f18"
        );
    }

    #[test]
    fn paths_are_relative_with_forward_slashes() {
        assert_eq!(repository_path("./reports/a.yaml"), "reports/a.yaml");
        assert_eq!(repository_path("././a.yaml"), "a.yaml");
        assert_eq!(repository_path("reports/a.yaml"), "reports/a.yaml");
    }
}
