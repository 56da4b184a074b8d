//! `grclint report`: the document an auditor opens first — the cover, a radar per area, the
//! risk heat map, the Statement of Applicability, what falls due and the findings — as one
//! self-contained HTML file or as JSON. Built from a [`Workspace`] after the checks have run;
//! it never changes what `check` reports.

pub mod annex;
mod areas;
mod due;
mod html;
mod risks;
mod soa;
mod svg;
pub mod text;

use crate::diagnostic::{Diagnostic, Suppression};
use crate::pipeline::Workspace;
use crate::report::Summary;
use serde::Serialize;
use std::path::Path;
pub use text::Lang;

/// What the report covers besides the repository: set by the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// How far ahead "what falls due" looks, in days.
    pub due_within: i64,
    /// The report's own file: writing it is not a change to the records.
    pub output: Option<std::path::PathBuf>,
}

/// Everything the report says, in the order of its sections. `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct Audit {
    pub version: u32,
    pub cover: Cover,
    pub summary: Counts,
    pub areas: Vec<areas::AreaScore>,
    pub heat_map: risks::HeatMap,
    pub soa: Vec<soa::Row>,
    pub due: due::Due,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Cover {
    pub organisation: String,
    pub as_of: String,
    pub grclint_version: &'static str,
    /// The repository's HEAD, None outside git.
    pub commit: Option<String>,
    /// Whether files differ from HEAD (the report's own file aside); None outside git.
    pub dirty: Option<bool>,
}

/// As `check`'s json summary.
#[derive(Debug, Serialize)]
pub struct Counts {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

/// One finding as the report lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub area: Option<&'static str>,
    pub kind: Option<String>,
    pub record: Option<String>,
    pub path: Option<String>,
    pub line: Option<u32>,
    pub code: String,
    pub severity: crate::diagnostic::Severity,
    pub message: String,
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// Gathers the report from a checked workspace.
pub fn build(ws: &Workspace, options: &Options) -> Audit {
    let mut summary = Summary::default();
    summary.count(ws.findings());
    let (mut findings, mut suppressed): (Vec<Finding>, Vec<Finding>) = ws
        .findings()
        .iter()
        .map(|d| finding(ws, d))
        .partition(|f| f.reason.is_none());
    let order = |f: &Finding| {
        (
            f.area
                .and_then(|a| areas::AREAS.iter().position(|(k, _, _)| *k == a)),
            f.kind.clone(),
            f.record.clone(),
            f.path.clone(),
            f.line,
            f.code.clone(),
        )
    };
    findings.sort_by_key(order);
    suppressed.sort_by_key(order);
    Audit {
        version: 1,
        cover: cover(ws, options),
        summary: Counts {
            files: ws.record_files(),
            records: ws.records().len(),
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            suppressed: summary.suppressed,
        },
        areas: areas::scores(ws),
        heat_map: risks::heat_map(ws),
        soa: soa::rows(ws, &findings),
        due: due::due(ws, options.due_within),
        findings,
        suppressed,
    }
}

/// The JSON document, pretty-printed, with a final newline.
pub fn json(audit: &Audit) -> String {
    serde_json::to_string_pretty(audit).expect("the report serialises") + "\n"
}

/// The HTML document.
pub fn html(audit: &Audit, lang: Lang) -> String {
    html::page(audit, lang.text())
}

fn finding(ws: &Workspace, d: &Diagnostic) -> Finding {
    let loc = crate::report::location(d, ws.sources());
    let rec = d.record.as_ref();
    let mut f = Finding {
        area: areas::area_of(&d.code, rec.map(|r| r.kind.as_str())).map(|i| areas::AREAS[i].0),
        kind: rec.map(|r| r.kind.clone()),
        record: rec.and_then(|r| r.id.clone()),
        path: loc.as_ref().map(|l| l.path.to_owned()),
        line: loc.as_ref().map(|l| l.line),
        code: d.code.to_string(),
        severity: d.severity,
        message: d.message.clone(),
        help: d.help.clone(),
        reason: None,
        waiver: None,
        approved_by: None,
        expires: None,
    };
    match &d.suppressed {
        None => {}
        Some(Suppression::Waiver { id, reason }) => {
            let w = ws.record("waiver", id).map(|r| &r.value);
            let field = |k: &str| {
                w.and_then(|v| v.get(k))
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            f.reason = Some(reason.clone());
            f.waiver = Some(id.clone());
            f.approved_by = field("approved_by");
            f.expires = field("expires");
        }
        Some(Suppression::Inline { reason }) => f.reason = Some(format!("inline: {reason}")),
        Some(Suppression::Baseline) => f.reason = Some("baseline".into()),
    }
    f
}

fn cover(ws: &Workspace, options: &Options) -> Cover {
    let (commit, dirty) = git_state(ws.root(), options.output.as_deref());
    Cover {
        organisation: ws
            .settings()
            .organisation
            .clone()
            .unwrap_or_else(|| folder_name(ws.root())),
        as_of: ws.today().to_string(),
        grclint_version: env!("CARGO_PKG_VERSION"),
        commit,
        dirty,
    }
}

fn folder_name(root: &Path) -> String {
    let abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    abs.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// HEAD and whether the working tree differs from it; (None, None) outside git.
fn git_state(root: &Path, output: Option<&Path>) -> (Option<String>, Option<bool>) {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(head) = git(&["rev-parse", "--verify", "-q", "HEAD"]) else {
        return (None, None);
    };
    let top = git(&["rev-parse", "--show-toplevel"]).unwrap_or_default();
    let top = Path::new(top.trim());
    let output = output.and_then(|o| o.canonicalize().ok());
    let status = git(&["status", "--porcelain=v1", "-z", "--", "."]).unwrap_or_default();
    let dirty = status
        .split('\0')
        .filter(|e| e.len() > 3)
        .any(|e| Some(top.join(&e[3..])) != output);
    (Some(head.trim().to_owned()), Some(dirty))
}
