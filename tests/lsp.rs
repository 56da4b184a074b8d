//! `grclint lsp` at the protocol level: a small client in the test spawns the server and
//! speaks JSON-RPC with Content-Length framing, as an editor does.

mod common;
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// A client of one server process. Notifications are kept as they come; `sync` waits
/// until the server has handled everything sent before it.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// The latest diagnostics published for each repository-relative path.
    diagnostics: BTreeMap<String, Vec<Value>>,
    /// How many times each path was published.
    publishes: BTreeMap<String, usize>,
    root: String,
}

impl Client {
    /// Starts `grclint lsp` on `dir`, offering these position encodings.
    fn start(dir: &Path, encodings: &[&str]) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grclint"))
            .args(["lsp", "--today", TODAY])
            .env_remove("GRCLINT_TODAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("grclint lsp starts");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let root = dir.canonicalize().unwrap().to_str().unwrap().to_owned();
        let mut c = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            diagnostics: BTreeMap::new(),
            publishes: BTreeMap::new(),
            root,
        };
        let caps = json!({"general": {"positionEncodings": encodings}});
        let uri = c.uri("");
        let init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": uri, "capabilities": caps,
                   "workspaceFolders": [{"uri": uri, "name": "records"}]}),
        );
        c.notify("initialized", json!({}));
        c.sync();
        (c, init)
    }

    fn uri(&self, rel: &str) -> String {
        let path = if rel.is_empty() {
            self.root.clone()
        } else {
            format!("{}/{rel}", self.root)
        };
        let mut out = String::from("file://");
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response, keeping the notifications before it.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers within a minute");
            if msg["id"] == id && msg.get("method").is_none() {
                return msg;
            }
            if msg["method"] == "textDocument/publishDiagnostics" {
                let uri = msg["params"]["uri"].as_str().unwrap();
                let prefix = format!("{}/", self.uri(""));
                let rel = uri.strip_prefix(&prefix).expect("a file in the workspace");
                let rel = rel.replace("%20", " ");
                let diags = msg["params"]["diagnostics"].as_array().unwrap().clone();
                *self.publishes.entry(rel.clone()).or_default() += 1;
                self.diagnostics.insert(rel, diags);
            }
        }
    }

    /// Waits until the server has handled every message sent so far: it answers requests
    /// in order, after evaluating the changes queued before them.
    fn sync(&mut self) {
        let r = self.request("grclint/sync", json!({}));
        assert!(
            r.get("error").is_some(),
            "an unknown request is an error: {r}"
        );
    }

    fn open(&mut self, rel: &str, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    fn codes(&self, rel: &str) -> Vec<String> {
        self.diagnostics
            .get(rel)
            .into_iter()
            .flatten()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "exit 0 after shutdown and exit: {status}");
    }
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            len = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A finding as compared: path, start line and column, end line and column (0-based),
/// code, severity, message.
type Shown = (String, u64, u64, u64, u64, String, String, String);

/// `check --format json`'s unsuppressed findings (those about the whole repository at the
/// config file's start), as (path, line, column, end line, end
/// column, code, severity, message) with 0-based lines and columns.
fn checked(dir: &Path, columns: &str) -> Vec<Shown> {
    let run = check(dir, &["--format", "json", "--columns", columns]);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == false)
        .map(|f| {
            // A finding about the whole repository has no place: the editor shows it at
            // the top of the config file, as `compact` does.
            let n = |k: &str| f[k].as_u64().map_or(0, |n| n - 1);
            (
                f["path"].as_str().unwrap_or(".grclint.yaml").to_owned(),
                n("line"),
                n("column"),
                n("end_line"),
                n("end_column"),
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The client's diagnostics in the same shape; the message is `check`'s before the help.
fn published(c: &Client) -> Vec<Shown> {
    let mut out = Vec::new();
    for (path, diags) in &c.diagnostics {
        for d in diags {
            let r = &d["range"];
            let n = |a: &str, b: &str| r[a][b].as_u64().unwrap();
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                Some(3) => "info",
                _ => "other",
            };
            let message = d["message"].as_str().unwrap();
            let message = message.split("\n\n").next().unwrap().to_owned();
            out.push((
                path.clone(),
                n("start", "line"),
                n("start", "character"),
                n("end", "line"),
                n("end", "character"),
                d["code"].as_str().unwrap().to_owned(),
                severity.to_owned(),
                message,
            ));
        }
    }
    out
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[test]
fn on_start_every_record_file_is_published_as_check_reports_it() {
    let dir = copy_tree(&root().join("fixtures/cases/1-webshop-breach"));
    // UTF-32 counts characters, as `check` does by default.
    let (c, init) = Client::start(dir.path(), &["utf-32", "utf-16"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-32");
    let want = checked(dir.path(), "chars");
    assert!(want.len() >= 3, "the case has findings: {want:#?}");
    assert_eq!(sorted(published(&c)), sorted(want));
    // Clean record files are published too, with nothing.
    let run = check(dir.path(), &["--format", "json"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let files = doc["summary"]["files"].as_u64().unwrap() as usize;
    assert!(dir.path().join(".grclint.yaml").is_file());
    // The record files, and the config file with the repository's findings.
    assert_eq!(c.publishes.len(), files + 1, "{:?}", c.publishes.keys());
    assert!(c.publishes.values().all(|&n| n == 1));
    c.stop();
}

#[test]
fn an_edit_that_breaks_and_one_that_fixes_publish_where_the_findings_are() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let (mut c, init) = Client::start(dir.path(), &[]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert!(
        c.diagnostics.values().all(Vec::is_empty),
        "the demo is clean"
    );
    let staff_path = dir.path().join("people/staff.yaml");
    let staff = std::fs::read_to_string(&staff_path).unwrap();
    let start = staff.find("- id: P-005").unwrap();
    let end = staff[start + 1..].find("\n- id:").unwrap() + start + 2;
    let without = format!("{}{}", &staff[..start], &staff[end..]);

    // Breaks: P-005 deleted in the (unsaved) buffer; the ledger, never opened, now names
    // a person who does not exist.
    let before = c.publishes.clone();
    c.open("people/staff.yaml", &staff);
    c.sync();
    assert_eq!(
        before, c.publishes,
        "opening an unchanged file publishes nothing"
    );
    c.change("people/staff.yaml", 2, &without);
    c.sync();
    assert!(
        c.codes("assets/ledger.yaml").contains(&"REF001".to_owned()),
        "{:#?}",
        c.diagnostics
    );
    let on_ledger = &c.diagnostics["assets/ledger.yaml"];
    assert!(
        on_ledger
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("P-005")),
        "{on_ledger:#?}"
    );
    // As `check` sees it once the buffer is saved, with UTF-16 columns.
    write(&staff_path, &without);
    assert_eq!(sorted(published(&c)), sorted(checked(dir.path(), "utf16")));

    // Fixes: the person is back; the ledger is published again, empty.
    let ledger_sends = c.publishes["assets/ledger.yaml"];
    c.change("people/staff.yaml", 3, &staff);
    c.sync();
    assert_eq!(c.publishes["assets/ledger.yaml"], ledger_sends + 1);
    assert!(
        c.diagnostics.values().all(Vec::is_empty),
        "{:#?}",
        c.diagnostics
    );

    // Several changes queued while the server is busy: only the last one counts.
    for v in 4..10 {
        c.change("people/staff.yaml", v, &without);
    }
    c.change("people/staff.yaml", 10, &staff);
    c.sync();
    assert!(
        c.diagnostics.values().all(Vec::is_empty),
        "{:#?}",
        c.diagnostics
    );
    c.stop();
}

/// A ledger row whose owner names a missing person after 𠮷 (outside the BMP: one
/// character, two UTF-16 code units, four bytes) on the same line.
const WIDE: &str =
    "- id: A-900\n  name: 𠮷野家の 𠮷 台帳\n  owner: {department: 𠮷野 総務, person: P-404}\n";

fn ref001_range(dir: &Path, encodings: &[&str]) -> (String, Value) {
    let (mut c, init) = Client::start(dir, encodings);
    let encoding = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap()
        .to_owned();
    c.open("assets/wide.yaml", WIDE);
    c.sync();
    let diags = c.diagnostics["assets/wide.yaml"].clone();
    let d = diags
        .iter()
        .find(|d| d["code"] == "REF001")
        .unwrap_or_else(|| panic!("REF001 on P-404: {diags:#?}"));
    let range = d["range"].clone();
    c.stop();
    (encoding, range)
}

#[test]
fn ranges_after_a_character_outside_the_bmp_count_in_the_negotiated_encoding() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let line = WIDE.lines().nth(2).unwrap();
    let col = line.find("P-404").unwrap();
    let before = &line[..col];
    let units16 = before.encode_utf16().count() as u64;
    let chars = before.chars().count() as u64;
    assert_eq!(
        units16,
        chars + 1,
        "one character before it takes two units"
    );
    for (offer, name, at) in [
        (&[][..], "utf-16", units16),
        (&["utf-16"][..], "utf-16", units16),
        (&["utf-8", "utf-16"][..], "utf-8", col as u64),
        (&["utf-32"][..], "utf-32", chars),
    ] {
        let (enc, range) = ref001_range(dir.path(), offer);
        assert_eq!(enc, name, "offered {offer:?}");
        let want = json!({"start": {"line": 2, "character": at},
                          "end": {"line": 2, "character": at + 5}});
        assert_eq!(range, want, "{name}");
    }
    // And `check --columns utf16` agrees with the UTF-16 range, once the file is saved.
    write(&dir.path().join("assets/wide.yaml"), WIDE);
    let run = check(dir.path(), &["--format", "json", "--columns", "utf16"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "REF001")
        .unwrap()
        .clone();
    assert_eq!(f["column"].as_u64().unwrap() - 1, units16);
}

/// The position (0-based line, UTF-16 column) of the first `needle` in `text`, plus
/// `shift` characters.
fn pos(text: &str, needle: &str, shift: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..at];
    let extra: String = text[at..].chars().take(shift).collect();
    let col = before.encode_utf16().count() + extra.encode_utf16().count();
    json!({"line": line, "character": col})
}

impl Client {
    fn at(&mut self, method: &str, rel: &str, position: Value, extra: Value) -> Value {
        let mut params = json!({"textDocument": {"uri": self.uri(rel)}, "position": position});
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list of items: {items}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn hover_definition_and_references_know_the_other_records() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let (mut c, _) = Client::start(dir.path(), &[]);
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    let staff = std::fs::read_to_string(dir.path().join("people/staff.yaml")).unwrap();

    // On a field: its schema description.
    let h = c.at(
        "textDocument/hover",
        "assets/ledger.yaml",
        pos(&ledger, "classification:", 2),
        json!({}),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**classification**"), "{text}");
    assert!(text.contains("confidential"), "the allowed values: {text}");
    // On a reference: the person's name, kind and file.
    let h = c.at(
        "textDocument/hover",
        "assets/ledger.yaml",
        pos(&ledger, "person: P-005", 9),
        json!({}),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("伊藤 翔") && text.contains("person record in `people/staff.yaml`"),
        "{text}"
    );

    // Definition: the person's `id:` line.
    let d = c.at(
        "textDocument/definition",
        "assets/ledger.yaml",
        pos(&ledger, "person: P-005", 10),
        json!({}),
    );
    assert_eq!(d["uri"], c.uri("people/staff.yaml"));
    let line = staff[..staff.find("- id: P-005").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(
        d["range"]["start"],
        json!({"line": line, "character": 6}),
        "{d}"
    );

    // References: every record that names P-005, in every file.
    let refs = c.at(
        "textDocument/references",
        "people/staff.yaml",
        pos(&staff, "id: P-005", 5),
        json!({"context": {"includeDeclaration": false}}),
    );
    let mut files: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    files.dedup();
    for f in ["ledger.yaml", "webshop.yaml", "risk-register.yaml"] {
        assert!(files.contains(&f.to_owned()), "{f} in {files:?}");
    }
    let in_ledger = refs
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["uri"] == c.uri("assets/ledger.yaml"))
        .count();
    assert!(in_ledger >= 4, "{refs}");
    c.stop();
}

#[test]
fn completion_offers_fields_values_references_and_today() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let (mut c, _) = Client::start(dir.path(), &[]);
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    // A new ledger item being typed at the end of the ledger.
    let typed = format!("{ledger}\n- id: A-950\n  na");
    c.open("assets/ledger.yaml", &typed);
    let end = |t: &str| {
        let line = t.matches('\n').count();
        let last = t.rsplit('\n').next().unwrap();
        json!({"line": line, "character": last.encode_utf16().count()})
    };
    let items = c.at(
        "textDocument/completion",
        "assets/ledger.yaml",
        end(&typed),
        json!({}),
    );
    let names = labels(&items);
    assert!(names.contains(&"name".to_owned()), "{names:?}");
    assert!(
        !names.contains(&"id".to_owned()),
        "id is written already: {names:?}"
    );
    let name = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "name")
        .unwrap();
    assert!(
        name["documentation"]["value"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{name}"
    );
    assert_eq!(name["textEdit"]["newText"], "name: ");

    // Inside a mapping of the item.
    let typed = format!("{ledger}\n- id: A-950\n  owner:\n    department: 総務部\n    ");
    c.change("assets/ledger.yaml", 2, &typed);
    let names = labels(&c.at(
        "textDocument/completion",
        "assets/ledger.yaml",
        end(&typed),
        json!({}),
    ));
    assert!(
        names.contains(&"person".to_owned()) && !names.contains(&"department".to_owned()),
        "{names:?}"
    );

    // A reference field: the people, with their names.
    let typed = format!("{ledger}\n- id: A-950\n  owner:\n    person: P-0");
    c.change("assets/ledger.yaml", 3, &typed);
    let items = c.at(
        "textDocument/completion",
        "assets/ledger.yaml",
        end(&typed),
        json!({}),
    );
    let p3 = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "P-003")
        .expect("P-003 offered");
    assert_eq!(p3["detail"], "佐藤 健太 (Kenta Sato)");
    assert!(
        labels(&items).iter().all(|l| l.starts_with("P-")),
        "only people"
    );

    // An enum, and a date.
    let typed = format!("{ledger}\n- id: A-950\n  classification: ");
    c.change("assets/ledger.yaml", 4, &typed);
    let names = labels(&c.at(
        "textDocument/completion",
        "assets/ledger.yaml",
        end(&typed),
        json!({}),
    ));
    assert!(names.contains(&"confidential".to_owned()), "{names:?}");
    let typed = format!("{ledger}\n- id: A-950\n  last_inventory: ");
    c.change("assets/ledger.yaml", 5, &typed);
    let names = labels(&c.at(
        "textDocument/completion",
        "assets/ledger.yaml",
        end(&typed),
        json!({}),
    ));
    assert_eq!(names, vec![TODAY.to_owned()]);
    c.stop();
}

#[test]
fn code_actions_fix_ignore_and_waive_a_finding() {
    let dir = copy_tree(&root().join("fixtures/demo"));
    let (mut c, _) = Client::start(dir.path(), &[]);
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    // 𠮷 before the misspelt key on its line: the ranges count UTF-16 units.
    let block = "  owner:\n    department: EC事業部\n    person: P-005\n    contact: 内線 301 / sho.ito@sakura-foods.example\n";
    assert!(ledger.contains(block));
    let typo = ledger.replacen(
        block,
        "  owner: {department: 𠮷野 EC事業部, persn: P-005, contact: 内線 301}  # 𠮷\n",
        1,
    );
    c.open("assets/ledger.yaml", &typo);
    c.sync();
    assert!(
        c.codes("assets/ledger.yaml").contains(&"SCH002".to_owned()),
        "{:?}",
        c.diagnostics
    );
    let at = pos(&typo, "persn", 2);
    let range = json!({"start": at, "end": at});
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": c.uri("assets/ledger.yaml")}, "range": range,
               "context": {"diagnostics": []}}),
    );
    let actions = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"rename `persn` to `person`"), "{titles:?}");
    assert!(
        titles.contains(&"Ignore SCH002 on this line, with a reason"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Add a waiver for SCH002 on A-001"),
        "{titles:?}"
    );
    let rename = &actions[titles.iter().position(|t| t.starts_with("rename")).unwrap()];
    assert_eq!(rename["isPreferred"], true);
    let edits = &rename["edit"]["changes"][c.uri("assets/ledger.yaml")];
    let start = pos(&typo, "persn", 0);
    let end = pos(&typo, "persn", 5);
    assert_eq!(
        edits,
        &json!([{"range": {"start": start, "end": end}, "newText": "person"}])
    );
    // The ignore comment goes at the line's end, past two 𠮷.
    let ignore = &actions[titles.iter().position(|t| t.starts_with("Ignore")).unwrap()];
    let edit = &ignore["edit"]["changes"][c.uri("assets/ledger.yaml")][0];
    assert_eq!(edit["range"]["start"], pos(&typo, "# 𠮷\n", 3));
    assert_eq!(edit["newText"], "  # grclint: ignore[SCH002] ");
    let waiver = &actions[titles
        .iter()
        .position(|t| t.starts_with("Add a waiver"))
        .unwrap()];
    let ops = &waiver["edit"]["documentChanges"];
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], c.uri("waivers/SCH002-A-001.yaml"));
    let body = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(
        body.contains("rule: SCH002\ntarget: A-001\n") && body.contains("approved_on: 2026-11-01"),
        "{body}"
    );

    // The fix applied by the editor: the finding goes.
    let fixed = typo.replacen("persn", "person", 1);
    c.change("assets/ledger.yaml", 2, &fixed);
    c.sync();
    assert!(
        !c.codes("assets/ledger.yaml").contains(&"SCH002".to_owned()),
        "{:?}",
        c.diagnostics
    );
    c.stop();
}
