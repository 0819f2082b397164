//! The rules across reports in a run of `check`: while the reports are
//! checked, what those rules can read of each is kept ([`Collected`]); once
//! every report is written, the library checks the set, reading again the
//! files its findings point into, and their findings are written after.

use std::path::PathBuf;

use pilotlint::pipeline::{SetInput, SetReport};
use pilotlint::rules::RuleSet;

use rayon::prelude::*;

use super::run::{self, WriteError, Writer};
use crate::cli::inputs::{Job, read_capped};

/// Where the text of a report of the set can be had again: the run keeps
/// no text, only what the rules across reports read.
enum Again {
    File(PathBuf),
    /// Read from standard input: kept, there is no reading it twice.
    Bytes(Vec<u8>),
}

/// What the rules across reports need of the run's reports, in order.
#[derive(Default)]
pub(super) struct Collected {
    reports: Vec<SetReport>,
    again: Vec<Again>,
}

impl Collected {
    /// Keeps `set` (what the rules across reports read of the report of
    /// `job`).
    pub(super) fn add(&mut self, job: &Job, set: SetReport) {
        let again = match job {
            Job::File(path, _) => Again::File(path.clone()),
            Job::Read(_, Ok(bytes)) => Again::Bytes(bytes.clone()),
            Job::Read(_, Err(_)) | Job::Refused(..) => Again::Bytes(Vec::new()),
        };
        self.reports.push(set);
        self.again.push(again);
    }

    /// Checks the set and writes the findings of its rules; nothing when
    /// the rules have none across reports. A file read again is capped at
    /// `cap` bytes, as when it was checked. Only the findings in files
    /// `shows` are written (a run that names files within a larger set
    /// shows what points into them).
    pub(super) fn finish(
        self,
        rules: &RuleSet,
        writer: &mut Writer<'_>,
        cap: u64,
        threads: usize,
        shows: &dyn Fn(&str) -> bool,
    ) -> Result<(), WriteError> {
        if !rules.rules.iter().any(|r| r.is_set()) {
            return Ok(());
        }
        let again = self.again;
        let mut text_of = |i: usize| -> Option<String> {
            let bytes = match again.get(i)? {
                Again::File(path) => read_capped(std::fs::File::open(path).ok()?, cap).ok()?,
                Again::Bytes(bytes) => bytes.clone(),
            };
            Some(String::from_utf8_lossy(&bytes).into_owned())
        };
        // The rules across reports are independent of each other: each on
        // a thread of the pool, their results put back in order.
        let input = SetInput::new(rules, self.reports);
        let results = match run::pool(threads) {
            Ok(pool) => pool.install(|| {
                input
                    .rules()
                    .into_par_iter()
                    .map(|index| input.evaluate_rule(index))
                    .collect()
            }),
            Err(_) => input
                .rules()
                .into_iter()
                .map(|index| input.evaluate_rule(index))
                .collect(),
        };
        // One file's findings at a time: the texts they show are read,
        // written and dropped before the next.
        let mut found = input.into_findings(results);
        writer.set_outcomes(&found.outcomes);
        while let Some(report) = found.next_report(rules, &mut text_of) {
            if shows(&report.name) {
                writer.report(&report)?;
            }
        }
        Ok(())
    }
}
