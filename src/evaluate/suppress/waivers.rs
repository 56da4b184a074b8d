//! `waiver` records: a rule silenced for a record id or a path glob until `expires`.

use crate::diagnostic::{Diagnostic, Severity, Suppression};
use crate::evaluate::dates;
use crate::evaluate::world::World;
use crate::validate::record_ref;
use globset::Glob;
use serde_json::Value;
use std::collections::HashSet;

pub struct Waiver {
    /// The waiver record's index in the world.
    pub record: usize,
    pub rule: String,
    pub target: String,
    glob: Option<globset::GlobMatcher>,
    pub expired: bool,
    pub used: bool,
}

impl Waiver {
    /// It names this finding: its rule, and its record id or a glob matching its path.
    pub fn covers(&self, code: &str, path: Option<&str>, id: Option<&str>) -> bool {
        self.rule == code
            && match &self.glob {
                Some(g) => path.is_some_and(|p| g.is_match(p)),
                None => id == Some(self.target.as_str()),
            }
    }

    /// What a finding it silences carries.
    pub fn suppression(&self, world: &World) -> Suppression {
        let r = &world.records[self.record];
        let reason = r.value.get("reason").and_then(Value::as_str);
        Suppression::Waiver {
            id: r.id.clone().unwrap_or_else(|| "?".to_owned()),
            reason: reason.unwrap_or_default().to_owned(),
        }
    }
}

/// The schema-valid waivers of the world, with WAI001 (expired), WAI002 (expiring within
/// 30 days) and IGN001 (an unknown rule) for each that needs one.
pub fn collect(world: &World, known: &HashSet<String>, out: &mut Vec<Diagnostic>) -> Vec<Waiver> {
    let mut waivers = Vec::new();
    for &i in world
        .index
        .by_kind
        .get("waiver")
        .map_or(&[][..], Vec::as_slice)
    {
        let r = &world.records[i];
        if !world.schema_ok[i] {
            continue;
        }
        let get = |k: &str| {
            r.value
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (rule, target, expires) = (get("rule"), get("target"), get("expires"));
        // Dates in ISO form order as text; a missing one sorts first, so it has expired.
        let expired = expires.as_str() < world.today_str.as_str();
        let record = || record_ref(r, "/expires");
        if expired {
            out.push(
                Diagnostic::error("WAI001", format!("this waiver of {rule} for `{target}` expired on {expires}; it silences nothing"))
                    .at_opt(r.span_of("/expires"))
                    .help("Fix the finding, or have the exception approved again with a new `expires`.")
                    .record(record()),
            );
        } else if let Ok(d) = dates::parse_date(&expires) {
            let left = dates::days_between(world.today, d);
            if left <= 30 {
                out.push(
                    Diagnostic::new("WAI002", Severity::Info, format!("this waiver of {rule} for `{target}` expires in {left} days ({expires})"))
                        .at_opt(r.span_of("/expires"))
                        .help("Plan the fix, or the renewal of the approval, before it expires.")
                        .record(record()),
                );
            }
        }
        if !known.contains(&rule) {
            out.push(
                Diagnostic::new(
                    "IGN001",
                    Severity::Warning,
                    format!("this waiver names `{rule}`, which no rule has"),
                )
                .at_opt(r.span_of("/rule"))
                .record(record_ref(r, "/rule")),
            );
        }
        let glob = (target.contains(['/', '*', '?']))
            .then(|| Glob::new(&target).ok().map(|g| g.compile_matcher()))
            .flatten();
        waivers.push(Waiver {
            record: i,
            rule,
            target,
            glob,
            expired,
            used: false,
        });
    }
    waivers
}

/// IGN002 for an unexpired waiver that silenced nothing.
pub fn unused(w: &Waiver, world: &World) -> Diagnostic {
    let r = &world.records[w.record];
    Diagnostic::new(
        "IGN002",
        Severity::Warning,
        format!(
            "this waiver of {} for `{}` silenced nothing",
            w.rule, w.target
        ),
    )
    .at_opt(r.span_of("/target"))
    .help("Remove the waiver: the finding it was approved for is gone (or the target is misspelt).")
    .record(record_ref(r, "/target"))
}
