//! The library's `Workspace`: a repository kept in memory and brought up to date one file
//! at a time must always say what a fresh run on the same files says.

mod common;
use common::*;
use grclint::pipeline::{Request, Workspace};
use std::path::Path;

fn request() -> Request {
    Request {
        today: Some(TODAY.to_owned()),
        ..Request::default()
    }
}

fn open(dir: &Path) -> Workspace {
    match Workspace::open(dir.to_path_buf(), &request()) {
        Ok(ws) => ws,
        Err(_) => panic!("{} opens", dir.display()),
    }
}

/// Each finding as a report shows it: place, code, severity, message, help, suppression.
fn shown(ws: &Workspace) -> Vec<String> {
    ws.findings()
        .iter()
        .map(|d| {
            let at = d.primary.map(|p| {
                let f = ws.sources().get(p.file);
                let (l, c) = f.line_col(p.start);
                format!("{}:{l}:{c}", f.path)
            });
            format!(
                "{} {} {} {} | {:?} | {:?} | {:?}",
                at.unwrap_or_default(),
                d.code,
                d.severity,
                d.message,
                d.help,
                d.labels.iter().map(|l| &l.text).collect::<Vec<_>>(),
                d.suppressed.as_ref().map(|s| s.to_string())
            )
        })
        .collect()
}

/// Applies an edit to the workspace and to the files on disk, then compares the workspace
/// with a fresh open of the edited files.
struct Twin {
    ws: Workspace,
    dir: tempfile::TempDir,
}

impl Twin {
    fn new(fixture: &str) -> Twin {
        let dir = copy_tree(&root().join(fixture));
        Twin {
            ws: open(dir.path()),
            dir,
        }
    }

    fn set(&mut self, rel: &str, text: &str) {
        write(&self.dir.path().join(rel), text);
        assert!(self.ws.set_file(rel, text), "{rel} is a record file");
        self.same();
    }

    fn edit(&mut self, rel: &str, from: &str, to: &str) {
        let path = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} holds {from:?}");
        self.set(rel, &text.replacen(from, to, 1));
    }

    fn remove(&mut self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
        assert!(self.ws.remove_file(rel));
        self.same();
    }

    fn same(&self) {
        let fresh = open(self.dir.path());
        assert_eq!(shown(&self.ws), shown(&fresh));
        assert_eq!(self.ws.records().len(), fresh.records().len());
        assert_eq!(self.ws.record_files(), fresh.record_files());
        assert_eq!(referrers(&self.ws), referrers(&fresh), "who names whom");
    }
}

/// For every record with an id, the records that name it, as `kind id` in order.
fn referrers(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let name = |r: &grclint::load::Record| format!("{} {}", r.kind, r.id.as_deref().unwrap_or("-"));
    ws.records()
        .iter()
        .filter_map(|r| Some((r, r.id.as_deref()?)))
        .map(|(r, id)| {
            (
                name(r),
                ws.referrers(&r.kind, id).into_iter().map(name).collect(),
            )
        })
        .collect()
}

fn codes(ws: &Workspace) -> Vec<String> {
    ws.findings().iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn a_deleted_person_makes_references_dangle_in_other_files_and_back() {
    let mut t = Twin::new("fixtures/demo");
    assert!(t.ws.findings().is_empty(), "the demo is clean");
    let staff = std::fs::read_to_string(t.dir.path().join("people/staff.yaml")).unwrap();
    let start = staff.find("- id: P-005").expect("P-005 is on staff");
    let end = staff[start + 1..]
        .find("\n- id:")
        .map_or(staff.len(), |e| start + 1 + e);
    let without = format!("{}{}", &staff[..start], &staff[end + 1..]);
    t.set("people/staff.yaml", &without);
    let dangling: Vec<String> = shown(&t.ws)
        .into_iter()
        .filter(|s| s.contains("REF001") && s.contains("P-005"))
        .collect();
    assert!(
        dangling
            .iter()
            .any(|s| s.starts_with("assets/ledger.yaml:")),
        "the ledger names P-005: {dangling:#?}"
    );
    t.set("people/staff.yaml", &staff);
    assert!(t.ws.findings().is_empty(), "restored: clean again");
}

#[test]
fn edits_of_every_kind_agree_with_a_fresh_run() {
    let mut t = Twin::new("fixtures/demo");
    // A value a local rule reads; a date far in the past.
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2026-",
        "last_inventory: 2019-",
    );
    assert!(
        codes(&t.ws).contains(&"AST001".to_owned()),
        "{:?}",
        codes(&t.ws)
    );
    // A schema error, then a YAML error, then the fix.
    t.edit("networks/vpn.yaml", "id:", "idd:");
    t.edit("networks/vpn.yaml", "idd:", "id: [");
    t.edit("networks/vpn.yaml", "id: [", "id:");
    // A supplier's contract gone: rules on suppliers read contracts.
    t.remove("contracts/hikari-printing.yaml");
    assert!(
        codes(&t.ws).iter().any(|c| c.starts_with("SUP")),
        "{:?}",
        codes(&t.ws)
    );
    // A new file with a duplicate id and a dangling reference.
    t.set(
        "assets/extra.yaml",
        "- id: A-001\n  name: 複製\n  owner: {department: 総務部, person: P-404}\n",
    );
    for code in ["REF001", "REF002", "SCH001"] {
        assert!(
            codes(&t.ws).contains(&code.to_owned()),
            "{code}: {:?}",
            codes(&t.ws)
        );
    }
    // An inline suppression that silences nothing, then the file removed.
    let ledger = std::fs::read_to_string(t.dir.path().join("assets/extra.yaml")).unwrap();
    t.set(
        "assets/extra.yaml",
        &format!("# grclint: ignore[AST001] 棚卸は来月\n{ledger}"),
    );
    t.remove("assets/extra.yaml");
    // A file that is not a record file changes nothing and is not taken.
    assert!(!t.ws.set_file("README.md", "# notes"));
    t.same();
}

/// Edits that keep a file's kinds and ids re-check only that file's references: they must
/// still agree with a fresh run, whoever they now name.
#[test]
fn edits_that_keep_the_ids_agree_with_a_fresh_run() {
    let mut t = Twin::new("fixtures/demo");
    // The records of the ledger whose positions this read made: an edit inside one entry
    // reads that entry alone; the others' positions are read from the new text if asked.
    let read_here = |t: &Twin| {
        let ledger =
            |r: &&grclint::load::Record| t.ws.sources().get(r.file).path == "assets/ledger.yaml";
        t.ws.records()
            .iter()
            .filter(ledger)
            .filter(|r| r.kept_spans().is_some())
            .count()
    };
    assert_eq!(read_here(&t), 0, "the ledger is read lean");
    // An asset handed to another person: P-005 loses a referrer, P-002 gains one.
    t.edit("assets/ledger.yaml", "person: P-005", "person: P-002");
    assert_eq!(read_here(&t), 1, "only the edited entry was read");
    // A reference that dangles, then another file edited while it does, then mended.
    t.edit("assets/ledger.yaml", "person: P-003", "person: P-404");
    assert!(codes(&t.ws).contains(&"REF001".to_owned()));
    t.edit("people/staff.yaml", "name:", "name:  ");
    t.edit("assets/ledger.yaml", "person: P-404", "person: P-003");
    assert!(!codes(&t.ws).contains(&"REF001".to_owned()));
    // A dangling reference written as the person's name, whose hint names the id; then
    // that person renamed in their own file (same ids), so the hint no longer holds.
    let staff = std::fs::read_to_string(t.dir.path().join("people/staff.yaml")).unwrap();
    let name = staff
        .lines()
        .find_map(|l| l.trim().strip_prefix("name: "))
        .expect("a person's name")
        .to_owned();
    t.edit(
        "assets/ledger.yaml",
        "person: P-002",
        &format!("person: {name}"),
    );
    t.edit(
        "people/staff.yaml",
        &format!("name: {name}"),
        "name: 別人 太郎",
    );
    t.edit(
        "people/staff.yaml",
        "name: 別人 太郎",
        &format!("name: {name}"),
    );
    t.edit(
        "assets/ledger.yaml",
        &format!("person: {name}"),
        "person: P-005",
    );
    // Findings of records written as before are kept, moved with the text: one on a
    // later asset, then a comment added above it, a value changed below it, and the
    // finding's own record edited in a way that keeps its value.
    let ledger = std::fs::read_to_string(t.dir.path().join("assets/ledger.yaml")).unwrap();
    let later = ledger
        .match_indices("last_inventory: 2026-04-15")
        .nth(3)
        .unwrap()
        .0;
    let mut text = ledger.clone();
    text.replace_range(later..later + 26, "last_inventory: 2019-04-15");
    t.set("assets/ledger.yaml", &text);
    let ast001 = |t: &Twin| {
        let shown = shown(&t.ws).into_iter();
        shown
            .filter(|s| s.starts_with("assets/") && s.contains(" AST001 "))
            .collect::<Vec<_>>()
    };
    let before = ast001(&t);
    assert_eq!(before.len(), 1, "{before:?}");
    t.edit("assets/ledger.yaml", "\n", "\n# 棚卸の担当を確認中\n");
    assert_ne!(ast001(&t), before, "the finding moved a line down");
    // Silenced by a comment on its record's first line, which stays with it through edits
    // above and below (the record's first line is found in the edited text each time).
    let ledger = std::fs::read_to_string(t.dir.path().join("assets/ledger.yaml")).unwrap();
    let finding = ledger.find("last_inventory: 2019-04-15").unwrap();
    let head = ledger[..finding].rfind("\n- ").unwrap() + 1;
    let head_end = head + ledger[head..].find('\n').unwrap();
    let mut text = ledger.clone();
    text.insert_str(head_end, "  # grclint: ignore[AST001] 棚卸は来月に実施");
    t.set("assets/ledger.yaml", &text);
    assert!(
        ast001(&t)[0].ends_with("Some(\"inline: 棚卸は来月に実施\")"),
        "{:?}",
        ast001(&t)
    );
    t.edit("assets/ledger.yaml", "\n", "\n# 上の行\n");
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2026-04-15",
        "last_inventory: 2026-04-14",
    );
    // A line more in a record above it: its first line moves.
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2026-04-14",
        "last_inventory: 2026-04-14\n  # 棚卸済み",
    );
    assert!(
        ast001(&t)[0].ends_with("Some(\"inline: 棚卸は来月に実施\")"),
        "{:?}",
        ast001(&t)
    );
    let ledger = std::fs::read_to_string(t.dir.path().join("assets/ledger.yaml")).unwrap();
    let below = ledger.rfind("last_inventory: 2026-04-15").unwrap();
    let mut text = ledger.clone();
    text.replace_range(below..below + 26, "last_inventory: 2026-04-13");
    t.set("assets/ledger.yaml", &text);
    t.edit(
        "assets/ledger.yaml",
        "  # grclint: ignore[AST001] 棚卸は来月に実施",
        "",
    );
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2026-04-15",
        "last_inventory: 2026-04-16",
    );
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2019-04-15",
        "last_inventory:   2019-04-15",
    );
    t.edit(
        "assets/ledger.yaml",
        "last_inventory:   2019-04-15",
        "last_inventory: 2026-04-15",
    );
    assert!(ast001(&t).is_empty());
    // A value the schema refuses, found where it is written, then mended.
    t.edit("assets/ledger.yaml", "medium: system", "medium: systen");
    assert!(codes(&t.ws).contains(&"SCH003".to_owned()));
    // It stays, moved, while the lines above it and another record change.
    t.edit("assets/ledger.yaml", "\n", "\n# 媒体を確認中\n");
    t.edit(
        "assets/ledger.yaml",
        "last_inventory: 2026-04-16",
        "last_inventory: 2026-04-17",
    );
    assert!(codes(&t.ws).contains(&"SCH003".to_owned()));
    t.edit("assets/ledger.yaml", "medium: systen", "medium: system");
}

#[test]
fn look_ups_find_records_their_referrers_and_schema_nodes() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let ws = open(dir.path());
    let p = ws.record("person", "P-005").expect("P-005 exists");
    assert_eq!(ws.sources().get(p.file).path, "people/staff.yaml");
    let referrers = ws.referrers("person", "P-005");
    assert!(
        referrers.iter().any(|r| r.kind == "asset"),
        "an asset names P-005"
    );
    // The record written at the offset of `id: P-005`.
    let text = &ws.sources().get(p.file).text;
    let at = text.find("id: P-005").unwrap() as u32 + 4;
    let found = ws
        .record_at("people/staff.yaml", at)
        .expect("a record there");
    assert_eq!(found.id.as_deref(), Some("P-005"));
    assert!(
        ws.record_at("people/staff.yaml", 0).is_none(),
        "the header comment"
    );
    // Schema nodes: a nested field, a list item's field.
    let node = ws
        .schema_node("asset", "/owner/person")
        .expect("owner.person");
    assert_eq!(node["x-ref"], "person");
    assert!(ws.schema_node("asset", "/no_such_field").is_none());
    assert!(ws.rules().iter().any(|r| &*r.code == "AST001"));
}
