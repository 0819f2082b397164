//! The rules across reports in a run of `check`: while the reports are
//! checked, what those rules can read of each is kept ([`Collected`]); once
//! every report is written, the library checks the set, reading again the
//! files its findings point into, and their findings are written after.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pilotlint::pipeline::{Packed, SetBuilder, SetFindings, SetInput, SetReport};
use pilotlint::report::Node;
use pilotlint::rules::RuleSet;
use pilotlint::source::SourceText;

use compact_str::CompactString;
use rayon::prelude::*;

use super::run::{WriteError, Writer};
use crate::cli::inputs::{Job, read_file_capped};

/// How many files' findings each thread makes into reports before they
/// are written: enough to keep the threads busy, few enough that only
/// that many texts are held at once.
const BATCH_PER_THREAD: usize = 8;

/// How many texts of a batch are kept for the next: a finding refers to
/// an earlier report of its area, often a file of the batch before.
const KEPT_TEXTS: usize = 4;

/// The texts of a batch, each read once by whichever thread asks first.
type Sources = HashMap<usize, Arc<OnceLock<Option<Arc<SourceText>>>>>;

/// Where the text of a report of the set can be had again: the run keeps
/// no text, only what the rules across reports read.
enum Again {
    File(PathBuf),
    /// Read from standard input: kept, there is no reading it twice.
    Bytes(Vec<u8>),
}

/// Evaluates the rules across reports of `rules` over `set` on `pool` (or
/// on this thread without one): the library's [`evaluate_set`], with the
/// reports' trees made again, the rules, and the parts of a large set's
/// rules each on a thread of the pool. The findings are the same as in
/// order. `check` and the language server both evaluate a set here.
///
/// [`evaluate_set`]: pilotlint::pipeline::evaluate_set
pub(crate) fn evaluate_on(
    rules: &RuleSet,
    set: Vec<SetReport>,
    pool: Option<&rayon::ThreadPool>,
) -> SetFindings {
    let unpack = |jobs: Vec<Packed>, names: &[CompactString]| -> Vec<Vec<Node>> {
        let one = |p: Packed| p.unpack(names);
        match pool {
            Some(pool) => pool.install(|| jobs.into_par_iter().map(one).collect()),
            None => jobs.into_iter().map(one).collect(),
        }
    };
    let input = SetInput::with_unpack(rules, set, Box::new(unpack));
    evaluate_input(input, pool)
}

/// Evaluates the rules of `input` on `pool`, each part of a rule on a
/// thread of it (or on this thread without one).
fn evaluate_input(input: SetInput<'_>, pool: Option<&rayon::ThreadPool>) -> SetFindings {
    let evaluate = |task| input.evaluate(task);
    let results = match pool {
        Some(pool) => pool.install(|| input.tasks().into_par_iter().map(evaluate).collect()),
        None => input.tasks().into_iter().map(evaluate).collect(),
    };
    input.into_findings(results)
}

/// What the rules across reports need of the run's reports, in order: the
/// set, its trees made on the thread that writes the reports while the
/// pool's threads check the next ones (that thread is idle otherwise; the
/// trees of 2,000 reports take a tenth of a second to make), and where
/// each report's text can be had again.
pub(super) struct Collected<'r> {
    set: SetBuilder<'r>,
    again: Vec<Again>,
}

impl<'r> Collected<'r> {
    pub(super) fn new(rules: &'r RuleSet) -> Self {
        Collected {
            set: SetBuilder::new(rules),
            again: Vec::new(),
        }
    }

    /// Keeps `set` (what the rules across reports read of the report of
    /// `job`).
    pub(super) fn add(&mut self, job: &Job, set: SetReport) {
        let again = match job {
            Job::File(path, _) => Again::File(path.clone()),
            Job::Read(_, Ok(bytes)) => Again::Bytes(bytes.clone()),
            Job::Read(_, Err(_)) | Job::Refused(..) => Again::Bytes(Vec::new()),
        };
        self.set.add(set);
        self.again.push(again);
    }

    /// Checks the set and writes the findings of its rules; nothing when
    /// the rules have none across reports. A file read again is capped at
    /// `cap` bytes, as when it was checked. The work is done on `pool`
    /// (`threads` threads), or on this thread without one. Only the
    /// findings in files `shows` are written (a run that names files
    /// within a larger set shows what points into them). A run that ends
    /// after this (not `--watch`) leaves the set's trees to the end of the
    /// process.
    pub(super) fn finish(
        self,
        rules: &RuleSet,
        writer: &mut Writer<'_>,
        (cap, pool, threads, ending): (u64, Option<&rayon::ThreadPool>, usize, bool),
        shows: &dyn Fn(&str) -> bool,
    ) -> Result<(), WriteError> {
        if !rules.rules.iter().any(|r| r.is_set()) {
            return Ok(());
        }
        let again = self.again;
        let text_of = |i: usize| -> Option<String> {
            let bytes = match again.get(i)? {
                Again::File(path) => read_file_capped(path, cap).ok()?,
                Again::Bytes(bytes) => bytes.clone(),
            };
            Some(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            )
        };
        let mut found = evaluate_input(self.set.finish(), pool);
        // Hundreds of thousands of small allocations: a process about to
        // end leaves them to the system (as rustc does with its trees);
        // one that watches frees them on the pool while the findings are
        // written.
        let trees = found.take_trees();
        match pool {
            _ if ending => std::mem::forget(trees),
            Some(pool) => pool.spawn(move || drop(trees)),
            None => drop(trees),
        }
        writer.set_outcomes(&found.outcomes);
        // A batch of files at a time: their texts read and their reports
        // made on the pool's threads, then written in order and dropped.
        let groups = found.take_groups();
        let mut groups = groups
            .into_iter()
            .filter(|g| shows(found.name_of(g, rules)));
        let batch = BATCH_PER_THREAD * threads.max(1);
        let mut kept = Sources::new();
        let changed = Mutex::new(BTreeSet::new());
        loop {
            let next: Vec<_> = groups.by_ref().take(batch).collect();
            if next.is_empty() {
                break;
            }
            // A text the findings of several files of the batch refer to
            // (the earlier report of an area, a file with findings of its
            // own) is read once.
            let sources = Mutex::new(std::mem::take(&mut kept));
            let source_of = |i: usize| {
                let cell = {
                    let mut map = sources.lock().unwrap_or_else(PoisonError::into_inner);
                    Arc::clone(map.entry(i).or_default())
                };
                cell.get_or_init(|| {
                    let source = found.source(i, text_of(i).unwrap_or_default());
                    // Only a text that is not the one checked comes back
                    // empty: a report of the set has text.
                    if source.as_ref().is_some_and(|s| s.text.is_empty()) {
                        changed
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(i);
                    }
                    source
                })
                .clone()
            };
            let make = |g| found.report(g, rules, &source_of);
            let reports: Vec<_> = match pool {
                Some(pool) => pool.install(|| next.into_par_iter().map(make).collect()),
                None => next.into_iter().map(make).collect(),
            };
            for report in &reports {
                writer.report(report)?;
            }
            let mut sources: Vec<_> = sources
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .into_iter()
                .collect();
            sources.sort_unstable_by_key(|(i, _)| std::cmp::Reverse(*i));
            kept = sources.into_iter().take(KEPT_TEXTS).collect();
        }
        let changed = changed.into_inner().unwrap_or_else(PoisonError::into_inner);
        for name in changed.iter().filter_map(|&i| found.name(i)) {
            let _ = writeln!(
                std::io::stderr(),
                "note: `{name}` changed or could not be read after it was checked: the findings \
                 of the rules across reports in it are shown without a line"
            );
        }
        Ok(())
    }
}
