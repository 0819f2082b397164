//! `pilotlint server`: a language server over standard input and output,
//! so an editor shows pilotlint's findings while a report or a rule file is
//! written. It is a front end like `check`: it reads the workspace's
//! `pilotlint.toml` and rules as `check` does (`workspace.rs`) and checks
//! each open report with the library's `check_report`, so the editor shows
//! what `check` prints (`checks.rs`, `report.rs`), with the rules across
//! reports over the set `check FILE` reads (`set.rs`); rule files get
//! their errors, their formatting and help while writing (`rulefile.rs`);
//! `state.rs` keeps a workspace folder's documents, `folders.rs` gives each
//! message to its folder, `requests.rs` answers each message, and
//! `position.rs` counts columns in UTF-16 as the protocol does.
//!
//! This file is the protocol's life cycle: `initialize`, the message loop
//! (a change waits [`DEBOUNCE`] for the next keystroke before the document
//! is checked), `shutdown` and `exit`. A request that panics is answered
//! with an error and the server goes on; a document never takes it down.

mod builtin_files;
mod checks;
mod folders;
mod position;
mod report;
mod requests;
mod rulefile;
mod set;
mod state;
mod workspace;

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use lsp_server::{Connection, ErrorCode, Message, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    ExecuteCommandOptions, InitializeParams, OneOf, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use super::exit::Exit;
use folders::Folders;

pub const SERVER_HELP: &str = "\
The server speaks the Language Server Protocol over standard input and
output; an editor starts it. It reads each workspace folder's pilotlint.toml
and rules as `pilotlint check` run there would, and shows:
  - in reports (*.yaml, *.yml the configuration selects): the findings of
    `check`, as you type; hover for the rule's help, go to the rule clause,
    quick fixes (suppress with a reason, `yes` -> `true`)
  - in rule files (*.rules): syntax and check errors with their help,
    formatting (`pilotlint fmt`), hover, completion of functions and of
    report fields from the declared schema, go to a `let`
  - in rule tests (*.tests.yaml): mistakes in the test file
  - in pilotlint.toml: its mistakes; a change reloads the rules

Set-up for VS Code, Neovim and Helix: docs/editors.md.

Exit status:
  0  the editor asked the server to shut down, then to exit
  1  the editor asked it to exit without shutting down first (the protocol
     asks for 1 then), or the connection closed without `exit`
  2  the protocol could not start (no `initialize`)";

/// How long a change waits for the next one before the document is
/// checked: typing does not check every keystroke's text, and a check is
/// still done well within the 50 ms an editor feels as immediate.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(15);

#[derive(Debug, Args)]
pub(crate) struct ServerArgs {
    /// Talk over standard input and output (the only transport; accepted
    /// because some editors pass it)
    #[arg(long)]
    pub stdio: bool,
}

/// Runs the server until the editor says `exit`, and returns the status
/// the protocol asks for.
pub(crate) fn run(_args: &ServerArgs) -> Exit {
    let (connection, io_threads) = Connection::stdio();
    let status = serve(&connection);
    drop(connection);
    // The reader stops at `exit`; the writer once every message is out.
    let _ = io_threads.join();
    status
}

/// Serves one connection: the handshake, then messages until `exit`.
pub(super) fn serve(connection: &Connection) -> Exit {
    let (id, params) = match connection.initialize_start() {
        Ok(start) => start,
        Err(e) => {
            log(&format!("the editor did not start the protocol: {e}"));
            return Exit::Failed;
        }
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let roots = roots_of(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "pilotlint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    if let Err(e) = connection.initialize_finish(id, result) {
        log(&format!("the editor did not finish the handshake: {e}"));
        return Exit::Failed;
    }
    let mut state = Folders::new(connection, roots, params.capabilities);
    // `initialize_finish` has read the editor's `initialized`.
    requests::initialized(state.first());
    let mut shut_down = false;
    loop {
        let message = match state.deadline() {
            Some(at) => {
                let wait = at.saturating_duration_since(Instant::now());
                match connection.receiver.recv_timeout(wait) {
                    Ok(m) => m,
                    Err(crossbeam_timeout) if crossbeam_timeout.is_timeout() => {
                        let _ = guarded("the debounced check", || state.flush());
                        continue;
                    }
                    Err(_) => break,
                }
            }
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        match message {
            Message::Notification(n) if n.method == "exit" => {
                return if shut_down {
                    Exit::Clean
                } else {
                    Exit::Findings
                };
            }
            Message::Request(req) if shut_down => {
                let _ = connection.sender.send(
                    Response::new_err(
                        req.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_string(),
                    )
                    .into(),
                );
            }
            Message::Request(req) if req.method == "shutdown" => {
                shut_down = true;
                let _ = connection
                    .sender
                    .send(Response::new_ok(req.id, serde_json::Value::Null).into());
            }
            Message::Request(req) => {
                let (id, method) = (req.id.clone(), req.method.clone());
                let response = guarded(&method, || state.request(req)).unwrap_or_else(|why| {
                    Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("pilotlint server: `{method}` failed: {why}"),
                    )
                });
                let _ = connection.sender.send(response.into());
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                let _ = guarded(&method, || state.notification(n));
            }
            // The editor's answers to what the server asked (file watching,
            // showing a document) need nothing done.
            Message::Response(_) => {}
        }
    }
    // The connection closed without `exit`.
    Exit::Findings
}

/// Runs `f`; a panic in it is caught and returned as its message, so one
/// bad request cannot take the server down (the panic hook has already
/// written it to stderr, which editors keep as the server's log).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        log(&format!("internal error in {what}: {why}"));
        why
    })
}

/// Writes a line to stderr, which editors keep as the server's log; a
/// closed stderr is no reason to stop serving.
pub(super) fn log(line: &str) {
    let _ = writeln!(std::io::stderr(), "pilotlint server: {line}");
}

/// The workspace folders: every one the editor names, else its root, else
/// the directory the server was started in.
fn roots_of(params: &InitializeParams) -> Vec<PathBuf> {
    let canonical = |p: PathBuf| std::fs::canonicalize(&p).unwrap_or(p);
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .map(canonical)
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    let root = root
        .or_else(|| std::env::current_dir().ok())
        .map_or_else(|| PathBuf::from("."), canonical);
    vec![root]
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        workspace: Some(lsp_types::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp_types::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![report::PLACE_CURSOR.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests;
