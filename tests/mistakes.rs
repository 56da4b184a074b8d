//! The mistakes people make when they edit the starter repository by hand: each gives one
//! finding, at the line and column of the mistake, whose help says what to type.

mod common;

use common::{TODAY, check, edit, english_prose, grclint};
use serde_json::Value;

const LEDGER: &str = "assets/ledger.yaml";

/// One mistake: edits (file, text, replacement); the first edit's `mark`, a part of its
/// replacement, is where the finding must be.
struct Mistake {
    what: &'static str,
    edits: &'static [(&'static str, &'static str, &'static str)],
    mark: &'static str,
    code: &'static str,
    help: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        what: "a tab in the indentation",
        edits: &[(LEDGER, "\n  medium: electronic", "\n\tmedium: electronic")],
        mark: "\t",
        code: "YAML001",
        help: "Replace the tab with 2 spaces",
    },
    Mistake {
        what: "a full-width colon",
        edits: &[(LEDGER, "  location: 社内", "  location：社内")],
        mark: "：",
        code: "YAML001",
        help: "Type a half-width colon and a space instead: `location: 社内ファイルサーバ /営業/顧客`.",
    },
    Mistake {
        what: "a full-width space for indentation",
        edits: &[(LEDGER, "\n  medium: electronic", "\n　medium: electronic")],
        mark: "　",
        code: "YAML001",
        help: "Replace each full-width space with two half-width spaces",
    },
    Mistake {
        what: "no space after a colon",
        edits: &[(LEDGER, "  medium: electronic", "  medium:electronic")],
        mark: ":",
        code: "YAML001",
        help: "Type a space after the colon: `medium: electronic`.",
    },
    Mistake {
        what: "an entry without `- `",
        edits: &[(LEDGER, "\n- id: A-002", "\n  id: A-002")],
        mark: "id",
        code: "YAML001",
        help: "Type `- ` before `id:`",
    },
    Mistake {
        what: "an unclosed bracket",
        edits: &[(LEDGER, "scope: [営業部]", "scope: [営業部")],
        mark: "[",
        code: "YAML001",
        help: "Type `]` where the list ends: `scope: [営業部]`.",
    },
    Mistake {
        what: "a colon and a space in a value",
        edits: &[(
            LEDGER,
            "name: 顧客台帳 (customer ledger)",
            "name: 顧客台帳: customer ledger",
        )],
        mark: ": customer",
        code: "YAML001",
        help: "Put the value in quotes: `name: '顧客台帳: customer ledger'`.",
    },
    Mistake {
        what: "a Japanese level",
        edits: &[(
            LEDGER,
            "classification: confidential",
            "classification: 社外秘",
        )],
        mark: "社外秘",
        code: "SCH003",
        help: "write `classification: internal`",
    },
    Mistake {
        what: "a date in full-width digits",
        edits: &[(LEDGER, "acquired: 20", "acquired: ２０")],
        mark: "２０",
        code: "SCH003",
        help: "Write the date as YYYY-MM-DD: `acquired: 20",
    },
    Mistake {
        what: "an id read as a number",
        edits: &[
            (LEDGER, "- id: A-002", "- id: 007"),
            (
                "continuity/sales-system.yaml",
                "system: A-002",
                "system: '007'",
            ),
            (
                "people/people.yaml",
                "access: [A-001, A-002]",
                "access: [A-001, '007']",
            ),
        ],
        mark: "007",
        code: "SCH003",
        help: "Write it in quotes (for example '007')",
    },
    Mistake {
        what: "an owner by name",
        edits: &[(LEDGER, "person: P-001", "person: 情報 太郎")],
        mark: "情報",
        code: "REF001",
        help: "`person: P-001`",
    },
    Mistake {
        what: "a Japanese key",
        edits: &[(LEDGER, "\n  location: ", "\n  保管場所: ")],
        mark: "保管場所",
        code: "SCH002",
        help: "write `location:` instead of `保管場所:`",
    },
    Mistake {
        what: "a path from the repository's top folder",
        edits: &[(
            "continuity/sales-system.yaml",
            "manual_procedure: docs/",
            "manual_procedure: continuity/docs/",
        )],
        mark: "continuity/docs/",
        code: "BCP007",
        help: "write `docs/manual-procedure.md`",
    },
];

/// The starter repository `grclint init` writes, dated for the tests' day.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    grclint()
        .arg("init")
        .arg(dir.path())
        .env("GRCLINT_TODAY", TODAY)
        .assert()
        .success();
    dir
}

/// (line, column) of the mark in the edited file, both from 1, in characters.
fn mark_place(text: &str, m: &Mistake) -> (u64, u64) {
    let (_, _, to) = m.edits[0];
    let at = text.find(to).expect("the edit is in the file") + to.find(m.mark).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, col as u64)
}

#[test]
fn each_mistake_is_one_finding_at_its_place_with_what_to_type() {
    let mut shown = String::new();
    for m in MISTAKES {
        let dir = starter();
        for (file, from, to) in m.edits {
            edit(&dir.path().join(file), from, to);
        }
        let marked = std::fs::read_to_string(dir.path().join(m.edits[0].0)).unwrap();
        let run = check(dir.path(), &["--format", "json"]);
        let all: Value = serde_json::from_str(&run.stdout).unwrap();
        let found: Vec<&Value> = all["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["suppressed"] == false)
            .collect();
        assert_eq!(found.len(), 1, "{}: {found:#?}", m.what);
        let f = found[0];
        assert_eq!(f["code"], m.code, "{}: {f:#}", m.what);
        assert_eq!(f["path"], m.edits[0].0, "{}", m.what);
        let (line, col) = mark_place(&marked, m);
        assert_eq!(
            (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()),
            (line, col),
            "{}: {f:#}",
            m.what
        );
        // The help, and the notes under it: what the person reads next to the finding.
        let mut help = f["help"].as_str().unwrap_or("").to_owned();
        for n in f["notes"].as_array().into_iter().flatten() {
            help.push_str(" | ");
            help.push_str(n.as_str().unwrap_or(""));
        }
        assert!(help.contains(m.help), "{}: {help}", m.what);
        let fails = f["severity"] == "error";
        assert_eq!(run.code, i32::from(fails), "{}", m.what);
        let human = check(dir.path(), &[]);
        shown.push_str(&format!("## {}\n{}\n", m.what, human.stdout));
    }
    insta::assert_snapshot!(shown);
}

/// With `--lang ja` (or a Japanese locale) every mistake is explained in Japanese: the
/// message, the help and the notes under it.
#[test]
fn each_mistake_reads_in_japanese() {
    for m in MISTAKES {
        let dir = starter();
        for (file, from, to) in m.edits {
            edit(&dir.path().join(file), from, to);
        }
        let run = check(dir.path(), &["--format", "json", "--lang", "ja"]);
        let all: Value = serde_json::from_str(&run.stdout).unwrap();
        for f in all["findings"].as_array().unwrap() {
            let mut texts = vec![f["message"].as_str().unwrap_or("")];
            texts.extend(f["help"].as_str());
            texts.extend(
                f["notes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            );
            for t in texts {
                assert!(
                    t.chars()
                        .any(|c| matches!(c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff)),
                    "{}: not Japanese: {t}",
                    m.what
                );
                assert_eq!(english_prose(t), None, "{}: {t}", m.what);
            }
        }
        let flag = check(dir.path(), &["--lang", "ja"]).stdout;
        let locale = grclint()
            .arg("check")
            .arg(dir.path())
            .args(["--today", TODAY, "--color", "never"])
            .env("LANG", "ja_JP.UTF-8")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(locale.stdout).unwrap(),
            flag,
            "{}",
            m.what
        );
    }
}
