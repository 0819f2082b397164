//! The pipeline of the rules across reports: after each report's own rules
//! ran, a run keeps of it only what those rules can read ([`SetReport`]);
//! once every report is checked, [`check_set`] evaluates the set rules
//! once over all of them and turns their findings into reports to write,
//! one per file they point into: a report of the set (the value that
//! breaks the rule, with related places in other reports), a data file
//! (the registry entry of an area with no report), or the rule file (a
//! finding about the set as a whole, at the rule's clause).

use std::collections::{BTreeSet, HashMap};

use super::CheckedReport;
use crate::eval::{self, Outcome};
use crate::finding::Finding;
use crate::report::{self, Node, NodeKind};
use crate::rules::RuleSet;
use crate::source::{Origin, SET_BASE, SourceMap};
use crate::span::Span;

use compact_str::CompactString;

mod findings;

use findings::{Key, Unplaced, key_of};
pub use findings::{SetFindings, SetGroup};

/// What a run keeps of one checked report for the rules across reports:
/// its name, the length and fingerprint of its text (to tell whether the
/// text read again to show a finding is the one checked), the lengths of
/// its lines (so that text is not searched for line breaks again), and its
/// documents with only the fields those rules can read, packed in one
/// buffer ([`report::pack`]).
#[derive(Clone, Debug)]
pub struct SetReport {
    pub name: String,
    pub len: usize,
    hash: u64,
    lines: Option<Box<[u8]>>,
    packed: Box<[u8]>,
}

/// The documents a run kept of one report, packed, with the place their
/// spans move to in a set: what [`Unpack`] makes trees of.
pub struct Packed {
    bytes: Box<[u8]>,
    base: usize,
}

impl Packed {
    /// The documents as trees again, with their spans moved to the
    /// report's place in the set. `names` are the field names of the rules
    /// the report was kept for ([`set_field_names`]), made once for a
    /// whole set. The buffer is freed once read: the trees of the next
    /// reports are made in its memory, not in memory the process has never
    /// touched (a run of 2,000 reports keeps about 12 MB packed).
    pub fn unpack(self, names: &[CompactString]) -> Vec<Node> {
        // Written by `for_set` in this process: it reads back.
        report::unpack(&self.bytes, self.base, names).unwrap_or_default()
    }
}

/// The field names the rules across reports of `rules` read, numbered as
/// [`SetReport`] packs them.
pub fn set_field_names(rules: &RuleSet) -> Vec<CompactString> {
    rules.set_fields.iter().map(CompactString::from).collect()
}

/// The fingerprint of a report's text: XXH3, not a cryptographic hash. It
/// tells a file saved again between being checked and being shown (an
/// editor, a checkout), not a collision crafted against it; a submitter
/// who controls the files during the run controls its output anyway.
pub(super) fn fingerprint(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Makes the trees of reports again (their packed documents in, with the
/// set's field names; each report's documents out, in order): one at a
/// time in [`SetInput::new`]; a front end with threads may do it on
/// several.
pub type Unpack<'u> = dyn FnOnce(Vec<Packed>, &[CompactString]) -> Vec<Vec<Node>> + 'u;

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
            report::pack(d, &|key| fields.number(key), &mut packed);
        }
        Some(SetReport {
            name: self.name.clone(),
            len: self.text.len(),
            hash: fingerprint(&self.text),
            lines: self.lines.lengths(),
            packed: packed.into_boxed_slice(),
        })
    }
}

/// The field names set rules read, for the test of every key of every
/// report: a handful of short names, numbered in their order in
/// [`RuleSet::set_fields`]. Most keys of a report are not among
/// them, and most of those differ from every name in their first byte or
/// their length: a table of one bit per (first byte, length) turns them
/// away before any bytes are compared.
struct Fields<'r> {
    names: Vec<&'r str>,
    /// Bit `n` of entry `b` is set when a name of `n` bytes (`n` < 64)
    /// starts with byte `b`; longer names always go on to the comparison.
    starts: Box<[u64; 256]>,
}

impl<'r> Fields<'r> {
    fn new(fields: &'r BTreeSet<String>) -> Self {
        let names: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mut starts = Box::new([0u64; 256]);
        for name in &names {
            if let Some(&b) = name.as_bytes().first() {
                starts[usize::from(b)] |= 1u64.checked_shl(name.len() as u32).unwrap_or(0);
            }
        }
        Fields { names, starts }
    }

    /// The number of the name `key` is, if it is one.
    #[inline]
    fn number(&self, key: &Node) -> Option<usize> {
        let NodeKind::Str(k) = &key.kind else {
            return None;
        };
        let k = k.as_str();
        if let Some(&b) = k.as_bytes().first()
            && k.len() < 64
            && self.starts[usize::from(b)] & (1 << k.len()) == 0
        {
            return None;
        }
        self.names.iter().position(|n| *n == k)
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
/// order of [`SetInput::tasks`]; the findings are the same as in order.
pub struct SetInput<'r> {
    rules: &'r RuleSet,
    map: SourceMap,
    roots: Vec<Node>,
    owner: Vec<usize>,
    names: Vec<String>,
    prints: Vec<(usize, u64)>,
    lines: Vec<Option<Box<[u8]>>>,
    /// The steps each rule may take ([`eval::set_budget`]).
    budget: u64,
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

/// A set gathered one report at a time, in the set's order: each report's
/// trees are made as it is added, on the thread that adds it, so a front
/// end that checks reports on other threads makes them while those
/// threads work, not after. [`SetBuilder::finish`] gives the set to
/// evaluate.
pub struct SetBuilder<'r> {
    /// The set so far; its budget is set by [`SetBuilder::finish`].
    set: SetInput<'r>,
    fields: Vec<CompactString>,
    /// Where the next report's range of the address space starts.
    base: usize,
    /// How many reports have a range of the address space.
    placed: usize,
}

impl<'r> SetBuilder<'r> {
    /// An empty set, beside the data files of `rules`.
    pub fn new(rules: &'r RuleSet) -> SetBuilder<'r> {
        let mut map = SourceMap::default();
        for (k, d) in rules.data.iter().enumerate() {
            map.add(d.base, d.source.text.len(), Origin::Data(k));
        }
        SetBuilder {
            set: SetInput {
                rules,
                map,
                roots: Vec::new(),
                owner: Vec::new(),
                names: Vec::new(),
                prints: Vec::new(),
                lines: Vec::new(),
                budget: 0,
            },
            fields: set_field_names(rules),
            base: SET_BASE,
            placed: 0,
        }
    }

    /// Adds `report`, its trees made now.
    pub fn add(&mut self, mut report: SetReport) {
        let packed = self.place(&mut report);
        let docs = packed.unpack(&self.fields);
        self.keep(report, docs);
    }

    /// Adds the reports of `set`, their trees made by `unpack` (on several
    /// threads, for a front end that has them).
    pub fn add_all(&mut self, mut set: Vec<SetReport>, unpack: Box<Unpack<'_>>) {
        let jobs = set.iter_mut().map(|r| self.place(r)).collect();
        let mut trees = unpack(jobs, &self.fields).into_iter();
        for report in set {
            self.keep(report, trees.next().unwrap_or_default());
        }
    }

    /// Gives `report` the next range of the set's address space, taking
    /// its packed documents.
    fn place(&mut self, report: &mut SetReport) -> Packed {
        self.set
            .map
            .add(self.base, report.len, Origin::SetReport(self.placed));
        self.placed += 1;
        let packed = Packed {
            bytes: std::mem::take(&mut report.packed),
            base: self.base,
        };
        self.base += report.len + 1;
        packed
    }

    fn keep(&mut self, report: SetReport, docs: Vec<Node>) {
        let set = &mut self.set;
        set.owner
            .extend(std::iter::repeat_n(set.names.len(), docs.len()));
        set.roots.extend(docs);
        set.prints.push((report.len, report.hash));
        set.names.push(report.name);
        set.lines.push(report.lines);
    }

    /// The set, ready to be evaluated.
    pub fn finish(self) -> SetInput<'r> {
        let mut set = self.set;
        set.budget = eval::set_budget(&set.roots);
        set
    }
}

impl<'r> SetInput<'r> {
    /// Lays the reports of `set` out in one address space (each report's
    /// spans in a range of its own), beside the data files of `rules`.
    pub fn new(rules: &'r RuleSet, set: Vec<SetReport>) -> SetInput<'r> {
        let mut builder = SetBuilder::new(rules);
        for report in set {
            builder.add(report);
        }
        builder.finish()
    }

    /// [`SetInput::new`], with the trees made again by `unpack`.
    pub fn with_unpack(
        rules: &'r RuleSet,
        set: Vec<SetReport>,
        unpack: Box<Unpack<'_>>,
    ) -> SetInput<'r> {
        let mut builder = SetBuilder::new(rules);
        builder.add_all(set, unpack);
        builder.finish()
    }

    /// The documents of the set's reports as trees, each at its place in
    /// the set, in order (for a caller that evaluates the rules itself:
    /// `bench/set_rules.rs`).
    pub fn roots(&self) -> &[Node] {
        &self.roots
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
            self.budget,
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
            prints: self.prints,
            lines: self.lines,
            groups: groups.into_iter(),
            recent: Vec::new(),
            trees: self.roots,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::Fields;
    use crate::report::{Node, NodeKind};
    use crate::span::Span;
    use std::collections::BTreeSet;

    fn key(s: &str) -> Node {
        Node {
            kind: NodeKind::Str(s.into()),
            span: Span::new(0, 0),
        }
    }

    /// The table of first bytes and lengths only turns keys away: every
    /// name is kept, and a key sharing a name's first byte and length, or
    /// too long for the table, is still compared in full.
    #[test]
    fn the_fields_keep_exactly_their_names() {
        let long = "x".repeat(70);
        let names: BTreeSet<String> = ["id", "status", "", "é", long.as_str()]
            .into_iter()
            .map(String::from)
            .collect();
        let fields = Fields::new(&names);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(fields.number(&key(name)), Some(i), "{name:?}");
        }
        let other_long = format!("{}y", "x".repeat(69));
        for other in [
            "ix",
            "if",
            "stator",
            "i",
            "d",
            "id\0",
            "\u{e8}",
            other_long.as_str(),
        ] {
            assert_eq!(fields.number(&key(other)), None, "{other:?}");
        }
        let number = Node {
            kind: NodeKind::Int(1),
            span: Span::new(0, 0),
        };
        assert_eq!(fields.number(&number), None);
    }
}
