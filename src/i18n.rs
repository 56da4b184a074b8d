//! The language of everything a person reads: English or Japanese.
//!
//! One run speaks one language, chosen once: `--lang`, else `lang:` in `.grclint.yaml`,
//! else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `ja`), else English.
//! Codes, JSON keys, field names and exit codes never change with it.
//!
//! A message is written in both languages where it is made: `tr!("…{x}…", "…{x}…")`
//! formats the one the run speaks, `t("…", "…")` picks a fixed text, and `Text` holds both
//! for tables of texts (the engine codes' docs).

use std::sync::atomic::{AtomicU8, Ordering};

/// A language grclint speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language a locale's environment asks for: the first of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` that is set and not empty decides (as POSIX reads them).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| var(k).filter(|v| !v.is_empty()));
        match chosen {
            Some(v) if v.to_ascii_lowercase().starts_with("ja") => Lang::Ja,
            _ => Lang::En,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub ja: &'static str,
}

impl Text {
    pub const fn new(en: &'static str, ja: &'static str) -> Text {
        Text { en, ja }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    /// In the language of the run.
    pub fn now(self) -> &'static str {
        self.get(lang())
    }
}

/// 0: not chosen yet (English); 1: English; 2: Japanese. Bit 4: given on the command line,
/// so the config's `lang:` does not override it.
static LANG: AtomicU8 = AtomicU8::new(0);
const FROM_CLI: u8 = 4;

fn code(lang: Lang) -> u8 {
    match lang {
        Lang::En => 1,
        Lang::Ja => 2,
    }
}

/// The language of this run.
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) & 3 == 2 {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// Chooses the language at start-up: the command line's, else the locale's.
pub fn init(cli: Option<Lang>) {
    let v = match cli {
        Some(l) => code(l) | FROM_CLI,
        None => code(Lang::from_locale(|k| std::env::var(k).ok())),
    };
    LANG.store(v, Ordering::Relaxed);
}

/// The config's `lang:`, which wins over the locale but not over `--lang`.
pub fn from_config(lang: Option<Lang>) {
    if let Some(l) = lang
        && LANG.load(Ordering::Relaxed) & FROM_CLI == 0
    {
        LANG.store(code(l), Ordering::Relaxed);
    }
}

/// Sets the language for the rest of the run (for a language server's client, or tests).
pub fn set(lang: Lang) {
    LANG.store(code(lang) | FROM_CLI, Ordering::Relaxed);
}

/// The English or the Japanese text, as the run speaks.
pub fn t(en: &'static str, ja: &'static str) -> &'static str {
    Text::new(en, ja).now()
}

/// `format!` in the language of the run: `tr!("{n} files", "{n} ファイル")`.
#[macro_export]
macro_rules! tr {
    ($en:literal, $ja:literal $(, $($arg:tt)*)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::En => format!($en $(, $($arg)*)?),
            $crate::i18n::Lang::Ja => format!($ja $(, $($arg)*)?),
        }
    };
}

/// A kind's name in the language of the run: `情報資産` for `asset`; a kind grclint does
/// not ship keeps its own name.
pub fn kind_name(kind: &str) -> String {
    if lang() == Lang::En {
        return kind.replace('_', " ");
    }
    let ja = match kind {
        "asset" => "情報資産",
        "person" => "人員",
        "supplier" => "委託先",
        "contract" => "契約",
        "policy" => "規程",
        "risk" => "リスク",
        "incident_plan" => "事故対応計画",
        "continuity_plan" => "事業継続計画",
        "service" => "外部サービス",
        "area" => "区画",
        "network" => "ネットワーク",
        "waiver" => "例外承認",
        "soa" => "適用宣言書",
        "repository" => "リポジトリ",
        other => return other.to_owned(),
    };
    ja.to_owned()
}

/// How many columns a text takes in a terminal: wide (East Asian) characters take two.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The columns of one character: 0 for combining marks, 2 for wide and full-width ones.
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    if c == '\u{200b}' || (0x300..=0x36f).contains(&u) || (0xfe00..=0xfe0f).contains(&u) {
        return 0;
    }
    let wide = matches!(u,
        0x1100..=0x115f | 0x2e80..=0x303e | 0x3041..=0x33ff | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff | 0xa000..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x1f300..=0x1f64f
        | 0x1f900..=0x1f9ff | 0x20000..=0x3fffd);
    if wide { 2 } else { 1 }
}

/// Japanese text as a folded YAML scalar leaves it: a line break becomes a space, which
/// Japanese does not put between words. A single space with a wide character on both
/// sides is taken out, and one beside 、。（）「」; one between a letter, a digit or a
/// `code` and a Japanese word stays.
pub fn unfold_wide(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let wide_around =
            before.is_some_and(|b| char_width(b) == 2) && after.is_some_and(|a| char_width(a) == 2);
        // Never a space after 、。（「 or before 、。）」, whatever is on the other side.
        let by_punctuation = before.is_some_and(|b| "、。（「：".contains(b))
            || after.is_some_and(|a| "、。）」".contains(a));
        if !(c == ' ' && (wide_around || by_punctuation)) {
            out.push(c);
        }
    }
    out
}

/// `s` padded with spaces to `w` columns (by display width).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_decides_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        let all_wins = env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]);
        assert_eq!(Lang::from_locale(all_wins), Lang::En);
        let empty_skipped = env(&[("LC_ALL", ""), ("LC_MESSAGES", "ja_JP")]);
        assert_eq!(Lang::from_locale(empty_skipped), Lang::Ja);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("AST001"), 6);
        assert_eq!(width("情報資産"), 8);
        assert_eq!(width("（22 ファイル）"), 15);
        assert_eq!(pad("資産", 6), "資産  ");
    }

    #[test]
    fn folded_japanese_lines_join_without_a_space() {
        assert_eq!(unfold_wide("ください。 または"), "ください。または");
        assert_eq!(
            unfold_wide("経過している （上限 365d）"),
            "経過している（上限 365d）"
        );
        assert_eq!(
            unfold_wide("A-014 顧客 `scope` を"),
            "A-014 顧客 `scope` を"
        );
    }
}
