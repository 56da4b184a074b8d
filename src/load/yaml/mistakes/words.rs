//! What the parser says when no known mistake explains it, in a security officer's words:
//! saphyr's own text names YAML's grammar (scalars, simple keys, block collections), so it
//! is never shown.

use super::Mistake;
use crate::i18n::{Text, t};

/// (words in saphyr's message, what grclint says, what to do). The first match wins.
pub(in crate::load::yaml) const PLAIN: &[(&[&str], Text, Text)] = &[
    (
        &["tab"],
        Text::new(
            "a tab here cannot be read: YAML files are indented with spaces",
            "ここにあるタブは読み取れない。YAML ファイルの字下げには空白を使う",
        ),
        Text::new(
            "Replace the tab with spaces.",
            "タブを空白に置き換えてください。",
        ),
    ),
    (
        &["unknown anchor"],
        Text::new(
            "this `*` names a `&` label that is not defined above it",
            "この `*` が指す `&` の名前は、これより上で定義されていない",
        ),
        Text::new(
            "Define the label with `&name` on the value above, or write the value itself here.",
            "上にある値に `&名前` で名前を付けるか、ここに値そのものを書いてください。",
        ),
    ),
    (
        &["unexpected character", "cannot start with"],
        Text::new(
            "a value cannot start with this character unless it is quoted",
            "引用符で囲まない値は、この文字で始めることができない",
        ),
        Text::new(
            "Put the value in quotes: `key: '…'`.",
            "値を引用符で囲んでください: `key: '…'`。",
        ),
    ),
    (
        &["escape", "hexadecimal", "Unicode"],
        Text::new(
            "a backslash in this double-quoted text starts no known character",
            "この二重引用符の文字列にあるバックスラッシュ（\\）は、既知の文字を表していない",
        ),
        Text::new(
            "Write `\\\\` for a backslash, or put the text in single quotes instead.",
            "バックスラッシュそのものは `\\\\` と書くか、文字列を一重引用符で囲んでください。",
        ),
    ),
    (
        &["unprintable"],
        Text::new(
            "an invisible control character is in the text here",
            "ここに目に見えない制御文字が入っている",
        ),
        Text::new(
            "Delete the character (retype the line if you cannot see it).",
            "その文字を削除してください（見えない場合は行を打ち直します）。",
        ),
    ),
    (
        &["byte order mark"],
        Text::new(
            "an invisible byte-order mark is in the middle of the file",
            "ファイルの途中に目に見えない BOM（バイト順マーク）が入っている",
        ),
        Text::new(
            "Delete it: it may only come first in a file.",
            "削除してください。BOM を置けるのはファイルの先頭だけです。",
        ),
    ),
    (
        &["block scalar", "multiline text"],
        Text::new(
            "the lines of the text after `|` or `>` are not indented alike",
            "`|` または `>` の後に続く文章の行の字下げがそろっていない",
        ),
        Text::new(
            "Indent every line of that text at least as far as its first line.",
            "その文章のどの行も、最初の行と同じかそれより深く字下げしてください。",
        ),
    ),
    (
        &["document", "directive", "tag"],
        Text::new(
            "a line starting with `---`, `...`, `%` or `!` is out of place here",
            "`---`、`...`、`%` または `!` で始まる行は、ここには置けない",
        ),
        Text::new(
            "Delete the line, or put the value that starts with it in quotes.",
            "その行を削除するか、その文字で始まる値を引用符で囲んでください。",
        ),
    ),
    (
        &["mapping values are not allowed"],
        Text::new(
            "a `: ` (a colon and a space) is out of place here",
            "ここに `: `（コロンと空白）は置けない",
        ),
        Text::new(
            "Put the value that holds the colon in quotes, or start the field on a line of its own.",
            "コロンを含む値を引用符で囲むか、項目を新しい行から書き始めてください。",
        ),
    ),
    (
        &["quoted scalar"],
        Text::new(
            "a quoted text is not closed before the end of the file",
            "引用符で始まる文字列が、ファイルの終わりまでに閉じられていない",
        ),
        Text::new(
            "Type the closing quote where the text ends.",
            "文字列の終わりに閉じる引用符を入力してください。",
        ),
    ),
    (
        &["flow"],
        Text::new(
            "a list `[…]` or set of fields `{…}` is not closed or not separated by commas",
            "リスト `[…]` または項目の組 `{…}` が閉じられていないか、要素がカンマで区切られていない",
        ),
        Text::new(
            "Separate the items with `, ` and close the list with `]` (or `}`).",
            "要素を `, ` で区切り、リストを `]`（または `}`）で閉じてください。",
        ),
    ),
    (
        &[
            "indentation",
            "expected key",
            "expected '-'",
            "simple key",
            "next token",
        ],
        Text::new(
            "this line does not line up with the lines around it, or a field has no `:`",
            "この行の字下げが前後の行とそろっていないか、`:` のない項目がある",
        ),
        Text::new(
            "Line it up with the fields it belongs to, and write each field as `name: value`.",
            "属する項目と字下げをそろえ、各項目を `名前: 値` の形で書いてください。",
        ),
    ),
];

/// The fallback for a parser stop that no known mistake explains.
pub(in crate::load::yaml) fn plain(info: &str, _text: &str, at: usize) -> Mistake {
    let (message, help) = PLAIN
        .iter()
        .find(|(words, _, _)| words.iter().any(|w| info.contains(w)))
        .map_or(
            (
                t(
                    "grclint cannot read the file from this point",
                    "grclint はファイルのこの位置から先を読み取れない",
                ),
                t(
                    "Check this line and the one above it for a misplaced character or a wrong indentation.",
                    "この行と一つ上の行に、場違いな文字や字下げの誤りがないか確かめてください。",
                ),
            ),
            |(_, m, h)| (m.now(), h.now()),
        );
    Mistake::new(at, 0, message.to_owned(), help.to_owned())
}
