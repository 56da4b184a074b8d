//! The lines of a text, and the parts of a line a hand-written record has: its
//! indentation, its `- ` markers and its content.

/// Line starts of a text.
pub(super) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if starts.len() > 1 && starts.last() == Some(&text.len()) {
            starts.pop();
        }
        Lines { text, starts }
    }

    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    pub(super) fn start(&self, i: usize) -> usize {
        self.starts[i]
    }

    /// Line `i` without its line end.
    pub(super) fn text(&self, i: usize) -> &'t str {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[self.starts[i]..end].trim_end_matches(['\n', '\r'])
    }

    /// The line that holds byte `at` (the last line for the end of the text).
    pub(super) fn index_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at).saturating_sub(1)
    }

    /// Where line `i` should start to line up with the line with content above it: at its
    /// fields, or two further in when that line opens a value of its own (`owner:`).
    pub(super) fn expected_column(&self, i: usize) -> usize {
        for j in (0..i).rev() {
            let l = self.text(j);
            let (indent, cs) = parts(l);
            let content = l[indent..].trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let column = l[..cs].chars().count();
            let code = content.split(" #").next().unwrap_or(content).trim_end();
            return if code.ends_with(':') {
                column + 2
            } else {
                column
            };
        }
        0
    }
}

/// (end of the indentation, start of the content after any `- ` markers), in bytes.
pub(super) fn parts(line: &str) -> (usize, usize) {
    let indent = line
        .char_indices()
        .find(|(_, c)| !matches!(c, ' ' | '\t' | '\u{3000}'))
        .map_or(line.len(), |(i, _)| i);
    let mut cs = indent;
    while line[cs..].starts_with("- ") {
        cs += 2;
        while line[cs..].starts_with(' ') {
            cs += 1;
        }
    }
    (indent, cs)
}
