//! The server's state: the open documents, the workspace's configuration
//! and its last good rules, and what each message does to them. A report
//! is checked on open and, [`DEBOUNCE`] after its last change, from its
//! unsaved text; a change to a rule file or to `pilotlint.toml` reloads
//! the rules (kept only when they load) and checks every open report again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{ClientCapabilities, Diagnostic, PublishDiagnosticsParams, Url};
use pilotlint::CheckedReport;
use pilotlint::finding::Finding;
use pilotlint::pipeline::SetReport;
use pilotlint::rules::RuleSet;

use super::super::config::Config;
use super::workspace::{self, FileProblems};
use super::{DEBOUNCE, log, set};

/// The largest document checked, as `check --max-file-size` by default.
pub(super) const MAX_SIZE: u64 = 64 << 20;
/// The findings of one report shown, as `check --max-findings` by default.
pub(super) const MAX_FINDINGS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Report,
    Rules,
    Tests,
    Config,
    /// A file pilotlint has nothing to say about (a YAML file the
    /// configuration does not select).
    Other,
}

pub(super) struct Doc {
    pub text: String,
    pub version: i32,
    pub path: Option<PathBuf>,
    pub kind: Kind,
    /// A report's last check, with the findings of the rules across
    /// reports in it: for hover, definition and code actions.
    pub checked: Option<CheckedReport>,
    /// A report's own findings (its last check), and what the rules
    /// across reports read of it.
    pub own: Option<CheckedReport>,
    pub set_report: Option<SetReport>,
    /// The findings of the rules across reports that point into it.
    pub set_findings: Vec<Finding>,
    /// In a data or rule file: the findings of the rules across reports
    /// that point into it, as a report of them.
    pub set_elsewhere: Option<CheckedReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// A rule file's or configuration's fixes ("did you mean").
    pub problems: FileProblems,
}

pub(super) struct State<'c> {
    connection: &'c Connection,
    pub root: PathBuf,
    pub docs: HashMap<Url, Doc>,
    pub rules: Arc<RuleSet>,
    config: Option<Config>,
    /// Files outside the open documents that have rule or configuration
    /// problems published, so they are cleared once fixed.
    published: HashSet<Url>,
    dirty: HashSet<Url>,
    deadline: Option<Instant>,
    pub set_cache: set::Cache,
    /// The threads the reports of a set are read and its rules evaluated
    /// on (one per CPU, shared by the workspace folders); without it, this
    /// thread.
    pub pool: Option<Arc<rayon::ThreadPool>>,
    pub show_document: bool,
    /// The editor watches files for the server when asked to.
    pub watch_files: bool,
    /// What the ids of the requests this state sends start with: each
    /// workspace folder's are its own.
    ids: String,
    next_id: i32,
}

impl<'c> State<'c> {
    /// The state of the workspace folder `root`; the requests it sends the
    /// editor have ids that start with `ids`.
    pub(super) fn new(
        connection: &'c Connection,
        root: PathBuf,
        caps: &ClientCapabilities,
        (ids, pool): (String, Option<Arc<rayon::ThreadPool>>),
    ) -> Self {
        let show_document = caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support);
        let watch_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .is_some_and(|w| w.dynamic_registration == Some(true));
        let mut state = State {
            connection,
            root,
            docs: HashMap::new(),
            rules: Arc::new(RuleSet::default()),
            config: None,
            published: HashSet::new(),
            dirty: HashSet::new(),
            deadline: None,
            set_cache: set::Cache::default(),
            pool,
            show_document,
            watch_files,
            ids,
            next_id: 0,
        };
        state.reload();
        state
    }

    pub(super) fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    pub(super) fn send(&self, message: impl Into<Message>) {
        // A closed channel means the editor is gone; the loop ends on it.
        let _ = self.connection.sender.send(message.into());
    }

    /// Sends a request to the editor; its response is not waited for.
    pub(super) fn request_client(&mut self, method: &str, params: serde_json::Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("{}-{}", self.ids, self.next_id));
        self.send(Request::new(id, method.to_string(), params));
    }

    pub(super) fn publish(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ));
    }

    /// What `path` (a document of the workspace) is to pilotlint.
    fn kind_of(&self, path: Option<&Path>, uri: &Url) -> Kind {
        let name = path.map_or_else(|| uri.path().to_string(), |p| p.display().to_string());
        let lower = name.to_lowercase();
        if lower.ends_with(".rules") {
            Kind::Rules
        } else if lower.ends_with(".tests.yaml") || lower.ends_with(".tests.yml") {
            Kind::Tests
        } else if lower.ends_with("/pilotlint.toml") {
            Kind::Config
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            match (&self.config, path) {
                (Some(c), Some(p)) if !c.selects_in(&c.dir, p) => Kind::Other,
                _ => Kind::Report,
            }
        } else {
            Kind::Other
        }
    }

    pub(super) fn open(&mut self, uri: Url, text: String, version: i32) {
        let path = uri
            .to_file_path()
            .ok()
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p));
        let kind = self.kind_of(path.as_deref(), &uri);
        let doc = Doc {
            text,
            version,
            path,
            kind,
            checked: None,
            own: None,
            set_report: None,
            set_findings: Vec::new(),
            set_elsewhere: None,
            diagnostics: Vec::new(),
            problems: FileProblems::default(),
        };
        self.docs.insert(uri.clone(), doc);
        match kind {
            Kind::Rules | Kind::Config => self.reload(),
            _ => self.check(&uri),
        }
    }

    pub(super) fn change(&mut self, uri: &Url, text: String, version: i32) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.text = text;
            doc.version = version;
            self.dirty.insert(uri.clone());
            self.deadline = Some(Instant::now() + DEBOUNCE);
        }
    }

    /// Takes open document `uri` away from this state, as it is (for the
    /// workspace folder it now belongs to): its text and version.
    pub(super) fn take(&mut self, uri: &Url) -> Option<(String, i32)> {
        self.dirty.remove(uri);
        let doc = self.docs.remove(uri)?;
        if matches!(doc.kind, Kind::Rules | Kind::Config) {
            self.reload();
        }
        Some((doc.text, doc.version))
    }

    pub(super) fn close(&mut self, uri: &Url) {
        self.dirty.remove(uri);
        if let Some(doc) = self.docs.remove(uri) {
            match doc.kind {
                // What is on disk is what counts now.
                Kind::Rules | Kind::Config => self.reload(),
                _ => self.publish(uri.clone(), Vec::new(), None),
            }
        }
    }

    /// Checks the documents changed since the last check; a change to the
    /// rules or the configuration reloads them, which checks every report.
    pub(super) fn flush(&mut self) {
        self.deadline = None;
        let dirty: Vec<Url> = self.dirty.drain().collect();
        let kinds: Vec<Kind> = dirty
            .iter()
            .filter_map(|u| self.docs.get(u).map(|d| d.kind))
            .collect();
        if kinds
            .iter()
            .any(|k| matches!(k, Kind::Rules | Kind::Config))
        {
            self.reload();
        } else {
            self.check_all(&dirty);
        }
    }

    /// Checks one open document and publishes its diagnostics (and those
    /// of other open reports whose findings across reports changed).
    pub(super) fn check(&mut self, uri: &Url) {
        self.check_all(std::slice::from_ref(uri));
    }

    /// Loads the configuration and rules again, with the unsaved text of
    /// open rule files; keeps the last good rules when they do not load,
    /// and checks every open document.
    pub(super) fn reload(&mut self) {
        let open: HashMap<PathBuf, String> = self
            .docs
            .values()
            .filter_map(|d| Some((d.path.clone()?, d.text.clone())))
            .collect();
        let find = |p: &Path| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            open.get(&p).cloned()
        };
        let loaded = workspace::load(&self.root, &find);
        // A problem with no file to show it in (a rule path that does not
        // exist) is said to the user once per reload.
        if loaded.rules.is_none() {
            self.show_message(&loaded.messages.join("\n"));
        }
        match loaded.rules {
            Some((rules, config)) => {
                self.rules = Arc::new(rules);
                self.config = config;
            }
            None => {
                for m in &loaded.messages {
                    log(m);
                }
                log("the rules do not load: reports are checked with the last rules that did");
            }
        }
        // Problems by the canonical path of their file.
        let mut problems: HashMap<PathBuf, FileProblems> = loaded
            .problems
            .into_iter()
            .map(|(p, v)| (std::fs::canonicalize(&p).unwrap_or(p), v))
            .collect();
        let uris: Vec<Url> = self.docs.keys().cloned().collect();
        for uri in &uris {
            let kind = {
                let doc = &self.docs[uri];
                self.kind_of(doc.path.as_deref(), uri)
            };
            let Some(doc) = self.docs.get_mut(uri) else {
                continue;
            };
            doc.kind = kind;
            if matches!(kind, Kind::Rules | Kind::Config) {
                let path = doc.path.clone();
                doc.problems = match path.as_ref().and_then(|p| problems.remove(p)) {
                    Some(p) => p,
                    None if kind == Kind::Rules => match &path {
                        Some(p) => workspace::lone_rule_file(p, &doc.text),
                        None => FileProblems::default(),
                    },
                    None => FileProblems::default(),
                };
            }
        }
        // What the set rules read of a file depends on the rules.
        self.set_cache = set::Cache::default();
        self.check_all(&uris);
        // Files that are not open: their problems, and cleared ones.
        let mut now = HashSet::new();
        for (path, p) in problems {
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            if !p.diagnostics.is_empty() {
                now.insert(uri.clone());
                self.publish(uri, p.diagnostics, None);
            }
        }
        for uri in self.published.difference(&now) {
            if !self.docs.contains_key(uri) {
                self.publish(uri.clone(), Vec::new(), None);
            }
        }
        self.published = now;
    }

    pub(super) fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    pub(super) fn show_message(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: format!("pilotlint: {text}"),
        };
        self.send(Notification::new(
            lsp_types::notification::ShowMessage::METHOD.to_string(),
            params,
        ));
    }

    /// Answers a request; see `requests.rs`.
    pub(super) fn request(&mut self, req: Request) -> Response {
        // A request sees the text the editor has now.
        if !self.dirty.is_empty() {
            self.flush();
        }
        super::requests::answer(self, req)
    }

    pub(super) fn notification(&mut self, n: Notification) {
        super::requests::notify(self, n);
    }
}

/// A response that says the request is not one the server answers.
pub(super) fn not_supported(id: RequestId, method: &str) -> Response {
    Response::new_err(
        id,
        ErrorCode::MethodNotFound as i32,
        format!("pilotlint server does not answer `{method}`"),
    )
}
