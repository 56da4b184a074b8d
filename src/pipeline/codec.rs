//! The cache's own encoding of record values: a tag byte per node, lengths up front. A warm
//! run decodes it with every map, list and string allocated at its size (JSON gives no
//! sizes, so its maps grow step by step), and a number reads back as the number written:
//! integers as integers, fractions bit for bit.
//!
//! Every read is bounds-checked: a cut-short or foreign entry decodes to None, never to a
//! wrong value and never to a panic.

use serde_json::{Map, Number, Value};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const UINT: u8 = 3;
const INT: u8 = 4;
const FLOAT: u8 = 5;
const STRING: u8 = 6;
const LIST: u8 = 7;
const MAP: u8 = 8;

/// How deep values nest at most (the loader's own limit is lower).
const DEPTH: usize = 256;

/// Appends values and strings to a buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn len(&mut self, n: usize) {
        let mut n = n as u64;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.bytes.push(b);
                return;
            }
            self.bytes.push(b | 0x80);
        }
    }

    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn bools(&mut self, b: &[bool]) {
        self.len(b.len());
        self.bytes.extend(b.iter().map(|&b| b as u8));
    }

    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.bytes.push(NULL),
            Value::Bool(false) => self.bytes.push(FALSE),
            Value::Bool(true) => self.bytes.push(TRUE),
            Value::Number(n) => {
                let (tag, bits) = match (n.as_u64(), n.as_i64(), n.as_f64()) {
                    (Some(u), _, _) => (UINT, u),
                    (None, Some(i), _) => (INT, i as u64),
                    (None, None, f) => (FLOAT, f.unwrap_or_default().to_bits()),
                };
                self.bytes.push(tag);
                self.bytes.extend_from_slice(&bits.to_le_bytes());
            }
            Value::String(s) => {
                self.bytes.push(STRING);
                self.str(s);
            }
            Value::Array(items) => {
                self.bytes.push(LIST);
                self.len(items.len());
                items.iter().for_each(|i| self.value(i));
            }
            Value::Object(map) => {
                self.bytes.push(MAP);
                self.len(map.len());
                for (k, v) in map {
                    self.str(k);
                    self.value(v);
                }
            }
        }
    }
}

/// Reads what a `Writer` wrote, from the front.
pub struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes }
    }

    pub fn at_end(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn len(&mut self) -> Option<usize> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                // No length is longer than what is left to read.
                return usize::try_from(n).ok().filter(|&n| n <= self.bytes.len());
            }
        }
        None
    }

    pub fn str(&mut self) -> Option<&'b str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// The bytes `expected`, if they come next.
    pub fn tag(&mut self, expected: &[u8]) -> Option<()> {
        (self.take(expected.len())? == expected).then_some(())
    }

    pub fn bools(&mut self) -> Option<Vec<bool>> {
        let n = self.len()?;
        self.take(n)?
            .iter()
            .map(|&b| match b {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
            .collect()
    }

    pub fn value(&mut self) -> Option<Value> {
        self.node(0)
    }

    /// How many bytes are left to read.
    pub fn left(&self) -> usize {
        self.bytes.len()
    }

    /// Reads past one value without building it, checking all that `value` checks: the
    /// bytes passed over decode (see `decode`).
    pub fn skip_value(&mut self) -> Option<()> {
        let mut keys = Vec::new();
        self.skip(0, &mut keys)
    }

    /// `keys` holds the keys of the maps being read, outermost first.
    fn skip(&mut self, depth: usize, keys: &mut Vec<&'b str>) -> Option<()> {
        if depth > DEPTH {
            return None;
        }
        match self.byte()? {
            NULL | FALSE | TRUE => {}
            UINT | INT => {
                self.take(8)?;
            }
            FLOAT => {
                let bits = u64::from_le_bytes(self.take(8)?.try_into().ok()?);
                Number::from_f64(f64::from_bits(bits))?;
            }
            STRING => {
                self.str()?;
            }
            LIST => {
                for _ in 0..self.len()? {
                    self.skip(depth + 1, keys)?;
                }
            }
            MAP => {
                let n = self.len()?;
                let from = keys.len();
                // A long map's keys are checked by hash, a short one's side by side.
                let mut long = (n > 32).then(std::collections::HashSet::new);
                for _ in 0..n {
                    let k = self.str()?;
                    let twice = match &mut long {
                        Some(seen) => !seen.insert(k),
                        None => keys[from..].contains(&k),
                    };
                    if twice {
                        return None;
                    }
                    keys.push(k);
                    self.skip(depth + 1, keys)?;
                }
                keys.truncate(from);
            }
            _ => return None,
        }
        Some(())
    }

    fn node(&mut self, depth: usize) -> Option<Value> {
        if depth > DEPTH {
            return None;
        }
        let word =
            |r: &mut Self| -> Option<u64> { Some(u64::from_le_bytes(r.take(8)?.try_into().ok()?)) };
        Some(match self.byte()? {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            UINT => Value::Number(word(self)?.into()),
            INT => Value::Number((word(self)? as i64).into()),
            FLOAT => Value::Number(Number::from_f64(f64::from_bits(word(self)?))?),
            STRING => Value::String(self.str()?.to_owned()),
            LIST => {
                let n = self.len()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.node(depth + 1)?);
                }
                Value::Array(items)
            }
            MAP => {
                let n = self.len()?;
                let mut map = Map::with_capacity(n);
                for _ in 0..n {
                    let k = self.str()?.to_owned();
                    let v = self.node(depth + 1)?;
                    // A key written twice is not what a Writer writes.
                    if map.insert(k, v).is_some() {
                        return None;
                    }
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }
}

/// The one value `bytes` hold, nothing before or after it.
pub fn decode(bytes: &[u8]) -> Option<Value> {
    let mut r = Reader::new(bytes);
    let v = r.value()?;
    r.at_end().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(|u| Value::Number(u.into())),
            any::<i64>().prop_map(|i| Value::Number(i.into())),
            any::<f64>()
                .prop_filter_map("finite", Number::from_f64)
                .prop_map(Value::Number),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((".{0,8}", inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn a_value_reads_back_as_written(v in value()) {
            let mut w = Writer::default();
            w.value(&v);
            let mut r = Reader::new(&w.bytes);
            prop_assert_eq!(r.value(), Some(v));
            prop_assert!(r.at_end());
        }

        #[test]
        fn skipping_a_value_checks_what_decoding_it_checks(v in value(), at in any::<prop::sample::Index>(), flip in 0u8..) {
            let mut w = Writer::default();
            w.value(&v);
            let i = at.index(w.bytes.len());
            w.bytes[i] ^= flip;
            let mut r = Reader::new(&w.bytes);
            let skipped = r.skip_value().map(|()| w.bytes.len() - r.left());
            let mut r = Reader::new(&w.bytes);
            let read = r.value().map(|_| w.bytes.len() - r.left());
            prop_assert_eq!(skipped, read);
        }

        #[test]
        fn a_value_cut_short_reads_as_nothing(v in value(), cut in 1usize..64) {
            let mut w = Writer::default();
            w.value(&v);
            let keep = w.bytes.len().saturating_sub(cut);
            prop_assert_eq!(Reader::new(&w.bytes[..keep]).value(), None);
        }

        #[test]
        fn damaged_bytes_never_panic(v in value(), at in any::<prop::sample::Index>(), flip in 1u8..) {
            let mut w = Writer::default();
            w.value(&v);
            let i = at.index(w.bytes.len());
            w.bytes[i] ^= flip;
            // Whatever it reads as, reading it returns.
            let _ = Reader::new(&w.bytes).value();
        }
    }
}
