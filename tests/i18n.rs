//! Japanese: every text a person reads exists in both languages, the language is chosen as
//! documented, and nothing a tool reads (codes, JSON keys, exit codes) changes with it.

mod common;
use common::*;
use grclint::codes::EngineCode;
use grclint::i18n::Lang;
use serde_json::Value;
use std::path::Path;

const CASES: &[&str] = &[
    "1-webshop-breach",
    "2-unapproved-saas",
    "3-earthquake-server",
    "4-meeting-room-wifi",
    "5-printing-contractor",
];

/// The docs sections of the English page and the headings the Japanese one uses for them.
const SECTIONS: &[(&str, &str)] = &[
    ("## What it does", "## 検出内容"),
    ("## Why it matters", "## 重要な理由"),
    ("## Example", "## 例"),
    ("## How to fix", "## 対処方法"),
];

/// Each heading of an English page must be on the Japanese page, in the same order.
fn missing_sections(what: &str, en: &str, ja: &str) -> Vec<String> {
    let heads = |md: &str| -> Vec<String> {
        md.lines()
            .filter(|l| l.starts_with("## "))
            .map(str::to_owned)
            .collect()
    };
    let want: Vec<String> = heads(en)
        .iter()
        .map(|h| match SECTIONS.iter().find(|(e, _)| e == h) {
            Some((_, j)) => j.to_string(),
            None => format!("(no Japanese heading for `{h}`)"),
        })
        .collect();
    if heads(ja) == want {
        Vec::new()
    } else {
        vec![format!(
            "{what}: ja sections {:?}, want {want:?}",
            heads(ja)
        )]
    }
}

fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff))
}

#[test]
fn every_rule_and_engine_code_speaks_both_languages() {
    let Ok((_, _, rules)) = grclint::pipeline::catalog(&root(), &Default::default()) else {
        panic!("the built-in pack loads");
    };
    assert!(rules.len() >= 86, "the isms pack has {} rules", rules.len());
    let mut problems = Vec::new();
    for r in &rules {
        let code = &r.code;
        let ja = r.i18n.iter().find(|(l, _)| *l == Lang::Ja).map(|(_, t)| t);
        let Some(ja) = ja else {
            problems.push(format!("{code}: no `i18n.ja`"));
            continue;
        };
        for (field, present) in [
            ("summary", ja.summary.is_some()),
            ("message", ja.message.is_some()),
            ("help", ja.help.is_some() || r.help.is_none()),
            ("docs", ja.docs.is_some()),
        ] {
            if !present {
                problems.push(format!("{code}: no Japanese `{field}`"));
            }
        }
        if r.help.is_none() || r.docs.is_none() || r.summary.is_empty() {
            problems.push(format!("{code}: no English summary, help or docs"));
        }
        if let Some(s) = &ja.summary
            && !has_japanese(s)
        {
            problems.push(format!("{code}: the Japanese summary is not Japanese: {s}"));
        }
        problems.extend(missing_sections(
            code,
            r.docs.as_deref().unwrap_or(""),
            ja.docs.as_deref().unwrap_or(""),
        ));
    }
    for &c in EngineCode::ALL {
        let (en, ja) = (c.docs(Lang::En), c.docs(Lang::Ja));
        if !has_japanese(c.summary(Lang::Ja)) || !has_japanese(ja) {
            problems.push(format!("{c}: no Japanese summary or docs"));
        }
        if c.summary(Lang::En).is_empty() || en.is_empty() {
            problems.push(format!("{c}: no English summary or docs"));
        }
        problems.extend(missing_sections(c.as_str(), en, ja));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = grclint();
    cmd.arg("check")
        .arg(dir)
        .args(["--today", TODAY, "--color", "never", "--fail-on", "info"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("grclint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn the_incident_cases_read_in_japanese() {
    for case in CASES {
        let dir = root().join("fixtures/cases").join(case);
        let (_, human) = run(&dir, &["--lang", "ja"], &[]);
        insta::assert_snapshot!(format!("case_ja_{case}"), human);
        let (_, json) = run(&dir, &["--lang", "ja", "--format", "json"], &[]);
        let parsed: Value = serde_json::from_str(&json).unwrap();
        for f in parsed["findings"].as_array().unwrap() {
            for key in ["message", "help"] {
                let text = f[key].as_str().unwrap_or("");
                assert!(
                    text.is_empty() || has_japanese(text),
                    "{case}: {} {key} is not Japanese: {text}",
                    f["code"]
                );
                assert_eq!(english_prose(text), None, "{case}: {} {key}", f["code"]);
            }
        }
    }
}

#[test]
fn the_locale_picks_japanese_and_lang_overrides_it() {
    let dir = root().join("fixtures/cases/2-unapproved-saas");
    let (_, flag) = run(&dir, &["--lang", "ja"], &[]);
    let (_, locale) = run(&dir, &[], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(flag, locale, "LANG=ja_JP.UTF-8 speaks Japanese");
    let (_, messages) = run(&dir, &[], &[("LC_MESSAGES", "ja_JP.UTF-8")]);
    assert_eq!(flag, messages, "LC_MESSAGES=ja_JP.UTF-8 speaks Japanese");
    let (_, english) = run(&dir, &[], &[]);
    let (_, overridden) = run(&dir, &["--lang", "en"], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(english, overridden, "--lang en wins over the locale");
    let (_, c_locale) = run(&dir, &[], &[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]);
    assert_eq!(english, c_locale, "LC_ALL wins over LANG");
    assert!(english.contains("found 3 errors"), "{english}");
    assert!(flag.contains("エラー 3 件、警告 1 件、情報 0 件"), "{flag}");
}

#[test]
fn the_config_sets_the_language_below_the_command_line() {
    let tmp = copy_tree(&root().join("fixtures/cases/4-meeting-room-wifi"));
    let config = tmp.path().join(".grclint.yaml");
    let before = std::fs::read_to_string(&config).unwrap_or_default();
    write(&config, &format!("{before}\nlang: ja\n"));
    let (_, by_config) = run(tmp.path(), &[], &[]);
    assert!(by_config.contains("件"), "{by_config}");
    let (_, by_flag) = run(tmp.path(), &["--lang", "en"], &[]);
    assert!(by_flag.contains("found "), "{by_flag}");
}

/// The keys, codes, places and exit code a tool reads are the same in both languages.
#[test]
fn codes_keys_and_exit_codes_do_not_change_with_the_language() {
    fn shape(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| {
                        let keep = !matches!(k.as_str(), "message" | "help" | "notes" | "labels");
                        (k.clone(), if keep { shape(v) } else { Value::Null })
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
            other => other.clone(),
        }
    }
    for case in CASES {
        let dir = root().join("fixtures/cases").join(case);
        let (code_en, en) = run(&dir, &["--format", "json", "--lang", "en"], &[]);
        let (code_ja, ja) = run(&dir, &["--format", "json", "--lang", "ja"], &[]);
        assert_eq!(code_en, code_ja, "{case}: exit code");
        let (en, ja): (Value, Value) = (
            serde_json::from_str(&en).unwrap(),
            serde_json::from_str(&ja).unwrap(),
        );
        assert_eq!(shape(&en), shape(&ja), "{case}: JSON other than the prose");
        assert_ne!(en, ja, "{case}: the prose is translated");
    }
}

/// Every rule's Japanese message and help compile and run on its `fail` fixture: the same
/// findings as in English, and none of RUL001.
#[test]
fn the_japanese_templates_run_on_every_fail_fixture() {
    let mut problems = Vec::new();
    for e in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let code = e.unwrap().file_name().to_string_lossy().into_owned();
        let dir = root().join("fixtures/rules").join(&code).join("fail");
        let select = format!("{code},RUL");
        let codes = |lang: &str| -> Vec<String> {
            let (_, json) = run(
                &dir,
                &["--format", "json", "--select", &select, "--lang", lang],
                &[],
            );
            let v: Value = serde_json::from_str(&json).unwrap_or_default();
            v["findings"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|f| format!("{} {}", f["code"], f["message"].as_str().unwrap_or("")))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (en, ja) = (codes("en"), codes("ja"));
        let strip = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.split(' ').next().unwrap().to_owned())
                .collect()
        };
        if strip(&en) != strip(&ja) || ja.iter().any(|f| f.contains("RUL001")) {
            problems.push(format!("{code}: en {en:?}\n  ja {ja:?}"));
        }
        if ja.iter().any(|f| !has_japanese(f)) {
            problems.push(format!("{code}: a message is not Japanese: {ja:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn explain_shows_the_japanese_docs() {
    let out = grclint()
        .args(["explain", "AST001", "--lang", "ja"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("explain_ast001_ja", text);
    let out = grclint()
        .args(["explain", "SCH002", "--lang", "ja"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("検出内容") && text.contains("抑止の方法"),
        "{text}"
    );
}

/// README.ja.md's rules table is what `grclint rules --lang ja --format md` prints.
#[test]
fn the_japanese_readme_rules_table_is_up_to_date() {
    let readme = std::fs::read_to_string(root().join("README.ja.md")).unwrap();
    let start = readme
        .find("<!-- rules:begin -->\n")
        .expect("README.ja.md has the rules table")
        + "<!-- rules:begin -->\n".len();
    let end = readme.find("<!-- rules:end -->").unwrap();
    let out = grclint()
        .args(["rules", "--lang", "ja", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(
        &readme[start..end],
        String::from_utf8(out.stdout).unwrap(),
        "run `grclint rules --lang ja --format md` and paste it into README.ja.md"
    );
}

/// Long Japanese lines wrap by display width and never inside a code or an id.
#[test]
fn japanese_lines_wrap_by_display_width() {
    let dir = root().join("fixtures/cases/5-printing-contractor");
    let (_, human) = run(&dir, &["--lang", "ja"], &[]);
    for line in human.lines() {
        let w = grclint::i18n::width(line);
        assert!(w <= 100, "{w} columns: {line}");
    }
    // The ids and codes of the case appear whole.
    for id in ["CTR-001", "S-001", "A-002", "SUP002", "CON001"] {
        assert!(human.contains(id), "{id} is split or missing:\n{human}");
    }
}

/// `init --lang ja` writes Japanese comments and `lang: ja`, and the starter repository
/// checks clean.
#[test]
fn init_in_japanese_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = grclint()
        .args(["init", "--lang", "ja"])
        .arg(dir.path())
        .env("GRCLINT_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("を書き込みました"), "{said}");
    let config = std::fs::read_to_string(dir.path().join(".grclint.yaml")).unwrap();
    assert!(config.contains("lang: ja") && config.contains("# grclint の設定ファイルです"));
    let ledger = std::fs::read_to_string(dir.path().join("assets/ledger.yaml")).unwrap();
    assert!(
        ledger.starts_with("# 情報資産管理台帳: 情報資産ごとに一つの項目。"),
        "{ledger}"
    );
    // The config's `lang: ja` speaks Japanese without --lang.
    let (code, report) = run(dir.path(), &[], &[]);
    assert_eq!(code, 0, "{report}");
    assert!(report.starts_with("問題は見つからなかった"), "{report}");
}

const COMMANDS: &[&str] = &[
    "check", "schema", "rules", "explain", "init", "baseline", "import", "export", "report", "lsp",
    "fix", "version",
];

/// `--help` of grclint and of each command is Japanese, from `--lang ja` (before or after
/// the command) or from the locale.
#[test]
fn help_reads_in_japanese() {
    let help = |args: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = grclint();
        cmd.args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let root_help = help(&["--lang", "ja", "--help"], None);
    insta::assert_snapshot!("help_ja", root_help);
    for c in COMMANDS {
        let text = help(&[c, "--help", "--lang", "ja"], None);
        assert!(has_japanese(text.lines().next().unwrap()), "{c}: {text}");
        assert!(text.contains("使い方: grclint"), "{c}: {text}");
        assert_eq!(english_prose(&text), None, "{c} --help: {text}");
        assert_eq!(help(&["--lang", "ja", c, "--help"], None), text, "{c}");
        let locale = help(&[c, "--help"], Some(("LANG", "ja_JP.UTF-8")));
        assert_eq!(locale, text, "{c}: LANG=ja_JP.UTF-8");
        let english = help(
            &[c, "--help", "--lang", "en"],
            Some(("LANG", "ja_JP.UTF-8")),
        );
        assert!(english.contains("Usage: grclint"), "{c}: {english}");
        assert_eq!(help(&["--lang", "ja", "help", c], None), text, "help {c}");
    }
}

/// A mistake on the command line is explained in Japanese, with exit code 2 as in English;
/// `--lang` before a command no longer makes the command a path to check.
#[test]
fn usage_errors_read_in_japanese() {
    let run = |args: &[&str]| {
        let out = grclint().args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    for (args, says) in [
        (
            &["--lang", "ja", "--format", "nope"][..],
            "`nope` は指定できません",
        ),
        (
            &["--lang", "ja", "--forma", "json"],
            "もしかして `--format`",
        ),
        (&["--lang", "ja", "schema"], "必要な引数がありません"),
        (
            &["--lang", "ja", "schema", "asset", "--all"],
            "同時に指定できません",
        ),
    ] {
        let (code, err) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(english_prose(&err), None, "{args:?}: {err}");
    }
    let (code, err) = run(&["--lang", "en", "--format", "nope"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("invalid value 'nope'"), "{err}");
    let out = grclint().args(["--lang", "ja", "rules"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("AST001"));
}

/// Every description in the shipped schemas has its Japanese (`x-description-ja`): they
/// are what SCH001's help, hover and completion show.
#[test]
fn every_schema_description_has_its_japanese() {
    fn walk(v: &Value, at: &str, missing: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                let ja = m.get("x-description-ja").and_then(Value::as_str);
                if m.contains_key("description") && !ja.is_some_and(has_japanese) {
                    missing.push(at.to_owned());
                }
                for (k, v) in m {
                    walk(v, &format!("{at}/{k}"), missing);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        walk(&schema, &name, &mut missing);
    }
    assert!(missing.is_empty(), "no x-description-ja at {missing:?}");
    let out = grclint()
        .args([
            "check",
            "fixtures/foreign/mixed",
            "--lang",
            "ja",
            "--format",
            "json",
        ])
        .args(["--today", TODAY])
        .current_dir(root())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sch001 = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "SCH001")
        .expect("the fixture misses a required field");
    let help = sch001["help"].as_str().unwrap();
    assert!(help.contains("保管・格納場所。例: キャビネット"), "{help}");
    assert_eq!(english_prose(help), None, "{help}");
}
