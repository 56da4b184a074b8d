//! The baseline: findings recorded by fingerprint, so that later runs report only new ones.

use crate::diagnostic::{Diagnostic, Suppression};
use crate::report::fingerprint;
use crate::source::Sources;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

/// fingerprint → how many findings with it the baseline holds.
pub struct Baseline(HashMap<String, usize>);

impl Baseline {
    /// Reads a baseline file as the other inputs are read: a regular file (not a link, a
    /// FIFO or a device), at most `max` bytes.
    pub fn read(path: &Path, max: u64) -> Result<Baseline, String> {
        let text = crate::source::read_regular(path, max)?;
        let v: Value =
            serde_json::from_str(&text).map_err(|e| format!("not a grclint baseline: {e}"))?;
        let list = v
            .get("findings")
            .and_then(Value::as_array)
            .ok_or(crate::i18n::t(
                "not a grclint baseline: no `findings`",
                "grclint のベースラインではない: `findings` がない",
            ))?;
        let mut known = HashMap::new();
        for f in list {
            if let Some(fp) = f.get("fingerprint").and_then(Value::as_str) {
                *known.entry(fp.to_owned()).or_insert(0) += 1;
            }
        }
        Ok(Baseline(known))
    }

    /// Marks the unsuppressed findings the baseline holds, each entry once; returns how many.
    pub fn apply(mut self, diags: &mut [Diagnostic], sources: &Sources) -> usize {
        let mut baselined = 0;
        for d in diags.iter_mut().filter(|d| d.suppressed.is_none()) {
            if let Some(n) = self.0.get_mut(&fingerprint(d, sources)).filter(|n| **n > 0) {
                *n -= 1;
                d.suppressed = Some(Suppression::Baseline);
                baselined += 1;
            }
        }
        baselined
    }
}

/// The baseline file for these findings: the unsuppressed ones, sorted by path, code and
/// fingerprint, so that the file is stable.
pub fn document(diags: &[Diagnostic], sources: &Sources) -> (Value, usize) {
    let mut entries: Vec<Value> = diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| {
            let path = d.primary.map(|p| sources.get(p.file).path.clone());
            json!({
                "fingerprint": fingerprint(d, sources),
                "code": d.code,
                "path": path,
                "record_id": d.record.as_ref().and_then(|r| r.id.clone()),
                "message": d.message,
            })
        })
        .collect();
    let key = |v: &Value| {
        (
            v["path"].as_str().unwrap_or("").to_owned(),
            v["code"].as_str().unwrap_or("").to_owned(),
            v["fingerprint"].as_str().unwrap_or("").to_owned(),
        )
    };
    entries.sort_by_key(key);
    let n = entries.len();
    (json!({"version": 1, "findings": entries}), n)
}
