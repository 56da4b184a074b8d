//! What the parser says when no known mistake explains it, in a security officer's words:
//! saphyr's own text names YAML's grammar (scalars, simple keys, block collections), so it
//! is never shown.

use super::Mistake;

/// (words in saphyr's message, what grclint says, what to do). The first match wins.
pub(in crate::load::yaml) const PLAIN: &[(&[&str], &str, &str)] = &[
    (
        &["tab"],
        "a tab here cannot be read: YAML files are indented with spaces",
        "Replace the tab with spaces.",
    ),
    (
        &["unknown anchor"],
        "this `*` names a `&` label that is not defined above it",
        "Define the label with `&name` on the value above, or write the value itself here.",
    ),
    (
        &["unexpected character", "cannot start with"],
        "a value cannot start with this character unless it is quoted",
        "Put the value in quotes: `key: '…'`.",
    ),
    (
        &["escape", "hexadecimal", "Unicode"],
        "a backslash in this double-quoted text starts no known character",
        "Write `\\\\` for a backslash, or put the text in single quotes instead.",
    ),
    (
        &["unprintable"],
        "an invisible control character is in the text here",
        "Delete the character (retype the line if you cannot see it).",
    ),
    (
        &["byte order mark"],
        "an invisible byte-order mark is in the middle of the file",
        "Delete it: it may only come first in a file.",
    ),
    (
        &["block scalar", "multiline text"],
        "the lines of the text after `|` or `>` are not indented alike",
        "Indent every line of that text at least as far as its first line.",
    ),
    (
        &["document", "directive", "tag"],
        "a line starting with `---`, `...`, `%` or `!` is out of place here",
        "Delete the line, or put the value that starts with it in quotes.",
    ),
    (
        &["mapping values are not allowed"],
        "a `: ` (a colon and a space) is out of place here",
        "Put the value that holds the colon in quotes, or start the field on a line of its own.",
    ),
    (
        &["quoted scalar"],
        "a quoted text is not closed before the end of the file",
        "Type the closing quote where the text ends.",
    ),
    (
        &["flow"],
        "a list `[…]` or set of fields `{…}` is not closed or not separated by commas",
        "Separate the items with `, ` and close the list with `]` (or `}`).",
    ),
    (
        &[
            "indentation",
            "expected key",
            "expected '-'",
            "simple key",
            "next token",
        ],
        "this line does not line up with the lines around it, or a field has no `:`",
        "Line it up with the fields it belongs to, and write each field as `name: value`.",
    ),
];

/// The fallback for a parser stop that no known mistake explains.
pub(in crate::load::yaml) fn plain(info: &str, _text: &str, at: usize) -> Mistake {
    let (message, help) = PLAIN
        .iter()
        .find(|(words, _, _)| words.iter().any(|w| info.contains(w)))
        .map_or(
            (
                "grclint cannot read the file from this point",
                "Check this line and the one above it for a misplaced character or a wrong indentation.",
            ),
            |(_, m, h)| (*m, *h),
        );
    Mistake::new(at, 0, message.to_owned(), help.to_owned())
}
