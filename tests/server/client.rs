//! A minimal Language Server Protocol client for the tests: it starts the
//! real `pilotlint server`, frames JSON-RPC messages over its standard
//! input and output, and waits (with a time limit, so a test never hangs)
//! for responses and published diagnostics.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one message may take: far above what a check takes, so
/// only a server that hangs or forgot to answer fails on it.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages read while waiting for another, in order.
    pending: Vec<Value>,
    next_id: i64,
    pub root: PathBuf,
    /// The server's cache directory (`XDG_CACHE_HOME`), where it writes
    /// its copies of the built-in packs: one of the test's own.
    pub cache: tempfile::TempDir,
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server on the workspace folder `root` and completes the
    /// handshake.
    pub fn start(root: &Path) -> Client {
        Client::start_folders(&[root])
    }

    /// Starts the server on the workspace folders `folders` (the client's
    /// `root` is the first) and completes the handshake.
    pub fn start_folders(folders: &[&Path]) -> Client {
        let folders: Vec<_> = folders
            .iter()
            .map(|f| std::fs::canonicalize(f).expect("the workspace exists"))
            .collect();
        let root = folders[0].clone();
        let named: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": uri_of(f), "name": f.display().to_string()}))
            .collect();
        let cache = tempfile::tempdir().expect("a temporary directory");
        let mut child = Command::new(env!("CARGO_BIN_EXE_pilotlint"))
            .arg("server")
            .current_dir(&root)
            .env("XDG_CACHE_HOME", cache.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("pilotlint server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            stdin: child.stdin.take(),
            child,
            messages: rx,
            pending: Vec::new(),
            next_id: 0,
            root: root.clone(),
            cache,
        };
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": uri_of(&root),
                    "workspaceFolders": named,
                    "capabilities": {
                        "window": {"showDocument": {"support": true}},
                        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    },
                }),
            )
            .expect("initialize succeeds");
        assert_eq!(result["serverInfo"]["name"], "pilotlint");
        client.notify("initialized", json!({}));
        client
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let wait = deadline.saturating_duration_since(Instant::now());
        self.messages
            .recv_timeout(wait)
            .unwrap_or_else(|e| panic!("no message from the server in time: {e}"))
    }

    /// Sends a request and waits for its response: the result, or the error.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let m = self.next(deadline);
            if m["id"] == json!(id) && m.get("method").is_none() {
                return match m.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(m["result"].clone()),
                };
            }
            self.pending.push(m);
        }
    }

    /// Waits for a message `matches` accepts, read already or to come.
    pub fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&matches) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let m = self.next(deadline);
            if matches(&m) {
                return m;
            }
            self.pending.push(m);
        }
    }

    /// The diagnostics the server publishes next for `uri` that `accept`
    /// takes (earlier ones for it are skipped).
    pub fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let m = self.wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let list = m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if accept(&list) {
                return list;
            }
        }
    }

    /// Opens the workspace file `rel` with its text on disk, or `text`.
    pub fn open(&mut self, rel: &str, text: Option<&str>) -> (String, String) {
        let path = self.root.join(rel);
        let text = match text {
            Some(t) => t.to_string(),
            None => std::fs::read_to_string(&path).expect("a fixture file"),
        };
        let uri = uri_of(&path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        (uri, text)
    }

    pub fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    /// `shutdown`, then `exit`: the server's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null)
            .expect("shutdown succeeds");
        self.exit()
    }

    /// `exit` alone: the server's exit status.
    pub fn exit(mut self) -> ExitStatus {
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server can be waited for") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
