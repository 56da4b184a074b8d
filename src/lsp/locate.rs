//! What is at a place of a record file: the record, the node (key or value) and, for a
//! reference field, the kinds it names. Shared by hover, navigation and completion.

use crate::load::Record;
use crate::pipeline::Workspace;
use crate::source::SourceFile;
use crate::validate::kinds::RefField;

/// A node of a record under the cursor.
pub struct At<'w> {
    pub record: &'w Record,
    /// The node's JSON pointer within the record.
    pub pointer: String,
    /// On the key (`owner:`) rather than the value.
    pub on_key: bool,
    /// The node's value bytes.
    pub value: (u32, u32),
}

/// The file of a repository-relative path, as the workspace holds it.
pub fn file<'w>(ws: &'w Workspace, path: &str) -> Option<&'w SourceFile> {
    ws.sources()
        .iter()
        .find(|(_, f)| f.path == path)
        .map(|(_, f)| f)
}

/// The innermost node whose key or value holds `byte` (its end included, where a cursor
/// after the last character stands).
pub fn at<'w>(ws: &'w Workspace, path: &str, byte: u32) -> Option<At<'w>> {
    let record = ws.record_at(path, byte).or_else(|| {
        // The cursor just past a record's end (the end of its last line).
        ws.record_at(path, byte.saturating_sub(1))
    })?;
    let inside = |r: (u32, u32)| r.0 <= byte && byte <= r.1;
    let mut best: Option<At<'w>> = None;
    for (p, s) in record.spans().iter() {
        let on_key = s.key.is_some_and(inside);
        if !on_key && !inside(s.value) {
            continue;
        }
        let width = |a: &At| a.value.1 - a.value.0;
        let here = At {
            record,
            pointer: p.to_owned(),
            on_key,
            value: s.value,
        };
        // The innermost node: the narrowest value; a key beats its own value's children.
        let better = match &best {
            None => true,
            Some(b) => on_key || (!b.on_key && width(&here) <= width(b)),
        };
        if better {
            best = Some(here);
        }
    }
    best
}

/// The reference field of a record's kind at a pointer (`/owner/person`, `/assets/2`), if
/// any; with `whole`, also the list that holds references (`/assets`).
pub fn ref_field<'w>(
    ws: &'w Workspace,
    kind: &str,
    pointer: &str,
    whole: bool,
) -> Option<&'w RefField> {
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    ws.kinds().get(kind)?.refs.iter().find(|f| {
        let n = f.path.len();
        let fits = |segs: &[&str]| {
            f.path
                .iter()
                .zip(segs)
                .all(|(want, got)| want == got || (want == "*" && got.parse::<usize>().is_ok()))
        };
        (segs.len() == n && fits(&segs))
            || (whole && segs.len() + 1 == n && f.path[n - 1] == "*" && fits(&segs))
    })
}

/// The string a node holds, if it is a string.
pub fn text<'r>(record: &'r Record, pointer: &str) -> Option<&'r str> {
    record.value.pointer(pointer)?.as_str()
}

/// The record a reference names: the first of its kinds that has the id.
pub fn target<'w>(ws: &'w Workspace, field: &RefField, id: &str) -> Option<&'w Record> {
    field.kinds.iter().find_map(|k| ws.record(k, id))
}

/// A record's `name:` (or `title:`), for showing it.
pub fn name(record: &Record) -> Option<&str> {
    ["name", "title"]
        .iter()
        .find_map(|k| record.value.get(*k).and_then(|v| v.as_str()))
}
