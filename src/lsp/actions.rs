//! Code actions for the findings in a range: the fix engine's fixes as quick fixes,
//! "ignore with a reason" (a `# grclint: ignore[CODE] ` comment on the finding's line) and
//! "add a waiver" (a new waiver record for the finding's record).

use super::convert::{self, Encoding};
use crate::diagnostic::Diagnostic;
use crate::fix;
use crate::pipeline::Workspace;
use crate::source::SourceFile;
use lsp_types as lsp;
use std::collections::HashMap;

/// What the actions need from the server.
pub struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub enc: Encoding,
    pub uri_of: &'a dyn Fn(&str) -> Option<lsp::Uri>,
}

/// The actions for the findings of `path` that touch the byte range `start..=end`.
pub fn actions(cx: &Ctx, path: &str, start: u32, end: u32) -> Vec<lsp::CodeAction> {
    let ws = cx.ws;
    let Some(file) = super::locate::file(ws, path) else {
        return Vec::new();
    };
    let Some(uri) = (cx.uri_of)(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut ignores = Vec::new();
    for d in ws.findings_for(path) {
        let Some(p) = d
            .primary
            .filter(|p| p.start <= end && start <= p.end.max(p.start))
        else {
            continue;
        };
        if d.suppressed.is_some() {
            continue;
        }
        let range = convert::range(file, p.start, p.end, cx.enc);
        let shown = convert::diagnostic(d, ws.sources(), cx.uri_of, range, cx.enc);
        if let Some(f) = fix::fix_for(ws, d) {
            let edits = f
                .edits
                .iter()
                .map(|e| edit(file, e.start, e.end, &e.text, cx.enc))
                .collect();
            out.push(action(
                format!(
                    "{}{}",
                    f.title,
                    if f.safe { "" } else { " (check it after)" }
                ),
                &uri,
                edits,
                &shown,
                f.safe,
            ));
        }
        let line_end = file.line_end(p.start);
        if !ignores.contains(&(line_end, d.code.to_string())) {
            ignores.push((line_end, d.code.to_string()));
            let text = format!("  # grclint: ignore[{}] ", d.code);
            out.push(action(
                crate::tr!(
                    "Ignore {} on this line, with a reason",
                    "この行の {} を理由を付けて抑止する",
                    d.code
                ),
                &uri,
                vec![edit(file, line_end, line_end, &text, cx.enc)],
                &shown,
                false,
            ));
        }
        out.extend(waiver(cx, d, &shown));
    }
    out
}

fn edit(file: &SourceFile, start: u32, end: u32, text: &str, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: convert::range(file, start, end, enc),
        new_text: text.to_owned(),
    }
}

fn action(
    title: String,
    uri: &lsp::Uri,
    edits: Vec<lsp::TextEdit>,
    shown: &lsp::Diagnostic,
    preferred: bool,
) -> lsp::CodeAction {
    lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    }
}

/// A waiver record for the finding's record, in `waivers/`, to be completed and approved.
fn waiver(cx: &Ctx, d: &Diagnostic, shown: &lsp::Diagnostic) -> Option<lsp::CodeAction> {
    let id = d.record.as_ref()?.id.as_deref()?;
    cx.ws.kinds().get("waiver")?;
    let safe = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect::<String>()
    };
    let rel = format!("waivers/{}-{}.yaml", d.code, safe(id));
    if cx.ws.root().join(&rel).exists() {
        return None;
    }
    let uri = (cx.uri_of)(&rel)?;
    let today = cx.ws.today();
    let expires = today
        .checked_add(jiff::Span::new().days(90))
        .unwrap_or(today);
    let (code, sid) = (&d.code, safe(id));
    let head = crate::tr!(
        "# An exception to {code} for {id}: write why it is acceptable and who approved it.",
        "# {id} についての {code} の例外承認。認めてよい理由と承認者を書いてください。"
    );
    let text = format!(
        "{head}\n\
         id: W-{code}-{sid}\n\
         rule: {code}\n\
         target: {id}\n\
         reason: \n\
         approved_by: \n\
         approved_on: {today}\n\
         expires: {expires}\n"
    );
    let create = lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
        uri: uri.clone(),
        options: Some(lsp::CreateFileOptions {
            overwrite: Some(false),
            ignore_if_exists: Some(true),
        }),
        annotation_id: None,
    }));
    let write = lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: vec![lsp::OneOf::Left(lsp::TextEdit {
            range: lsp::Range::default(),
            new_text: text,
        })],
    });
    Some(lsp::CodeAction {
        title: crate::tr!(
            "Add a waiver for {} on {id}",
            "{id} の {} について例外承認を追加する",
            d.code
        ),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![create, write])),
            ..Default::default()
        }),
        ..Default::default()
    })
}
