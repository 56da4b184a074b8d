//! A `[`, `{` or quote opened and never closed: the parser stops far below it, so the
//! text is walked from the top to find the opening that is still open where it stopped.

use super::lines::{Lines, parts};
use super::{Mistake, shown};

/// What is open at a point of the walk.
#[derive(Clone, Copy)]
enum Open {
    /// A list or a set of fields: where its outermost bracket is, and how deep.
    Bracket {
        at: usize,
        c: char,
        depth: usize,
    },
    Quote {
        at: usize,
        c: char,
    },
}

/// The opening still open at the end of the line the parser stopped on.
pub(super) fn find(text: &str, lines: &Lines, stop: usize) -> Option<Mistake> {
    let stop_line = lines.index_of(stop);
    let mut open: Option<Open> = None;
    for i in 0..=stop_line.min(lines.len().saturating_sub(1)) {
        let l = lines.text(i);
        let start = lines.start(i);
        let from = match open {
            Some(_) => 0,
            None => match value_start(l) {
                Some(v) => v,
                None => continue,
            },
        };
        let end = l.len();
        if from < end {
            open = walk(&l[from..end], start + from, open);
        }
    }
    Some(report(text, lines, open?))
}

/// Where a value that may open a bracket or a quote starts on a line: its content, or
/// what follows the first `key: `.
fn value_start(l: &str) -> Option<usize> {
    let (_, cs) = parts(l);
    let content = &l[cs..];
    if content.starts_with(['[', '{', '"', '\'']) {
        return Some(cs);
    }
    let sep = content.find(": ")?;
    let after = &content[sep + 2..];
    let v = cs + sep + 2 + (after.len() - after.trim_start().len());
    l[v..].starts_with(['[', '{', '"', '\'']).then_some(v)
}

/// Walks `s` (at byte `base` of the text) from the state `open`: the state at its end.
fn walk(s: &str, base: usize, mut open: Option<Open>) -> Option<Open> {
    let mut chars = s.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        match open {
            None if i == 0 => match c {
                '[' | '{' => {
                    open = Some(Open::Bracket {
                        at: base,
                        c,
                        depth: 1,
                    })
                }
                '"' | '\'' => open = Some(Open::Quote { at: base, c }),
                _ => return None,
            },
            None => return None,
            Some(Open::Quote { at, c: q }) => {
                let escaped = (c == '\\' && q == '"')
                    || (c == q && q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\''));
                if escaped {
                    // A backslash escape, or `''` inside single quotes: the next one is text.
                    chars.next();
                } else if c == q {
                    return None;
                }
                open = Some(Open::Quote { at, c: q });
            }
            Some(Open::Bracket { at, c: b, depth }) => match c {
                '#' if prev == ' ' => return open,
                '[' | '{' => {
                    open = Some(Open::Bracket {
                        at,
                        c: b,
                        depth: depth + 1,
                    })
                }
                ']' | '}' if depth == 1 => return None,
                ']' | '}' => {
                    open = Some(Open::Bracket {
                        at,
                        c: b,
                        depth: depth - 1,
                    })
                }
                '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',') => {
                    // A quoted item inside the list: skip to its end on this line.
                    let mut closed = false;
                    while let Some((_, n)) = chars.next() {
                        if n == '\\' && c == '"' {
                            chars.next();
                        } else if n == c {
                            closed = true;
                            break;
                        }
                    }
                    if !closed {
                        return open;
                    }
                }
                _ => {}
            },
        }
        prev = c;
    }
    open
}

fn report(text: &str, lines: &Lines, open: Open) -> Mistake {
    let (at, c) = match open {
        Open::Bracket { at, c, .. } | Open::Quote { at, c } => (at, c),
    };
    let line = lines.text(lines.index_of(at));
    let (_, cs) = parts(line);
    let written = line[cs..].split(" #").next().unwrap_or("").trim_end();
    let (close, what) = match c {
        '[' => (']', crate::i18n::t("the list", "リスト")),
        '{' => ('}', crate::i18n::t("the set of fields", "項目のまとまり")),
        _ => (c, crate::i18n::t("the text", "文字列")),
    };
    let what_open = if matches!(c, '[' | '{') {
        crate::tr!(
            "the `{c}` opened here is never closed",
            "ここで開いた `{c}` が閉じられていない"
        )
    } else {
        crate::tr!(
            "the quote `{c}` opened here is never closed",
            "ここで開いた引用符 `{c}` が閉じられていない"
        )
    };
    debug_assert!(text.is_char_boundary(at));
    Mistake::new(
        at,
        c.len_utf8(),
        what_open,
        crate::tr!(
            "Type `{close}` where {what} ends: `{}{close}`.",
            "{what}の終わりに `{close}` を入力してください: `{}{close}`。",
            shown(written)
        ),
    )
}
