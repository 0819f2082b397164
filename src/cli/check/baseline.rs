//! A baseline: the findings a repository or a gate already knows of, so
//! that adopting pilotlint on existing reports fails only on new findings.
//!
//! `--write-baseline FILE` records every finding of the run in FILE
//! ([`Recorder`], an output format written atomically like `--output`);
//! `--baseline FILE` (or `baseline` in pilotlint.toml) hides the findings
//! it records ([`Known`]): they are not shown, not counted and do not make
//! the exit status 1. An entry that matches no finding of a file the run
//! checked, of a rule the run ran, is an `unused-baseline` info note, in
//! every format, so the baseline shrinks as findings are fixed; the notes
//! do not change the exit status (they are about the baseline, not the
//! reports).
//!
//! Findings are matched by their fingerprints (`output::fingerprint`, the
//! ones GitLab's Code Quality report carries): the file, the rule and the
//! data path, not the line, so editing a report elsewhere keeps its known
//! findings hidden. The file is JSON, one finding a line:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"fingerprint": "…", "file": "reports/a.yaml", "rule": "STP002", "data_path": "…", "message": "…"}
//!   ]
//! }
//! ```
//!
//! Only `fingerprint` decides; the rest is for the people who read the
//! file (and the note about an unused entry).
//!
//! File names, in `file` and in the fingerprints, are relative to one
//! directory ([`Base`]): the configuration's (pilotlint.toml's, the
//! repository's), else, and for a gate, the working directory. So a run
//! from a subdirectory of the repository (`../reports/a.yaml` on its
//! screen) matches the baseline written at the top (`reports/a.yaml`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use pilotlint::CheckedReport;
use pilotlint::diagnostic::Diag;
use pilotlint::finding::{Finding, codes};
use pilotlint::output::fingerprint::{Fingerprints, repository_path};
use pilotlint::output::{Output, Summary};
use pilotlint::rules::RuleSet;
use pilotlint::syntax::ast::Severity;

use crate::cli::config::normalize;
use crate::cli::inputs::read_file_capped;
use crate::cli::run::Screen;
use crate::cli::sink::io_error;

/// The codes of findings no rule writes, which every run can give.
const NO_RULE: [&str; 10] = [
    codes::YAML_SYNTAX,
    codes::YAML_LIMIT,
    codes::YAML_AMBIGUOUS,
    codes::FILE_TOO_LARGE,
    codes::NOT_A_FILE,
    codes::OUTSIDE_TREE,
    codes::LINKED_DIRECTORY,
    codes::EMPTY_REPORT,
    codes::UNUSED_SUPPRESSION,
    codes::INVALID_SUPPRESSION,
];

/// The version of the file's format; a file of another is refused.
pub(crate) const VERSION: u32 = 1;

/// The largest baseline read: far above any real one (a million findings
/// is about 200 MB), and a bound on what a file can make the run hold.
const MAX_SIZE: u64 = 256 << 20;

#[derive(Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    file: String,
    rule: String,
    #[serde(default)]
    data_path: Option<String>,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// The directory a baseline's file names are relative to, and the working
/// directory the run's names are relative to.
pub(crate) struct Base {
    cwd: PathBuf,
    dir: PathBuf,
}

impl Base {
    /// Names relative to `dir`; where the working directory cannot be
    /// known, relative to it, as the run names them.
    pub(crate) fn new(dir: &Path) -> Base {
        let cwd = std::env::current_dir().map(|d| normalize(&d));
        let dir = cwd
            .as_ref()
            .map(|cwd| normalize(&cwd.join(dir)))
            .unwrap_or_default();
        Base {
            cwd: cwd.unwrap_or_default(),
            dir,
        }
    }

    /// The name of the file a run shows as `name`, relative to the base
    /// directory, with forward slashes.
    fn place(&self, name: &str) -> String {
        let path = repository_path(name);
        if self.cwd == self.dir {
            return path;
        }
        let target = normalize(&self.cwd.join(&path));
        let common = target
            .components()
            .zip(self.dir.components())
            .take_while(|(a, b)| a == b)
            .count();
        let mut rel = PathBuf::new();
        for _ in self.dir.components().skip(common) {
            rel.push("..");
        }
        rel.extend(target.components().skip(common));
        repository_path(&rel.to_string_lossy())
    }
}

/// `--write-baseline`: the baseline file as an output format, one entry
/// per finding as the reports come.
pub(crate) struct Recorder {
    base: Base,
    fingerprints: Fingerprints,
    count: usize,
    /// How many findings were recorded, for the note at the end.
    pub(crate) recorded: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Recorder {
    pub(crate) fn new(base: Base) -> Self {
        Recorder {
            base,
            fingerprints: Fingerprints::new(),
            count: 0,
            recorded: Default::default(),
        }
    }
}

impl Output for Recorder {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        write!(w, "{{\n  \"version\": {VERSION},\n  \"findings\": [")
    }

    fn report(&mut self, w: &mut dyn Write, report: &CheckedReport) -> io::Result<()> {
        let base = &self.base;
        let fingerprints = self.fingerprints.of_placed(report, &|n| base.place(n));
        for (index, (f, fingerprint)) in report.findings.iter().zip(fingerprints).enumerate() {
            let file = f.file.as_ref().map_or(report.name.as_str(), |f| &f.name);
            let entry = Entry {
                fingerprint,
                file: base.place(file),
                rule: f.rule_id().to_string(),
                data_path: report.data_path(index).map(str::to_string),
                message: f.message.clone(),
            };
            w.write_all(if self.count == 0 {
                b"\n    "
            } else {
                b",\n    "
            })?;
            serde_json::to_writer(&mut *w, &entry)?;
            self.count += 1;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.recorded.set(self.count);
        w.write_all(if self.count == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        })
    }
}

/// `--baseline`: the known findings, which the run hides (see [`Screen`]).
pub(crate) struct Known {
    /// The file as named, for messages.
    name: String,
    base: Base,
    entries: Vec<Entry>,
    /// How many of the entries with each fingerprint are not matched yet.
    left: HashMap<String, usize>,
    fingerprints: Fingerprints,
    /// The files the run checked or found something in (repository path
    /// to the name shown): an entry of another file is not unused, the run
    /// just did not look there.
    covered: HashMap<String, String>,
    /// The rules this run ran, and the codes no rule writes: an entry of
    /// another rule (not selected, or not loaded) is not unused either.
    ran: HashSet<String>,
    hidden: usize,
}

impl Known {
    /// Reads the baseline at `path` for a run of `rules`; the diagnostic
    /// when it cannot be used.
    pub(crate) fn read(
        path: &Path,
        rules: &RuleSet,
        base: Base,
    ) -> Result<Known, Box<Diag<'static>>> {
        let name = path.display().to_string();
        let bytes = read_file_capped(path, MAX_SIZE)
            .map_err(|e| Box::new(io_error("baseline", &name, &e)))?;
        if bytes.len() as u64 > MAX_SIZE {
            return Err(Box::new(Diag::error(format!(
                "baseline `{name}` is larger than {} MiB",
                MAX_SIZE >> 20
            ))));
        }
        let invalid = |why: String| {
            Box::new(
                Diag::error(format!("baseline `{name}` cannot be read: {why}")).with_help(
                    "write it with `pilotlint check --write-baseline FILE`; README.md, \
                     \"A baseline\", describes the file",
                ),
            )
        };
        let file: File = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        if file.version != VERSION {
            return Err(invalid(format!(
                "it is version {}, this pilotlint reads version {VERSION}",
                file.version
            )));
        }
        let mut left: HashMap<String, usize> = HashMap::new();
        for e in &file.findings {
            *left.entry(e.fingerprint.clone()).or_insert(0) += 1;
        }
        let ran = rules
            .rules
            .iter()
            .map(|r| r.id())
            .chain(NO_RULE)
            .map(str::to_string)
            .collect();
        Ok(Known {
            name,
            base,
            entries: file.findings,
            left,
            fingerprints: Fingerprints::new(),
            covered: HashMap::new(),
            ran,
            hidden: 0,
        })
    }

    /// The note about an entry no finding matched.
    fn unused(&self, entry: &Entry) -> Finding {
        let at = entry
            .data_path
            .as_deref()
            .map_or(String::new(), |p| format!(" at `{p}`"));
        Finding {
            code: codes::UNUSED_BASELINE.to_string(),
            severity: Severity::Info,
            message: format!(
                "the baseline's finding of `{}`{at} is gone: \"{}\"",
                entry.rule, entry.message
            ),
            span: None,
            label: None,
            secondary: Vec::new(),
            help: Some(format!(
                "write the baseline again (`--write-baseline {}`) so that it no longer \
                 hides a new finding like it",
                self.name
            )),
            rule: None,
            file: None,
            related: Vec::new(),
        }
    }
}

impl Screen for Known {
    fn screen(&mut self, report: &CheckedReport) -> Option<CheckedReport> {
        let base = &self.base;
        let fingerprints = self.fingerprints.of_placed(report, &|n| base.place(n));
        let shown = base.place(&report.name);
        self.covered
            .entry(shown)
            .or_insert_with(|| report.name.clone());
        let mut keep = Vec::with_capacity(fingerprints.len());
        for (f, fp) in report.findings.iter().zip(&fingerprints) {
            if let Some(file) = &f.file {
                let place = self.base.place(&file.name);
                self.covered
                    .entry(place)
                    .or_insert_with(|| file.name.clone());
            }
            match self.left.get_mut(fp) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    keep.push(false);
                }
                _ => keep.push(true),
            }
        }
        if keep.iter().all(|k| *k) {
            return None;
        }
        self.hidden += keep.iter().filter(|k| !**k).count();
        let mut shown = report.clone();
        shown.retain_findings(|i| keep.get(i).copied().unwrap_or(true));
        Some(shown)
    }

    fn end(&mut self) -> Vec<CheckedReport> {
        if self.hidden > 0 {
            let _ = writeln!(
                io::stderr(),
                "note: {} finding{} of the baseline `{}` {} not shown",
                self.hidden,
                if self.hidden == 1 { "" } else { "s" },
                self.name,
                if self.hidden == 1 { "is" } else { "are" },
            );
        }
        // By file, in the order of the file's names; each entry once for
        // every time it is recorded and was not matched.
        let mut unused: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
        let mut left = self.left.clone();
        for entry in &self.entries {
            let Some(shown) = self.covered.get(&entry.file) else {
                continue;
            };
            if !self.ran.contains(&entry.rule) {
                continue;
            }
            if let Some(n) = left.get_mut(&entry.fingerprint)
                && *n > 0
            {
                *n -= 1;
                unused.entry(shown).or_default().push(self.unused(entry));
            }
        }
        unused
            .into_iter()
            .map(|(name, findings)| {
                let mut findings = findings.into_iter();
                let first = findings.next().expect("a file with no entry is not listed");
                let mut report = CheckedReport::rejected(name, first);
                report.findings.extend(findings);
                // Written after the files' own findings, like the findings of
                // rules across reports: the same files, counted once.
                report.set = true;
                report
            })
            .collect()
    }
}
