//! `waiver` records: a rule silenced for a record id or a path glob until `expires`.

use crate::diagnostic::{Diagnostic, EngineCode, Severity, Suppression};
use crate::evaluate::dates;
use crate::evaluate::registry::Registry;
use crate::evaluate::world::World;
use crate::i18n::t;
use crate::load::Record;
use crate::tr;
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

/// The schema-valid waivers of the world, with the findings each needs: WAI001 (expired),
/// WAI002 (expiring within 30 days), WAI003 (approver left), WAI004 (approval dated after
/// today or after the expiry), WAI005 (a target that is no glob), IGN001 (an unknown rule).
pub fn collect(world: &World, known: &Registry<'_>, out: &mut Vec<Diagnostic>) -> Vec<Waiver> {
    let ids = world
        .index
        .by_kind
        .get("waiver")
        .map_or(&[][..], Vec::as_slice);
    ids.iter()
        .filter(|&&i| world.schema_ok[i])
        .map(|&i| one(world, i, known, out))
        .collect()
}

/// The fields of a waiver record, as text.
struct Fields {
    rule: String,
    target: String,
    expires: String,
    approved_on: String,
    approved_by: String,
}

fn one(world: &World, i: usize, known: &Registry<'_>, out: &mut Vec<Diagnostic>) -> Waiver {
    let r = &world.records[i];
    let get = |k: &str| {
        r.value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let f = Fields {
        rule: get("rule"),
        target: get("target"),
        expires: get("expires"),
        approved_on: get("approved_on"),
        approved_by: get("approved_by"),
    };
    let void_approval = approval(world, r, &f, out);
    let (glob, void_target) = target_glob(r, &f, out);
    let expired = void_approval || void_target || expiry(world, r, &f, out);
    if !known.contains(&f.rule) {
        out.push(
            Diagnostic::new(
                EngineCode::Ign001,
                Severity::Warning,
                tr!(
                    "this waiver names `{}`, which no rule has",
                    "この例外承認が挙げる `{}` は、どのルールのコードでもない",
                    f.rule
                ),
            )
            .at_opt(r.span_of("/rule"))
            .record(record_ref(r, "/rule")),
        );
    }
    Waiver {
        record: i,
        rule: f.rule,
        target: f.target,
        glob,
        expired,
        used: false,
    }
}

/// WAI004 for an approval dated after today or after the expiry (the waiver is void: true),
/// WAI003 for an approver who has left (it still stands).
fn approval(world: &World, r: &Record, f: &Fields, out: &mut Vec<Diagnostic>) -> bool {
    let today = world.today_str.as_str();
    let (rule, target, on) = (&f.rule, &f.target, &f.approved_on);
    let approver = &f.approved_by;
    let left = world
        .index
        .lookup("person", approver)
        .and_then(|p| world.records[p].value.get("left"))
        .and_then(Value::as_str)
        .filter(|l| *l <= today);
    if let Some(left) = left {
        out.push(
            Diagnostic::error(EngineCode::Wai003, tr!("this waiver of {rule} for `{target}` was approved by {approver}, who left on {left}", "`{target}` についての {rule} の例外承認は、{left} に退職した {approver} が承認している"))
                .at_opt(r.span_of("/approved_by"))
                .help(t("Have a current manager approve the exception again: set `approved_by` and `approved_on`.", "現在の管理者に例外を改めて承認してもらい、`approved_by` と `approved_on` を設定してください。"))
                .record(record_ref(r, "/approved_by")),
        );
    }
    let when = if on.as_str() > today {
        t("after today", "今日より後")
    } else if *on > f.expires {
        t("after the waiver expires", "例外承認の期限より後")
    } else {
        return false;
    };
    out.push(
        Diagnostic::error(EngineCode::Wai004, tr!("this waiver of {rule} for `{target}` was approved on {on}, {when}; it silences nothing", "`{target}` についての {rule} の例外承認の承認日 {on} が{when}なので、何も抑止しない"))
            .at_opt(r.span_of("/approved_on"))
            .help(t("Correct `approved_on` to the day the approval was given, and `expires` to the day it ends.", "`approved_on` を承認した日に、`expires` を終わる日に直してください。"))
            .record(record_ref(r, "/approved_on")),
    );
    true
}

/// The target's glob when it is a path pattern; WAI005 (void: true) when it is not a valid one.
fn target_glob(
    r: &Record,
    f: &Fields,
    out: &mut Vec<Diagnostic>,
) -> (Option<globset::GlobMatcher>, bool) {
    let target = &f.target;
    match target.contains(['/', '*', '?']).then(|| Glob::new(target)) {
        None => (None, false),
        Some(Ok(g)) => (Some(g.compile_matcher()), false),
        Some(Err(e)) => {
            out.push(
                Diagnostic::error(EngineCode::Wai005, tr!("the target `{target}` is not a path pattern grclint can read ({}); this waiver silences nothing", "対象 `{target}` は grclint が読み取れるパスのパターンではない（{}）。この例外承認は何も抑止しない", e.kind()))
                    .at_opt(r.span_of("/target"))
                    .help(t("Write the target as a record id (`NET-002`) or a valid glob (`networks/*.yaml`).", "対象はレコードの ID（`NET-002`）か、有効なグロブ（`networks/*.yaml`）で書いてください。"))
                    .record(record_ref(r, "/target")),
            );
            (None, true)
        }
    }
}

/// WAI001 when the waiver has expired (true), WAI002 when it expires within 30 days.
fn expiry(world: &World, r: &Record, f: &Fields, out: &mut Vec<Diagnostic>) -> bool {
    let (rule, target, expires) = (&f.rule, &f.target, &f.expires);
    let record = || record_ref(r, "/expires");
    // Dates in ISO form order as text; a missing one sorts first, so it has expired.
    if expires.as_str() < world.today_str.as_str() {
        out.push(
            Diagnostic::error(
                EngineCode::Wai001,
                tr!(
                    "this waiver of {rule} for `{target}` expired on {expires}; it silences nothing",
                    "`{target}` についての {rule} の例外承認は {expires} に期限が切れている。何も抑止しない"
                ),
            )
            .at_opt(r.span_of("/expires"))
            .help(t(
                "Fix the finding, or have the exception approved again with a new `expires`.",
                "指摘を是正するか、新しい `expires` を付けて例外を改めて承認してもらってください。",
            ))
            .record(record()),
        );
        return true;
    }
    if let Ok(d) = dates::parse_date(expires) {
        let left = dates::days_between(world.today, d);
        if left <= 30 {
            out.push(
                Diagnostic::new(
                    EngineCode::Wai002,
                    Severity::Info,
                    tr!(
                        "this waiver of {rule} for `{target}` expires in {left} days ({expires})",
                        "`{target}` についての {rule} の例外承認は {left} 日後（{expires}）に期限が切れる"
                    ),
                )
                .at_opt(r.span_of("/expires"))
                .help(t(
                    "Plan the fix, or the renewal of the approval, before it expires.",
                    "期限が切れる前に、是正か承認の更新を計画してください。",
                ))
                .record(record()),
            );
        }
    }
    false
}

/// IGN002 for an unexpired waiver that silenced nothing.
pub fn unused(w: &Waiver, world: &World) -> Diagnostic {
    let r = &world.records[w.record];
    Diagnostic::new(
        EngineCode::Ign002,
        Severity::Warning,
        tr!(
            "this waiver of {} for `{}` silenced nothing",
            "{} の例外承認（対象 `{}`）は何も抑止しなかった",
            w.rule,
            w.target
        ),
    )
    .at_opt(r.span_of("/target"))
    .help(t(
        "Remove the waiver: the finding it was approved for is gone (or the target is misspelt).",
        "例外承認を削除してください。承認の対象だった指摘はもうありません（または対象の書き誤りです）。",
    ))
    .record(record_ref(r, "/target"))
}
