//! A record's value, either built or still in the bytes of a cache entry. A warm run takes
//! most records from the cache, and most of them no rule or reference reads again (their
//! findings are cached too): decoding such a value only when something reads it keeps a
//! warm run from building, and holding, a tree per record.

use serde_json::Value;
use std::ops::{Deref, DerefMut, Range};
use std::sync::{Arc, OnceLock};

/// A value as read from the text, or as a cache entry holds it until first read.
#[derive(Default)]
pub struct LazyValue {
    built: OnceLock<Value>,
    encoded: Option<Encoded>,
}

/// Where a value lies in an entry's bytes, and how to decode it.
struct Encoded {
    bytes: Arc<[u8]>,
    at: Range<usize>,
    /// Decodes what was checked with the same rules when the entry was read: it cannot
    /// fail then; if it does, the value reads as null rather than as anything else.
    decode: fn(&[u8]) -> Option<Value>,
}

impl LazyValue {
    /// A value decoded from `bytes[at]` the first time it is read. The caller has checked
    /// that those bytes decode.
    pub fn encoded(bytes: Arc<[u8]>, at: Range<usize>, decode: fn(&[u8]) -> Option<Value>) -> Self {
        LazyValue {
            built: OnceLock::new(),
            encoded: Some(Encoded { bytes, at, decode }),
        }
    }

    /// Whether the value was built (for the timings, and for tests).
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// The value, built now if it was not.
    pub fn into_value(mut self) -> Value {
        std::mem::take(&mut *self)
    }
}

impl From<Value> for LazyValue {
    fn from(v: Value) -> Self {
        LazyValue {
            built: OnceLock::from(v),
            encoded: None,
        }
    }
}

impl Deref for LazyValue {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.built.get_or_init(|| match &self.encoded {
            Some(e) => e
                .bytes
                .get(e.at.clone())
                .and_then(e.decode)
                .unwrap_or(Value::Null),
            None => Value::Null,
        })
    }
}

impl DerefMut for LazyValue {
    fn deref_mut(&mut self) -> &mut Value {
        let _ = self.deref();
        self.encoded = None;
        self.built.get_mut().expect("built just above")
    }
}

impl PartialEq for LazyValue {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for LazyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first_byte_as_number(b: &[u8]) -> Option<Value> {
        Some(json!(b.first()?))
    }

    #[test]
    fn an_encoded_value_is_built_when_first_read_and_then_kept() {
        let bytes: Arc<[u8]> = Arc::from(&[7u8, 9][..]);
        let mut v = LazyValue::encoded(bytes, 1..2, first_byte_as_number);
        assert!(!v.is_built());
        assert_eq!(*v, json!(9));
        assert!(v.is_built());
        *v = json!("changed");
        assert_eq!(v.into_value(), json!("changed"));
    }

    #[test]
    fn bytes_that_do_not_decode_read_as_null() {
        let bytes: Arc<[u8]> = Arc::from(&[][..]);
        let v = LazyValue::encoded(bytes, 0..0, first_byte_as_number);
        assert_eq!(*v, Value::Null);
    }
}
