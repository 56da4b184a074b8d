//! `grclint lsp`: a language server over stdio. It opens the workspace folder as a
//! [`Workspace`](crate::pipeline::Workspace), keeps it in memory, and publishes the
//! findings of every record file, from the editor's unsaved text as it changes.
//!
//! Changes are debounced by coalescing: while the server evaluates one change, the ones
//! that arrive queue up, and only the latest text of each document is evaluated next.

mod actions;
mod complete;
pub mod convert;
mod hover;
mod locate;
mod navigate;
mod server;

use crate::pipeline::Request;
use convert::Encoding;
use lsp_server::{Connection, Message, Notification};
use lsp_types as lsp;
use lsp_types::notification::{self as note, Notification as _};
use server::Server;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the command line gives the server.
#[derive(clap::Args, Debug, Default)]
pub struct LspArgs {
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to check against, YYYY-MM-DD (default: GRCLINT_TODAY, the config's today, or the system date)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// Runs the server on standard input and output until the client says `exit`.
pub fn run(args: &LspArgs) -> i32 {
    let (conn, io) = Connection::stdio();
    let outcome = serve(&conn, args);
    drop(conn);
    let joined = io.join();
    match outcome.and(joined.map_err(|e| e.to_string())) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("grclint lsp: {e}");
            1
        }
    }
}

fn capabilities(enc: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

/// The folder to open: the first workspace folder, else `rootUri`, else the current one.
#[allow(deprecated)]
fn folder(params: &lsp::InitializeParams) -> PathBuf {
    let first = params.workspace_folders.as_ref().and_then(|f| f.first());
    first
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(convert::uri_path)
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."))
}

fn serve(conn: &Connection, args: &LspArgs) -> Result<(), String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: {e}"))?;
    let enc = Encoding::negotiate(&params.capabilities);
    let result = lsp::InitializeResult {
        capabilities: capabilities(enc),
        server_info: Some(lsp::ServerInfo {
            name: "grclint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let request = Request {
        config: args.config.clone(),
        today: args.today.clone(),
        ..Request::default()
    };
    let mut server = Server::new(conn, &folder(&params), request, enc);
    server.open();
    main_loop(conn, &mut server)
}

/// Texts waiting to be evaluated, the latest per document.
type Pending = BTreeMap<String, Option<String>>;

fn main_loop(conn: &Connection, server: &mut Server) -> Result<(), String> {
    let mut pending = Pending::new();
    loop {
        let msg = if pending.is_empty() {
            match conn.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            }
        } else {
            match conn.receiver.try_recv() {
                Ok(m) => m,
                Err(crossbeam_empty) if crossbeam_empty.is_empty() => {
                    apply(server, &mut pending);
                    continue;
                }
                Err(_) => return Ok(()),
            }
        };
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                apply(server, &mut pending);
                let resp = server.answer(req);
                let _ = conn.sender.send(resp.into());
            }
            Message::Notification(n) if n.method == note::Exit::METHOD => return Ok(()),
            Message::Notification(n) => notification(server, &mut pending, n),
            Message::Response(_) => {}
        }
    }
}

/// Evaluates the queued texts (`None`: the document was closed) and publishes.
fn apply(server: &mut Server, pending: &mut Pending) {
    if pending.is_empty() {
        return;
    }
    for (rel, text) in std::mem::take(pending) {
        match text {
            Some(text) => server.set_text(&rel, text),
            None => server.close(&rel),
        }
    }
    server.refresh();
}

fn notification(server: &mut Server, pending: &mut Pending, n: Notification) {
    match n.method.as_str() {
        note::DidOpenTextDocument::METHOD => {
            if let Ok(p) =
                n.extract::<lsp::DidOpenTextDocumentParams>(note::DidOpenTextDocument::METHOD)
                && let Some(rel) = server.rel(&p.text_document.uri)
            {
                pending.insert(rel, Some(p.text_document.text));
            }
        }
        note::DidChangeTextDocument::METHOD => {
            if let Ok(p) =
                n.extract::<lsp::DidChangeTextDocumentParams>(note::DidChangeTextDocument::METHOD)
                && let Some(rel) = server.rel(&p.text_document.uri)
                && let Some(last) = p.content_changes.into_iter().next_back()
            {
                pending.insert(rel, Some(last.text));
            }
        }
        note::DidCloseTextDocument::METHOD => {
            if let Ok(p) =
                n.extract::<lsp::DidCloseTextDocumentParams>(note::DidCloseTextDocument::METHOD)
                && let Some(rel) = server.rel(&p.text_document.uri)
            {
                pending.insert(rel, None);
            }
        }
        note::DidSaveTextDocument::METHOD => {
            if let Ok(p) =
                n.extract::<lsp::DidSaveTextDocumentParams>(note::DidSaveTextDocument::METHOD)
                && let Some(rel) = server.rel(&p.text_document.uri)
            {
                apply(server, pending);
                server.saved(&rel);
            }
        }
        _ => {}
    }
}
