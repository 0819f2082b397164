//! The server in-process, over an in-memory connection: the seam `serve`
//! works on any connection, and what only a test build can do, a request
//! that panics (`pilotlint/test-panic`), is answered with an error while
//! the server goes on. The protocol through the real binary is tested in
//! tests/server.rs.

use std::path::Path;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use super::{guarded, serve};
use crate::cli::exit::Exit;

#[test]
fn a_panic_is_caught_and_becomes_its_message() {
    let r: Result<(), String> = guarded("a test", || panic!("planted"));
    assert_eq!(r, Err("planted".to_string()));
    assert_eq!(guarded("a test", || 7), Ok(7));
}

fn response(client: &Connection, id: i32) -> lsp_server::Response {
    loop {
        match client.receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(Message::Response(r)) if r.id == RequestId::from(id) => return r,
            Ok(_) => {}
            Err(e) => panic!("no response {id}: {e}"),
        }
    }
}

fn request(client: &Connection, id: i32, method: &str, params: Value) {
    let r = Request::new(RequestId::from(id), method.to_string(), params);
    client.sender.send(r.into()).expect("the server listens");
}

fn notify(client: &Connection, method: &str, params: Value) {
    let n = Notification::new(method.to_string(), params);
    client.sender.send(n.into()).expect("the server listens");
}

#[test]
fn a_request_that_panics_is_answered_with_an_error_and_the_server_goes_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/server/workspace");
    let root = std::fs::canonicalize(root).expect("the fixture workspace");
    let uri = |rel: &str| format!("file://{}", root.join(rel).display());
    let (server, client) = Connection::memory();
    let running = std::thread::spawn(move || serve(&server));
    request(
        &client,
        1,
        "initialize",
        json!({"capabilities": {}, "rootUri": uri("")}),
    );
    assert!(response(&client, 1).error.is_none());
    notify(&client, "initialized", json!({}));

    request(&client, 2, "pilotlint/test-panic", Value::Null);
    let error = response(&client, 2).error.expect("an error response");
    assert_eq!(error.code, lsp_server::ErrorCode::InternalError as i32);
    assert_eq!(
        error.message,
        "pilotlint server: `pilotlint/test-panic` failed: planted by a test"
    );

    // It goes on: a report opened after it gets its findings.
    let report = uri("reports/hefei.yaml");
    let text = std::fs::read_to_string(root.join("reports/hefei.yaml")).expect("the fixture");
    notify(
        &client,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": report, "languageId": "yaml", "version": 1, "text": text}}),
    );
    loop {
        match client.receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                assert_eq!(n.params["uri"], report);
                assert_eq!(n.params["diagnostics"][0]["code"], "PLN001");
                break;
            }
            Ok(_) => {}
            Err(e) => panic!("no diagnostics: {e}"),
        }
    }
    request(&client, 3, "shutdown", Value::Null);
    assert!(response(&client, 3).error.is_none());
    notify(&client, "exit", Value::Null);
    assert_eq!(running.join().expect("the server thread ends"), Exit::Clean);
}
