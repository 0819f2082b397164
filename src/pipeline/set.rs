//! The pipeline of the rules across reports: after each report's own rules
//! ran, a run keeps of it only what those rules can read ([`SetReport`]);
//! once every report is checked, [`check_set`] evaluates the set rules
//! once over all of them and turns their findings into reports to write,
//! one per file they point into: a report of the set (the value that
//! breaks the rule, with related places in other reports), a data file
//! (the registry entry of an area with no report), or the rule file (a
//! finding about the set as a whole, at the rule's clause).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::CheckedReport;
use crate::eval::{self, Outcome};
use crate::finding::{Finding, Related};
use crate::report::{self, Node, NodeKind};
use crate::rules::RuleSet;
use crate::source::{Origin, SET_BASE, SourceMap, SourceText};
use crate::span::{LineIndex, Span};

/// What a run keeps of one checked report for the rules across reports:
/// its name, the length of its text, and its documents with only the
/// fields those rules can read, packed in one buffer ([`report::pack`]).
#[derive(Clone, Debug)]
pub struct SetReport {
    pub name: String,
    pub len: usize,
    packed: Box<[u8]>,
}

impl SetReport {
    /// The documents kept of the report, as trees again, with their spans
    /// moved `base` bytes on (to the report's place in a set).
    pub fn unpack(&self, base: usize) -> Vec<Node> {
        // Written by `for_set` in this process: it reads back.
        report::unpack(&self.packed, base).unwrap_or_default()
    }
}

/// Makes the trees of reports again, each at its place in the set
/// (`(report, base)` in, its documents out, in order): one at a time in
/// [`SetInput::new`]; a front end with threads may do it on several.
pub type Unpack<'u> = dyn FnOnce(&[(&SetReport, usize)]) -> Vec<Vec<Node>> + 'u;

impl CheckedReport {
    /// What the rules across reports of `rules` need of this report: `None`
    /// when there are none, or the report did not load. Call it before
    /// [`CheckedReport::drop_documents`].
    pub fn for_set(&self, rules: &RuleSet) -> Option<SetReport> {
        if !rules.rules.iter().any(|r| r.is_set()) || self.documents.is_empty() {
            return None;
        }
        let fields = Fields::new(&rules.set_fields);
        let mut packed = Vec::new();
        for d in self
            .documents
            .iter()
            .filter(|d| !matches!(d.kind, NodeKind::Null))
        {
            report::pack(d, &|key| fields.keeps(key), &mut packed);
        }
        Some(SetReport {
            name: self.name.clone(),
            len: self.text.len(),
            packed: packed.into_boxed_slice(),
        })
    }
}

/// The field names set rules read, for the test of every key of every
/// report: a handful of short names, compared by length first (most keys
/// differ from all of them in length), which beats a tree's ordered
/// comparisons here.
struct Fields<'r>(Vec<&'r str>);

impl<'r> Fields<'r> {
    fn new(fields: &'r BTreeSet<String>) -> Self {
        Fields(fields.iter().map(String::as_str).collect())
    }

    fn keeps(&self, key: &Node) -> bool {
        match &key.kind {
            NodeKind::Str(k) => self
                .0
                .iter()
                .any(|f| f.len() == k.len() && *f == k.as_str()),
            _ => false,
        }
    }
}

/// What the rules across reports made of a set.
#[derive(Debug, Default)]
pub struct SetResult {
    /// Their findings, as one report per file they point into: the reports
    /// of the set in order, then data files, then rule files. Each is
    /// marked [`CheckedReport::set`].
    pub reports: Vec<CheckedReport>,
    /// What each rule made of the set, by the rules' index (rules of one
    /// report at a time: skipped).
    pub outcomes: Vec<Outcome>,
}

/// The findings of the rules across reports, by the file they point into,
/// made into reports to write one at a time ([`SetFindings::next_report`]),
/// so a run holds the text of one file (and of those its findings refer
/// to) at a time, not of every file with a finding.
pub struct SetFindings {
    /// What each rule made of the set, by the rules' index (rules of one
    /// report at a time: skipped).
    pub outcomes: Vec<Outcome>,
    map: SourceMap,
    names: Vec<String>,
    /// In the order they are written; each finding with its spans still in
    /// the set's address space, and its data path.
    groups: std::vec::IntoIter<SetGroup>,
    /// The texts read last: a finding refers to another report (the one
    /// before it), which is often the file written next or just before.
    recent: Vec<(Key, Option<Arc<SourceText>>)>,
    /// The set's trees, no longer read.
    trees: Vec<Node>,
}

/// A finding of the set with its spans in the set's address space, and the
/// data path of the value it points at.
type Unplaced = (Finding, Option<String>);

/// How many texts [`SetFindings`] keeps between files.
const RECENT: usize = 4;

/// Evaluates the rules across reports of `rules` once over `set` and makes
/// every report of their findings at once: [`evaluate_set`] followed by
/// [`SetFindings::next_report`] until there is none. `text_of(i)` gives the
/// text of report `i` of the set, for showing where a finding is (a front
/// end reads the file again: the run keeps no text); a report whose text
/// it cannot give is shown by name only.
pub fn check_set(
    rules: &RuleSet,
    set: Vec<SetReport>,
    text_of: &mut dyn FnMut(usize) -> Option<String>,
) -> SetResult {
    let mut found = evaluate_set(rules, set);
    let mut reports = Vec::new();
    while let Some(report) = found.next_report(rules, text_of) {
        reports.push(report);
    }
    SetResult {
        reports,
        outcomes: found.outcomes,
    }
}

/// Evaluates the rules across reports of `rules` once over `set`, in order,
/// and groups their findings by the file they point into. The trees of the
/// set are dropped here: what is left is the findings. A front end with
/// threads evaluates the rules of a [`SetInput`] on several instead.
pub fn evaluate_set(rules: &RuleSet, set: Vec<SetReport>) -> SetFindings {
    let input = SetInput::new(rules, set);
    let results = input
        .tasks()
        .into_iter()
        .map(|task| input.evaluate(task))
        .collect();
    input.into_findings(results)
}

/// The set ready to be evaluated, one rule across reports at a time: each
/// rule reads the set and nothing another rule does, so a front end may
/// evaluate them on threads of its own, then hand the results back in the
/// order of [`SetInput::rules`]; the findings are the same as in order.
pub struct SetInput<'r> {
    rules: &'r RuleSet,
    map: SourceMap,
    roots: Vec<Node>,
    owner: Vec<usize>,
    names: Vec<String>,
}

/// A part of a rule across reports to evaluate: rule `index`, part `k` of
/// `n` (a large set's rule is evaluated in parts: [`eval::parts`]).
#[derive(Clone, Copy, Debug)]
pub struct SetTask {
    index: usize,
    k: usize,
    n: usize,
}

/// What one part of a rule across reports made of the set: its findings
/// (spans in the set's address space) and its outcome.
pub struct RuleResult {
    task: SetTask,
    findings: Vec<Finding>,
    part: eval::PartResult,
}

impl<'r> SetInput<'r> {
    /// Lays the reports of `set` out in one address space (each report's
    /// spans in a range of its own), beside the data files of `rules`.
    pub fn new(rules: &'r RuleSet, set: Vec<SetReport>) -> SetInput<'r> {
        Self::with_unpack(
            rules,
            set,
            Box::new(|jobs: &[(&SetReport, usize)]| {
                jobs.iter().map(|(r, base)| r.unpack(*base)).collect()
            }),
        )
    }

    /// [`SetInput::new`], with the trees made again by `unpack`.
    pub fn with_unpack(
        rules: &'r RuleSet,
        set: Vec<SetReport>,
        unpack: Box<Unpack<'_>>,
    ) -> SetInput<'r> {
        let mut map = SourceMap::default();
        for (k, d) in rules.data.iter().enumerate() {
            map.add(d.base, d.source.text.len(), Origin::Data(k));
        }
        let mut jobs = Vec::with_capacity(set.len());
        let mut base = SET_BASE;
        for (i, report) in set.iter().enumerate() {
            map.add(base, report.len, Origin::SetReport(i));
            jobs.push((report, base));
            base += report.len + 1;
        }
        let trees = unpack(&jobs);
        let mut roots = Vec::new();
        let mut owner = Vec::new();
        for (i, docs) in trees.into_iter().enumerate() {
            owner.extend(std::iter::repeat_n(i, docs.len()));
            roots.extend(docs);
        }
        let names = set.into_iter().map(|r| r.name).collect();
        SetInput {
            rules,
            map,
            roots,
            owner,
            names,
        }
    }

    /// The parts of the rules across reports to evaluate, in order.
    pub fn tasks(&self) -> Vec<SetTask> {
        let mut tasks = Vec::new();
        for index in (0..self.rules.rules.len()).filter(|&i| self.rules.rules[i].is_set()) {
            let n = eval::parts(self.rules, index, self.names.len());
            tasks.extend((0..n).map(|k| SetTask { index, k, n }));
        }
        tasks
    }

    /// Evaluates a part of a rule over the set.
    pub fn evaluate(&self, task: SetTask) -> RuleResult {
        let mut findings = Vec::new();
        let part = eval::evaluate_set_rule_part(
            self.rules,
            &self.roots,
            task.index,
            (task.k, task.n),
            &mut findings,
        );
        RuleResult {
            task,
            findings,
            part,
        }
    }

    /// The findings of `results` (one per task of [`SetInput::tasks`], in
    /// any order), grouped by the file they point into. The set's trees go
    /// with them, to be dropped with them or taken
    /// ([`SetFindings::take_trees`]).
    pub fn into_findings(self, mut results: Vec<RuleResult>) -> SetFindings {
        results.sort_by_key(|r| (r.task.index, r.task.k));
        let mut outcomes = vec![Outcome::Skipped; self.rules.rules.len()];
        let mut groups: HashMap<Key, Vec<Unplaced>> = HashMap::new();
        let mut results = results.into_iter().peekable();
        while let Some(first) = results.next() {
            let index = first.task.index;
            let mut parts = vec![(first.findings, first.part)];
            while let Some(next) = results.next_if(|r| r.task.index == index) {
                parts.push((next.findings, next.part));
            }
            let (findings, outcome) = eval::merge_parts(parts);
            if let Some(o) = outcomes.get_mut(index) {
                *o = outcome;
            }
            for f in findings {
                let key = key_of(&self.map, &f);
                let path = match (key, f.span) {
                    (Key::Report(i), Some(g)) => path_in(&self.roots, &self.owner, i, g),
                    (Key::Data(k), Some(g)) => {
                        let d = &self.rules.data[k];
                        Some(d.root.path_to(g)).filter(|p| !p.is_empty())
                    }
                    _ => None,
                };
                groups.entry(key).or_default().push((f, path));
            }
        }
        let mut groups: Vec<_> = groups
            .into_iter()
            .map(|(key, found)| SetGroup { key, found })
            .collect();
        groups.sort_by_key(|g| g.key);
        SetFindings {
            outcomes,
            map: self.map,
            names: self.names,
            groups: groups.into_iter(),
            recent: Vec::new(),
            trees: self.roots,
        }
    }
}

/// The findings of the rules across reports in one file, to be made into
/// a report to write ([`SetFindings::report`]).
pub struct SetGroup {
    key: Key,
    found: Vec<Unplaced>,
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
        let mut texts = Texts {
            rules,
            names: &self.names,
            text_of,
            cache: self.recent.drain(..).collect(),
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

    /// The findings of `group` as a report to write, its text and those its
    /// findings refer to read with `text_of`.
    pub fn report(
        &self,
        group: SetGroup,
        rules: &RuleSet,
        text_of: &(dyn Fn(usize) -> Option<String> + Sync),
    ) -> CheckedReport {
        let mut text_of = |i| text_of(i);
        let mut texts = Texts {
            rules,
            names: &self.names,
            text_of: &mut text_of,
            cache: HashMap::new(),
        };
        build(&self.map, group, &mut texts)
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
enum Key {
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
        let mut order: Vec<usize> = (0..self.findings.len()).collect();
        order.sort_by(|&a, &b| {
            let (fa, fb) = (&self.findings[a], &self.findings[b]);
            (fa.span.map(|s| s.start), fa.rule_id()).cmp(&(fb.span.map(|s| s.start), fb.rule_id()))
        });
        let mut findings = Vec::with_capacity(order.len());
        let mut paths = Vec::with_capacity(order.len());
        for i in order {
            findings.push(self.findings[i].clone());
            paths.push(self.paths[i].clone());
        }
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
    names: &'r [String],
    text_of: &'f mut dyn FnMut(usize) -> Option<String>,
    cache: HashMap<Key, Option<Arc<SourceText>>>,
}

impl Texts<'_, '_> {
    fn source(&mut self, key: Key) -> Option<Arc<SourceText>> {
        if let Some(s) = self.cache.get(&key) {
            return s.clone();
        }
        let s = match key {
            Key::Report(i) => {
                let name = self.names.get(i)?.clone();
                let text = (self.text_of)(i).unwrap_or_default();
                Some(Arc::new(SourceText::new(name, text)))
            }
            Key::Data(k) => self.rules.data.get(k).map(|d| Arc::clone(&d.source)),
            Key::Rule(r) => self.rules.rules.get(r).map(|i| Arc::clone(&i.meta.file)),
        };
        self.cache.insert(key, s.clone());
        s
    }
}

/// Which file `f` points into: a report of the set, a data file, or (with
/// no span in either) the rule file, at the clause of its rule.
fn key_of(map: &SourceMap, f: &Finding) -> Key {
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
        (_, Some((_, local))) => Some(local),
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
            Some((k, local)) if k == key => secondary.push((local, label)),
            Some((k, local)) => {
                if let Some(file) = texts.source(k) {
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

/// The data path of the value at global span `span` in report `i`; the
/// roots are in the order of their reports (`owner` ascending).
fn path_in(roots: &[Node], owner: &[usize], i: usize, span: Span) -> Option<String> {
    let first = owner.partition_point(|&o| o < i);
    let end = owner.partition_point(|&o| o <= i);
    roots
        .get(first..end)?
        .iter()
        .find(|d| d.span.start <= span.start && span.end <= d.span.end)
        .map(|d| d.path_to(span))
        .filter(|p| !p.is_empty())
}
