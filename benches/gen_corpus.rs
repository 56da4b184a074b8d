//! gen-corpus: writes a synthetic ISMS records repository for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --assets 100000 --out /tmp/corpus-100k
//! cargo run --release --example gen-corpus -- --assets 10000 --out DIR --violations 0.01
//! ```
//!
//! The repository follows RECORDS.md: N assets in ledgers of `--per-file` entries under
//! `assets/`, people ≈ N/20, risks ≈ N/10 naming the assets, suppliers ≈ N/200 with their
//! contracts, policies with their documents, an incident plan, a continuity plan for every
//! system asset rated `cia.a: 3` (with manual procedures), services and networks. Text is
//! mixed Japanese and English. Every reference resolves and every date is set relative to
//! `--today` (written into `.grclint.yaml`), so with `--violations 0` the corpus checks
//! clean under the full isms pack. With `--violations F` each asset in use, active person
//! (but the first 20), risk, supplier, outsourcing contract or NDA and continuity plan gets,
//! with probability F, one defect that yields exactly one finding (AST001, AST006, AST009,
//! REF001, SCH002, PER002, PER003, RSK001, RSK003, RSK008, SUP004, SUP005, CON003, CON004,
//! CON005, BCP002 or BCP005); the counts per code are printed, and the records are otherwise
//! the same as with `--violations 0`. The same arguments give byte-identical output: the only
//! randomness is a seeded splitmix64.
//!
//! The bench `stages` includes this file as a module and calls [`generate`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub out: PathBuf,
    pub assets: usize,
    pub seed: u64,
    /// Share of records (0..=1) that get one defect each.
    pub violations: f64,
    /// Days since 1970-01-01.
    pub today: i64,
    /// Assets per ledger file.
    pub per_file: usize,
}

impl Options {
    pub fn new(out: PathBuf, assets: usize) -> Options {
        Options {
            out,
            assets,
            seed: 1,
            violations: 0.0,
            today: parse_date(DEFAULT_TODAY).expect("a valid default date"),
            per_file: 1000,
        }
    }
}

pub const DEFAULT_TODAY: &str = "2026-11-01";

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    /// kind → records.
    pub records: BTreeMap<&'static str, usize>,
    /// code → defects injected (each gives one finding).
    pub injected: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn total_records(&self) -> usize {
        self.records.values().sum()
    }

    pub fn total_injected(&self) -> usize {
        self.injected.values().sum()
    }
}

// ------------------------------------------------------------------------------------------
// Randomness and dates, without dependencies.

/// splitmix64: tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: &str) -> Rng {
        // Each kind draws from its own stream, so changing one kind leaves the others alone.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in stream.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + (self.next_u64() % ((hi - lo) as u64 + 1)) as i64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD` → days since 1970-01-01; refuses dates that do not exist.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let bad = || format!("`{s}` is not a date (YYYY-MM-DD)");
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let n: Vec<i64> = parts
        .iter()
        .map(|p| p.parse::<i64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let z = days_from_civil(n[0], n[1], n[2]);
    if civil_from_days(z) != (n[0], n[1], n[2]) {
        return Err(bad());
    }
    Ok(z)
}

fn date(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

// ------------------------------------------------------------------------------------------
// Text pools: Japanese with English, as real ledgers are.

const SURNAMES: &[(&str, &str)] = &[
    ("佐藤", "Sato"),
    ("鈴木", "Suzuki"),
    ("高橋", "Takahashi"),
    ("田中", "Tanaka"),
    ("伊藤", "Ito"),
    ("渡辺", "Watanabe"),
    ("山本", "Yamamoto"),
    ("中村", "Nakamura"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("吉田", "Yoshida"),
    ("山田", "Yamada"),
    ("佐々木", "Sasaki"),
    ("松本", "Matsumoto"),
    ("井上", "Inoue"),
    ("木村", "Kimura"),
    ("林", "Hayashi"),
    ("清水", "Shimizu"),
];

const GIVEN: &[(&str, &str)] = &[
    ("一郎", "Ichiro"),
    ("美咲", "Misaki"),
    ("健太", "Kenta"),
    ("由美", "Yumi"),
    ("翔", "Sho"),
    ("恵子", "Keiko"),
    ("大輔", "Daisuke"),
    ("拓也", "Takuya"),
    ("陽子", "Yoko"),
    ("直樹", "Naoki"),
    ("さくら", "Sakura"),
    ("亮", "Ryo"),
    ("真由美", "Mayumi"),
    ("誠", "Makoto"),
];

/// Staff whose names are written in the Latin alphabet first.
const FOREIGN: &[(&str, &str, &str)] = &[
    ("Lina Chen (陳 琳)", "lina", "chen"),
    ("Maria Rossi (マリア・ロッシ)", "maria", "rossi"),
    ("James Carter (ジェームズ・カーター)", "james", "carter"),
    ("Nguyen Van An (グエン・ヴァン・アン)", "an", "nguyen"),
    ("Carlos Garcia (カルロス・ガルシア)", "carlos", "garcia"),
];

/// (name, slug for file names)
const DEPARTMENTS: &[(&str, &str)] = &[
    ("総務部", "general-affairs"),
    ("営業部", "sales"),
    ("EC事業部", "ec"),
    ("品質管理部", "quality"),
    ("物流部", "logistics"),
    ("経理部", "accounting"),
    ("情報システム部", "it"),
    ("人事部", "hr"),
    ("開発部", "development"),
    ("カスタマーサポート部", "support"),
];

const MEDIA: &[(&str, u32)] = &[
    ("electronic", 40),
    ("paper", 20),
    ("system", 8),
    ("device", 22),
    ("removable-media", 10),
];

fn asset_names(medium: &str) -> &'static [&'static str] {
    match medium {
        "system" => &[
            "販売管理システム (sales management)",
            "会員データベース (member DB)",
            "在庫管理システム",
            "勤怠管理システム",
            "CRM 顧客管理",
            "受発注システム (order processing)",
            "ECサイト",
            "Web API ゲートウェイ",
            "データウェアハウス (data warehouse)",
            "給与計算システム",
        ],
        "electronic" => &[
            "顧客リスト (customer list)",
            "見積書データ",
            "仕入先価格表 (supplier price list)",
            "会議議事録 (meeting minutes)",
            "製品設計書",
            "契約書スキャンデータ",
            "人事評価データ",
            "商品画像・商品説明",
            "輸入食品 規格書 (product specs)",
            "売上報告 (monthly sales report)",
            "問い合わせ履歴 (support tickets)",
        ],
        "paper" => &[
            "注文書綴り",
            "請求書控え (invoice copies)",
            "雇用契約書 原本",
            "通関書類 (customs documents)",
            "取締役会議事録",
            "FAX受注票",
            "入館記録簿 (visitor log)",
        ],
        "device" => &[
            "業務用ノートPC (laptop)",
            "業務用スマートフォン",
            "タブレット端末 (tablet)",
            "複合機 (multifunction printer)",
            "UTM・ルータ",
            "NAS本体",
        ],
        _ => &[
            "暗号化USBメモリ",
            "外付けHDD (backup disk)",
            "DVD-R アーカイブ",
            "SDカード (camera)",
        ],
    }
}

fn locations(medium: &str) -> &'static [&'static str] {
    match medium {
        "system" => &[
            "本社 2F サーバ室 (施錠) ラック R1",
            "本社 2F サーバ室 (施錠) ラック R2",
            "クラウド (AWS 東京リージョン)",
            "クラウド (Azure Japan East)",
            "データセンター 大阪 (colocation)",
        ],
        "electronic" => &[
            "社内NAS 部門共有フォルダ",
            "Microsoft 365 SharePoint 部門サイト",
            "Google Drive 共有ドライブ",
            "業務用PC 暗号化フォルダ",
            "Box 部門フォルダ (access by group)",
        ],
        "paper" => &[
            "本社 2F 施錠キャビネット C-2",
            "本社 1F 書庫",
            "大阪支店 書庫 (locked)",
            "総務部 耐火金庫",
        ],
        "device" => &[
            "各利用者が携帯 (carried by staff)",
            "本社 2F 執務室",
            "本社 2F サーバ室 (施錠)",
            "大阪支店 執務室",
        ],
        _ => &[
            "総務部 貸出ロッカー",
            "本社 2F サーバ室 (施錠) 保管棚",
            "銀行貸金庫 (offsite)",
        ],
    }
}

const NOTES: &[&str] = &[
    "年次棚卸で所在を確認済み。",
    "Checked during the annual stocktake; no changes.",
    "アクセス権は部門長の承認で付与 (granted on the department head's approval).",
    "保守は外部委託先が担当。障害時は情報システム部へ連絡。",
    "Migrated from the old file server in 2025.",
    "紙の原本は施錠保管、電子化したデータは暗号化フォルダで管理。",
];

const THREATS: &[(&str, &str, &str)] = &[
    (
        "不正アクセスによる情報漏えい",
        "リスト型攻撃・脆弱性を突いた侵入 (credential stuffing, exploits)",
        "インターネットに公開されている",
    ),
    (
        "ランサムウェア感染によるデータの暗号化",
        "標的型メールの添付ファイル・VPN機器の脆弱性",
        "サーバと共有フォルダが同一LAN上にある",
    ),
    (
        "紛失・盗難 (loss or theft)",
        "外出先での置き忘れ、車上荒らし",
        "持ち出しが多い",
    ),
    (
        "メール誤送信による漏えい",
        "宛先の誤入力・オートコンプリート (mis-sent e-mail)",
        "社外とのメールのやり取りが多い",
    ),
    (
        "内部不正による持ち出し",
        "権限のない従業員による閲覧・コピー (insider)",
        "アクセスログを確認していない",
    ),
    (
        "地震・停電によるシステム停止",
        "首都直下地震、落雷による電源断",
        "オンプレミス機器に依存",
    ),
    (
        "委託先からの情報漏えい",
        "委託先での誤送付・紛失 (supplier incident)",
        "委託先に個人情報を提供している",
    ),
];

const CONTROLS: &[&str] = &[
    "多要素認証 (MFA) を必須化",
    "EDR を全端末に導入し、不審な通信を遮断",
    "週次のオフラインバックアップ (1世代は社外保管)",
    "年1回の脆弱性診断 (third-party penetration test)",
    "送信保留 (5分) と宛先確認ポップアップ",
    "アクセスログの月次確認",
    "BitLocker・MDM によるリモートワイプ",
    "UPS と耐震固定 (rack secured against falling)",
];

const COMPANY_STEMS: &[(&str, &str)] = &[
    ("ウェブクラフト", "WebCraft"),
    ("ひかり印刷", "Hikari Printing"),
    ("みなとITサポート", "Minato IT Support"),
    ("東京データセンター", "Tokyo Data Center"),
    ("あおばロジスティクス", "Aoba Logistics"),
    ("さくらシステム", "Sakura Systems"),
    ("北斗ソリューションズ", "Hokuto Solutions"),
    ("みらい会計事務所", "Mirai Accounting"),
    ("しらかば翻訳", "Shirakaba Translation"),
    ("ながれ運輸", "Nagare Transport"),
];

const SUPPLIER_SERVICES: &[&str] = &[
    "システム開発・保守 (system development)",
    "サーバ運用・監視 (hosting operation)",
    "DM・カタログの印刷と発送",
    "給与計算の代行 (payroll)",
    "倉庫・配送業務 (logistics)",
    "ヘルプデスク・PC キッティング",
    "翻訳 (translation)",
    "機器廃棄時のデータ消去",
];

const SERVICE_NAMES: &[(&str, &str)] = &[
    ("Microsoft 365", "日本マイクロソフト株式会社"),
    ("Google Workspace", "Google LLC"),
    ("freee会計", "freee株式会社"),
    ("Slack", "Slack Technologies"),
    ("Box", "株式会社Box Japan"),
    ("kintone", "サイボウズ株式会社"),
    ("Salesforce", "株式会社セールスフォース・ジャパン"),
    ("Zoom", "ZVC Japan株式会社"),
    ("SmartHR", "株式会社SmartHR"),
    ("Backlog", "株式会社ヌーラボ"),
];

const CLAUSES: &[&str] = &[
    "confidentiality",
    "confidential-scope",
    "survival-period",
    "purpose-limitation",
    "least-access",
    "handling-method",
    "copy-restriction",
    "return-or-disposal",
    "disposal-evidence",
    "audit-right",
    "breach-measures",
    "subcontract-approval",
    "no-private-devices",
    "incident-notification",
    "status-reporting",
];

/// (id slug, title, type) of the policy set; the first is the basic policy.
const POLICIES: &[(&str, &str, &str)] = &[
    (
        "basic-policy",
        "情報セキュリティ基本方針 (Information Security Policy)",
        "basic-policy",
    ),
    (
        "security-standard",
        "情報セキュリティ対策基準 (Security Standard)",
        "standard",
    ),
    (
        "asset-handling",
        "情報資産の取扱い・持ち出し手順 (Asset Handling Procedure)",
        "procedure",
    ),
    (
        "supplier-management",
        "委託先管理手順 (Supplier Management Procedure)",
        "procedure",
    ),
    (
        "access-control",
        "アクセス管理規程 (Access Control Standard)",
        "standard",
    ),
    (
        "incident-response",
        "情報セキュリティ事故対応手順 (Incident Response Procedure)",
        "procedure",
    ),
    (
        "backup",
        "バックアップ・復旧手順 (Backup and Restore Procedure)",
        "procedure",
    ),
    (
        "remote-work",
        "テレワーク利用ガイドライン (Remote Work Guideline)",
        "guideline",
    ),
    (
        "cloud-services",
        "外部サービス利用ガイドライン (Cloud Service Guideline)",
        "guideline",
    ),
    (
        "personal-data",
        "個人情報取扱規程 (Personal Data Handling Standard)",
        "standard",
    ),
    (
        "training",
        "情報セキュリティ教育実施要領 (Security Training Procedure)",
        "procedure",
    ),
    (
        "physical-security",
        "物理的セキュリティ基準 (Physical Security Standard)",
        "standard",
    ),
];

// ------------------------------------------------------------------------------------------
// Writing.

/// A ledger (a YAML list of records) split over numbered files.
struct Ledger {
    dir: PathBuf,
    stem: &'static str,
    header: String,
    per_file: usize,
    count: usize,
    out: Option<BufWriter<File>>,
}

impl Ledger {
    fn new(root: &Path, folder: &str, stem: &'static str, per_file: usize, header: &str) -> Ledger {
        Ledger {
            dir: root.join(folder),
            stem,
            header: header.to_owned(),
            per_file: per_file.max(1),
            count: 0,
            out: None,
        }
    }

    fn push(&mut self, record: &str, summary: &mut Summary) -> io::Result<()> {
        if self.count.is_multiple_of(self.per_file) {
            if let Some(mut w) = self.out.take() {
                w.flush()?;
            }
            fs::create_dir_all(&self.dir)?;
            let n = self.count / self.per_file + 1;
            let path = self.dir.join(format!("{}-{n:04}.yaml", self.stem));
            let mut w = BufWriter::with_capacity(1 << 16, File::create(path)?);
            w.write_all(self.header.as_bytes())?;
            summary.files += 1;
            summary.bytes += self.header.len() as u64;
            self.out = Some(w);
        }
        self.count += 1;
        summary.bytes += record.len() as u64 + 1;
        let w = self.out.as_mut().expect("opened above");
        w.write_all(b"\n")?;
        w.write_all(record.as_bytes())
    }

    fn finish(mut self) -> io::Result<()> {
        if let Some(mut w) = self.out.take() {
            w.flush()?;
        }
        Ok(())
    }
}

fn write_file(root: &Path, rel: &str, text: &str, summary: &mut Summary) -> io::Result<()> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)?;
    summary.files += 1;
    summary.bytes += text.len() as u64;
    Ok(())
}

// ------------------------------------------------------------------------------------------
// The model: what other records need to know of each record.

struct Person {
    dept: usize,
    active: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Public,
    Internal,
    Confidential,
    Secret,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::Public => "public",
            Class::Internal => "internal",
            Class::Confidential => "confidential",
            Class::Secret => "secret",
        }
    }

    fn high(self) -> bool {
        self >= Class::Confidential
    }
}

struct Asset {
    class: Class,
    disposed: bool,
    /// A system with availability 3: it gets a continuity plan.
    critical: bool,
}

fn person_id(i: usize) -> String {
    format!("P-{:05}", i + 1)
}

fn asset_id(i: usize) -> String {
    format!("A-{:06}", i + 1)
}

fn supplier_id(i: usize) -> String {
    format!("S-{:04}", i + 1)
}

fn contract_id(i: usize) -> String {
    format!("CTR-{:05}", i + 1)
}

/// Decides, record by record, whether to inject a defect, from a stream of its own so that
/// the records themselves are the same whatever the share.
struct Defects {
    rng: Rng,
    share: f64,
}

impl Defects {
    /// One of `choices` (each a code) with probability `share`, counted in the summary.
    fn pick(&mut self, choices: &[&'static str], summary: &mut Summary) -> Option<&'static str> {
        if self.share <= 0.0 || choices.is_empty() || !self.rng.chance(self.share) {
            return None;
        }
        let code = *self.rng.pick(choices);
        *summary.injected.entry(code).or_default() += 1;
        Some(code)
    }
}

/// `a, b, c` for a YAML flow sequence.
fn flow(items: &[String]) -> String {
    items.join(", ")
}

pub fn generate(opts: &Options) -> io::Result<Summary> {
    let root = &opts.out;
    if root.exists() && fs::read_dir(root)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not empty", root.display()),
        ));
    }
    fs::create_dir_all(root)?;
    let mut sum = Summary::default();
    let t = opts.today;
    let n_assets = opts.assets.max(1);
    let n_people = (n_assets / 20).max(20);
    let n_suppliers = (n_assets / 200).max(3);
    let n_services = (n_assets / 1000).max(2);
    let n_wireless = (n_assets / 5000).max(1);
    let mut defects = Defects {
        rng: Rng::new(opts.seed, "defects"),
        share: opts.violations.clamp(0.0, 1.0),
    };

    // --- people, decided first: owners and approvers must be active people.
    let mut rng = Rng::new(opts.seed, "people");
    let people: Vec<Person> = (0..n_people)
        .map(|i| Person {
            dept: if i < 3 {
                0
            } else {
                rng.below(DEPARTMENTS.len())
            },
            // The first 20 (executives, officers, contacts) never leave.
            active: i < 20 || !rng.chance(0.05),
        })
        .collect();
    let active: Vec<usize> = (0..n_people).filter(|&i| people[i].active).collect();
    let mut active_by_dept: Vec<Vec<usize>> = vec![Vec::new(); DEPARTMENTS.len()];
    for &i in &active {
        active_by_dept[people[i].dept].push(i);
    }
    let executives = [0usize, 1, 2];
    let security_officer = 3usize;

    // --- assets
    let mut rng = Rng::new(opts.seed, "assets");
    let mut assets: Vec<Asset> = Vec::with_capacity(n_assets);
    let mut ledger = Ledger::new(
        root,
        "assets",
        "ledger",
        opts.per_file,
        "# 情報資産管理台帳 (information asset ledger) — generated by gen-corpus\n\
         # 重要度: public (公開) / internal (社外秘) / confidential (秘密) / secret (極秘)\n",
    );
    let mut s = String::with_capacity(1024);
    for i in 0..n_assets {
        let medium = {
            let mut roll = rng.below(100) as u32;
            let mut chosen = MEDIA[0].0;
            for &(m, w) in MEDIA {
                if roll < w {
                    chosen = m;
                    break;
                }
                roll -= w;
            }
            chosen
        };
        let disposed = medium != "system" && rng.chance(0.02);
        let class = match (disposed, rng.below(100)) {
            (true, r) if r < 30 => Class::Public,
            (true, _) => Class::Internal,
            (false, r) if r < 15 => Class::Public,
            (false, r) if r < 60 => Class::Internal,
            (false, r) if r < 92 => Class::Confidential,
            _ => Class::Secret,
        };
        let personal = if class.high() && rng.chance(0.4) {
            *rng.pick(&["personal", "personal", "personal", "sensitive", "my-number"])
        } else {
            "none"
        };
        let c = if class.high() {
            rng.range(2, 3)
        } else {
            rng.range(1, 2)
        };
        let a = if medium == "system" {
            if rng.chance(0.25) { 3 } else { rng.range(1, 2) }
        } else {
            rng.range(1, 2)
        };
        let critical = medium == "system" && a == 3;
        let owner = {
            let list = &active_by_dept[rng.below(DEPARTMENTS.len())];
            if list.is_empty() {
                active[rng.below(active.len())]
            } else {
                list[rng.below(list.len())]
            }
        };
        let dept = DEPARTMENTS[people[owner].dept].0;
        // acquired at most ~4 years ago: every retention below is at least 5 years.
        let retention = *rng.pick(&["5y", "6y", "7y", "10y", "permanent"]);
        let mut acquired = t - rng.range(10, 1500);
        let mut last_inventory = (t - rng.range(0, 330)).max(acquired);
        let disposed_on = disposed.then(|| {
            let on = t - rng.range(1, 200);
            acquired = acquired.min(on - 30);
            last_inventory = last_inventory.min(on);
            on
        });

        let mut owner_id = person_id(owner);
        let mut scope: Vec<String> = Vec::new();
        if !class.high() && rng.chance(0.3) {
            scope.push("全社".to_owned());
        } else {
            scope.push(dept.to_owned());
            if rng.chance(0.4) {
                scope.push(DEPARTMENTS[rng.below(DEPARTMENTS.len())].0.to_owned());
            }
            if rng.chance(0.15) {
                scope.push("代表取締役".to_owned());
            }
            scope.dedup();
        }
        let mut encrypt_at_rest = class.high() || rng.chance(0.5);
        let mut unknown_field = false;
        if !disposed {
            let mut choices = vec!["AST001", "REF001", "SCH002"];
            if class.high() {
                choices.push("AST006");
                if matches!(medium, "device" | "removable-media") {
                    choices.push("AST009");
                }
            }
            match defects.pick(&choices, &mut sum) {
                Some("AST001") => {
                    last_inventory = t - defects.rng.range(400, 700);
                    acquired = acquired.min(last_inventory);
                }
                Some("REF001") => owner_id = format!("P-9{:05}", i % 100_000),
                Some("SCH002") => unknown_field = true,
                Some("AST006") => scope = vec!["全社".to_owned()],
                Some("AST009") => encrypt_at_rest = false,
                _ => {}
            }
        }

        s.clear();
        let name = rng.pick(asset_names(medium));
        let _ = writeln!(s, "- id: {}", asset_id(i));
        let _ = writeln!(s, "  name: {name} No.{}", i % 997 + 1);
        let _ = writeln!(s, "  medium: {medium}");
        let _ = writeln!(s, "  location: {}", rng.pick(locations(medium)));
        let _ = writeln!(s, "  scope: [{}]", flow(&scope));
        let _ = writeln!(s, "  owner:");
        let _ = writeln!(s, "    department: {dept}");
        let _ = writeln!(s, "    person: {owner_id}");
        let _ = writeln!(
            s,
            "    contact: 内線 {} / {}",
            100 + owner % 900,
            email(owner)
        );
        let _ = writeln!(s, "  acquired: {}", date(acquired));
        if let Some(on) = disposed_on {
            let _ = writeln!(s, "  disposed: {}", date(on));
            let _ = writeln!(
                s,
                "  disposal_evidence: データ消去証明書 ER-{}-{:05} (erasure certificate)",
                civil_from_days(on).0,
                i % 100_000
            );
        }
        let _ = writeln!(s, "  retention: {retention}");
        let _ = writeln!(s, "  last_inventory: {}", date(last_inventory));
        let _ = writeln!(s, "  classification: {}", class.as_str());
        let _ = writeln!(s, "  cia: {{c: {c}, i: {}, a: {a}}}", rng.range(1, 3));
        let _ = writeln!(s, "  personal_data: {personal}");
        if personal != "none" {
            let _ = writeln!(s, "  personal_data_count: {}", rng.range(10, 50_000));
        }
        let _ = writeln!(
            s,
            "  handling: {{encrypt_at_rest: {encrypt_at_rest}, encrypt_in_transit: true, copy_allowed: {}}}",
            !class.high()
        );
        if rng.chance(0.3) {
            let _ = writeln!(
                s,
                "  tags: [{}, {}]",
                medium, DEPARTMENTS[people[owner].dept].1
            );
        }
        if rng.chance(0.2) {
            let _ = writeln!(s, "  notes: {}", rng.pick(NOTES));
        }
        if unknown_field {
            let _ = writeln!(
                s,
                "  remarks: 旧台帳からの移行時に追加された列 (unknown field)"
            );
        }
        ledger.push(&s, &mut sum)?;
        assets.push(Asset {
            class,
            disposed,
            critical,
        });
    }
    ledger.finish()?;
    *sum.records.entry("asset").or_default() += n_assets;
    let live: Vec<usize> = (0..n_assets).filter(|&i| !assets[i].disposed).collect();

    // --- people
    let mut rng = Rng::new(opts.seed, "people-records");
    let mut ledger = Ledger::new(
        root,
        "people",
        "staff",
        1000,
        "# 従事者台帳 (personnel ledger) — generated by gen-corpus\n\
         # 誓約書は入社時に取得 (退職後の守秘義務を含む)。研修は毎年6月。\n",
    );
    for (i, p) in people.iter().enumerate() {
        s.clear();
        let left = (!p.active).then(|| t - rng.range(1, 700));
        let joined = (t - rng.range(60, 7000)).min(left.unwrap_or(t) - 30);
        let employment = match i {
            0..=2 => "executive",
            _ if i < 20 => "employee",
            _ => match rng.below(100) {
                0..=79 => "employee",
                80..=87 => "part-time",
                88..=91 => "temporary",
                _ => "contractor-staff",
            },
        };
        let _ = writeln!(s, "- id: {}", person_id(i));
        let _ = writeln!(s, "  name: {}", person_name(i));
        let _ = writeln!(s, "  department: {}", DEPARTMENTS[p.dept].0);
        let _ = writeln!(s, "  email: {}", email(i));
        let _ = writeln!(s, "  employment: {employment}");
        if employment == "contractor-staff" {
            let _ = writeln!(s, "  supplier: {}", supplier_id(rng.below(n_suppliers)));
        }
        let _ = writeln!(s, "  joined: {}", date(joined));
        if p.active {
            let mut post_employment = true;
            let mut training = t - rng.range(0, 330);
            let mut access: Vec<String> = (0..rng.below(6))
                .map(|_| asset_id(live[rng.below(live.len())]))
                .collect();
            access.sort();
            access.dedup();
            let mut choices = vec!["PER002", "PER003"];
            if !access.is_empty() {
                choices.push("REF001");
            }
            if i >= 20 {
                match defects.pick(&choices, &mut sum) {
                    Some("PER002") => post_employment = false,
                    Some("PER003") => training = t - defects.rng.range(400, 800),
                    Some("REF001") => access[0] = format!("A-9{:06}", i),
                    _ => {}
                }
            }
            let _ = writeln!(
                s,
                "  pledge: {{signed: {}, post_employment: {post_employment}}}",
                date(joined)
            );
            let _ = writeln!(
                s,
                "  training: {{last: {}, course: {}年度 情報セキュリティ研修}}",
                date(training),
                civil_from_days(training).0
            );
            if !access.is_empty() {
                let _ = writeln!(s, "  access: [{}]", flow(&access));
                let _ = writeln!(s, "  access_reviewed: {}", date(t - rng.range(0, 330)));
            }
            let roles: &[&str] = match i {
                0 => &["代表取締役", "approver"],
                1 | 2 => &["取締役", "approver"],
                3 => &["security-officer", "approver"],
                4..=6 => &["incident-contact"],
                _ if rng.chance(0.1) => &["asset-manager"],
                _ => &[],
            };
            if !roles.is_empty() {
                let _ = writeln!(s, "  roles: [{}]", roles.join(", "));
            }
        } else {
            let left = left.expect("a leaver has left");
            let _ = writeln!(s, "  left: {}", date(left));
            let _ = writeln!(
                s,
                "  pledge: {{signed: {}, post_employment: true}}",
                date(joined)
            );
            let _ = writeln!(s, "  assets_returned: {}", date(left));
        }
        ledger.push(&s, &mut sum)?;
    }
    ledger.finish()?;
    *sum.records.entry("person").or_default() += n_people;

    // --- suppliers and their contracts
    let mut rng = Rng::new(opts.seed, "suppliers");
    let mut suppliers = Ledger::new(
        root,
        "suppliers",
        "suppliers",
        100,
        "# 委託先一覧 (suppliers) — generated by gen-corpus\n",
    );
    let mut contracts = Ledger::new(
        root,
        "contracts",
        "contracts",
        250,
        "# 契約・NDA (contracts) — generated by gen-corpus\n",
    );
    let mut in_force: Vec<usize> = Vec::new();
    let mut n_contracts = 0usize;
    let mut c = String::with_capacity(1024);
    for i in 0..n_suppliers {
        let (stem_ja, stem_en) = COMPANY_STEMS[i % COMPANY_STEMS.len()];
        let branch = i / COMPANY_STEMS.len() + 1;
        let name = if i % 3 == 0 {
            format!("株式会社{stem_ja}{branch} ({stem_en} {branch} Co., Ltd.)")
        } else {
            format!("{stem_ja}{branch}株式会社 ({stem_en} {branch} Inc.)")
        };
        // contracts: one outsourcing contract in force, often an NDA, sometimes an ended one.
        let mut ids = Vec::new();
        let kinds: Vec<&str> = {
            let mut k = vec!["outsourcing"];
            if rng.chance(0.5) {
                k.push("nda");
            }
            if rng.chance(0.2) {
                k.push("ended");
            }
            if rng.chance(0.2) {
                k.push("service");
            }
            k
        };
        for kind in kinds {
            let id = contract_id(n_contracts);
            n_contracts += 1;
            ids.push(id.clone());
            c.clear();
            let (ty, start, end) = match kind {
                "ended" => {
                    let end = t - rng.range(1, 300);
                    ("outsourcing", end - rng.range(365, 1100), Some(end))
                }
                k => {
                    let start = t - rng.range(1, 1000);
                    let end = rng.chance(0.7).then(|| t + rng.range(30, 900));
                    (k, start, end)
                }
            };
            if kind != "ended" {
                in_force.push(n_contracts - 1);
            }
            let mut clauses: Vec<&str> = if ty == "service" {
                vec!["confidentiality", "status-reporting"]
            } else if ty == "nda" {
                CLAUSES[..14].to_vec()
            } else {
                CLAUSES.to_vec()
            };
            if ty != "service" {
                let mut choices = vec!["CON003", "CON004"];
                if ty == "outsourcing" && kind != "ended" {
                    choices.push("CON005");
                }
                match defects.pick(&choices, &mut sum) {
                    Some("CON003") => clauses.retain(|k| *k != "subcontract-approval"),
                    Some("CON004") => clauses.retain(|k| *k != "incident-notification"),
                    Some("CON005") => clauses.retain(|k| *k != "audit-right"),
                    _ => {}
                }
            }
            let _ = writeln!(c, "- id: {id}");
            let _ = writeln!(c, "  supplier: {}", supplier_id(i));
            let _ = writeln!(c, "  type: {ty}");
            let _ = writeln!(c, "  signed: {}", date(start - rng.range(1, 20)));
            let _ = writeln!(c, "  start: {}", date(start));
            if let Some(end) = end {
                let _ = writeln!(c, "  end: {}", date(end));
            }
            let _ = writeln!(c, "  clauses:");
            for k in &clauses {
                let _ = writeln!(c, "    - {k}");
            }
            if ty != "service" {
                let _ = writeln!(c, "  confidentiality_years: {}", rng.range(3, 5));
            }
            if kind == "ended" {
                let on = end.expect("an ended contract has an end");
                let _ = writeln!(c, "  terminated:");
                let _ = writeln!(c, "    on: {}", date(on));
                let _ = writeln!(
                    c,
                    "    disposal_evidence: 廃棄証明書 DC-{}-{:04} (certificate of destruction)",
                    civil_from_days(on).0,
                    n_contracts
                );
            }
            contracts.push(&c, &mut sum)?;
        }

        s.clear();
        let contact = rng.below(SURNAMES.len());
        let _ = writeln!(s, "- id: {}", supplier_id(i));
        let _ = writeln!(s, "  name: {name}");
        let _ = writeln!(s, "  contact:");
        let _ = writeln!(
            s,
            "    name: {} {} ({} {})",
            SURNAMES[contact].0,
            GIVEN[i % GIVEN.len()].0,
            GIVEN[i % GIVEN.len()].1,
            SURNAMES[contact].1
        );
        let _ = writeln!(
            s,
            "    email: contact@{}-{branch}.example",
            stem_en.to_lowercase().replace(' ', "-")
        );
        let _ = writeln!(s, "    phone: 03-5555-{:04}", i % 10_000);
        let _ = writeln!(s, "  services:");
        for _ in 0..rng.range(1, 3) {
            let _ = writeln!(s, "    - {}", rng.pick(SUPPLIER_SERVICES));
        }
        let mut data: Vec<String> = (0..rng.range(1, 5))
            .map(|_| asset_id(live[rng.below(live.len())]))
            .collect();
        data.sort();
        data.dedup();
        let _ = writeln!(s, "  data: [{}]", flow(&data));
        let _ = writeln!(s, "  contracts: [{}]", flow(&ids));
        let _ = writeln!(s, "  security_check:");
        let _ = writeln!(s, "    date: {}", date(t - rng.range(0, 330)));
        let _ = writeln!(s, "    result: pass");
        let _ = writeln!(
            s,
            "    evidence: 委託先セキュリティチェックシート 回答 + ISMS認証 (ISO/IEC 27001) 登録証の写し"
        );
        if rng.chance(0.3) {
            let _ = writeln!(s, "  subcontractors:");
            let _ = writeln!(
                s,
                "    - name: 株式会社{}サービス (subcontractor)",
                COMPANY_STEMS[(i + 3) % COMPANY_STEMS.len()].0
            );
            let _ = writeln!(s, "      approved_on: {}", date(t - rng.range(30, 700)));
            let _ = writeln!(s, "      approved_by: {}", person_id(security_officer));
            let _ = writeln!(s, "      contract: {}", ids[0]);
        }
        let mut last_review = t - rng.range(0, 330);
        let mut status_report = t - rng.range(0, 25);
        match defects.pick(&["SUP004", "SUP005"], &mut sum) {
            Some("SUP004") => last_review = t - defects.rng.range(400, 800),
            Some("SUP005") => status_report = t - defects.rng.range(45, 120),
            _ => {}
        }
        let _ = writeln!(s, "  last_review: {}", date(last_review));
        let _ = writeln!(s, "  last_status_report: {}", date(status_report));
        suppliers.push(&s, &mut sum)?;
    }
    suppliers.finish()?;
    contracts.finish()?;
    *sum.records.entry("supplier").or_default() += n_suppliers;
    *sum.records.entry("contract").or_default() += n_contracts;

    // --- risks: risk j covers the block of ten assets from 10j, naming every confidential
    // or secret one (RSK007 asks that each be named by a risk).
    let mut rng = Rng::new(opts.seed, "risks");
    let mut ledger = Ledger::new(
        root,
        "risks",
        "register",
        1000,
        "# リスク対応表 (risk register) — generated by gen-corpus\n\
         # リスク値 (score) = 発生頻度 (likelihood) × 影響度 (impact)\n",
    );
    let n_risks = n_assets.div_ceil(10);
    for j in 0..n_risks {
        let block = (10 * j)..(10 * j + 10).min(n_assets);
        let mut named: Vec<String> = block
            .clone()
            .filter(|&a| assets[a].class.high() && !assets[a].disposed)
            .map(asset_id)
            .collect();
        if named.is_empty() {
            named.push(asset_id(block.start));
        }
        let (title, threat, vulnerability) = *rng.pick(THREATS);
        let likelihood = rng.range(1, 3);
        let impact = rng.range(1, 3);
        let product = likelihood * impact;
        let treatment = if product == 9 {
            "avoid"
        } else if product <= 2 && rng.chance(0.5) {
            "accept"
        } else {
            match rng.below(10) {
                0..=6 => "reduce",
                7 | 8 => "transfer",
                _ => "avoid",
            }
        };
        let mut score = Some(product).filter(|_| rng.chance(0.8));
        let mut controls = treatment != "accept" || rng.chance(0.5);
        let mut last_review = t - rng.range(0, 330);
        let mut choices = vec!["RSK001", "RSK008"];
        if treatment == "reduce" {
            choices.push("RSK003");
        }
        match defects.pick(&choices, &mut sum) {
            Some("RSK001") => score = Some(product + 1),
            Some("RSK008") => last_review = t - defects.rng.range(400, 800),
            Some("RSK003") => controls = false,
            _ => {}
        }
        s.clear();
        let _ = writeln!(s, "- id: R-{:05}", j + 1);
        let _ = writeln!(s, "  title: {title} ({})", named[0]);
        let _ = writeln!(s, "  assets: [{}]", flow(&named));
        let _ = writeln!(s, "  threat: {threat}");
        let _ = writeln!(s, "  vulnerability: {vulnerability}");
        let _ = writeln!(s, "  likelihood: {likelihood}");
        let _ = writeln!(s, "  impact: {impact}");
        if let Some(score) = score {
            let _ = writeln!(s, "  score: {score}");
        }
        let _ = writeln!(s, "  treatment: {treatment}");
        let _ = writeln!(s, "  owner: {}", person_id(active[rng.below(active.len())]));
        if controls {
            let _ = writeln!(s, "  controls:");
            for _ in 0..rng.range(1, 3) {
                let _ = writeln!(s, "    - {}", rng.pick(CONTROLS));
            }
        }
        if treatment == "transfer" {
            let target = match rng.below(3) {
                0 => supplier_id(rng.below(n_suppliers)),
                1 => contract_id(in_force[rng.below(in_force.len())]),
                _ => format!("\"insurance:CY-{}-{:06}\"", civil_from_days(t).0, j),
            };
            let _ = writeln!(s, "  transfer_to: {target}");
        }
        if treatment == "accept" {
            let _ = writeln!(s, "  acceptance:");
            let _ = writeln!(s, "    approved_by: {}", person_id(executives[j % 3]));
            let _ = writeln!(s, "    approved_on: {}", date(t - rng.range(0, 200)));
            let _ = writeln!(s, "    expires: {}", date(t + rng.range(30, 400)));
        }
        let _ = writeln!(s, "  last_review: {}", date(last_review));
        ledger.push(&s, &mut sum)?;
    }
    ledger.finish()?;
    *sum.records.entry("risk").or_default() += n_risks;

    // --- continuity plans: one per critical system, with the manual procedures they name.
    let mut rng = Rng::new(opts.seed, "continuity");
    let mut ledger = Ledger::new(
        root,
        "continuity",
        "plans",
        500,
        "# 事業継続計画 (continuity plans, one per critical system) — generated by gen-corpus\n",
    );
    let mut n_plans = 0;
    for (i, a) in assets.iter().enumerate() {
        if !a.critical || a.disposed {
            continue;
        }
        n_plans += 1;
        let max_downtime = *rng.pick(&[(24, "24h"), (48, "48h"), (72, "72h"), (120, "5d")]);
        let frequency = *rng.pick(&[(1, "1d"), (7, "1w")]);
        let mut last_success = t - rng.range(0, frequency.0);
        let mut offsite = true;
        match defects.pick(&["BCP002", "BCP005"], &mut sum) {
            Some("BCP002") => last_success = t - frequency.0 - defects.rng.range(2, 60),
            Some("BCP005") => offsite = false,
            _ => {}
        }
        let dept = rng.below(DEPARTMENTS.len());
        s.clear();
        let _ = writeln!(s, "- id: BCP-{n_plans:05}");
        let _ = writeln!(s, "  system: {}", asset_id(i));
        let _ = writeln!(s, "  owner: {}", person_id(active[rng.below(active.len())]));
        let _ = writeln!(s, "  max_downtime: {}", max_downtime.1);
        let _ = writeln!(s, "  backup:");
        let _ = writeln!(s, "    frequency: {}", frequency.1);
        let _ = writeln!(s, "    last_success: {}", date(last_success));
        let _ = writeln!(s, "    offsite: {offsite}");
        let _ = writeln!(s, "    generations: {}", rng.range(7, 30));
        let _ = writeln!(s, "  restore:");
        let _ = writeln!(s, "    estimated: {}h", rng.range(2, max_downtime.0 / 2));
        let _ = writeln!(s, "    last_test: {}", date(t - rng.range(0, 330)));
        let _ = writeln!(
            s,
            "  manual_procedure: docs/manual-{}.md",
            DEPARTMENTS[dept].1
        );
        let _ = writeln!(s, "  vendor_support:");
        let _ = writeln!(
            s,
            "    contract: {}",
            contract_id(in_force[rng.below(in_force.len())])
        );
        let _ = writeln!(
            s,
            "    response_time: {}h",
            rng.range(2, max_downtime.0.min(24))
        );
        let _ = writeln!(
            s,
            "  placement: {{secured_against_falling: true, ups: true, restricted_room: {}}}",
            rng.chance(0.8)
        );
        ledger.push(&s, &mut sum)?;
    }
    ledger.finish()?;
    *sum.records.entry("continuity_plan").or_default() += n_plans;
    for (name, slug) in DEPARTMENTS {
        write_file(
            root,
            &format!("continuity/docs/manual-{slug}.md"),
            &format!(
                "# 手作業による業務実施要領 — {name} (manual procedure while systems are down)\n\n\
                 1. 紙の受注票・在庫表で業務を継続する (keep working on paper forms).\n\
                 2. 復旧後、情報システム部の指示でデータを再入力する。\n"
            ),
            &mut sum,
        )?;
    }

    // --- policies, one file each, with their documents.
    let mut rng = Rng::new(opts.seed, "policies");
    for (k, (slug, title, ty)) in POLICIES.iter().enumerate() {
        let approver = if *ty == "basic-policy" || k % 2 == 0 {
            executives[0]
        } else {
            security_officer
        };
        let text = format!(
            "# {title} — generated by gen-corpus\n\
             id: POL-{:03}\n\
             title: {title}\n\
             type: {ty}\n\
             owner: {}\n\
             approved_by: {}\n\
             approved_on: {}\n\
             version: \"{}.{}\"\n\
             next_review: {}\n\
             status: active\n\
             document: docs/{slug}.md\n",
            k + 1,
            person_id(security_officer),
            person_id(approver),
            date(t - rng.range(0, 200)),
            rng.range(1, 4),
            rng.range(0, 9),
            date(t + rng.range(30, 300)),
        );
        write_file(root, &format!("policies/{slug}.yaml"), &text, &mut sum)?;
        write_file(
            root,
            &format!("policies/docs/{slug}.md"),
            &format!(
                "# {title}\n\n本文は社内ポータルに掲載。This document is maintained by the security officer.\n"
            ),
            &mut sum,
        )?;
    }
    *sum.records.entry("policy").or_default() += POLICIES.len();

    // --- the incident plan
    let text = format!(
        "# 情報セキュリティ事故対応計画 (incident response plan) — generated by gen-corpus
id: IRP-001
title: 情報セキュリティ事故対応計画 (ウイルス感染・情報漏えい・システム障害)
owner: {officer}
contacts:
  - role: インシデント窓口 (一次受付)
    person: {c1}
    phone: 090-5555-0205
    email: {e1}
  - role: 情報セキュリティ責任者
    person: {officer}
    phone: 090-5555-0201
  - role: 代表取締役 (公表・監督官庁への報告の判断)
    person: {ceo}
    email: {e0}
  - role: 外部ITサポート (24h)
    phone: 045-555-0119
scenarios:
  - type: malware
    steps:
      - 感染が疑われるPCをネットワークから切り離す (disconnect, do not power off)
      - インシデント窓口へ電話で報告し、5W1H で状況を伝える
  - type: data-leak
    steps:
      - 漏えいした情報・件数・範囲を確認し、拡大を防止する
      - 個人データの漏えい等は個人情報保護委員会へ速報 (3〜5日以内) と確報 (30日以内)
  - type: system-failure
    steps:
      - 継続計画の手作業手順に切り替える (switch to the manual procedure)
report_fields: [who, what, when, where, why, how]
external_contacts:
  - name: 個人情報保護委員会 (Personal Information Protection Commission)
    type: authority
    contact: https://www.ppc.go.jp/ 漏えい等報告フォーム
  - name: 所轄警察署 サイバー犯罪相談窓口
    type: police
    contact: 緊急時は 110番
last_exercised: {exercised}
",
        officer = person_id(security_officer),
        c1 = person_id(4),
        e1 = email(4),
        ceo = person_id(0),
        e0 = email(0),
        exercised = date(t - 52),
    );
    write_file(
        root,
        "incident-plans/incident-response.yaml",
        &text,
        &mut sum,
    )?;
    *sum.records.entry("incident_plan").or_default() += 1;

    // --- services: each holds assets no higher than it allows.
    let mut rng = Rng::new(opts.seed, "services");
    let mut ledger = Ledger::new(
        root,
        "services",
        "services",
        50,
        "# 外部サービス (external services) — generated by gen-corpus\n",
    );
    for k in 0..n_services {
        let (name, provider) = SERVICE_NAMES[k % SERVICE_NAMES.len()];
        let max = *rng.pick(&[Class::Internal, Class::Confidential, Class::Secret]);
        let mut data: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 6) {
            let a = live[rng.below(live.len())];
            if assets[a].class <= max {
                data.push(asset_id(a));
            }
        }
        data.sort();
        data.dedup();
        s.clear();
        let _ = writeln!(s, "- id: SV-{:04}", k + 1);
        let _ = writeln!(
            s,
            "  name: {name} ({})",
            DEPARTMENTS[k % DEPARTMENTS.len()].0
        );
        let _ = writeln!(s, "  provider: {provider}");
        let _ = writeln!(s, "  purpose: 部門の業務効率化 (team productivity)");
        let _ = writeln!(s, "  status: approved");
        let _ = writeln!(s, "  approved_by: {}", person_id(executives[k % 3]));
        let _ = writeln!(s, "  approved_on: {}", date(t - rng.range(30, 1500)));
        let _ = writeln!(s, "  max_classification: {}", max.as_str());
        if !data.is_empty() {
            let _ = writeln!(s, "  data: [{}]", flow(&data));
        }
        let _ = writeln!(s, "  terms_reviewed: {}", date(t - rng.range(0, 330)));
        let _ = writeln!(s, "  default_visibility: private");
        let _ = writeln!(s, "  mfa: true");
        let _ = writeln!(s, "  encryption_in_transit: true");
        ledger.push(&s, &mut sum)?;
    }
    ledger.finish()?;
    *sum.records.entry("service").or_default() += n_services;

    // --- networks: the wired LAN, the VPN and wireless networks, one file each.
    let mut rng = Rng::new(opts.seed, "networks");
    write_file(
        root,
        "networks/office-lan.yaml",
        "# 本社 有線LAN (office wired LAN)\nid: NET-0001\nname: 本社 有線LAN (Office wired LAN)\n\
         type: wired\ndefault_credentials_changed: true\nclient_auth: mac\nguest_segregated: true\n",
        &mut sum,
    )?;
    write_file(
        root,
        "networks/vpn.yaml",
        "# リモートアクセスVPN\nid: NET-0002\nname: リモートアクセスVPN (remote-access VPN)\n\
         type: vpn\ndefault_credentials_changed: true\n",
        &mut sum,
    )?;
    for k in 0..n_wireless {
        let text = format!(
            "# 無線LAN (wireless) — 来客用は業務LANと VLAN で分離\n\
             id: NET-{:04}\n\
             name: 拠点{} Wi-Fi (site {} wireless)\n\
             type: wireless\n\
             ssid: SITE{:03}-STAFF\n\
             security: {}\n\
             default_credentials_changed: true\n\
             key_rotated: {}\n\
             client_auth: {}\n\
             guest_segregated: true\n",
            k + 3,
            k + 1,
            k + 1,
            k + 1,
            rng.pick(&["wpa2", "wpa3"]),
            date(t - rng.range(0, 330)),
            rng.pick(&["psk", "802.1x"]),
        );
        write_file(
            root,
            &format!("networks/wifi-{:03}.yaml", k + 1),
            &text,
            &mut sum,
        )?;
    }
    *sum.records.entry("network").or_default() += 2 + n_wireless;

    // --- the repository around the records
    write_file(
        root,
        ".grclint.yaml",
        &format!(
            "# grclint benchmark corpus, generated by gen-corpus (seed {}, {} assets, violations {}).\n\
             # The date is pinned to the one the generator used, so the result never changes.\n\
             packs: [isms]\n\
             today: {}\n",
            opts.seed,
            n_assets,
            opts.violations,
            date(t)
        ),
        &mut sum,
    )?;
    write_file(
        root,
        "deploy/app.yaml",
        "# Not a record: a Kubernetes manifest that grclint skips.\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: intranet\n",
        &mut sum,
    )?;
    Ok(sum)
}

fn person_name(i: usize) -> String {
    if i % 40 == 39 {
        let (name, _, _) = FOREIGN[(i / 40) % FOREIGN.len()];
        return name.to_owned();
    }
    let (s_ja, s_en) = SURNAMES[i % SURNAMES.len()];
    let (g_ja, g_en) = GIVEN[(i / SURNAMES.len()) % GIVEN.len()];
    format!("{s_ja} {g_ja} ({g_en} {s_en})")
}

fn email(i: usize) -> String {
    if i % 40 == 39 {
        let (_, g, s) = FOREIGN[(i / 40) % FOREIGN.len()];
        return format!("{g}.{s}.{:05}@sakura-foods.example", i + 1);
    }
    let (_, s_en) = SURNAMES[i % SURNAMES.len()];
    let (_, g_en) = GIVEN[(i / SURNAMES.len()) % GIVEN.len()];
    format!(
        "{}.{}.{:05}@sakura-foods.example",
        g_en.to_lowercase(),
        s_en.to_lowercase(),
        i + 1
    )
}

// ------------------------------------------------------------------------------------------

const USAGE: &str = "usage: gen-corpus --out DIR [--assets N] [--seed S] [--violations F] [--today YYYY-MM-DD] [--per-file N]

  --out DIR           where to write the repository (must not exist, or be empty)
  --assets N          number of assets (default 10000); people ≈ N/20, risks ≈ N/10,
                      suppliers ≈ N/200 with 1–4 contracts each
  --seed S            seed of the generator (default 1): same arguments, same bytes
  --violations F      share of records (0..1) that get one defect each (default 0: checks clean)
  --today YYYY-MM-DD  the date every other date is relative to, written to .grclint.yaml
                      (default 2026-11-01)
  --per-file N        assets per ledger file (default 1000)";

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut out = None;
    let mut opts = Options::new(PathBuf::new(), 10_000);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .as_str();
        let number = |v: &str| {
            v.replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--assets" => opts.assets = number(value)?.max(1),
            "--per-file" => opts.per_file = number(value)?.max(1),
            "--seed" => {
                opts.seed = value
                    .parse()
                    .map_err(|_| format!("--seed: `{value}` is not a number"))?
            }
            "--violations" => {
                opts.violations = value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| (0.0..=1.0).contains(v))
                    .ok_or_else(|| format!("--violations: `{value}` is not a share in 0..1"))?
            }
            "--today" => opts.today = parse_date(value)?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    opts.out = out.ok_or("--out DIR is required")?;
    Ok(opts)
}

#[allow(dead_code)] // the stages bench includes this file for `generate` only
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-corpus: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    match generate(&opts) {
        Ok(sum) => {
            let kinds: Vec<String> = sum
                .records
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            println!(
                "gen-corpus: wrote {} records in {} files ({:.1} MiB) to {} in {:.2}s",
                sum.total_records(),
                sum.files,
                sum.bytes as f64 / (1024.0 * 1024.0),
                opts.out.display(),
                started.elapsed().as_secs_f64()
            );
            println!("  records: {}", kinds.join(", "));
            println!("  today: {}, seed: {}", date(opts.today), opts.seed);
            if sum.injected.is_empty() {
                println!("  injected defects: none (the corpus checks clean)");
            } else {
                let codes: Vec<String> = sum
                    .injected
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect();
                println!(
                    "  injected defects: {} ({}), one finding each",
                    sum.total_injected(),
                    codes.join(", ")
                );
            }
        }
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            std::process::exit(1);
        }
    }
}
