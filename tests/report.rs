//! `grclint report`: the auditor's report, as JSON (snapshots, counts against `check`) and as
//! HTML (self-contained, deterministic, parsed by html5lib, rendered by headless Chromium).

mod common;
use common::clients::have;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn demo() -> PathBuf {
    root().join("fixtures/demo")
}

fn findings_fixture() -> PathBuf {
    root().join("fixtures/report/findings")
}

/// `grclint report DIR --today … ARGS…`: (exit code, standard output).
fn report(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = grclint()
        .arg("report")
        .arg(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("grclint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

/// The JSON report, with the repository's commit and state blanked: fixtures live inside
/// grclint's own repository, whose HEAD moves with every commit.
fn report_json(dir: &Path) -> Value {
    let (code, text) = report(dir, &["--format", "json"]);
    assert_eq!(code, 0, "{text}");
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["cover"]["commit"] = Value::Null;
    v["cover"]["dirty"] = Value::Null;
    v["cover"]["grclint_version"] = Value::Null;
    v
}

#[test]
fn json_of_the_demo() {
    let v = report_json(&demo());
    assert_eq!(v["soa"].as_array().unwrap().len(), 93);
    assert!(
        v["soa"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["entry"] == true)
    );
    insta::assert_json_snapshot!("demo_json", v);
}

#[test]
fn json_of_a_repository_with_findings() {
    let v = report_json(&findings_fixture());
    let soa = v["soa"].as_array().unwrap();
    assert_eq!(soa.iter().filter(|r| r["entry"] == false).count(), 90);
    let a59 = soa.iter().find(|r| r["control"] == "A.5.9").unwrap();
    assert_eq!(a59["conflict"], true, "{a59}");
    assert!(a59["open_findings"].to_string().contains("AST001"), "{a59}");
    let a515 = soa.iter().find(|r| r["control"] == "A.5.15").unwrap();
    assert_eq!(a515["name"], "アクセス制御 (自社の呼び方)");
    let suppressed = v["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["waiver"], "W-001");
    assert_eq!(suppressed[0]["approved_by"], "P-001");
    assert_eq!(suppressed[0]["expires"], "2027-03-31");
    let upcoming = v["due"]["upcoming"].to_string();
    assert!(upcoming.contains("2026-12-15") && !upcoming.contains("W-001"));
    let pledges = |list: &str| -> Vec<(String, String)> {
        v["due"][list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["what"] == "pledge")
            .map(|i| (i["record"].to_string(), i["date"].to_string()))
            .collect()
    };
    // No pledge: due since joining; one that does not bind after leaving: due by leaving.
    assert_eq!(
        pledges("overdue"),
        [("\"P-002\"".into(), "\"2026-10-01\"".into())]
    );
    assert_eq!(
        pledges("upcoming"),
        [("\"P-003\"".into(), "\"2027-01-15\"".into())]
    );
    insta::assert_json_snapshot!("findings_json", v);
}

/// The report's summary is `check`'s json summary, key for key.
#[test]
fn counts_equal_the_summary_of_check() {
    for dir in [demo(), findings_fixture()] {
        let v = report_json(&dir);
        let run = check(&dir, &["--format", "json"]);
        let checked: Value = serde_json::from_str(&run.stdout).unwrap();
        for key in [
            "files",
            "records",
            "errors",
            "warnings",
            "infos",
            "suppressed",
        ] {
            assert_eq!(
                v["summary"][key],
                checked["summary"][key],
                "{key} in {}",
                dir.display()
            );
        }
        let listed =
            v["findings"].as_array().unwrap().len() + v["suppressed"].as_array().unwrap().len();
        assert_eq!(listed, checked["findings"].as_array().unwrap().len());
    }
}

/// Each heat-map cell holds the risks of that likelihood and impact, read from the files
/// line by line (not through grclint).
#[test]
fn heat_map_cells_equal_the_risk_counts() {
    for (dir, file) in [
        (demo(), "risks/risk-register.yaml"),
        (findings_fixture(), "risks/risks.yaml"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut expected = [[0u64; 3]; 3];
        let mut likelihood = 0usize;
        for line in text.lines().map(str::trim) {
            if let Some(n) = line.strip_prefix("likelihood: ") {
                likelihood = n[..1].parse().unwrap();
            }
            if let Some(n) = line.strip_prefix("impact: ") {
                let impact: usize = n[..1].parse().unwrap();
                expected[likelihood - 1][impact - 1] += 1;
            }
        }
        let v = report_json(&dir);
        let cells = v["heat_map"]["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 9);
        for c in cells {
            let (l, i) = (
                c["likelihood"].as_u64().unwrap(),
                c["impact"].as_u64().unwrap(),
            );
            assert_eq!(
                c["count"].as_u64().unwrap(),
                expected[l as usize - 1][i as usize - 1],
                "{c}"
            );
            assert_eq!(
                c["risks"].as_array().unwrap().len() as u64,
                c["count"].as_u64().unwrap()
            );
        }
    }
}

fn html(dir: &Path, lang: &str) -> String {
    let (code, text) = report(dir, &["--lang", lang]);
    assert_eq!(code, 0);
    text
}

/// No `src`, `href` or CSS `url()` leaves the file: no scheme, no `//`.
#[test]
fn the_html_references_nothing_outside_itself() {
    let attr =
        regex::Regex::new(r#"(?i)\b(src|href|xlink:href|action|srcset)\s*=\s*"([^"]*)""#).unwrap();
    let url = regex::Regex::new(r"(?i)url\(([^)]*)\)").unwrap();
    for dir in [demo(), findings_fixture()] {
        for lang in ["en", "ja"] {
            let page = html(&dir, lang);
            let mut refs = 0;
            for c in attr.captures_iter(&page) {
                refs += 1;
                let target = &c[2];
                assert!(target.starts_with('#'), "{} = {target}", &c[1]);
            }
            assert!(refs > 0, "the contents link to the sections");
            assert!(url.find(&page).is_none(), "no url() in the CSS");
            for bad in ["http:", "https:", "@import", "<script", "<link", "<img"] {
                assert!(
                    !page.to_lowercase().contains(bad),
                    "{bad} in the {lang} report"
                );
            }
        }
    }
}

#[test]
fn two_runs_are_byte_identical() {
    for dir in [demo(), findings_fixture()] {
        for args in [
            &["--lang", "en"][..],
            &["--lang", "ja"],
            &["--format", "json"],
        ] {
            assert_eq!(report(&dir, args), report(&dir, args), "{args:?}");
        }
    }
}

#[test]
fn every_section_is_there_in_english_and_japanese() {
    let en = html(&demo(), "en");
    for s in [
        "Statement of Applicability",
        "Risk heat map",
        "Checks passed, by area",
        "What falls due",
        "Findings",
        "株式会社さくら食品",
        "A.8.34",
        "<svg class=\"radar\"",
        "<svg class=\"heat\"",
        "@page { size: A4",
    ] {
        assert!(en.contains(s), "{s}");
    }
    let ja = html(&demo(), "ja");
    for s in [
        "<html lang=\"ja\">",
        "適用宣言書",
        "リスクマップ",
        "期限の到来",
        "指摘事項",
        "バックアップ",
    ] {
        assert!(ja.contains(s), "{s}");
    }
    assert_eq!(
        ja.matches("<tr id=\"A.").count() + ja.matches("<tr class=\"excluded\" id=\"A.").count(),
        93
    );
}

#[test]
fn the_exit_code_is_0_with_findings_and_2_when_no_report_can_be_made() {
    let (code, _) = report(&findings_fixture(), &["--format", "json"]);
    assert_eq!(code, 0);
    let out = grclint()
        .args(["report", "no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.html");
    let out = grclint()
        .arg("report")
        .arg(demo())
        .args(["--today", TODAY, "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        html(&demo(), "en")
    );
}

/// html5lib (the WHATWG parsing algorithm) in strict mode: any parse error fails.
#[test]
fn html5lib_parses_the_report_without_errors() {
    let python = Command::new("python3")
        .args(["-c", "import html5lib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !python {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install html5lib (.ci/run)"
        );
        eprintln!("python3 with html5lib is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, fixture) in [("demo", demo()), ("findings", findings_fixture())] {
        for lang in ["en", "ja"] {
            let file = dir.path().join(format!("{name}-{lang}.html"));
            std::fs::write(&file, html(&fixture, lang)).unwrap();
            let out = Command::new("python3")
                .args([
                    "-c",
                    "import sys, html5lib\nhtml5lib.HTMLParser(strict=True).parse(open(sys.argv[1], 'rb'))",
                ])
                .arg(&file)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name} {lang}: {}",
                common::clients::text(&out)
            );
        }
    }
}

/// Debian's Chromium renders the demo's report, headless, to PNG and to PDF.
#[test]
fn headless_chromium_renders_the_report_to_png_and_pdf() {
    if !have("chromium", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let page = dir.path().join(format!("report-{lang}.html"));
        std::fs::write(&page, html(&demo(), lang)).unwrap();
        let out_base = dir.path().join(format!("report-{lang}"));
        let out = Command::new("bash")
            .arg(root().join("tests/clients/report-render.sh"))
            .arg(&page)
            .arg(&out_base)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::clients::text(&out));
        let png = std::fs::read(out_base.with_extension("png")).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let pdf = std::fs::read(out_base.with_extension("pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000, "a PDF");
    }
}

/// The codes of a `check --format json` run's findings, each with whether it is suppressed.
fn codes_of(dir: &Path) -> Vec<(String, bool)> {
    let run = check(dir, &["--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("json");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["suppressed"] == true,
            )
        })
        .collect()
}

/// `check` warns (SOA007) where the SoA calls a control implemented while a rule that
/// references it has an open finding; a silenced finding is not open, and SOA007 itself can
/// be silenced without the comment counting as unused.
#[test]
fn check_warns_when_the_soa_calls_a_control_with_open_findings_implemented() {
    let run = check(&findings_fixture(), &["--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("json");
    let soa007: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SOA007")
        .collect();
    assert_eq!(soa007.len(), 1, "{soa007:?}");
    let f = soa007[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64()),
        (Some("soa/soa.yaml"), Some(5))
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("A.5.9 is marked implemented, but grclint has 1 open finding under it: AST001 assets/ledger.yaml:9"),
        "{f}"
    );

    // The AST001 silenced with a reason: nothing is open under A.5.9 any more.
    let dir = copy_tree(&findings_fixture());
    let ledger = dir.path().join("assets/ledger.yaml");
    edit(
        &ledger,
        "last_inventory: 2025-06-30   #",
        "last_inventory: 2025-06-30   # grclint: ignore[AST001] 棚卸は 12 月に実施予定 —",
    );
    let codes = codes_of(dir.path());
    assert!(codes.contains(&("AST001".into(), true)), "{codes:?}");
    assert!(
        !codes.iter().any(|(c, _)| c == "SOA007" || c == "IGN002"),
        "{codes:?}"
    );

    // SOA007 silenced on its own line: suppressed, and the comment is used.
    let dir = copy_tree(&findings_fixture());
    edit(
        &dir.path().join("soa/soa.yaml"),
        "status: implemented            #",
        "status: implemented            # grclint: ignore[SOA007] 棚卸は 12 月に実施予定 —",
    );
    let codes = codes_of(dir.path());
    assert!(codes.contains(&("SOA007".into(), true)), "{codes:?}");
    assert!(codes.contains(&("AST001".into(), false)), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| c == "IGN002"), "{codes:?}");

    // In Japanese.
    let run = check(&findings_fixture(), &["--lang", "ja", "--format", "json"]);
    assert!(
        run.stdout.contains("管理策 A.5.9 は実施済み（implemented）とされているが、この管理策について未解決の指摘が 1 件ある: AST001 assets/ledger.yaml:9"),
        "{}",
        run.stdout
    );
}

/// The Annex A controls are listed in three places that users see — the controls the report
/// names, the `control` values the soa schema allows, and the `controls` param of SOA001 and
/// SOA002 — and the three agree, in the standard's order.
#[test]
fn the_annex_a_controls_agree_in_the_report_the_schema_and_the_rules() {
    use grclint::pipeline::{Request, Workspace};
    let request = Request {
        today: Some(TODAY.to_owned()),
        ..Request::default()
    };
    let Ok(ws) = Workspace::open(demo(), &request) else {
        panic!("the demo opens")
    };
    let ids: Vec<&str> = grclint::audit::annex::CONTROLS
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids.len(), 93);
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("a list")
            .iter()
            .map(|s| s.as_str().expect("a string").to_owned())
            .collect()
    };
    let schema = &ws.kinds().get("soa").expect("the soa kind").schema;
    assert_eq!(strings(&schema["properties"]["control"]["enum"]), ids);
    for code in ["SOA001", "SOA002"] {
        let rule = ws.rules().iter().find(|r| &*r.code == code).unwrap();
        assert_eq!(strings(&rule.params["controls"]), ids, "{code}");
    }
}
