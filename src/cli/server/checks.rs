//! Checking open documents: a report's own findings through the
//! library's `check_report` (and what the rules across reports read of
//! it), a rule test file's mistakes; then the rules across reports
//! (`set.rs`); then the diagnostics of every document that changed; and
//! what a file changed on disk asks for.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::Url;

use super::super::inputs::too_large;
use super::super::run::not_shown;
use super::super::test::spec;
use super::position::Positions;
use super::state::{Kind, MAX_FINDINGS, MAX_SIZE, State};
use super::{report, set, workspace};

impl State<'_> {
    /// Checks open documents, then the rules across reports, and publishes
    /// what changed. A document with no findings of the rules across
    /// reports shown gets its own at once, before the set is evaluated (on
    /// a first check, that reads every report of the set): it is published
    /// again only if the set gives it findings. One that has some waits for
    /// the set, so no finding is shown at a place the edit moved.
    pub(super) fn check_all(&mut self, uris: &[Url]) {
        for uri in uris {
            self.check_own(uri);
        }
        let (early, late): (Vec<Url>, Vec<Url>) = uris.iter().cloned().partition(|u| {
            self.docs
                .get(u)
                .is_none_or(|d| d.set_findings.is_empty() && d.set_elsewhere.is_none())
        });
        for uri in &early {
            self.publish_doc(uri);
        }
        let mut publish = late;
        for uri in set::refresh(self) {
            if !publish.contains(&uri) {
                publish.push(uri);
            }
        }
        for uri in &publish {
            self.publish_doc(uri);
        }
    }

    /// Files changed on disk, as the editor's file watch tells (`paths`):
    /// a rule file, schema, configuration or data file of the rules
    /// reloads them; a report re-checks the open documents, so the
    /// findings of the rules across reports follow it. A file open in the
    /// editor is left out: the editor's text is the one checked, and its
    /// save was seen already.
    pub(super) fn files_changed(&mut self, paths: Vec<PathBuf>) {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let data: HashSet<PathBuf> = self
            .rules
            .data
            .iter()
            .filter(|d| !d.source.name.starts_with(pilotlint::builtin::PREFIX))
            .map(|d| canonical(&self.root.join(&d.source.name)))
            .collect();
        let open: HashSet<PathBuf> = self
            .docs
            .values()
            .filter_map(|d| Some(canonical(d.path.as_deref()?)))
            .collect();
        let mut reports = false;
        for path in paths.iter().map(|p| canonical(p)) {
            let yaml = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
            if !yaml || data.contains(&path) {
                self.reload();
                return;
            }
            reports |= !open.contains(&path);
        }
        if reports {
            let uris: Vec<Url> = self.docs.keys().cloned().collect();
            self.check_all(&uris);
        }
    }

    /// A document's own diagnostics: a report's findings (and what the
    /// rules across reports need of it), a rule test's mistakes.
    pub(super) fn check_own(&mut self, uri: &Url) {
        let root = self.root.clone();
        let rules = Arc::clone(&self.rules);
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        match doc.kind {
            Kind::Report => {
                let name = match &doc.path {
                    Some(p) => set::name_of(&root, p),
                    None => uri.to_string(),
                };
                let mut checked = if doc.text.len() as u64 > MAX_SIZE {
                    too_large(&name, MAX_SIZE)
                } else {
                    pilotlint::check_report(&rules, &name, doc.text.as_bytes())
                };
                doc.set_report = checked.for_set(&rules);
                checked.drop_documents();
                checked.truncate_findings(MAX_FINDINGS, not_shown);
                doc.own = Some(checked);
            }
            Kind::Tests => {
                let lines = pilotlint::span::LineIndex::new(&doc.text);
                let at = Positions::new(&doc.text, &lines);
                doc.diagnostics = match spec::parse(&doc.text) {
                    Ok(_) => Vec::new(),
                    Err(problems) => problems
                        .iter()
                        .map(|p| {
                            workspace::diagnostic(
                                at.range(p.span),
                                "rule-test",
                                &format!("{}: {}", p.message, p.label),
                                p.help.as_deref(),
                            )
                        })
                        .collect(),
                };
            }
            Kind::Rules | Kind::Config => {
                doc.diagnostics = doc.problems.diagnostics.clone();
            }
            Kind::Other => {
                doc.own = None;
                doc.checked = None;
                doc.diagnostics = Vec::new();
            }
        }
    }

    /// Publishes a document's diagnostics; a report's are its own findings
    /// followed by those of the rules across reports, as `check` writes
    /// them.
    pub(super) fn publish_doc(&mut self, uri: &Url) {
        let root = self.root.clone();
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        if doc.kind == Kind::Report
            && let Some(own) = &doc.own
        {
            let mut checked = own.clone();
            checked.findings.extend(doc.set_findings.iter().cloned());
            doc.diagnostics = report::diagnostics(&checked, uri, &root);
            doc.checked = Some(checked);
        }
        let (mut diagnostics, version) = (doc.diagnostics.clone(), doc.version);
        if doc.kind != Kind::Report
            && let Some(found) = &doc.set_elsewhere
        {
            diagnostics.extend(report::diagnostics(found, uri, &root));
        }
        self.publish(uri.clone(), diagnostics, Some(version));
    }
}
