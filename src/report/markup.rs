//! Text as XML and HTML hold it — the JUnit report and the auditor's HTML page — in one
//! place: markup escaped, and every character that XML 1.0 cannot hold or that HTML reads
//! as a parse error (control characters, noncharacters) replaced by U+FFFD, so that a value
//! quoted from a record cannot break the file.

/// Element text: line breaks and tabs kept as they are.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: line breaks and tabs as character references too (a raw one is read
/// back as a space).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char`, less what HTML calls a control or a noncharacter.
fn allowed(c: char) -> bool {
    let xml =
        matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
    let noncharacter = ('\u{FDD0}'..='\u{FDEF}').contains(&c) || (c as u32 & 0xFFFE) == 0xFFFE;
    xml && !noncharacter && !crate::source::is_control(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_what_xml_cannot_hold() {
        assert_eq!(text("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
        assert_eq!(text("行1\n\t行2\r"), "行1\n\t行2&#13;");
        assert_eq!(attr("行1\n\t行2"), "行1&#10;&#9;行2");
        assert_eq!(
            text("\u{1b}[31m\u{0}\u{85}\u{FFFE}\u{FDD0}\u{1FFFF}"),
            "\u{FFFD}[31m\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(attr("𠮷 😀 ｱ"), "𠮷 😀 ｱ");
    }
}
