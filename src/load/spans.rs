//! The span table of one record: JSON pointer → byte ranges of the key and the value.

/// Where a node was written. `value` is where the node is used (for a node reached
/// through an alias, the alias); `origin` is the anchor's node in that case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<(u32, u32)>,
    pub value: (u32, u32),
    pub origin: Option<(u32, u32)>,
}

#[derive(Clone, Debug, Default)]
pub struct SpanTable {
    /// Sorted by pointer, so lookups are binary searches.
    entries: Vec<(Box<str>, NodeSpan)>,
}

impl SpanTable {
    pub fn from_unsorted(mut entries: Vec<(Box<str>, NodeSpan)>) -> Self {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        SpanTable { entries }
    }

    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.entries
            .binary_search_by(|(p, _)| p.as_ref().cmp(pointer))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// The span of the node at `pointer`, or of its nearest present ancestor.
    /// Returns the pointer that was found with it.
    pub fn nearest<'p>(&self, mut pointer: &'p str) -> Option<(&'p str, &NodeSpan)> {
        loop {
            if let Some(s) = self.get(pointer) {
                return Some((pointer, s));
            }
            if pointer.is_empty() {
                return None;
            }
            pointer = match pointer.rfind('/') {
                Some(i) => &pointer[..i],
                None => "",
            };
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        self.entries.iter().map(|(p, s)| (p.as_ref(), s))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Escapes a mapping key for use as a JSON pointer segment (RFC 6901).
pub fn push_segment(pointer: &mut String, key: &str) {
    pointer.push('/');
    if key.contains(['~', '/']) {
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(key);
    }
}

/// A dotted rule path (`owner.person`, `contacts.0.phone`) as a JSON pointer.
pub fn dotted_to_pointer(path: &str) -> String {
    let mut p = String::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        push_segment(&mut p, seg);
    }
    p
}

/// The last segment of a pointer, unescaped: the field name a message should show.
pub fn last_segment(pointer: &str) -> String {
    let seg = pointer.rsplit('/').next().unwrap_or("");
    seg.replace("~1", "/").replace("~0", "~")
}

/// A pointer as a dotted path for messages: `/owner/person` → `owner.person`.
pub fn pointer_to_dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}
