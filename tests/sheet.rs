//! `grclint import` and `grclint export` on workbooks and CSV files the tests write
//! themselves, in the demo company's repository.

mod common;

use common::{TODAY, copy_tree, grclint, root};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;
use std::path::Path;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = grclint()
        .current_dir(dir)
        .args(args)
        .args(["--today", TODAY])
        .output()
        .expect("grclint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn demo() -> tempfile::TempDir {
    copy_tree(&root().join("fixtures/demo"))
}

/// The records of a ledger file, as grclint's own loader reads them.
fn records(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = grclint::load::yaml::parse(
        &text,
        0,
        grclint::source::FileId(0),
        &grclint::load::Limits::default(),
    );
    assert!(parsed.diagnostics.is_empty(), "{text}");
    match parsed.documents.into_iter().next().map(|d| d.value) {
        Some(Value::Array(items)) => items,
        other => panic!("not a ledger: {other:?}"),
    }
}

const HEADERS: [&str; 16] = [
    "管理№",
    "情報資産名",
    "対象(媒体)",
    "保管・格納場所",
    "利用範囲",
    "管理責任部門名",
    "管理責任者名",
    "連絡先",
    "登録(入手)日",
    "廃棄日",
    "保存期間",
    "最終棚卸日",
    "重要度(機密度)",
    "機密性",
    "完全性",
    "可用性",
];

/// A cell the IPA-style workbook writes.
enum C<'a> {
    S(&'a str),
    N(f64),
    Date(u16, u8, u8),
    /// A formula and the result Excel cached for it.
    F(&'a str, &'a str),
    Blank,
}

/// The IPA layout: a merged title row, a blank row, a two-row header whose 管理部門情報
/// is merged over its three columns (the others merged down), records from row 5.
fn ipa_workbook(path: &Path, rows: &[Vec<C<'_>>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台帳").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.merge_range(0, 0, 0, 15, "情報資産管理台帳 (株式会社さくら食品)", &plain)
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        let c = c as u16;
        if (5..=7).contains(&c) {
            ws.write_string(3, c, *h).unwrap();
        } else {
            ws.merge_range(2, c, 3, c, h, &plain).unwrap();
        }
    }
    ws.merge_range(2, 5, 2, 7, "管理部門情報", &plain).unwrap();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 4;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                C::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_date_with_format(r, c, &dt, &date).unwrap();
                }
                C::F(f, cached) => {
                    ws.write_formula(r, c, Formula::new(*f).set_result(*cached))
                        .unwrap();
                }
                C::Blank => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// A complete, valid row of the demo company (owner 佐藤 健太 is P-003).
fn good_row<'a>(id: &'a str, name: &'a str) -> Vec<C<'a>> {
    vec![
        C::S(id),
        C::S(name),
        C::S("電子データ"),
        C::S("ファイルサーバ 総務共有"),
        C::S("総務部、営業部"),
        C::S("総務部"),
        C::S("佐藤 健太"),
        C::S("内線 205"),
        C::Date(2024, 4, 1),
        C::Blank,
        C::S("5年"),
        C::Date(2026, 4, 15),
        C::S("社外秘"),
        C::N(2.0),
        C::S("中"),
        C::S("低"),
    ]
}

fn sample_rows() -> Vec<Vec<C<'static>>> {
    let mut serial = good_row("B-002", "取引先名刺データ");
    serial[8] = C::N(45748.0); // an Excel serial number typed as a number: 2025-04-01
    serial[12] = C::F("IF(N6=3,\"秘密\",\"社外秘\")", "社外秘");
    let mut era = good_row("B-003", "紙の契約書綴り");
    era[2] = C::S("紙");
    era[8] = C::S("R7.4.1");
    era[11] = C::S("令和8年4月15日");
    let mut bad_class = good_row("B-004", "採用応募書類");
    bad_class[12] = C::S("超秘密");
    let mut unknown = good_row("B-005", "旧顧客リスト");
    unknown[6] = C::S("鈴木 一郎");
    vec![
        good_row("B-001", "総務規程集"),
        serial,
        vec![],
        era,
        bad_class,
        unknown,
    ]
}

#[test]
fn an_ipa_workbook_imports_with_bad_cells_named() {
    let repo = demo();
    let book = repo.path().join("台帳.xlsx");
    ipa_workbook(&book, &sample_rows());
    let r = run(
        repo.path(),
        &[
            "import",
            "asset",
            "台帳.xlsx",
            "--output",
            "assets/imported.yaml",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // Row 7 is empty; the bad classification is in column M of row 9, the unknown person in
    // column G of row 10.
    insta::assert_snapshot!("ipa_import_findings", r.stdout);
    let ledger = std::fs::read_to_string(repo.path().join("assets/imported.yaml")).unwrap();
    insta::assert_snapshot!("ipa_import_ledger", ledger);
    let recs = records(&repo.path().join("assets/imported.yaml"));
    assert_eq!(recs.len(), 5);
    assert_eq!(recs[1]["acquired"], "2025-04-01");
    assert_eq!(recs[1]["classification"], "internal");
    assert_eq!(recs[2]["acquired"], "2025-04-01");
    assert_eq!(recs[2]["last_inventory"], "2026-04-15");
    assert_eq!(recs[0]["owner"]["person"], "P-003");
    assert_eq!(recs[0]["cia"], serde_json::json!({"c": 2, "i": 2, "a": 1}));

    // `check` finds the same problems, with the same codes and messages, and its snippet
    // shows the cell each value came from.
    let c = common::check(repo.path(), &["--format", "json"]);
    let found: Value = serde_json::from_str(&c.stdout).unwrap();
    let mut in_file: Vec<(String, String)> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "assets/imported.yaml")
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    in_file.sort();
    let mut ours: Vec<(String, String)> = r
        .stdout
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once(": error[")?;
            let (code, msg) = rest.split_once("]: ")?;
            Some((code.to_owned(), msg.to_owned()))
        })
        .collect();
    ours.sort();
    assert_eq!(in_file, ours);
    let human = common::check(repo.path(), &["--select", "SCH003"]);
    assert!(human.stdout.contains("# 台帳!M9"), "{}", human.stdout);
}

#[test]
fn strict_writes_nothing_when_a_row_is_bad() {
    let repo = demo();
    ipa_workbook(&repo.path().join("台帳.xlsx"), &sample_rows());
    let r = run(
        repo.path(),
        &[
            "import",
            "asset",
            "台帳.xlsx",
            "--strict",
            "--output",
            "assets/imported.yaml",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("was not written (--strict)"),
        "{}",
        r.stderr
    );
    assert!(!repo.path().join("assets/imported.yaml").exists());
    // Good rows only: written, exit 0, and `check` accepts the repository.
    ipa_workbook(
        &repo.path().join("台帳.xlsx"),
        &[good_row("B-001", "総務規程集"), good_row("B-002", "名刺")],
    );
    let r = run(
        repo.path(),
        &[
            "import",
            "asset",
            "台帳.xlsx",
            "--strict",
            "--output",
            "assets/imported.yaml",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(common::check(repo.path(), &[]).code, 0);
}

#[test]
fn importing_again_is_byte_identical_and_keeps_what_people_wrote() {
    let repo = demo();
    let book = repo.path().join("台帳.xlsx");
    let rows = || vec![good_row("B-001", "総務規程集"), good_row("B-002", "名刺")];
    ipa_workbook(&book, &rows());
    let args = [
        "import",
        "asset",
        "台帳.xlsx",
        "--output",
        "assets/imported.yaml",
    ];
    assert_eq!(run(repo.path(), &args).code, 0);
    let ledger = repo.path().join("assets/imported.yaml");
    let first = std::fs::read_to_string(&ledger).unwrap();
    assert_eq!(run(repo.path(), &args).code, 0);
    assert_eq!(std::fs::read_to_string(&ledger).unwrap(), first);

    // A comment above a record, one after a value, a field the sheet has no column for,
    // and a record that is not in the sheet.
    let edited = first
        .replacen("- id: B-002", "# 名刺は年内に電子化する\n- id: B-002", 1)
        .replacen(
            "  location: ファイルサーバ 総務共有",
            "  location: ファイルサーバ 総務共有  # 2026年に移設",
            1,
        )
        + "\n- id: B-099\n  name: 手で足した資産\n  medium: paper\n  location: 書庫\n  scope: [総務部]\n  owner: {department: 総務部, person: P-003, contact: 内線 205}\n  acquired: 2020-01-01\n  retention: 5y\n  last_inventory: 2026-04-15\n  classification: internal\n";
    let edited = edited.replacen("  name: 名刺", "  tags: [手書き]\n  name: 名刺", 1);
    std::fs::write(&ledger, &edited).unwrap();
    // The sheet changes a value.
    let mut changed = rows();
    changed[1][3] = C::S("書庫 A");
    ipa_workbook(&book, &changed);
    let r = run(repo.path(), &args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("kept 1 record of assets/imported.yaml that is not in the sheet: B-099"),
        "{}",
        r.stderr
    );
    let second = std::fs::read_to_string(&ledger).unwrap();
    assert!(
        second.contains("# 名刺は年内に電子化する\n- id: B-002"),
        "{second}"
    );
    assert!(
        second.contains("  location: ファイルサーバ 総務共有  # 2026年に移設  # 台帳!D5"),
        "{second}"
    );
    assert!(second.contains("  location: 書庫 A  # 台帳!D6"), "{second}");
    assert!(second.contains("  tags: [手書き]"), "{second}");
    assert!(
        second.contains("- id: B-099\n  name: 手で足した資産"),
        "{second}"
    );
    assert_eq!(run(repo.path(), &args).code, 0);
    assert_eq!(std::fs::read_to_string(&ledger).unwrap(), second);
    assert_eq!(common::check(repo.path(), &[]).code, 0);
}

#[test]
fn a_cp932_csv_of_people_is_detected_and_imported() {
    let repo = demo();
    let text = "従事者台帳\r\n社員番号,氏名,所属,メールアドレス,雇用形態,入社日,誓約書提出日,退職後の守秘義務,教育受講日\r\n\
                P-101,渡辺 進,営業部,susumu.watanabe@sakura-foods.example,正社員,2026/4/1,R8.4.1,○,2026年6月12日\r\n\
                ,,,,,,,,\r\n\
                P-102,\"中村, 舞\",物流部,mai.nakamura@sakura-foods.example,パート,令和8年5月7日,2026/5/7,×,2026/6/12\r\n";
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    std::fs::write(repo.path().join("people.csv"), &bytes).unwrap();
    let r = run(repo.path(), &["import", "person", "people.csv"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let ledger = repo.path().join("people/ledger.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    assert!(text.contains("(csv, Shift_JIS)"), "{text}");
    let recs = records(&ledger);
    assert_eq!(recs.len(), 2);
    assert_eq!(
        recs[0]["pledge"],
        serde_json::json!({"signed": "2026-04-01", "post_employment": true})
    );
    assert_eq!(recs[1]["name"], "中村, 舞");
    assert_eq!(recs[1]["employment"], "part-time");
    assert_eq!(recs[1]["joined"], "2026-05-07");
    assert!(text.contains("  joined: 2026-05-07  # people!F5"), "{text}");
    // Told the wrong encoding, it says so.
    let r = run(
        repo.path(),
        &["import", "person", "people.csv", "--encoding", "utf-8"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not valid UTF-8"), "{}", r.stderr);
}

#[test]
fn a_mapping_file_maps_any_layout() {
    let repo = demo();
    common::write(
        &repo.path().join("wifi-mapping.yaml"),
        "kind: network\ncolumns:\n  - {field: id, header: 番号}\n  - {field: name, header: [名称, ネットワーク名]}\n  \
         - {field: type, header: 種別, values: {無線: wireless, 有線: wired}}\n  \
         - {field: ssid, header: SSID}\n  - {field: security, header: 暗号化, values: {WPA2: wpa2, WPA3: wpa3}}\n  \
         - {field: default_credentials_changed, header: 初期パスワード変更, type: boolean}\n  \
         - {field: key_rotated, header: キー変更日, type: date}\n",
    );
    common::write(
        &repo.path().join("wifi.csv"),
        "番号,名称,種別,SSID,暗号化,初期パスワード変更,キー変更日\nNET-101,倉庫Wi-Fi,無線,SAKURA-WH,WPA3,○,R8.3.31\nNET-102,検品室,無線,SAKURA-QC,WEP,×,2026/3/31\n",
    );
    let r = run(
        repo.path(),
        &[
            "import",
            "network",
            "wifi.csv",
            "--mapping",
            "wifi-mapping.yaml",
            "--output",
            "networks/imported.yaml",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("wifi!E3 (NET-102): error[SCH003]"),
        "{}",
        r.stdout
    );
    let recs = records(&repo.path().join("networks/imported.yaml"));
    assert_eq!(recs[0]["default_credentials_changed"], true);
    assert_eq!(recs[0]["key_rotated"], "2026-03-31");
    assert_eq!(recs[1]["security"], "WEP");
    // A broken mapping is a usage error that names the file.
    common::write(
        &repo.path().join("bad.yaml"),
        "columns: [{field: id, heder: 番号}]\n",
    );
    let r = run(
        repo.path(),
        &["import", "network", "wifi.csv", "--mapping", "bad.yaml"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("the mapping file bad.yaml: unknown field `heder`"),
        "{}",
        r.stderr
    );
}

#[test]
fn export_then_import_gives_the_same_records() {
    let repo = demo();
    let ledger = repo.path().join("assets/ledger.yaml");
    let before = records(&ledger);
    for format in ["xlsx", "csv"] {
        let out = format!("assets.{format}");
        let r = run(
            repo.path(),
            &["export", "asset", "--format", format, "--output", &out],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Into the ledger it came from: every record the same, nothing else changed.
        let r = run(
            repo.path(),
            &["import", "asset", &out, "--output", "assets/ledger.yaml"],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert_eq!(records(&ledger), before, "{format}");
        // Into a new file: the mapped fields are the same.
        let fresh = format!("elsewhere/{format}.yaml");
        run(repo.path(), &["import", "asset", &out, "--output", &fresh]);
        let mapping = grclint::sheet::mapping::Mapping::builtin("asset").unwrap();
        for (a, b) in before.iter().zip(records(&repo.path().join(&fresh))) {
            for c in &mapping.columns {
                let p = grclint::load::spans::dotted_to_pointer(&c.field);
                assert_eq!(
                    a.pointer(&p),
                    b.pointer(&p),
                    "{format} {} {}",
                    a["id"],
                    c.field
                );
            }
        }
    }
}

/// The parts of the xlsx that say what a viewer shows.
fn sheet_xml(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut part = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut part, &mut s).unwrap();
    s
}

#[test]
fn export_has_filters_frozen_header_and_findings() {
    let repo = demo();
    common::edit(
        &repo.path().join("assets/ledger.yaml"),
        "  last_inventory: 2026-04-15\n  classification: confidential\n  cia: {c: 3, i: 3, a: 3}",
        "  last_inventory: 2024-04-15\n  classification: confidential\n  cia: {c: 3, i: 3, a: 3}",
    );
    let r = run(repo.path(), &["export", "asset", "--output", "out.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("25 records, 1 with findings"),
        "{}",
        r.stderr
    );
    let xml = sheet_xml(&repo.path().join("out.xlsx"));
    assert!(xml.contains("<autoFilter ref=\"A1:U26\""), "{xml}");
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "{xml}"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(repo.path().join("out.xlsx")).unwrap();
    let range = wb.worksheet_range("情報資産管理台帳").unwrap();
    let row = |r: usize| -> Vec<String> {
        (0..21)
            .map(|c| range.get((r, c)).map(|v| v.to_string()).unwrap_or_default())
            .collect()
    };
    assert_eq!(row(0)[0], "管理№");
    assert_eq!(row(0)[20], "grclint の指摘 (findings)");
    assert_eq!(row(1)[0], "A-001");
    assert_eq!(row(1)[6], "伊藤 翔 (Sho Ito)");
    assert!(
        row(1)[20].starts_with("AST001 error: last inventory 2024-04-15 is"),
        "{:?}",
        row(1)
    );
    assert_eq!(row(2)[20], "");
}

/// LibreOffice opens the export, and what it reads back imports as the same records.
#[test]
fn libreoffice_reads_the_export() {
    let soffice = std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".to_owned());
    if std::process::Command::new(&soffice)
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (.ci/run)"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let repo = demo();
    let ledger = repo.path().join("assets/ledger.yaml");
    let before = records(&ledger);
    assert_eq!(
        run(repo.path(), &["export", "asset", "--output", "lo.xlsx"]).code,
        0
    );
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(out.path())
        .arg(repo.path().join("lo.xlsx"))
        .output()
        .unwrap();
    let csv = out.path().join("lo.csv");
    assert!(csv.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("管理№,情報資産名,対象(媒体)"), "{text}");
    assert!(
        text.contains("A-001,ECサイト「さくらマルシェ」(web shop + 会員DB),システム"),
        "{text}"
    );
    assert!(
        text.contains(",2021-10-01,"),
        "dates as the export formats them: {text}"
    );
    std::fs::copy(&csv, repo.path().join("lo.csv")).unwrap();
    let r = run(
        repo.path(),
        &[
            "import",
            "asset",
            "lo.csv",
            "--output",
            "assets/ledger.yaml",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(records(&ledger), before);
    // Saved again by LibreOffice as OpenDocument and as Excel 97–2003, it imports the same.
    for format in ["ods", "xls"] {
        let conv = std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(repo.path())
            .arg(repo.path().join("lo.xlsx"))
            .output()
            .unwrap();
        let book = format!("lo.{format}");
        assert!(
            repo.path().join(&book).exists(),
            "{}",
            String::from_utf8_lossy(&conv.stderr)
        );
        let r = run(
            repo.path(),
            &["import", "asset", &book, "--output", "assets/ledger.yaml"],
        );
        assert_eq!(r.code, 0, "{format}: {}{}", r.stdout, r.stderr);
        assert_eq!(records(&ledger), before, "{format}");
    }
}

#[test]
fn a_thousand_assets_import_and_check_clean_but_the_bad_cells() {
    let repo = demo();
    let ids: Vec<String> = (1..=1000).map(|i| format!("X-{i:04}")).collect();
    let mut rows: Vec<Vec<C<'_>>> = ids.iter().map(|id| good_row(id, "日報")).collect();
    rows[499][12] = C::S("社外秘?");
    ipa_workbook(&repo.path().join("big.xlsx"), &rows);
    let r = run(
        repo.path(),
        &["import", "asset", "big.xlsx", "--output", "assets/big.yaml"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.lines().filter(|l| l.contains("error[")).count(),
        1,
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.starts_with("台帳!M504 (X-0500): error[SCH003]"),
        "{}",
        r.stdout
    );
    assert_eq!(records(&repo.path().join("assets/big.yaml")).len(), 1000);
    let c = common::check(repo.path(), &["--format", "json"]);
    let found: Value = serde_json::from_str(&c.stdout).unwrap();
    assert_eq!(found["summary"]["errors"], 1, "{}", c.stdout);
}

/// A real workbook whose sheet part is replaced by what `sheet` writes, compressed.
fn workbook_with_sheet(path: &Path, level: i64, sheet: impl Fn(&mut dyn std::io::Write)) {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "管理№").unwrap();
    let small = wb.save_to_buffer().unwrap();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(small)).unwrap();
    let mut dst = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..src.len() {
        let part = src.by_index(i).unwrap();
        if part.name().unwrap() == "xl/worksheets/sheet1.xml" {
            continue;
        }
        dst.raw_copy_file(part).unwrap();
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(level))
        .large_file(true);
    dst.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    sheet(&mut dst);
    dst.finish().unwrap();
}

fn rows_xml(rows: u32, out: &mut dyn std::io::Write) {
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    out.write_all(head.as_bytes()).unwrap();
    let mut buf = String::new();
    for r in 1..=rows {
        buf.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c><c r=\"B{r}\" t=\"inlineStr\"><is><t>情報資産</t></is></c></row>"));
        if buf.len() > 1 << 20 {
            out.write_all(buf.as_bytes()).unwrap();
            buf.clear();
        }
    }
    buf.push_str("</sheetData></worksheet>");
    out.write_all(buf.as_bytes()).unwrap();
}

fn raise_size_limit(repo: &Path, bytes: u64) {
    let config = repo.join(".grclint.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}limits:\n  max_file_size: {bytes}\n"),
    )
    .unwrap();
}

fn refused(repo: &Path, book: &str) -> (Run, std::time::Duration) {
    let t = std::time::Instant::now();
    let r = run(
        repo,
        &["import", "asset", book, "--output", "assets/x.yaml"],
    );
    let took = t.elapsed();
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!repo.join("assets/x.yaml").exists());
    (r, took)
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let repo = demo();
    // 256 MiB of spaces pack into a few hundred kilobytes.
    workbook_with_sheet(&repo.path().join("bomb.xlsx"), 9, |out| {
        let block = vec![b' '; 1 << 20];
        for _ in 0..256 {
            out.write_all(&block).unwrap();
        }
    });
    assert!(
        std::fs::metadata(repo.path().join("bomb.xlsx"))
            .unwrap()
            .len()
            < 2 << 20
    );
    let (r, took) = refused(repo.path(), "bomb.xlsx");
    assert!(
        r.stderr
            .contains("its part xl/worksheets/sheet1.xml unpacks to more than 16777216 bytes"),
        "{}",
        r.stderr
    );
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}

#[test]
fn a_50_mb_sheet_is_refused_within_the_size_limit() {
    let repo = demo();
    // About 110 bytes a row: 480,000 rows are 50 MB.
    workbook_with_sheet(&repo.path().join("big.xlsx"), 1, |out| {
        rows_xml(480_000, out)
    });
    let (r, _) = refused(repo.path(), "big.xlsx");
    assert!(
        r.stderr.contains("a sheet that large, or a zip bomb"),
        "{}",
        r.stderr
    );
    // Under a larger size limit the rows are counted instead.
    raise_size_limit(repo.path(), 104_857_600);
    let (r, _) = refused(repo.path(), "big.xlsx");
    assert!(
        r.stderr
            .contains("its sheet has more than 200000 rows (`limits.max_records`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_sheet_of_every_row_excel_has_is_refused() {
    let repo = demo();
    raise_size_limit(repo.path(), 209_715_200);
    workbook_with_sheet(&repo.path().join("rows.xlsx"), 1, |out| {
        rows_xml(1_048_576, out)
    });
    let (r, took) = refused(repo.path(), "rows.xlsx");
    assert!(r.stderr.contains("more than 200000 rows"), "{}", r.stderr);
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
    // A sheet whose only row is the last one is no burden: it is read, and has no header.
    workbook_with_sheet(&repo.path().join("last.xlsx"), 1, |out| {
        out.write_all(b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>").unwrap();
    });
    let r = run(repo.path(), &["import", "asset", "last.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no header row found"), "{}", r.stderr);
}

/// `import` and `export` speak Japanese with `--lang ja`: what they wrote, and why a file
/// cannot be imported.
#[test]
fn import_and_export_say_what_they_did_in_japanese() {
    let repo = demo();
    let book = repo.path().join("台帳.xlsx");
    ipa_workbook(&book, &[good_row("B-001", "総務規程集")]);
    let r = run(
        repo.path(),
        &[
            "import",
            "asset",
            "台帳.xlsx",
            "--output",
            "assets/imported.yaml",
            "--lang",
            "ja",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("assets/imported.yaml を書き込んだ: レコード 1 件（うち 1 件は 台帳.xlsx のシート 台帳 から）、エラー 0 件"),
        "{}",
        r.stderr
    );
    std::fs::write(repo.path().join("偽物.xlsx"), "これはブックではない").unwrap();
    let r = run(
        repo.path(),
        &["import", "asset", "偽物.xlsx", "--lang", "ja"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("を取り込まなかった: ブックではない（zip 形式でない"),
        "{}",
        r.stderr
    );
    let r = run(
        repo.path(),
        &["export", "asset", "--output", "assets.xlsx", "--lang", "ja"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("assets.xlsx を書き込んだ: レコード"),
        "{}",
        r.stderr
    );
    for line in r.stderr.lines() {
        assert_eq!(common::english_prose(line), None, "{line}");
    }
}
