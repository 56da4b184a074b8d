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
    }
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
    assert!(ws.rules().iter().any(|r| r.code == "AST001"));
}
