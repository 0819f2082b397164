//! The rules across reports in the editor (`reports`, the national pack):
//! the set an open report belongs to is the one `pilotlint check FILE`
//! reads from the workspace folder: under a `pilotlint.toml` with an
//! `include`, every report it selects (open ones from their unsaved
//! text); otherwise the report alone. After every check the set rules are
//! evaluated again, as `check` evaluates them (on one thread per CPU), and
//! the findings that point into an open report join its own. What the set
//! rules read of a report on disk is kept between checks (by its
//! modification time and size), so a keystroke re-reads nothing that did
//! not change; what did is read on those threads too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lsp_types::Url;
use pilotlint::CheckedReport;
use pilotlint::finding::Finding;
use pilotlint::pipeline::SetReport;
use pilotlint::rules::RuleSet;
use rayon::prelude::*;

use super::super::args::ColorChoice;
use super::super::check::evaluate_on;
use super::super::inputs::{read_file_capped, walk};
use super::super::sink::Errors;
use super::state::{Kind, MAX_SIZE, State};

/// What the set rules read of each report on disk, with the modification
/// time and size it was read at.
#[derive(Default)]
pub(super) struct Cache {
    files: HashMap<PathBuf, (Stamp, Option<SetReport>)>,
}

type Stamp = (Option<SystemTime>, u64);

impl Cache {
    /// What the set rules read of each of `files` (`(path, name)`): kept
    /// where a file's modification time and size are those it was read
    /// at, the others read and checked again on `pool`; `None` for a file
    /// that cannot be read or did not load.
    fn get_all(
        &mut self,
        rules: &RuleSet,
        files: &[(&Path, &str)],
        pool: Option<&rayon::ThreadPool>,
    ) -> Vec<Option<SetReport>> {
        let stamps: Vec<Option<Stamp>> = files
            .iter()
            .map(|(path, _)| {
                let meta = std::fs::metadata(path).ok()?;
                Some((meta.modified().ok(), meta.len()))
            })
            .collect();
        // Each file as kept, where its stamp is the one it was read at.
        let mut out: Vec<Option<SetReport>> = (0..files.len())
            .map(|i| {
                let kept = self.files.get(files[i].0)?;
                (Some(kept.0) == stamps[i])
                    .then(|| kept.1.clone())
                    .flatten()
            })
            .collect();
        let stale: Vec<(usize, Stamp)> = (0..files.len())
            .filter_map(|i| {
                let stamp = stamps[i]?;
                let kept = self.files.get(files[i].0);
                kept.is_none_or(|k| k.0 != stamp).then_some((i, stamp))
            })
            .collect();
        let read = |&(i, stamp): &(usize, Stamp)| {
            let (path, name) = files[i];
            let bytes = read_file_capped(path, MAX_SIZE).ok()?;
            let set = (bytes.len() as u64 <= MAX_SIZE)
                .then(|| pilotlint::check_report(rules, name, &bytes).for_set(rules))
                .flatten();
            Some((i, stamp, set))
        };
        let fresh: Vec<_> = match pool {
            Some(pool) => pool.install(|| stale.par_iter().map(read).collect()),
            None => stale.iter().map(read).collect(),
        };
        // A file that could not be read stays out of the set.
        for (i, stamp, set) in fresh.into_iter().flatten() {
            out[i].clone_from(&set);
            self.files.insert(files[i].0.to_path_buf(), (stamp, set));
        }
        out
    }
}

/// One report of a set: open in the editor, or only on disk.
enum Member {
    Open(Url),
    File(PathBuf),
}

/// The name a report is shown under: its path from the workspace folder.
pub(super) fn name_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What the set rules found in the open documents: in reports of the set,
/// and, as reports of their own, in data and rule files.
#[derive(Default)]
struct Found {
    reports: HashMap<Url, Vec<Finding>>,
    elsewhere: HashMap<Url, CheckedReport>,
}

/// Evaluates the set rules again; returns the open documents whose set
/// findings changed.
pub(super) fn refresh(state: &mut State<'_>) -> Vec<Url> {
    let rules = std::sync::Arc::clone(&state.rules);
    let mut found = Found::default();
    if rules.rules.iter().any(|r| r.is_set()) {
        for group in sets(state) {
            evaluate(state, &rules, group, &mut found);
        }
    }
    let mut changed = Vec::new();
    for (uri, doc) in state.docs.iter_mut() {
        let now = found.reports.remove(uri).unwrap_or_default();
        let shown = found.elsewhere.remove(uri);
        let findings = |r: &Option<CheckedReport>| r.as_ref().map(|r| r.findings.clone());
        if doc.set_findings != now || findings(&doc.set_elsewhere) != findings(&shown) {
            doc.set_findings = now;
            doc.set_elsewhere = shown;
            changed.push(uri.clone());
        }
    }
    changed
}

/// The sets of the open reports: one set of every report the
/// configuration's `include` selects, or each open report alone.
fn sets(state: &State<'_>) -> Vec<Vec<(String, Member)>> {
    let open: Vec<(Url, Option<PathBuf>)> = state
        .docs
        .iter()
        .filter(|(_, d)| d.kind == Kind::Report)
        .map(|(u, d)| (u.clone(), d.path.clone()))
        .collect();
    let name = |uri: &Url, path: &Option<PathBuf>| match path {
        Some(p) => name_of(&state.root, p),
        None => uri.to_string(),
    };
    let Some(config) = state.config().filter(|c| c.include.is_some()) else {
        return open
            .iter()
            .map(|(u, p)| vec![(name(u, p), Member::Open(u.clone()))])
            .collect();
    };
    if open.is_empty() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let mut errors = Errors::new(ColorChoice::Never).recording();
    walk(&config.dir, &["yaml", "yml"], &mut paths, &mut errors);
    let mut members = Vec::new();
    let mut taken = vec![false; open.len()];
    for path in paths {
        if !config.selects_in(&config.dir, &path) {
            continue;
        }
        let real = std::fs::canonicalize(&path).unwrap_or(path);
        match open.iter().position(|(_, p)| p.as_ref() == Some(&real)) {
            Some(i) => {
                taken[i] = true;
                members.push((
                    name(&open[i].0, &open[i].1),
                    Member::Open(open[i].0.clone()),
                ));
            }
            None => members.push((name_of(&state.root, &real), Member::File(real))),
        }
    }
    // Open reports the walk did not find (not saved yet) come last, as
    // files named that the walk did not find do in `check`.
    for (i, (u, p)) in open.iter().enumerate() {
        if !taken[i] {
            members.push((name(u, p), Member::Open(u.clone())));
        }
    }
    vec![members]
}

fn evaluate(
    state: &mut State<'_>,
    rules: &RuleSet,
    group: Vec<(String, Member)>,
    found: &mut Found,
) {
    let files: Vec<(&Path, &str)> = group
        .iter()
        .filter_map(|(name, member)| match member {
            Member::File(path) => Some((path.as_path(), name.as_str())),
            Member::Open(_) => None,
        })
        .collect();
    let mut on_disk = state
        .set_cache
        .get_all(rules, &files, state.pool.as_deref())
        .into_iter();
    let mut set = Vec::new();
    let mut kept = Vec::new();
    for (name, member) in group {
        let report = match &member {
            Member::Open(uri) => state.docs.get(uri).and_then(|d| d.set_report.clone()),
            Member::File(_) => on_disk.next().flatten(),
        };
        // A report that did not load is not in the set, as in `check`.
        if let Some(report) = report {
            set.push(report);
            kept.push((name, member));
        }
    }
    let docs = &state.docs;
    let text_of = |i: usize| -> Option<String> {
        match &kept.get(i)?.1 {
            Member::Open(uri) => docs.get(uri).map(|d| d.text.clone()),
            Member::File(path) => {
                let bytes = read_file_capped(path, MAX_SIZE).ok()?;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
        }
    };
    let mut results = evaluate_on(rules, set, state.pool.as_deref());
    // Only the files open in the editor get diagnostics: the findings of
    // the others are not made into reports, so their texts are not read
    // (a workspace of 2,000 reports has hundreds with set findings).
    let open: HashMap<&str, &Url> = kept
        .iter()
        .filter_map(|(name, m)| match m {
            Member::Open(uri) => Some((name.as_str(), uri)),
            Member::File(_) => None,
        })
        .collect();
    // A data file or a rule file open in the editor shows the findings
    // that point into it (a registry entry of an area with no report, a
    // rule's clause for the set as a whole), by its path.
    let others: HashMap<&Path, &Url> = docs
        .iter()
        .filter(|(_, d)| d.kind != Kind::Report)
        .filter_map(|(u, d)| Some((d.path.as_deref()?, u)))
        .collect();
    let root = &state.root;
    let groups = results.take_groups();
    let source_of = |i: usize| results.source(i, text_of(i).unwrap_or_default());
    for group in groups {
        let name = results.name_of(&group, rules);
        if let Some(uri) = open.get(name) {
            let report = results.report(group, rules, &source_of);
            found
                .reports
                .entry((*uri).clone())
                .or_default()
                .extend(report.findings);
        } else if !others.is_empty()
            && let Some(uri) = others.get(root.join(name).as_path())
        {
            let report = results.report(group, rules, &source_of);
            found.elsewhere.insert((*uri).clone(), report);
        }
    }
}
