//! The 93 controls of ISO/IEC 27001:2022 Annex A, by id, with grclint's own short names in
//! English and Japanese. These are labels, not the standard's titles or text (which are
//! copyrighted): an SoA entry's `name` replaces them.

/// One control: its id, and grclint's short names for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    pub id: &'static str,
    pub en: &'static str,
    pub ja: &'static str,
}

const fn c(id: &'static str, en: &'static str, ja: &'static str) -> Control {
    Control { id, en, ja }
}

/// Every control, in the standard's order: A.5 organisational, A.6 people, A.7 physical,
/// A.8 technological.
pub const CONTROLS: &[Control] = &[
    c(
        "A.5.1",
        "Written security policies",
        "セキュリティ方針の文書化",
    ),
    c(
        "A.5.2",
        "Who is responsible for security",
        "セキュリティの役割と責任",
    ),
    c("A.5.3", "Keeping duties apart", "職務の分離"),
    c("A.5.4", "What management must do", "経営陣の役割"),
    c("A.5.5", "Contacts with authorities", "関係当局との連絡"),
    c("A.5.6", "Contacts with expert groups", "専門組織との連絡"),
    c("A.5.7", "Knowing the threats", "脅威情報の収集"),
    c(
        "A.5.8",
        "Security in projects",
        "プロジェクトでのセキュリティ",
    ),
    c("A.5.9", "Asset inventory", "資産の台帳"),
    c("A.5.10", "Rules for using assets", "資産の利用ルール"),
    c("A.5.11", "Getting assets back", "資産の返却"),
    c("A.5.12", "Classifying information", "情報の分類"),
    c("A.5.13", "Marking information", "情報の表示"),
    c("A.5.14", "Sending information", "情報の受け渡し"),
    c("A.5.15", "Access rules", "アクセスのルール"),
    c("A.5.16", "User identities", "利用者IDの管理"),
    c("A.5.17", "Passwords and keys", "パスワード等の管理"),
    c(
        "A.5.18",
        "Granting and removing access",
        "アクセス権の付与と削除",
    ),
    c("A.5.19", "Security with suppliers", "委託先のセキュリティ"),
    c(
        "A.5.20",
        "Security clauses in supplier contracts",
        "委託契約のセキュリティ条項",
    ),
    c("A.5.21", "The ICT supply chain", "ICTサプライチェーン"),
    c(
        "A.5.22",
        "Watching supplier services",
        "委託先サービスの確認",
    ),
    c("A.5.23", "Cloud services", "クラウドサービス"),
    c("A.5.24", "Being ready for incidents", "事故対応の準備"),
    c("A.5.25", "Judging security events", "事象の判断"),
    c("A.5.26", "Responding to incidents", "事故への対応"),
    c("A.5.27", "Learning from incidents", "事故からの学習"),
    c("A.5.28", "Keeping evidence", "証拠の保全"),
    c(
        "A.5.29",
        "Security during a disruption",
        "中断時のセキュリティ",
    ),
    c("A.5.30", "ICT ready for continuity", "ICTの事業継続"),
    c("A.5.31", "Legal and contract duties", "法令・契約上の要求"),
    c("A.5.32", "Intellectual property", "知的財産"),
    c("A.5.33", "Keeping records safe", "記録の保護"),
    c("A.5.34", "Personal data", "個人情報の保護"),
    c("A.5.35", "Independent review", "独立したレビュー"),
    c("A.5.36", "Following the rules", "ルールの遵守"),
    c("A.5.37", "Written operating procedures", "操作手順の文書化"),
    c("A.6.1", "Background checks", "採用時の確認"),
    c("A.6.2", "Terms of employment", "雇用条件"),
    c("A.6.3", "Awareness and training", "教育と訓練"),
    c("A.6.4", "Disciplinary steps", "懲戒手続"),
    c("A.6.5", "Duties after leaving", "退職後の責任"),
    c("A.6.6", "Confidentiality agreements", "秘密保持の合意"),
    c("A.6.7", "Working remotely", "リモートワーク"),
    c("A.6.8", "Reporting security events", "事象の報告"),
    c("A.7.1", "Physical perimeters", "物理的な境界"),
    c("A.7.2", "Controlling entry", "入退の管理"),
    c("A.7.3", "Securing offices and rooms", "執務室・部屋の保護"),
    c("A.7.4", "Watching the premises", "物理的な監視"),
    c(
        "A.7.5",
        "Natural and environmental threats",
        "災害・環境の脅威",
    ),
    c(
        "A.7.6",
        "Working in secure areas",
        "セキュリティ区画での作業",
    ),
    c(
        "A.7.7",
        "Clear desk and locked screen",
        "クリアデスク・クリアスクリーン",
    ),
    c("A.7.8", "Placing equipment", "装置の設置"),
    c("A.7.9", "Assets away from the premises", "社外の資産"),
    c("A.7.10", "Storage media", "記憶媒体"),
    c("A.7.11", "Power and other utilities", "電源などの設備"),
    c("A.7.12", "Cables", "配線"),
    c("A.7.13", "Maintaining equipment", "装置の保守"),
    c(
        "A.7.14",
        "Disposing of or reusing equipment",
        "装置の廃棄・再利用",
    ),
    c("A.8.1", "User devices", "利用者の端末"),
    c("A.8.2", "Administrator rights", "特権アクセス"),
    c(
        "A.8.3",
        "Limiting access to information",
        "情報へのアクセス制限",
    ),
    c("A.8.4", "Access to source code", "ソースコードへのアクセス"),
    c("A.8.5", "Strong sign-in", "安全な認証"),
    c("A.8.6", "Capacity", "容量の管理"),
    c("A.8.7", "Malware", "マルウェア対策"),
    c("A.8.8", "Technical vulnerabilities", "技術的脆弱性"),
    c("A.8.9", "Configurations", "構成の管理"),
    c("A.8.10", "Deleting information", "情報の削除"),
    c("A.8.11", "Masking data", "データのマスキング"),
    c("A.8.12", "Preventing leaks", "漏えいの防止"),
    c("A.8.13", "Backups", "バックアップ"),
    c("A.8.14", "Redundancy", "冗長化"),
    c("A.8.15", "Logs", "ログ"),
    c("A.8.16", "Monitoring", "監視"),
    c("A.8.17", "Clocks", "時刻の同期"),
    c("A.8.18", "Powerful utility programs", "特権ユーティリティ"),
    c("A.8.19", "Installing software", "ソフトウェアの導入"),
    c("A.8.20", "Networks", "ネットワーク"),
    c("A.8.21", "Network services", "ネットワークサービス"),
    c("A.8.22", "Network segments", "ネットワークの分離"),
    c("A.8.23", "Web filtering", "Webフィルタリング"),
    c("A.8.24", "Cryptography", "暗号"),
    c("A.8.25", "Secure development", "安全な開発"),
    c(
        "A.8.26",
        "Application requirements",
        "アプリケーションの要件",
    ),
    c("A.8.27", "Secure architecture", "安全な設計"),
    c("A.8.28", "Secure coding", "安全なコーディング"),
    c("A.8.29", "Security testing", "セキュリティテスト"),
    c("A.8.30", "Outsourced development", "開発の委託"),
    c("A.8.31", "Separate environments", "環境の分離"),
    c("A.8.32", "Changes", "変更の管理"),
    c("A.8.33", "Test data", "テストデータ"),
    c("A.8.34", "Audits on live systems", "監査時のシステム保護"),
];

/// The control with this id.
pub fn control(id: &str) -> Option<&'static Control> {
    CONTROLS.iter().find(|c| c.id == id)
}

pub use crate::evaluate::soa::normalise;

/// The Statement of Applicability `grclint init` writes: every control, included and
/// planned, A.5.1 implemented with the basic policy as its evidence.
pub fn starter_soa() -> String {
    let mut out = String::from(
        "# 適用宣言書 (Statement of Applicability): one entry per ISO/IEC 27001:2022 Annex A control.\n\
         # Set applicable: false with the reason where a control does not apply; name the evidence\n\
         # (records or documents) of each implemented control. `grclint report` shows it in full.\n",
    );
    for c in CONTROLS {
        out.push_str(&format!(
            "\n- control: {}   # {}\n  applicable: true\n",
            c.id, c.en
        ));
        if c.id == "A.5.1" {
            out.push_str(
                "  justification: 経営者が基本方針を定め、全従業員に周知する\n  status: implemented\n  owner: P-001\n  evidence:\n    - {kind: policy, id: POL-001}\n",
            );
        } else {
            out.push_str("  justification: 検討中 (to be decided)\n  status: planned\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_93_controls_in_order_without_repeats() {
        assert_eq!(CONTROLS.len(), 93);
        let mut expected = Vec::new();
        for (theme, n) in [(5, 37), (6, 8), (7, 14), (8, 34)] {
            for i in 1..=n {
                expected.push(format!("A.{theme}.{i}"));
            }
        }
        let ids: Vec<&str> = CONTROLS.iter().map(|c| c.id).collect();
        assert_eq!(ids, expected);
        assert_eq!(normalise("A8.13"), "A.8.13");
        assert_eq!(
            control("A.7.14").map(|c| c.en),
            Some("Disposing of or reusing equipment")
        );
    }
}
