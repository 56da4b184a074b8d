//! `waiver` records: a rule silenced for a record id or a path glob until `expires`.

use crate::diagnostic::{Diagnostic, EngineCode, Severity, Suppression};
use crate::evaluate::dates;
use crate::evaluate::registry::Registry;
use crate::evaluate::world::World;
use crate::validate::record_ref;
use globset::Glob;
use serde_json::Value;

pub struct Waiver {
    /// The waiver record's index in the world.
    pub record: usize,
    pub rule: String,
    pub target: String,
    glob: Option<globset::GlobMatcher>,
    /// Expired, or void (approved after it expires, a target that is no glob): it
    /// silences nothing.
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
pub fn collect(world: &World, known: &Registry<'_>, out: &mut Vec<Diagnostic>) -> Vec<Waiver> {
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
        let mut expired = expires.as_str() < world.today_str.as_str();
        let approved_on = get("approved_on");
        if approved_on.as_str() > world.today_str.as_str() || approved_on > expires {
            let when = if approved_on.as_str() > world.today_str.as_str() {
                "after today"
            } else {
                "after the waiver expires"
            };
            out.push(
                Diagnostic::error(EngineCode::Wai004, format!("this waiver of {rule} for `{target}` was approved on {approved_on}, {when}; it silences nothing"))
                    .at_opt(r.span_of("/approved_on"))
                    .help("Correct `approved_on` to the day the approval was given, and `expires` to the day it ends.")
                    .record(record_ref(r, "/approved_on")),
            );
            expired = true;
        }
        let approver = get("approved_by");
        let left = world
            .index
            .lookup("person", &approver)
            .and_then(|p| world.records[p].value.get("left"))
            .and_then(Value::as_str)
            .filter(|l| *l <= world.today_str.as_str());
        if let Some(left) = left {
            out.push(
                Diagnostic::error(EngineCode::Wai003, format!("this waiver of {rule} for `{target}` was approved by {approver}, who left on {left}"))
                    .at_opt(r.span_of("/approved_by"))
                    .help("Have a current manager approve the exception again: set `approved_by` and `approved_on`.")
                    .record(record_ref(r, "/approved_by")),
            );
        }
        let record = || record_ref(r, "/expires");
        if expired {
            out.push(
                Diagnostic::error(EngineCode::Wai001, format!("this waiver of {rule} for `{target}` expired on {expires}; it silences nothing"))
                    .at_opt(r.span_of("/expires"))
                    .help("Fix the finding, or have the exception approved again with a new `expires`.")
                    .record(record()),
            );
        } else if let Ok(d) = dates::parse_date(&expires) {
            let left = dates::days_between(world.today, d);
            if left <= 30 {
                out.push(
                    Diagnostic::new(EngineCode::Wai002, Severity::Info, format!("this waiver of {rule} for `{target}` expires in {left} days ({expires})"))
                        .at_opt(r.span_of("/expires"))
                        .help("Plan the fix, or the renewal of the approval, before it expires.")
                        .record(record()),
                );
            }
        }
        if !known.contains(&rule) {
            out.push(
                Diagnostic::new(
                    EngineCode::Ign001,
                    Severity::Warning,
                    format!("this waiver names `{rule}`, which no rule has"),
                )
                .at_opt(r.span_of("/rule"))
                .record(record_ref(r, "/rule")),
            );
        }
        let glob = match target.contains(['/', '*', '?']).then(|| Glob::new(&target)) {
            None => None,
            Some(Ok(g)) => Some(g.compile_matcher()),
            Some(Err(e)) => {
                out.push(
                    Diagnostic::error(EngineCode::Wai005, format!("the target `{target}` is not a path pattern grclint can read ({}); this waiver silences nothing", e.kind()))
                        .at_opt(r.span_of("/target"))
                        .help("Write the target as a record id (`NET-002`) or a valid glob (`networks/*.yaml`).")
                        .record(record_ref(r, "/target")),
                );
                expired = true;
                None
            }
        };
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
        EngineCode::Ign002,
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
