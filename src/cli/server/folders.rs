//! Workspace folders: the server keeps a [`State`] for each folder the
//! editor names (its own `pilotlint.toml`, rules and rules across reports,
//! as `check` run in that folder would have them), and every message goes
//! to the folder of the document it is about: the deepest folder holding
//! it, else the first. Folders added or removed while the editor runs
//! (`workspace/didChangeWorkspaceFolders`) move the open documents to the
//! folder they now belong to. Rules changed on disk reload every folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use lsp_server::{Connection, Notification, Request, Response};
use lsp_types::notification::{DidChangeWatchedFiles, Notification as _};
use lsp_types::{ClientCapabilities, DidChangeWorkspaceFoldersParams, Url};

use super::state::State;

pub(super) struct Folders<'c> {
    connection: &'c Connection,
    caps: ClientCapabilities,
    pool: Option<Arc<rayon::ThreadPool>>,
    /// Never empty: the first is the one a document outside every folder
    /// goes to.
    states: Vec<State<'c>>,
    /// How many states were ever made, so each has request ids of its own.
    made: usize,
}

impl<'c> Folders<'c> {
    /// A state for each of `roots` (at least one: the caller gives the
    /// editor's root or the current directory when it names no folder).
    pub(super) fn new(
        connection: &'c Connection,
        roots: Vec<PathBuf>,
        caps: ClientCapabilities,
    ) -> Self {
        let pool = crate::cli::run::pool(0).ok().map(Arc::new);
        let mut folders = Folders {
            connection,
            caps,
            pool,
            states: Vec::new(),
            made: 0,
        };
        for root in roots {
            folders.add(root);
        }
        if folders.states.is_empty() {
            folders.add(PathBuf::from("."));
        }
        folders
    }

    fn add(&mut self, root: PathBuf) {
        if self.states.iter().any(|s| s.root == root) {
            return;
        }
        // The first folder's request ids are those of a single folder.
        let ids = match self.made {
            0 => "pilotlint".to_string(),
            n => format!("pilotlint-folder{n}"),
        };
        self.made += 1;
        let pool = self.pool.clone();
        let state = State::new(self.connection, root, &self.caps, (ids, pool));
        self.states.push(state);
    }

    /// The state of the first folder, which asks the editor to watch files.
    pub(super) fn first(&mut self) -> &mut State<'c> {
        &mut self.states[0]
    }

    /// The folder document `uri` belongs to: the deepest whose root holds
    /// it, else the first.
    fn route(&self, uri: &Url) -> usize {
        let Some(path) = uri
            .to_file_path()
            .ok()
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        else {
            return 0;
        };
        self.states
            .iter()
            .enumerate()
            .filter(|(_, s)| path.starts_with(&s.root))
            .max_by_key(|(_, s)| s.root.components().count())
            .map_or(0, |(k, _)| k)
    }

    /// The earliest moment a folder has a debounced check due.
    pub(super) fn deadline(&self) -> Option<Instant> {
        self.states.iter().filter_map(State::deadline).min()
    }

    /// Runs the debounced checks that are due.
    pub(super) fn flush(&mut self) {
        let now = Instant::now();
        for state in &mut self.states {
            if state.deadline().is_some_and(|at| at <= now) {
                state.flush();
            }
        }
    }

    /// Answers `req` in the folder of the document it names (its
    /// `textDocument`, or a command's first argument).
    pub(super) fn request(&mut self, req: Request) -> Response {
        let uri = ["/textDocument/uri", "/arguments/0"]
            .iter()
            .find_map(|p| req.params.pointer(p))
            .and_then(|v| serde_json::from_value::<Url>(v.clone()).ok());
        let k = uri.map_or(0, |u| self.route(&u));
        self.states[k].request(req)
    }

    pub(super) fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "workspace/didChangeWorkspaceFolders" => {
                if let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(n.params) {
                    self.change(&p);
                }
            }
            // A rule file, schema or configuration changed on disk: any
            // folder's rules may read it.
            DidChangeWatchedFiles::METHOD => {
                for state in &mut self.states {
                    state.notification(n.clone());
                }
            }
            _ => {
                let uri = n
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(|v| serde_json::from_value::<Url>(v.clone()).ok());
                let k = uri.map_or(0, |u| self.route(&u));
                self.states[k].notification(n);
            }
        }
    }

    /// Folders added and removed; the open documents move to the folder
    /// they now belong to. The last folder is never removed.
    fn change(&mut self, p: &DidChangeWorkspaceFoldersParams) {
        let root_of = |uri: &Url| -> Option<PathBuf> {
            let path = uri.to_file_path().ok()?;
            Some(std::fs::canonicalize(&path).unwrap_or(path))
        };
        let mut moving = Vec::new();
        for removed in p.event.removed.iter().filter_map(|f| root_of(&f.uri)) {
            if self.states.len() == 1 && p.event.added.is_empty() {
                break;
            }
            if let Some(k) = self.states.iter().position(|s| s.root == removed) {
                let mut state = self.states.remove(k);
                let uris: Vec<Url> = state.docs.keys().cloned().collect();
                for uri in uris {
                    if let Some(doc) = state.take(&uri) {
                        moving.push((uri, doc));
                    }
                }
            }
        }
        for added in p.event.added.iter().filter_map(|f| root_of(&f.uri)) {
            self.add(added);
        }
        if self.states.is_empty() {
            // Every folder removed and none added: keep serving from the
            // current directory.
            self.add(std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf()));
        }
        // Documents of the remaining folders that a new folder now holds.
        for k in 0..self.states.len() {
            let uris: Vec<Url> = self.states[k].docs.keys().cloned().collect();
            for uri in uris {
                if self.route(&uri) != k
                    && let Some(doc) = self.states[k].take(&uri)
                {
                    moving.push((uri, doc));
                }
            }
        }
        for (uri, (text, version)) in moving {
            let k = self.route(&uri);
            self.states[k].open(uri, text, version);
        }
    }
}
