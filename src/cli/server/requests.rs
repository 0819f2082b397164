//! Each request and notification the server answers, read from the
//! protocol's JSON and turned into calls on the [`State`] and the report
//! and rule-file features. A request whose parameters do not read is an
//! `InvalidParams` error; one the server does not know, `MethodNotFound`.

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{
    CodeActionRequest, Completion, ExecuteCommand, Formatting, GotoDefinition, HoverRequest,
    Request as _,
};
use lsp_types::{
    CodeAction, CodeActionOrCommand, CodeActionParams, CompletionParams, CompletionResponse,
    DocumentFormattingParams, ExecuteCommandParams, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind, Position, TextEdit,
    Url,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::position::{self, Positions};
use super::state::{Kind, State, not_supported};
use super::{report, rulefile};
use pilotlint::span::LineIndex;

fn params<P: DeserializeOwned>(req: &Request) -> Result<P, Response> {
    serde_json::from_value(req.params.clone()).map_err(|e| {
        Response::new_err(
            req.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters of `{}`: {e}", req.method),
        )
    })
}

fn ok(req: &Request, value: impl serde::Serialize) -> Response {
    Response::new_ok(req.id.clone(), value)
}

/// The answer to `req`.
pub(super) fn answer(state: &mut State<'_>, req: Request) -> Response {
    let result = match req.method.as_str() {
        HoverRequest::METHOD => params::<HoverParams>(&req).map(|p| {
            let at = p.text_document_position_params;
            ok(&req, hover(state, &at.text_document.uri, at.position))
        }),
        GotoDefinition::METHOD => params::<GotoDefinitionParams>(&req).map(|p| {
            let at = p.text_document_position_params;
            let found = definition(state, &at.text_document.uri, at.position);
            ok(
                &req,
                (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)),
            )
        }),
        Formatting::METHOD => {
            params::<DocumentFormattingParams>(&req).and_then(|p| format(state, &req, &p))
        }
        Completion::METHOD => params::<CompletionParams>(&req).map(|p| {
            let at = p.text_document_position;
            ok(&req, completion(state, &at.text_document.uri, at.position))
        }),
        CodeActionRequest::METHOD => params::<CodeActionParams>(&req).map(|p| {
            let actions: Vec<CodeActionOrCommand> = code_actions(state, &p)
                .into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect();
            ok(&req, actions)
        }),
        ExecuteCommand::METHOD => params::<ExecuteCommandParams>(&req).map(|p| {
            execute(state, &p);
            ok(&req, Value::Null)
        }),
        // The one way to make a request panic, for the test that the
        // server answers it with an error and goes on (`tests.rs`).
        #[cfg(test)]
        "pilotlint/test-panic" => panic!("planted by a test"),
        _ => Err(not_supported(req.id.clone(), &req.method)),
    };
    result.unwrap_or_else(|e| e)
}

/// Applies a notification.
pub(super) fn notify(state: &mut State<'_>, n: Notification) {
    fn read<P: DeserializeOwned>(n: &Notification) -> Option<P> {
        serde_json::from_value(n.params.clone()).ok()
    }
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Some(p) = read::<lsp_types::DidOpenTextDocumentParams>(&n) {
                let d = p.text_document;
                state.open(d.uri, d.text, d.version);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Some(p) = read::<lsp_types::DidChangeTextDocumentParams>(&n) {
                // Incremental synchronisation: ranges to replace, in order.
                let d = p.text_document;
                if let Some(doc) = state.docs.get_mut(&d.uri) {
                    let text = position::apply(std::mem::take(&mut doc.text), p.content_changes);
                    state.change(&d.uri, text, d.version);
                }
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Some(p) = read::<lsp_types::DidCloseTextDocumentParams>(&n) {
                state.close(&p.text_document.uri);
            }
        }
        DidSaveTextDocument::METHOD => {
            // A schema or data file saved changes what the rules read.
            if let Some(p) = read::<lsp_types::DidSaveTextDocumentParams>(&n) {
                let kind = state.docs.get(&p.text_document.uri).map(|d| d.kind);
                if !matches!(kind, Some(Kind::Report | Kind::Tests)) {
                    state.reload();
                }
            }
        }
        DidChangeWatchedFiles::METHOD => {
            if let Some(p) = read::<lsp_types::DidChangeWatchedFilesParams>(&n) {
                let paths = p.changes.iter().filter_map(|c| c.uri.to_file_path().ok());
                state.files_changed(paths.collect());
            }
        }
        _ => {}
    }
}

/// Once the editor is initialized: asks it to watch the files that change
/// the rules (rule files, schemas, the configuration, data files) and the
/// reports, so what changes outside the editor (a `git pull`) reloads the
/// rules or refreshes the findings of the rules across reports.
pub(super) fn initialized(state: &mut State<'_>) {
    if !state.watch_files {
        return;
    }
    let watchers: Vec<Value> = [
        "**/pilotlint.toml",
        "**/*.rules",
        "**/*.json",
        "**/*.yaml",
        "**/*.yml",
    ]
    .iter()
    .map(|glob| json!({"globPattern": glob}))
    .collect();
    let registration = json!({"registrations": [{
        "id": "pilotlint-watch",
        "method": DidChangeWatchedFiles::METHOD,
        "registerOptions": {"watchers": watchers},
    }]});
    state.request_client(lsp_types::request::RegisterCapability::METHOD, registration);
}

fn offset_in(text: &str, p: Position) -> usize {
    let lines = LineIndex::new(text);
    Positions::new(text, &lines).offset(p)
}

fn hover(state: &State<'_>, uri: &Url, p: Position) -> Option<Hover> {
    let doc = state.docs.get(uri)?;
    let text = match doc.kind {
        Kind::Report => report::hover(doc.checked.as_ref()?, p)?,
        Kind::Rules => rulefile::hover(&doc.text, offset_in(&doc.text, p))?,
        _ => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

fn definition(state: &State<'_>, uri: &Url, p: Position) -> Vec<Location> {
    let Some(doc) = state.docs.get(uri) else {
        return Vec::new();
    };
    match doc.kind {
        Kind::Report => doc
            .checked
            .as_ref()
            .map(|c| report::definition(c, p, &state.root))
            .unwrap_or_default(),
        Kind::Rules => {
            let lines = LineIndex::new(&doc.text);
            let at = Positions::new(&doc.text, &lines);
            rulefile::let_definition(&doc.text, at.offset(p))
                .map(|span| vec![Location::new(uri.clone(), at.range(span))])
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// `pilotlint fmt` of a rule file: one edit of the whole text, none when
/// it is formatted already; an error when it does not parse.
fn format(
    state: &State<'_>,
    req: &Request,
    p: &DocumentFormattingParams,
) -> Result<Response, Response> {
    let Some(doc) = state
        .docs
        .get(&p.text_document.uri)
        .filter(|d| d.kind == Kind::Rules)
    else {
        return Ok(ok(req, Value::Null));
    };
    match pilotlint::syntax::print::format(&doc.text) {
        Ok(formatted) if formatted == doc.text => Ok(ok(req, Vec::<TextEdit>::new())),
        Ok(formatted) => Ok(ok(
            req,
            vec![TextEdit::new(rulefile::whole_range(&doc.text), formatted)],
        )),
        Err(errors) => Err(Response::new_err(
            req.id.clone(),
            ErrorCode::RequestFailed as i32,
            format!(
                "the rule file is not formatted: it has {} syntax error{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ),
        )),
    }
}

fn completion(state: &State<'_>, uri: &Url, p: Position) -> Option<CompletionResponse> {
    let doc = state.docs.get(uri).filter(|d| d.kind == Kind::Rules)?;
    let path = doc.path.as_ref()?;
    let at = offset_in(&doc.text, p);
    let items = rulefile::completion(&doc.text, at, path);
    Some(CompletionResponse::Array(items))
}

fn code_actions(state: &State<'_>, p: &CodeActionParams) -> Vec<CodeAction> {
    let uri = &p.text_document.uri;
    let Some(doc) = state.docs.get(uri) else {
        return Vec::new();
    };
    match doc.kind {
        Kind::Report => doc
            .checked
            .as_ref()
            .map(|c| report::actions(c, uri, p.range, &doc.diagnostics))
            .unwrap_or_default(),
        Kind::Rules | Kind::Config => {
            let lines = LineIndex::new(&doc.text);
            let at = Positions::new(&doc.text, &lines);
            doc.problems
                .fixes
                .iter()
                .filter(|(d, _)| d.range.start <= p.range.end && p.range.start <= d.range.end)
                .map(|(d, fix)| CodeAction {
                    title: format!("replace with `{}`", fix.text),
                    kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(report::edit(
                        uri,
                        vec![TextEdit::new(at.range(fix.span), fix.text.clone())],
                    )),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// `pilotlint.placeCursor URI POSITION`: puts the cursor where a
/// suppression's reason goes, in an editor that can be asked to.
fn execute(state: &mut State<'_>, p: &ExecuteCommandParams) {
    if p.command != report::PLACE_CURSOR || !state.show_document {
        return;
    }
    let [uri, position] = &p.arguments[..] else {
        return;
    };
    let (Ok(uri), Ok(position)) = (
        serde_json::from_value::<Url>(uri.clone()),
        serde_json::from_value::<Position>(position.clone()),
    ) else {
        return;
    };
    let params = lsp_types::ShowDocumentParams {
        uri,
        external: None,
        take_focus: Some(true),
        selection: Some(lsp_types::Range::new(position, position)),
    };
    state.request_client(
        lsp_types::request::ShowDocument::METHOD,
        serde_json::to_value(params).unwrap_or(Value::Null),
    );
}
