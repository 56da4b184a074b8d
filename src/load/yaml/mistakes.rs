//! The mistakes people make when they edit YAML by hand, found where the parser stopped:
//! each named by its character, at that character, with what to type instead — and, when
//! the fix is certain, the edit that makes it.

mod lines;
mod unclosed;
pub(super) mod words;

use lines::{Lines, parts};

/// One mistake, at a byte range of the text that was read.
pub(super) struct Mistake {
    pub(super) at: usize,
    pub(super) len: usize,
    pub(super) message: String,
    pub(super) help: String,
    pub(super) notes: Vec<String>,
    /// The edits that fix it, when the fix is certain; empty otherwise.
    pub(super) fix: Vec<Edit>,
}

/// Replace `len` bytes at `at` with `with`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Edit {
    pub(super) at: usize,
    pub(super) len: usize,
    pub(super) with: String,
}

impl Mistake {
    fn new(at: usize, len: usize, message: String, help: String) -> Mistake {
        Mistake {
            at,
            len,
            message,
            help,
            notes: Vec::new(),
            fix: Vec::new(),
        }
    }

    fn fix(mut self, fix: Vec<Edit>) -> Mistake {
        self.fix = fix;
        self
    }
}

/// The mistake that stopped the parser at byte `at` with saphyr's `info`.
pub(super) fn find(text: &str, info: &str, at: usize) -> Mistake {
    let lines = Lines::new(text);
    let line = lines.index_of(at);
    let window = line.saturating_sub(2)..(line + 2).min(lines.len());
    unclosed::find(text, &lines, at)
        .or_else(|| colon_in_value(&lines, info, at))
        .or_else(|| tab(text, &lines, window.clone()))
        .or_else(|| full_width_space(text, &lines, window.clone()))
        .or_else(|| window.clone().find_map(|i| full_width_colon(&lines, i)))
        .or_else(|| window.clone().find_map(|i| missing_dash(&lines, i)))
        .or_else(|| window.clone().find_map(|i| missing_space(&lines, i)))
        .unwrap_or_else(|| words::plain(info, text, at))
}

/// Short enough to quote in a message.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// A line's content as `key` and the rest after the key's colon (`：` or `:`).
fn key_and_rest(content: &str, colon: usize, colon_len: usize) -> (&str, &str) {
    let rest = content[colon + colon_len..].trim_start_matches([' ', '\u{3000}']);
    (&content[..colon], rest.trim_end())
}

/// Whether the text before a colon may be a field name: one word, not a quote or a list.
fn keyish(key: &str) -> bool {
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && !key.contains([':', '：', '\'', '"', '[', ']', '{', '}', '#', ','])
}

/// A tab in the indentation of a line near the stop. The fix is certain: every line
/// indented with tabs gets spaces, as many per tab as line the first one up with the line
/// above it.
fn tab(text: &str, lines: &Lines, mut window: std::ops::Range<usize>) -> Option<Mistake> {
    let (i, tab) = window.find_map(|i| {
        let (indent, _) = parts(lines.text(i));
        let l = lines.text(i);
        (!l[indent..].trim().is_empty())
            .then(|| l[..indent].find('\t').map(|t| (i, t)))
            .flatten()
    })?;
    let l = lines.text(i);
    let (indent, _) = parts(l);
    let spaces = l[..indent].chars().filter(|c| *c == ' ').count();
    let tabs = l[..indent].matches('\t').count();
    let want = lines.expected_column(i);
    let width = match want.checked_sub(spaces) {
        Some(n) if n > 0 && n % tabs == 0 => n / tabs,
        _ => 2,
    };
    let fix = indentation_edits(text, lines, '\t', &" ".repeat(width));
    let more = fix_lines(lines, &fix).saturating_sub(1);
    let mut m = Mistake::new(
        lines.start(i) + tab,
        1,
        crate::i18n::t(
            "this line is indented with a tab",
            "この行はタブで字下げされている",
        )
        .to_owned(),
        crate::tr!(
            "Replace the tab with {width} spaces: YAML files are indented with spaces only.",
            "タブを半角スペース {width} 個に置き換えてください。YAML ファイルの字下げには半角スペースだけを使います。"
        ),
    );
    if more > 0 {
        m.notes.push(crate::tr!(
            "{more} more line{} of this file {} indented with tabs: replace those too.",
            "このファイルには、ほかにもタブで字下げされた行が {more} 行あります。それらも置き換えてください。{}{}",
            if crate::i18n::lang() == crate::i18n::Lang::Ja || more == 1 { "" } else { "s" },
            if crate::i18n::lang() == crate::i18n::Lang::Ja { "" } else if more == 1 { "is" } else { "are" },
        ));
    }
    Some(m.fix(fix))
}

/// A full-width space (`　`) in the indentation of a line near the stop: two spaces each.
fn full_width_space(
    text: &str,
    lines: &Lines,
    mut window: std::ops::Range<usize>,
) -> Option<Mistake> {
    let (i, at) = window.find_map(|i| {
        let l = lines.text(i);
        let (indent, _) = parts(l);
        (!l[indent..].trim().is_empty())
            .then(|| l[..indent].find('\u{3000}').map(|t| (i, t)))
            .flatten()
    })?;
    let fix = indentation_edits(text, lines, '\u{3000}', "  ");
    let more = fix_lines(lines, &fix).saturating_sub(1);
    let mut m = Mistake::new(
        lines.start(i) + at,
        '\u{3000}'.len_utf8(),
        crate::i18n::t(
            "this line is indented with a full-width space (`　`)",
            "この行は全角スペース（`　`）で字下げされている",
        )
        .to_owned(),
        crate::i18n::t(
            "Replace each full-width space with two half-width spaces: only half-width spaces indent a line.",
            "全角スペースを 1 つにつき半角スペース 2 個に置き換えてください。字下げに使えるのは半角スペースだけです。",
        )
        .to_owned(),
    );
    if more > 0 {
        m.notes.push(crate::tr!(
            "{more} more line{} of this file {} indented with full-width spaces: replace those too.",
            "このファイルには、ほかにも全角スペースで字下げされた行が {more} 行あります。それらも置き換えてください。{}{}",
            if crate::i18n::lang() == crate::i18n::Lang::Ja || more == 1 { "" } else { "s" },
            if crate::i18n::lang() == crate::i18n::Lang::Ja { "" } else if more == 1 { "is" } else { "are" },
        ));
    }
    Some(m.fix(fix))
}

/// Every `c` in the indentation of every line with content, replaced by `with`.
fn indentation_edits(text: &str, lines: &Lines, c: char, with: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for i in 0..lines.len() {
        let l = lines.text(i);
        let (indent, _) = parts(l);
        if l[indent..].trim().is_empty() || l[indent..].starts_with('#') {
            continue;
        }
        for (at, _) in l[..indent].match_indices(c) {
            edits.push(Edit {
                at: lines.start(i) + at,
                len: c.len_utf8(),
                with: with.to_owned(),
            });
        }
    }
    debug_assert!(edits.iter().all(|e| text.is_char_boundary(e.at)));
    edits
}

/// How many lines the edits touch.
fn fix_lines(lines: &Lines, fix: &[Edit]) -> usize {
    let mut n = 0;
    let mut last = None;
    for e in fix {
        let l = lines.index_of(e.at);
        if last != Some(l) {
            n += 1;
            last = Some(l);
        }
    }
    n
}

/// `location：社内` — a full-width colon after a field name.
fn full_width_colon(lines: &Lines, i: usize) -> Option<Mistake> {
    let l = lines.text(i);
    let (_, cs) = parts(l);
    let content = &l[cs..];
    let colon = content.find('：')?;
    let (key, rest) = key_and_rest(content, colon, '：'.len_utf8());
    if !keyish(key) {
        return None;
    }
    let after = &content[colon + '：'.len_utf8()..];
    let at = lines.start(i) + cs + colon;
    let edit = match after.chars().next() {
        None | Some(' ') => Edit {
            at,
            len: 3,
            with: ":".to_owned(),
        },
        Some('\u{3000}') => Edit {
            at,
            len: 6,
            with: ": ".to_owned(),
        },
        Some(_) => Edit {
            at,
            len: 3,
            with: ": ".to_owned(),
        },
    };
    Some(
        Mistake::new(
            at,
            3,
            crate::tr!(
                "a full-width colon `：` follows `{key}`",
                "`{key}` の後ろが全角のコロン `：` になっている"
            ),
            crate::tr!(
                "Type a half-width colon and a space instead: `{}`.",
                "代わりに半角のコロンと半角スペースを入力してください: `{}`。",
                shown(format!("{key}: {rest}").trim_end())
            ),
        )
        .fix(vec![edit]),
    )
}

/// `id: A-002` written where the entries above start with `- id:`: a new entry without
/// its `- `.
fn missing_dash(lines: &Lines, i: usize) -> Option<Mistake> {
    let l = lines.text(i);
    let (indent, cs) = parts(l);
    if indent != cs || l[..indent].contains(['\t', '\u{3000}']) {
        return None;
    }
    let content = &l[cs..];
    let colon = content.find(':')?;
    let key = &content[..colon];
    if !keyish(key) || !matches!(content[colon + 1..].chars().next(), None | Some(' ')) {
        return None;
    }
    let entry = format!("- {key}:");
    for j in (i.saturating_sub(500)..i).rev() {
        let p = lines.text(j);
        let (pi, _) = parts(p);
        if p[pi..].trim().is_empty() || p[pi..].starts_with('#') {
            continue;
        }
        if pi == indent && p[pi..].starts_with(&entry) {
            let at = lines.start(i) + cs;
            return Some(
                Mistake::new(
                    at,
                    key.len(),
                    crate::i18n::t(
                        "this looks like a new entry without `- `",
                        "`- ` のない新しい項目のように見える",
                    )
                    .to_owned(),
                    crate::tr!(
                        "Type `- ` before `{key}:` to start a new entry, as the entries above do.",
                        "上の項目と同じように、`{key}:` の前に `- ` を入力して新しい項目を始めてください。"
                    ),
                )
                .fix(vec![Edit {
                    at,
                    len: 0,
                    with: "- ".to_owned(),
                }]),
            );
        }
        if pi < indent || (pi == indent && !p[pi..].starts_with("- ")) {
            return None;
        }
    }
    None
}

/// `name:顧客台帳` — no space after the colon, so the line reads as text, not a field.
fn missing_space(lines: &Lines, i: usize) -> Option<Mistake> {
    let l = lines.text(i);
    let (_, cs) = parts(l);
    let content = &l[cs..];
    let colon = content.find(':')?;
    let key = &content[..colon];
    let after = &content[colon + 1..];
    let next = after.chars().next()?;
    if !keyish(key) || matches!(next, ' ' | '\t' | ':' | '/') {
        return None;
    }
    let at = lines.start(i) + cs + colon;
    let (len, with) = if next == '\u{3000}' {
        (1 + next.len_utf8(), ": ")
    } else {
        (1, ": ")
    };
    let (_, rest) = key_and_rest(content, colon, 1);
    Some(
        Mistake::new(
            at,
            1,
            crate::tr!(
                "there is no space after the colon in `{}`",
                "`{}` のコロンの後ろに半角スペースがない",
                shown(content.trim_end())
            ),
            crate::tr!(
                "Type a space after the colon: `{}`.",
                "コロンの後ろに半角スペースを入力してください: `{}`。",
                shown(&format!("{key}: {rest}"))
            ),
        )
        .fix(vec![Edit {
            at,
            len,
            with: with.to_owned(),
        }]),
    )
}

/// `note: 注意: 重要` — a value with `: ` in it, which starts another field.
fn colon_in_value(lines: &Lines, info: &str, at: usize) -> Option<Mistake> {
    if !info.contains("mapping values are not allowed") {
        return None;
    }
    let i = lines.index_of(at);
    let l = lines.text(i);
    let (_, cs) = parts(l);
    let content = &l[cs..];
    let sep = content.find(": ")?;
    let key = &content[..sep];
    let value_at = sep + 2 + (content[sep + 2..].len() - content[sep + 2..].trim_start().len());
    let value = &content[value_at..];
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    if !keyish(key)
        || !value.contains(": ")
        || value.starts_with(['\'', '"', '[', '{', '|', '>', '&', '*', '!'])
    {
        return None;
    }
    let quoted = format!("'{}'", value.replace('\'', "''"));
    let start = lines.start(i) + cs + value_at;
    Some(
        Mistake::new(
            lines.start(i) + cs + value_at + value.find(": ")?,
            1,
            crate::tr!(
                "the value of `{key}` contains `: ` (a colon and a space), which starts another field",
                "`{key}` の値に `: `（コロンと半角スペース）が含まれており、別の項目の始まりと読まれる"
            ),
            crate::tr!(
                "Put the value in quotes: `{}`.",
                "値を引用符で囲んでください: `{}`。",
                shown(&format!("{key}: {quoted}"))
            ),
        )
        .fix(vec![Edit {
            at: start,
            len: value.len(),
            with: quoted,
        }]),
    )
}
