//! `grclint init`: a starter repository — a commented config and one example record of every
//! kind, linked to each other, dated relative to today so that it checks clean.

use jiff::ToSpan;
use jiff::civil::Date;
use std::path::Path;

mod ja;

const CONFIG: &str = r#"# grclint configuration. Every key is optional; grclint never downloads anything.
# `grclint explain CODE` shows what a rule checks; `grclint rules` lists them all.

# Built-in packs: `isms` holds the record schemas and the 92 rules of the IPA seminar checklist and the SoA.
packs: [isms]

# Extra path globs per kind, for records outside the conventional folders (assets/, people/, …).
# kinds:
#   asset: ["ledgers/assets-*.yaml"]

# Folders of your own <kind>.schema.json files and rule files.
# schemas: [grclint/schemas/]
# rules: [grclint/rules/]

# Paths never read.
# exclude: ["archive/**"]

# Pin the date the checks use (for a reproducible audit); by default, today.
# today: 2026-04-01

# Lowest severity that fails the run: error (default), warning, info or never.
fail_on: error

# Per-rule settings: a severity, params, or off.
# rule_settings:
#   AST001: { severity: warning, params: { max_age: 180d } }
#   NET004: off
"#;

/// (path, text) with `@D(n)` for today plus n days.
const FILES: &[(&str, &str)] = &[
    (
        "people/people.yaml",
        r#"# 従事者台帳 (personnel ledger): everyone who handles the company's information.
- id: P-001
  name: 情報 太郎 (Taro Joho)
  department: 経営
  email: taro.joho@example.co.jp
  employment: executive
  joined: 2015-04-01
  pledge: {signed: 2015-04-01, post_employment: true}
  training: {last: @D(-60), course: 情報セキュリティ研修}
  access: [A-001, A-002]
  access_reviewed: @D(-60)
  roles: [security-officer, incident-contact, approver]
"#,
    ),
    (
        "assets/ledger.yaml",
        r#"# 情報資産管理台帳 (information asset ledger): one entry per asset.
- id: A-001
  name: 顧客台帳 (customer ledger)
  medium: electronic
  location: 社内ファイルサーバ /営業/顧客
  scope: [営業部]
  owner: {department: 営業部, person: P-001, contact: 内線 100}
  acquired: @D(-400)
  retention: 5y
  last_inventory: @D(-30)
  classification: confidential
  cia: {c: 3, i: 2, a: 2}
  personal_data: personal
  personal_data_count: 1200
  handling: {encrypt_at_rest: true, encrypt_in_transit: true, copy_allowed: false}

- id: A-002
  name: 販売管理システム (sales system)
  medium: system
  location: 本社サーバ室 ラック1
  scope: [営業部, 経理部]
  owner: {department: 経理部, person: P-001, contact: 内線 100}
  acquired: @D(-400)
  retention: permanent
  last_inventory: @D(-30)
  classification: internal
  cia: {c: 2, i: 2, a: 3}
  area: AR-001
  operations:                      # how the system is run (情報システムの運用管理)
    internet_facing: false         # true for a web shop or anything reachable from the internet
    maintainer: S-001
    maintenance_contract: CTR-001
    patching: {last_applied: @D(-14), interval: 30d}
    antivirus: {installed: true, last_update: @D(-1)}
    logging: {enabled: true, retention: 1y}
    accounts: {shared: false, mfa: true}
"#,
    ),
    (
        "areas/server-room.yaml",
        r#"# セキュリティ区画 (secured area): where information is kept; assets name it in `area`.
id: AR-001
name: 本社サーバ室
zone: secure
entry_control: card
entry_log: true
authorized: [P-001]
locked_storage: true
disaster: {earthquake_fixed: true, water_protected: true, ups: true}
"#,
    ),
    (
        "suppliers/it-support.yaml",
        r#"# 委託先 (supplier): who receives which of our information, under which contract.
id: S-001
name: 株式会社サンプルITサポート
contact: {name: 保守 花子, email: support@it-support.example.co.jp, phone: 03-0000-0000}
services: [サーバ保守, バックアップ運用]
data: [A-001]
contracts: [CTR-001, CTR-002]
security_check: {date: @D(-90), result: pass, evidence: 委託先チェックリスト @D(-90)}
last_review: @D(-90)
last_status_report: @D(-10)
"#,
    ),
    (
        "contracts/it-support.yaml",
        r#"# 業務委託契約 (outsourcing contract) with the supplier S-001.
id: CTR-001
supplier: S-001
type: outsourcing
signed: @D(-200)
start: @D(-200)
end: @D(530)
clauses:
  - confidentiality
  - confidential-scope
  - survival-period
  - purpose-limitation
  - least-access
  - handling-method
  - copy-restriction
  - return-or-disposal
  - disposal-evidence
  - audit-right
  - breach-measures
  - subcontract-approval
  - no-private-devices
  - incident-notification
  - status-reporting
confidentiality_years: 5
"#,
    ),
    (
        "contracts/it-support-development.yaml",
        r#"# 開発委託契約 (development contract): changes to the sales system A-002.
id: CTR-002
supplier: S-001
type: development
signed: @D(-30)
start: @D(-30)
end: @D(150)
clauses: [confidentiality, incident-notification, ip-and-licensing, production-data, security-reporting, review-records]
"#,
    ),
    (
        "policies/basic-policy.yaml",
        r#"# 情報セキュリティ基本方針 (basic policy), approved by management.
id: POL-001
title: 情報セキュリティ基本方針
type: basic-policy
owner: P-001
approved_by: P-001
approved_on: @D(-60)
version: "1.0"
next_review: @D(300)
status: active
document: docs/basic-policy.md
"#,
    ),
    (
        "policies/docs/basic-policy.md",
        "# 情報セキュリティ基本方針\n\n当社は、お客様からお預かりした情報と当社の情報資産を守るため、\nこの方針を定め、全従業者に周知し、定期的に見直します。\n",
    ),
    (
        "policies/security-standard.yaml",
        r#"# 情報セキュリティ対策基準 (security standard): the written rules, by topic (`covers`).
id: POL-002
title: 情報セキュリティ対策基準
type: standard
owner: P-001
approved_by: P-001
approved_on: @D(-60)
version: "1.0"
next_review: @D(300)
document: docs/security-standard.md
covers: [asset-handling, access-control, passwords, screen-lock, clean-desk, removable-media,
  private-devices, software-install, disposal, email, internet-use, physical-security, backup,
  change-management, outsourcing, incident-response, training]
"#,
    ),
    (
        "policies/docs/security-standard.md",
        "# 情報セキュリティ対策基準\n\n台帳への登録と持ち出し、ID・パスワード・離席時の画面ロック、机上の整理、\n媒体と私有PC、ソフトウェアの導入、廃棄、メール、インターネット利用、入退管理、\nバックアップ、システムの変更、委託先、事故対応、教育について、守るルールを定める。\n",
    ),
    (
        "risks/risks.yaml",
        r#"# リスク対応表 (risk register): likelihood × impact, and the treatment chosen.
- id: R-001
  title: 顧客台帳の漏えい
  assets: [A-001]
  threat: 不正アクセス・誤送信による顧客情報の漏えい
  vulnerability: アクセス権の設定漏れ
  likelihood: 2
  impact: 3
  score: 6
  treatment: reduce
  controls: [アクセス権の年次見直し, 送信前の宛先確認, ファイルの暗号化]
  owner: P-001
  last_review: @D(-30)
"#,
    ),
    (
        "incident-plans/incident-plan.yaml",
        r#"# 事故対応計画 (incident response plan): who to call, in order, and what to do.
id: IRP-001
title: 情報セキュリティ事故対応計画
owner: P-001
contacts:
  - {role: 情報セキュリティ責任者, person: P-001, phone: 090-0000-0000, email: taro.joho@example.co.jp}
scenarios:
  - type: malware
    steps: [LANケーブルを抜く, 責任者に電話で報告, 保守会社に連絡]
  - type: data-leak
    steps: [漏えいの範囲を確認, 責任者に報告, 本人と監督官庁への報告を判断]
report_fields: [who, what, when, where, why, how]
external_contacts:
  - {name: 個人情報保護委員会, type: authority, contact: https://www.ppc.go.jp/}
last_exercised: @D(-90)
"#,
    ),
    (
        "continuity/sales-system.yaml",
        r#"# 事業継続計画 (continuity plan) for the critical sales system A-002.
id: BCP-001
system: A-002
owner: P-001
max_downtime: 24h
backup: {frequency: 1d, last_success: @D(0), offsite: true, generations: 7}
restore: {estimated: 8h, last_test: @D(-90)}
manual_procedure: docs/manual-procedure.md
vendor_support: {contract: CTR-001, response_time: 4h}
placement: {secured_against_falling: true, ups: true, restricted_room: true}
"#,
    ),
    (
        "continuity/docs/manual-procedure.md",
        "# 販売管理システム停止時の手作業手順\n\n1. 受注は受注票 (紙) に記入する。\n2. 復旧後に受注票から入力する。\n",
    ),
    (
        "services/cloud-storage.yaml",
        r#"# 外部サービス (external service), approved before use.
id: SVC-001
name: クラウドストレージ
provider: Example Cloud Inc.
purpose: 社内文書の共有
status: approved
approved_by: P-001
approved_on: @D(-100)
max_classification: confidential
data: [A-001]
terms_reviewed: @D(-100)
default_visibility: private
mfa: true
encryption_in_transit: true
"#,
    ),
    (
        "networks/office-wifi.yaml",
        r#"# 無線LAN (network): encryption, keys, segregation.
- id: NET-001
  name: 事務所 無線LAN
  type: wireless
  ssid: OFFICE
  security: wpa3
  default_credentials_changed: true
  key_rotated: @D(-90)
  client_auth: 802.1x
  guest_segregated: true
  web_filtering: true       # the UTM blocks harmful sites (フィルタリング)

- id: NET-002
  name: 倉庫 ハンディ端末用 無線LAN
  type: wireless
  ssid: WAREHOUSE
  security: wpa2
  default_credentials_changed: true
  key_rotated: @D(-90)
  client_auth: psk
  guest_segregated: false   # the old terminals cannot do VLANs: see waivers/
"#,
    ),
    (
        "waivers/warehouse-wifi.yaml",
        r#"# 例外 (waiver): an approved, expiring exception to one rule for one record.
id: W-001
rule: NET004
target: NET-002
reason: 旧型ハンディ端末がVLANに対応していないため、端末入替まで分離を見送る
approved_by: P-001
approved_on: @D(-10)
expires: @D(180)
"#,
    ),
];

fn expand(text: &str, today: Date) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("@D(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let close = after.find(')').expect("templates close @D(");
        let days: i64 = after[..close].parse().expect("templates hold whole days");
        out.push_str(&today.checked_add(days.days()).unwrap_or(today).to_string());
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Writes the starter repository into `dir`; with `config_only`, just `.grclint.yaml`
/// (for a repository that has records already).
pub fn run(dir: &Path, config_only: bool) -> i32 {
    let japanese = crate::i18n::lang() == crate::i18n::Lang::Ja;
    // As `check` decides it, with no config yet: GRCLINT_TODAY, else the system date.
    let settings = crate::config::Settings::defaults(dir.to_path_buf());
    let today = match crate::pipeline::resolve_today(None, &settings) {
        Ok(d) => d,
        Err(f) => {
            crate::report::print_fatal(&f);
            return 2;
        }
    };
    let config = if japanese { ja::CONFIG } else { CONFIG };
    let mut files: Vec<(String, String)> = vec![(".grclint.yaml".to_owned(), config.to_owned())];
    if !config_only {
        files.extend(FILES.iter().map(|(p, t)| {
            let text = if japanese {
                ja::comments(t)
            } else {
                t.to_string()
            };
            ((*p).to_owned(), expand(&text, today))
        }));
        files.push((
            "soa/soa.yaml".to_owned(),
            crate::audit::annex::starter_soa(),
        ));
    }
    let existing: Vec<&str> = files
        .iter()
        // A dangling link counts: writing would follow it.
        .filter(|(p, _)| std::fs::symlink_metadata(dir.join(p)).is_ok())
        .map(|(p, _)| p.as_str())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "grclint: {}",
            crate::tr!(
                "init writes nothing, because these files exist already in {}:",
                "{} に次のファイルがすでにあるため、init は何も書き込まない:",
                dir.display()
            )
        );
        for p in existing {
            eprintln!("  {p}");
        }
        return 2;
    }
    if let Some(link) = files
        .iter()
        .find_map(|(p, _)| crate::output::link_on_the_way(dir, &dir.join(p)))
    {
        eprintln!(
            "grclint: {}",
            crate::tr!(
                "init writes nothing, because {} is a symbolic link: the files would land outside {}",
                "{} がシンボリックリンクのため、init は何も書き込まない（ファイルが {} の外に書かれてしまう）",
                link.display(),
                dir.display()
            )
        );
        return 2;
    }
    for (path, text) in &files {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
            })
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "grclint: {}: {e}",
                crate::tr!("cannot write {}", "{} に書き込めない", target.display())
            );
            return 2;
        }
        println!("{}", crate::tr!("wrote {path}", "{path} を書き込みました"));
    }
    let next = match (config_only, japanese) {
        (true, false) => {
            "Next: run `grclint check`; the config's comments say what each setting does."
        }
        (false, false) => {
            "Next: replace the examples with your own records, then run `grclint check`."
        }
        (true, true) => {
            "次に `grclint check` を実行してください。各設定の意味は設定ファイルのコメントにあります。"
        }
        (false, true) => {
            "次に、例のレコードを自社のレコードに置き換えてから `grclint check` を実行してください。"
        }
    };
    println!("\n{next}");
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_comment_is_in_japanese() {
        let left: Vec<String> = super::FILES
            .iter()
            .flat_map(|(_, t)| super::ja::untranslated(t))
            .collect();
        assert!(left.is_empty(), "no Japanese for: {left:?}");
    }
}
