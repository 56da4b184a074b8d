//! What falls due: the dates the records and the rules' intervals set, within the window,
//! and what is already past them.

use crate::evaluate::dates;
use crate::load::Record;
use crate::pipeline::Workspace;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize)]
pub struct Due {
    pub within_days: i64,
    pub overdue: Vec<Item>,
    pub upcoming: Vec<Item>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub date: String,
    /// Days from the report's date (negative: overdue).
    pub days: i64,
    /// What falls due: an index into the text's `due_kinds`, and its English key.
    #[serde(skip)]
    pub what_index: usize,
    pub what: &'static str,
    pub kind: String,
    pub record: Option<String>,
    pub path: String,
}

/// The English keys of what can fall due, in the order of `Text::due_kinds`.
const WHAT: [&str; 15] = [
    "inventory",
    "policy-review",
    "training",
    "access-review",
    "contract-end",
    "status-report",
    "supplier-review",
    "acceptance-expires",
    "risk-review",
    "waiver-expires",
    "incident-exercise",
    "restore-test",
    "key-rotation",
    "backup",
    "pledge",
];

pub fn due(ws: &Workspace, within: i64) -> Due {
    let today = ws.today();
    let interval = |code: &str| {
        let configured = ws
            .rules()
            .iter()
            .find(|r| &*r.code == code)
            .and_then(|r| r.params.get("max_age"))
            .and_then(Value::as_str)
            .and_then(|s| dates::parse_duration(s).ok());
        configured.unwrap_or_else(|| dates::parse_duration("365d").ok().flatten())
    };
    let mut items = Vec::new();
    for r in ws.records() {
        let mut push = |what: usize, date: Option<Date>| {
            if let Some(date) = date {
                items.push(Item {
                    date: date.to_string(),
                    days: dates::days_between(today, date),
                    what_index: what,
                    what: WHAT[what],
                    kind: r.kind.clone(),
                    record: r.id.clone(),
                    path: ws.sources().get(r.file).path.clone(),
                });
            }
        };
        let v = &r.value;
        let after = |field: &str, code: &str| plus(date_at(v, field), interval(code));
        match r.kind.as_str() {
            "asset" if v.get("disposed").is_none() => {
                push(0, after("/last_inventory", "AST001"));
            }
            "policy" if matches!(text(v, "/status"), None | Some("active")) => {
                push(1, date_at(v, "/next_review"));
            }
            "person" if active(r, today) => {
                push(2, after("/training/last", "PER003"));
                if v.get("access")
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
                {
                    push(3, after("/access_reviewed", "PER007"));
                }
                push(14, pledge_due(v));
            }
            "contract" if v.get("terminated").is_none() => push(4, date_at(v, "/end")),
            "supplier" => {
                if v.get("data")
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
                {
                    push(5, after("/last_status_report", "SUP005"));
                }
                push(6, after("/last_review", "SUP004"));
            }
            "risk" => {
                if text(v, "/treatment") == Some("accept") {
                    push(7, date_at(v, "/acceptance/expires"));
                }
                push(8, after("/last_review", "RSK008"));
            }
            "waiver" => push(9, date_at(v, "/expires")),
            "incident_plan" => push(10, after("/last_exercised", "IRP006")),
            "continuity_plan" => {
                push(11, after("/restore/last_test", "BCP004"));
                let every =
                    text(v, "/backup/frequency").and_then(|f| dates::parse_duration(f).ok());
                push(
                    13,
                    every.and_then(|e| plus(date_at(v, "/backup/last_success"), e)),
                );
            }
            "network" if text(v, "/type") == Some("wireless") => {
                push(12, after("/key_rotated", "NET003"));
            }
            _ => {}
        }
    }
    items.sort_by(|a, b| {
        (&a.date, a.what_index, &a.kind, &a.record).cmp(&(
            &b.date,
            b.what_index,
            &b.kind,
            &b.record,
        ))
    });
    let (overdue, rest): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| i.days < 0);
    Due {
        within_days: within,
        overdue,
        upcoming: rest.into_iter().filter(|i| i.days <= within).collect(),
    }
}

fn text<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer).and_then(Value::as_str)
}

fn date_at(v: &Value, pointer: &str) -> Option<Date> {
    text(v, pointer).and_then(|s| dates::parse_date(s).ok())
}

/// A date plus an interval; None for `permanent` (nothing falls due).
fn plus(date: Option<Date>, interval: Option<jiff::Span>) -> Option<Date> {
    let span = interval?;
    dates::add(date?, Some(span)).ok()
}

/// When a pledge falls due for an active person: on joining when none is signed (PER001), and
/// on leaving when the signed one does not bind after employment (PER002). A signed pledge
/// carries no expiry in the records, so nothing else falls due.
fn pledge_due(v: &Value) -> Option<Date> {
    match v.get("pledge") {
        None => date_at(v, "/joined"),
        Some(p) if p.get("post_employment").and_then(Value::as_bool) != Some(true) => {
            date_at(v, "/left")
        }
        Some(_) => None,
    }
}

fn active(r: &Record, today: Date) -> bool {
    match date_at(&r.value, "/left") {
        Some(left) => left > today,
        None => true,
    }
}
