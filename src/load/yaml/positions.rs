//! saphyr's positions count characters: byte offsets through a cursor that never rescans.

use saphyr_parser::Marker;

/// Converts saphyr's character positions to byte offsets.
pub(super) struct Positions<'t> {
    text: &'t str,
    base: u32,
    ascii: bool,
    char_idx: usize,
    byte_idx: usize,
}

impl<'t> Positions<'t> {
    pub(super) fn new(text: &'t str, base: u32) -> Self {
        Positions {
            text,
            base,
            ascii: text.is_ascii(),
            char_idx: 0,
            byte_idx: 0,
        }
    }

    pub(super) fn byte(&mut self, m: &Marker) -> u32 {
        let target = m.index();
        if self.ascii {
            return self.base + target.min(self.text.len()) as u32;
        }
        // Walk from the last position, backwards when needed: never a rescan from the start.
        let mut back = self.text[..self.byte_idx].chars().rev();
        while self.char_idx > target {
            match back.next() {
                Some(c) => {
                    self.char_idx -= 1;
                    self.byte_idx -= c.len_utf8();
                }
                None => break,
            }
        }
        let mut it = self.text[self.byte_idx..].chars();
        while self.char_idx < target {
            match it.next() {
                Some(c) => {
                    self.char_idx += 1;
                    self.byte_idx += c.len_utf8();
                }
                None => break,
            }
        }
        self.base + self.byte_idx as u32
    }
}
