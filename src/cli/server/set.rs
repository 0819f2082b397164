//! The rules across reports in the editor (`reports`, the national pack):
//! the set an open report belongs to is the one `pilotlint check FILE`
//! reads from the workspace folder: under a `pilotlint.toml` with an
//! `include`, every report it selects (open ones from their unsaved
//! text); otherwise the report alone. After every check the set rules are
//! evaluated again through the library's `evaluate_set`, and the findings
//! that point into an open report join its own. What the set rules read
//! of a report on disk is kept between checks (by its modification time
//! and size), so a keystroke re-reads nothing that did not change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lsp_types::Url;
use pilotlint::finding::Finding;
use pilotlint::pipeline::{SetReport, evaluate_set};
use pilotlint::rules::RuleSet;

use super::super::args::ColorChoice;
use super::super::inputs::{read_file_capped, walk};
use super::super::sink::Errors;
use super::state::{Kind, MAX_SIZE, State};

/// What the set rules read of each report on disk, with the modification
/// time and size it was read at.
#[derive(Default)]
pub(super) struct Cache {
    files: HashMap<PathBuf, (Option<SystemTime>, u64, Option<SetReport>)>,
}

impl Cache {
    fn get(&mut self, rules: &RuleSet, path: &Path, name: &str) -> Option<SetReport> {
        let meta = std::fs::metadata(path).ok()?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some((time, len, set)) = self.files.get(path)
            && (*time, *len) == stamp
        {
            return set.clone();
        }
        let bytes = read_file_capped(path, MAX_SIZE).ok()?;
        let set = (bytes.len() as u64 <= MAX_SIZE)
            .then(|| pilotlint::check_report(rules, name, &bytes).for_set(rules))
            .flatten();
        self.files
            .insert(path.to_path_buf(), (stamp.0, stamp.1, set.clone()));
        set
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

/// Evaluates the set rules again; returns the open reports whose set
/// findings changed.
pub(super) fn refresh(state: &mut State<'_>) -> Vec<Url> {
    let rules = std::sync::Arc::clone(&state.rules);
    let mut found: HashMap<Url, Vec<Finding>> = HashMap::new();
    if rules.rules.iter().any(|r| r.is_set()) {
        for group in sets(state) {
            evaluate(state, &rules, group, &mut found);
        }
    }
    let mut changed = Vec::new();
    for (uri, doc) in state.docs.iter_mut() {
        let now = found.remove(uri).unwrap_or_default();
        if doc.set_findings != now {
            doc.set_findings = now;
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
    found: &mut HashMap<Url, Vec<Finding>>,
) {
    let mut set = Vec::new();
    let mut kept = Vec::new();
    for (name, member) in group {
        let report = match &member {
            Member::Open(uri) => state.docs.get(uri).and_then(|d| d.set_report.clone()),
            Member::File(path) => state.set_cache.get(rules, path, &name),
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
    let mut results = evaluate_set(rules, set);
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
    let groups = results.take_groups();
    let source_of = |i: usize| results.source(i, text_of(i).unwrap_or_default());
    for group in groups {
        if let Some(uri) = open.get(results.name_of(&group, rules)) {
            let report = results.report(group, rules, &source_of);
            found
                .entry((*uri).clone())
                .or_default()
                .extend(report.findings);
        }
    }
}
