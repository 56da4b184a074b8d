//! `grclint init --lang ja`: the starter repository's comments in Japanese. The records are
//! the same (their values are Japanese already); only the config and the comments change.

/// `.grclint.yaml` with Japanese comments.
pub(super) const CONFIG: &str = r#"# grclint の設定ファイルです。どのキーも省略できます。grclint は何もダウンロードしません。
# ルールが何を点検するかは `grclint explain コード`、ルールの一覧は `grclint rules` で表示できます。

# メッセージ、ヘルプ、ドキュメントの言語: ja（日本語）または en（英語）。
lang: ja

# 組み込みのパック: `isms` には、レコードのスキーマと IPA セミナーのチェックリストに基づく 86 のルールがあります。
packs: [isms]

# 種別ごとの追加のパスのグロブ。決まったフォルダー（assets/、people/ など）の外にあるレコード用です。
# kinds:
#   asset: ["ledgers/assets-*.yaml"]

# 独自の <種別>.schema.json とルールファイルを置くフォルダー。
# schemas: [grclint/schemas/]
# rules: [grclint/rules/]

# 読まないパス。
# exclude: ["archive/**"]

# 点検に使う日付を固定します（審査で再現できるように）。既定は今日です。
# today: 2026-04-01

# 実行を不合格にする最も低い重大度: error（既定）、warning、info、never。
fail_on: error

# ルールごとの設定: 重大度、パラメーター、または off。
# rule_settings:
#   AST001: { severity: warning, params: { max_age: 180d } }
#   NET004: off
"#;

/// (English comment, Japanese comment) of the example records.
const COMMENTS: &[(&str, &str)] = &[
    (
        "# how the system is run (情報システムの運用管理)",
        "# システムの運用（情報システムの運用管理）",
    ),
    (
        "# the UTM blocks harmful sites (フィルタリング)",
        "# UTM が有害なサイトを遮断する（フィルタリング）",
    ),
    (
        "# the old terminals cannot do VLANs: see waivers/",
        "# 旧型の端末が VLAN に対応していない。waivers/ を参照",
    ),
    (
        "# true for a web shop or anything reachable from the internet",
        "# ウェブショップなど、インターネットから到達できるものは true",
    ),
    (
        "# セキュリティ区画 (secured area): where information is kept; assets name it in `area`.",
        "# セキュリティ区画: 情報を保管する場所。情報資産は `area` でこれを指します。",
    ),
    (
        "# リスク対応表 (risk register): likelihood × impact, and the treatment chosen.",
        "# リスク対応表: 発生可能性 × 影響度と、選んだリスク対応。",
    ),
    (
        "# 事故対応計画 (incident response plan): who to call, in order, and what to do.",
        "# 事故対応計画: 誰に、どの順で連絡し、何をするか。",
    ),
    (
        "# 事業継続計画 (continuity plan) for the critical sales system A-002.",
        "# 重要な販売管理システム A-002 の事業継続計画。",
    ),
    (
        "# 例外 (waiver): an approved, expiring exception to one rule for one record.",
        "# 例外承認: 一つのレコードについて一つのルールの、承認された期限付きの例外。",
    ),
    (
        "# 外部サービス (external service), approved before use.",
        "# 外部サービス: 使う前に承認を受けたもの。",
    ),
    (
        "# 委託先 (supplier): who receives which of our information, under which contract.",
        "# 委託先: どの契約のもとで、自社のどの情報を受け取るか。",
    ),
    (
        "# 従事者台帳 (personnel ledger): everyone who handles the company's information.",
        "# 従事者台帳: 会社の情報を扱うすべての人。",
    ),
    (
        "# 情報セキュリティ基本方針 (basic policy), approved by management.",
        "# 情報セキュリティ基本方針: 経営者が承認したもの。",
    ),
    (
        "# 情報セキュリティ対策基準 (security standard): the written rules, by topic (`covers`).",
        "# 情報セキュリティ対策基準: トピックごとの書かれた規則（`covers`）。",
    ),
    (
        "# 情報資産管理台帳 (information asset ledger): one entry per asset.",
        "# 情報資産管理台帳: 情報資産ごとに一つの項目。",
    ),
    (
        "# 業務委託契約 (outsourcing contract) with the supplier S-001.",
        "# 委託先 S-001 との業務委託契約。",
    ),
    (
        "# 無線LAN (network): encryption, keys, segregation.",
        "# 無線LAN: 暗号化、キー、セグメント分割。",
    ),
    (
        "# 開発委託契約 (development contract): changes to the sales system A-002.",
        "# 開発委託契約: 販売管理システム A-002 の変更。",
    ),
];

/// An example record with its comments in Japanese.
pub(super) fn comments(text: &str) -> String {
    COMMENTS
        .iter()
        .fold(text.to_owned(), |t, (en, ja)| t.replace(en, ja))
}

/// Every English comment has its Japanese one (a new example's comment needs one too).
#[cfg(test)]
pub(super) fn untranslated(text: &str) -> Vec<String> {
    comments(text)
        .lines()
        .filter_map(|l| l.split_once('#').map(|(_, c)| c))
        .filter(|c| !c.trim().is_empty() && !c.chars().any(|ch| ch as u32 >= 0x3040))
        .map(str::to_owned)
        .collect()
}
