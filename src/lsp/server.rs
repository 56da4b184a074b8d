//! The server's state: the workspace, the open buffers and what was last published.

use super::convert::{self, Encoding};
use super::{actions, complete, hover, locate, navigate};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Span;
use crate::discover;
use crate::pipeline::{Fatal, Request, Workspace};
use crate::report::options::repository_file;
use crate::source::Sources;
use lsp_server::{Connection, ErrorCode, Message, Notification, Response};
use lsp_types as lsp;
use lsp_types::notification::{PublishDiagnostics, ShowMessage};
use lsp_types::request::{self as rq, Request as _};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub struct Server<'c> {
    conn: &'c Connection,
    root: PathBuf,
    request: Request,
    pub enc: Encoding,
    /// None while the configuration is broken (its findings are published instead).
    pub ws: Option<Workspace>,
    /// The open documents' unsaved text, by repository-relative path.
    buffers: HashMap<String, String>,
    /// The URI the client used for a path, to publish under the same spelling.
    uris: HashMap<String, lsp::Uri>,
    /// What each file was last sent.
    published: HashMap<String, Vec<lsp::Diagnostic>>,
}

impl<'c> Server<'c> {
    pub fn new(conn: &'c Connection, folder: &Path, request: Request, enc: Encoding) -> Self {
        Server {
            conn,
            root: discover::find_root(folder),
            request,
            enc,
            ws: None,
            buffers: HashMap::new(),
            uris: HashMap::new(),
            published: HashMap::new(),
        }
    }

    /// Opens (or re-opens) the workspace, puts the open buffers back, and publishes.
    /// Every record file is published, clean ones with no findings.
    pub fn open(&mut self) {
        let (found, all) = match Workspace::open(self.root.clone(), &self.request) {
            Ok(mut ws) => {
                for (path, text) in &self.buffers {
                    ws.set_file(path, text.as_bytes());
                }
                let all: Vec<String> = ws.record_paths().map(str::to_owned).collect();
                self.ws = Some(ws);
                (self.shown(), all)
            }
            Err(fatal) => {
                self.ws = None;
                self.notify::<ShowMessage>(lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: {
                        let n = fatal.diagnostics.len();
                        crate::tr!(
                            "grclint: the configuration has {n} problem(s); records are not checked until it is fixed",
                            "grclint: 設定に問題が {n} 件ある。直すまでレコードは点検されない"
                        )
                    },
                });
                (self.fatal_shown(&fatal), Vec::new())
            }
        };
        let mut found = found;
        for path in all {
            found.entry(path).or_default();
        }
        self.publish(found, true);
    }

    /// A document's text, as the editor holds it.
    pub fn set_text(&mut self, rel: &str, text: String) {
        let Some(ws) = self.ws.as_mut() else {
            self.buffers.insert(rel.to_owned(), text);
            return;
        };
        let same = ws
            .sources()
            .iter()
            .any(|(_, f)| f.path == rel && *f.text == *text);
        if !same {
            ws.set_file(rel, text.as_bytes());
        }
        self.buffers.insert(rel.to_owned(), text);
    }

    /// A document closed: the file on disk counts again (or, deleted, no longer exists).
    pub fn close(&mut self, rel: &str) {
        self.buffers.remove(rel);
        let Some(ws) = self.ws.as_mut() else { return };
        match std::fs::read(self.root.join(rel)) {
            Ok(bytes) => ws.set_file(rel, bytes),
            Err(_) => ws.remove_file(rel),
        };
    }

    /// A file saved. A configuration, rule or schema file re-opens the workspace.
    pub fn saved(&mut self, rel: &str) {
        let reopen = match &self.ws {
            None => true,
            Some(ws) => {
                !ws.record_paths().any(|p| p == rel)
                    && ws.sources().iter().any(|(_, f)| f.path == rel)
            }
        };
        if reopen {
            self.open();
        }
    }

    /// Publishes every file whose findings changed since they were last sent.
    pub fn refresh(&mut self) {
        if self.ws.is_some() {
            let found = self.shown();
            self.publish(found, false);
        }
    }

    /// A document's repository-relative path, from its URI. The client's spelling of the
    /// URI is kept for publishing.
    pub fn rel(&mut self, uri: &lsp::Uri) -> Option<String> {
        let path = convert::uri_path(uri)?;
        let abs = path.canonicalize().unwrap_or_else(|_| {
            match (
                path.parent().and_then(|p| p.canonicalize().ok()),
                path.file_name(),
            ) {
                (Some(dir), Some(name)) => dir.join(name),
                _ => path.clone(),
            }
        });
        let rel = discover::relative(&self.root, &abs).filter(|r| !r.is_empty())?;
        self.uris.insert(rel.clone(), uri.clone());
        Some(rel)
    }

    fn uri(&self, rel: &str) -> Option<lsp::Uri> {
        match self.uris.get(rel) {
            Some(u) => Some(u.clone()),
            None => convert::path_uri(&self.root.join(rel)),
        }
    }

    /// The findings an editor shows, by file: not suppressed ones (those are left out).
    /// A finding about the whole repository is shown at the top of the config file, or of
    /// the first record file.
    fn shown(&self) -> BTreeMap<String, Vec<lsp::Diagnostic>> {
        let Some(ws) = &self.ws else {
            return BTreeMap::new();
        };
        let paths: Vec<String> = ws.record_paths().map(str::to_owned).collect();
        let config = ws.settings().config_file.map(|f| ws.sources().get(f));
        let top = repository_file(config, &paths);
        self.group(ws.findings(), ws.sources(), top.as_deref())
    }

    fn fatal_shown(&self, fatal: &Fatal) -> BTreeMap<String, Vec<lsp::Diagnostic>> {
        self.group(&fatal.diagnostics, &fatal.sources, Some(".grclint.yaml"))
    }

    fn group(
        &self,
        findings: &[Diagnostic],
        sources: &Sources,
        top: Option<&str>,
    ) -> BTreeMap<String, Vec<lsp::Diagnostic>> {
        let uri_of = |p: &str| self.uri(p);
        let mut out: BTreeMap<String, Vec<lsp::Diagnostic>> = BTreeMap::new();
        for d in findings.iter().filter(|d| d.suppressed.is_none()) {
            let (path, range) = match d.primary {
                Some(s) => {
                    let f = sources.get(s.file);
                    (f.path.clone(), convert::range(f, s.start, s.end, self.enc))
                }
                None => match top {
                    Some(t) => (t.to_owned(), lsp::Range::default()),
                    None => continue,
                },
            };
            if !in_repository(&path) {
                continue;
            }
            let shown = convert::diagnostic(d, sources, &uri_of, range, self.enc);
            out.entry(path).or_default().push(shown);
        }
        out
    }

    /// Sends each file's findings when they differ from what it was last sent (or, with
    /// `all`, always); a file that had findings and has none now is sent an empty list.
    fn publish(&mut self, found: BTreeMap<String, Vec<lsp::Diagnostic>>, all: bool) {
        let gone: Vec<String> = self
            .published
            .keys()
            .filter(|p| !found.contains_key(*p))
            .cloned()
            .collect();
        let mut send = Vec::new();
        for p in gone {
            self.published.remove(&p);
            send.push((p, Vec::new()));
        }
        for (p, diags) in found {
            if all || self.published.get(&p) != Some(&diags) {
                send.push((p.clone(), diags.clone()));
            }
            if diags.is_empty() {
                self.published.remove(&p);
            } else {
                self.published.insert(p, diags);
            }
        }
        for (p, diagnostics) in send {
            if let Some(uri) = self.uri(&p) {
                self.notify::<PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version: None,
                });
            }
        }
    }

    /// Answers a request: the protocol features, each in its own module.
    pub fn answer(&mut self, req: lsp_server::Request) -> Response {
        let id = req.id.clone();
        let out = match req.method.as_str() {
            rq::HoverRequest::METHOD => params(req).map(|p| json(self.hover(p))),
            rq::GotoDefinition::METHOD => params(req).map(|p| json(self.definition(p))),
            rq::References::METHOD => params(req).map(|p| json(self.references(p))),
            rq::Completion::METHOD => params(req).map(|p| json(self.completion(p))),
            rq::CodeActionRequest::METHOD => params(req).map(|p| json(self.code_actions(p))),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    crate::tr!(
                        "grclint lsp does not answer {}",
                        "grclint lsp は {} に応答しない",
                        req.method
                    ),
                );
            }
        };
        match out {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
        }
    }

    /// A document position as a repository-relative path and a byte offset.
    fn spot(&mut self, uri: &lsp::Uri, pos: lsp::Position) -> Option<(String, u32)> {
        let rel = self.rel(uri)?;
        let file = locate::file(self.ws.as_ref()?, &rel)?;
        let byte = convert::offset(file, pos, self.enc);
        Some((rel, byte))
    }

    fn location(&self, span: Span) -> Option<lsp::Location> {
        let file = self.ws.as_ref()?.sources().get(span.file);
        Some(lsp::Location {
            uri: self.uri(&file.path)?,
            range: convert::range(file, span.start, span.end, self.enc),
        })
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        let at = p.text_document_position_params;
        let (rel, byte) = self.spot(&at.text_document.uri, at.position)?;
        let value = hover::hover(self.ws.as_ref()?, &rel, byte)?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            }),
            range: None,
        })
    }

    fn definition(&mut self, p: lsp::GotoDefinitionParams) -> Option<lsp::GotoDefinitionResponse> {
        let at = p.text_document_position_params;
        let (rel, byte) = self.spot(&at.text_document.uri, at.position)?;
        let span = navigate::definition(self.ws.as_ref()?, &rel, byte)?;
        self.location(span).map(lsp::GotoDefinitionResponse::Scalar)
    }

    fn references(&mut self, p: lsp::ReferenceParams) -> Option<Vec<lsp::Location>> {
        let at = p.text_document_position;
        let (rel, byte) = self.spot(&at.text_document.uri, at.position)?;
        let found =
            navigate::references(self.ws.as_ref()?, &rel, byte, p.context.include_declaration);
        Some(found.into_iter().filter_map(|s| self.location(s)).collect())
    }

    fn completion(&mut self, p: lsp::CompletionParams) -> Option<lsp::CompletionResponse> {
        let at = p.text_document_position;
        let (rel, byte) = self.spot(&at.text_document.uri, at.position)?;
        let ws = self.ws.as_ref()?;
        let file = locate::file(ws, &rel)?;
        let items = complete::complete(ws, &rel, byte)
            .into_iter()
            .map(|i| convert::completion(file, i, self.enc))
            .collect();
        Some(lsp::CompletionResponse::Array(items))
    }

    fn code_actions(&mut self, p: lsp::CodeActionParams) -> Option<Vec<lsp::CodeActionOrCommand>> {
        let rel = self.rel(&p.text_document.uri)?;
        let ws = self.ws.as_ref()?;
        let file = locate::file(ws, &rel)?;
        let start = convert::offset(file, p.range.start, self.enc);
        let end = convert::offset(file, p.range.end, self.enc);
        let uri_of = |p: &str| self.uri(p);
        let cx = actions::Ctx {
            ws,
            enc: self.enc,
            uri_of: &uri_of,
        };
        let found = actions::actions(&cx, &rel, start, end);
        Some(
            found
                .into_iter()
                .map(lsp::CodeActionOrCommand::CodeAction)
                .collect(),
        )
    }

    pub fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        let n = Notification::new(N::METHOD.to_owned(), params);
        let _ = self.conn.sender.send(Message::Notification(n));
    }
}

fn params<P: serde::de::DeserializeOwned>(req: lsp_server::Request) -> Result<P, String> {
    serde_json::from_value(req.params).map_err(|e| format!("{}: {e}", req.method))
}

fn json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A repository-relative path (not a built-in rule or an outside config file).
fn in_repository(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with(['/', '<'])
        && !path.starts_with("..")
        && !path.contains(':')
}
