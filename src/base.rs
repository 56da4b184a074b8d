//! Small helpers every stage shares: names, repository paths and JSON pointers. Nothing
//! here depends on another module of grclint.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::borrow::Cow;
use std::path::Path;

/// The known name closest to a misspelt one, when it is close enough to be a typo.
pub fn closest(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4) && *d < k.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// Repository-relative path with `/`.
pub fn relative(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Whether a repository path is `dir` itself or lies inside it (paths with `/`).
pub fn is_under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A JSON pointer segment unescaped (RFC 6901): `a~1b` → `a/b`.
pub fn unescape_segment(seg: &str) -> Cow<'_, str> {
    if seg.contains('~') {
        seg.replace("~1", "/").replace("~0", "~").into()
    } else {
        seg.into()
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
    unescape_segment(seg).into_owned()
}

/// A pointer as a dotted path for messages: `/owner/person` → `owner.person`.
pub fn pointer_to_dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(unescape_segment)
        .collect::<Vec<_>>()
        .join(".")
}

/// A field path for messages: `/contacts/0/phone` → `contacts[0].phone`.
pub fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = unescape_segment(seg);
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// A whole number the schema admits, also when YAML wrote it as a float (`1e6`); beyond
/// the type's range it saturates.
pub fn whole_number<'de, D: Deserializer<'de>, N: TryFrom<u64> + Bounded>(
    d: D,
) -> Result<N, D::Error> {
    let n = match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    };
    let n = n.ok_or_else(|| serde::de::Error::custom("expected a whole number"))?;
    Ok(N::try_from(n).unwrap_or(N::MAX))
}

/// The largest value of a number type.
pub trait Bounded {
    const MAX: Self;
}

impl Bounded for u64 {
    const MAX: u64 = u64::MAX;
}

impl Bounded for usize {
    const MAX: usize = usize::MAX;
}
