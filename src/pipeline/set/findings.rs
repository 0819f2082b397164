//! The findings of the rules across reports made into reports to write:
//! one per file they point into, each with its text (read again through
//! the front end) and its findings' spans made local to it, places in
//! other files made related places ([`SetFindings`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::eval::Outcome;
use crate::finding::{Finding, Related};
use crate::pipeline::CheckedReport;
use crate::report::Node;
use crate::rules::RuleSet;
use crate::source::{Origin, SourceMap, SourceText};
use crate::span::LineIndex;

/// The findings of the rules across reports, by the file they point into,
/// made into reports to write one at a time ([`SetFindings::next_report`]),
/// so a run holds the text of one file (and of those its findings refer
/// to) at a time, not of every file with a finding.
pub struct SetFindings {
    /// What each rule made of the set, by the rules' index (rules of one
    /// report at a time: skipped).
    pub outcomes: Vec<Outcome>,
    pub(super) map: SourceMap,
    pub(super) names: Vec<String>,
    /// The length and fingerprint of each report's text as it was checked.
    pub(super) prints: Vec<(usize, u64)>,
    /// The line lengths kept of each report, for its text read again.
    pub(super) lines: Vec<Option<Box<[u8]>>>,
    /// In the order they are written; each finding with its spans still in
    /// the set's address space, and its data path.
    pub(super) groups: std::vec::IntoIter<SetGroup>,
    /// The texts read last: a finding refers to another report (the one
    /// before it), which is often the file written next or just before.
    pub(super) recent: Vec<(Key, Option<Arc<SourceText>>)>,
    /// The set's trees, no longer read.
    pub(super) trees: Vec<Node>,
}

/// A finding of the set with its spans in the set's address space, and the
/// data path of the value it points at.
pub(super) type Unplaced = (Finding, Option<String>);

/// How many texts [`SetFindings`] keeps between files.
const RECENT: usize = 4;

/// The findings of the rules across reports in one file, to be made into
/// a report to write ([`SetFindings::report`]).
pub struct SetGroup {
    pub(super) key: Key,
    pub(super) found: Vec<Unplaced>,
}

impl SetFindings {
    /// The next file's findings, as a report to write: its text read with
    /// `text_of` (and the text of each file its findings refer to); `None`
    /// when every file is done. The texts last read are kept for the next.
    pub fn next_report(
        &mut self,
        rules: &RuleSet,
        text_of: &mut dyn FnMut(usize) -> Option<String>,
    ) -> Option<CheckedReport> {
        let group = self.groups.next()?;
        let key = group.key;
        let recent = std::mem::take(&mut self.recent);
        let kept = self.kept();
        let mut source_of = |i: usize| {
            // A text that cannot be read again is shown by name only.
            let text = text_of(i).unwrap_or_default();
            kept.source(i, text)
        };
        let mut texts = Texts {
            rules,
            source_of: &mut source_of,
            cache: recent.into_iter().collect(),
        };
        let report = build(&self.map, group, &mut texts);
        // This file's text and those last used, up to RECENT of them.
        let mut cache = texts.cache;
        let mine = cache.remove(&key);
        self.recent = cache.into_iter().take(RECENT - 1).collect();
        self.recent.extend(mine.map(|t| (key, t)));
        Some(report)
    }

    /// The set's trees, which nothing reads any more: freeing those of
    /// thousands of reports takes a while, which a front end with threads
    /// can spend on another while it writes the findings.
    pub fn take_trees(&mut self) -> Vec<Node> {
        std::mem::take(&mut self.trees)
    }

    /// Every file's findings not yet made into reports, in the order they
    /// are written, for a front end that makes several reports at once
    /// ([`SetFindings::report`] on its threads) and writes them in order.
    pub fn take_groups(&mut self) -> Vec<SetGroup> {
        self.groups.by_ref().collect()
    }

    /// The name of report `i` of the set, as the run named it.
    pub fn name(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(String::as_str)
    }

    /// The name of the file `group` points into (a report's as the run
    /// named it, a data or rule file's), before its text is read: a run
    /// that shows only some files makes no report of the others.
    pub fn name_of<'s>(&'s self, group: &SetGroup, rules: &'s RuleSet) -> &'s str {
        match group.key {
            Key::Report(i) => self.names.get(i).map_or("", String::as_str),
            Key::Data(k) => rules.data.get(k).map_or("", |d| d.source.name.as_str()),
            Key::Rule(r) => rules.rules.get(r).map_or("", |i| i.meta.file.name.as_str()),
        }
    }

    /// The findings of `group` as a report to write, with the texts of the
    /// reports of the set it points into from `source_of` (each made with
    /// [`SetFindings::source`]; a front end that makes several reports at
    /// once can read a text once for all of them).
    pub fn report(
        &self,
        group: SetGroup,
        rules: &RuleSet,
        source_of: &(dyn Fn(usize) -> Option<Arc<SourceText>> + Sync),
    ) -> CheckedReport {
        let mut source_of = |i| source_of(i);
        let mut texts = Texts {
            rules,
            source_of: &mut source_of,
            cache: HashMap::new(),
        };
        build(&self.map, group, &mut texts)
    }

    /// Report `i` of the set as a source to show findings in, from its
    /// text read again; `None` when there is no such report. A text that
    /// is not the one checked (it could not be read again, or the file
    /// changed in between: its length or fingerprint differ) comes back
    /// empty, shown by name only: the report's findings then have no place
    /// in it, and places in it are left out of other findings.
    pub fn source(&self, i: usize, text: String) -> Option<Arc<SourceText>> {
        self.kept().source(i, text)
    }

    fn kept(&self) -> Kept<'_> {
        Kept {
            names: &self.names,
            prints: &self.prints,
            lines: &self.lines,
        }
    }
}

/// What a set keeps of its reports to show them again.
struct Kept<'s> {
    names: &'s [String],
    prints: &'s [(usize, u64)],
    lines: &'s [Option<Box<[u8]>>],
}

impl Kept<'_> {
    fn source(&self, i: usize, text: String) -> Option<Arc<SourceText>> {
        let name = self.names.get(i)?.clone();
        Some(Arc::new(match self.index(i, &text) {
            Some(lines) => SourceText::with_index(name, text, lines),
            None => SourceText::new(name, String::new()),
        }))
    }

    /// The line index of `text`, report `i` read again, from its kept line
    /// lengths; `None` when the text is not the one checked (its length or
    /// its fingerprint differ, or the lengths do not fit it).
    fn index(&self, i: usize, text: &str) -> Option<LineIndex> {
        let &(len, hash) = self.prints.get(i)?;
        if len != text.len() || hash != super::fingerprint(text) {
            return None;
        }
        match self.lines.get(i).and_then(Option::as_deref) {
            Some(l) => LineIndex::from_lengths(text, l),
            None => Some(LineIndex::new(text)),
        }
    }
}

/// The report of `group`'s findings, with the texts of `texts`.
fn build(map: &SourceMap, group: SetGroup, texts: &mut Texts) -> CheckedReport {
    let SetGroup { key, found } = group;
    let source = texts.source(key);
    let mut group = Group {
        source,
        findings: Vec::with_capacity(found.len()),
        paths: Vec::with_capacity(found.len()),
    };
    for (f, path) in found {
        let located = locate(map, texts, key, f);
        group.findings.push(located);
        group.paths.push(path);
    }
    group.into_report()
}

/// Which file a finding points into, in the order they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Key {
    Report(usize),
    Data(usize),
    /// The rule file of rule `index` (a finding about the set as a whole).
    Rule(usize),
}

struct Group {
    source: Option<Arc<SourceText>>,
    findings: Vec<Finding>,
    paths: Vec<Option<String>>,
}

impl Group {
    fn into_report(self) -> CheckedReport {
        // The text's line index is made once, with its source.
        let (name, text, lines) = match &self.source {
            Some(s) => (s.name.clone(), Arc::from(s.text.as_str()), s.lines.clone()),
            None => (String::new(), Arc::from(""), LineIndex::new("")),
        };
        // Moved, not copied, into the order they are written (a stable
        // sort: findings at the same place keep the rules' order).
        let mut pairs: Vec<_> = self.findings.into_iter().zip(self.paths).collect();
        pairs.sort_by(|(a, _), (b, _)| {
            (a.span.map(|s| s.start), a.rule_id()).cmp(&(b.span.map(|s| s.start), b.rule_id()))
        });
        let (findings, paths): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
        CheckedReport {
            name,
            lines,
            text,
            documents: Vec::new(),
            findings,
            outcomes: Vec::new(),
            facts: Vec::new(),
            data_paths: paths,
            ordinals: Vec::new(),
            set: true,
        }
    }
}

/// The texts findings of a set point into, each read once.
struct Texts<'r, 'f> {
    rules: &'r RuleSet,
    source_of: &'f mut dyn FnMut(usize) -> Option<Arc<SourceText>>,
    cache: HashMap<Key, Option<Arc<SourceText>>>,
}

impl Texts<'_, '_> {
    fn source(&mut self, key: Key) -> Option<Arc<SourceText>> {
        if let Some(s) = self.cache.get(&key) {
            return s.clone();
        }
        let s = match key {
            Key::Report(i) => (self.source_of)(i),
            Key::Data(k) => self.rules.data.get(k).map(|d| Arc::clone(&d.source)),
            Key::Rule(r) => self.rules.rules.get(r).map(|i| Arc::clone(&i.meta.file)),
        };
        self.cache.insert(key, s.clone());
        s
    }
}

/// Which file `f` points into: a report of the set, a data file, or (with
/// no span in either) the rule file, at the clause of its rule.
pub(super) fn key_of(map: &SourceMap, f: &Finding) -> Key {
    match f.span.and_then(|s| map.locate(s)) {
        Some((Origin::SetReport(i), _)) => Key::Report(i),
        Some((Origin::Data(k), _)) => Key::Data(k),
        _ => Key::Rule(f.rule.as_ref().map_or(0, |r| r.meta.index)),
    }
}

/// `f`, which points into the file of `key`, with its span and secondary
/// labels made local to it, and labels in other files made related places.
fn locate(map: &SourceMap, texts: &mut Texts, key: Key, mut f: Finding) -> Finding {
    f.span = match (key, f.span.and_then(|s| map.locate(s))) {
        (Key::Rule(_), _) | (_, None) => f.rule.as_ref().map(|r| r.clause),
        // A place past the text shown (one not read again) is no place.
        (_, Some((_, local))) => texts
            .source(key)
            .filter(|t| local.end <= t.text.len())
            .map(|_| local),
    };
    let mut secondary = Vec::new();
    for (span, label) in std::mem::take(&mut f.secondary) {
        let here = map.locate(span);
        let other = match here {
            Some((Origin::SetReport(i), local)) => Some((Key::Report(i), local)),
            Some((Origin::Data(k), local)) => Some((Key::Data(k), local)),
            _ => None,
        };
        match other {
            // In a file not read again, as the finding's own place is.
            Some((k, _)) if k == key && f.span.is_none() => {}
            Some((k, local)) if k == key => secondary.push((local, label)),
            Some((k, local)) => {
                if let Some(file) = texts.source(k).filter(|t| local.end <= t.text.len()) {
                    f.related.push(Related {
                        file,
                        span: local,
                        message: label,
                    });
                }
            }
            None => {}
        }
    }
    f.secondary = secondary;
    f
}
