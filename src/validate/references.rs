//! References between records: ids that name no record (REF001), ids used twice (REF002).

use super::kinds::Kinds;
use super::{messages, record_ref, suggest};
use crate::diagnostic::{Diagnostic, EngineCode};
use crate::index::Index;
use crate::load::Record;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// REF001 (a ref names no record) and REF002 (two records of a kind share an id).
/// References to the `unread` kinds (a file of theirs could not be read) are not reported
/// as dangling: the record may be in that file. Returns how many were left unchecked, by
/// kind.
pub fn references(
    records: &[Record],
    kinds: &Kinds,
    index: &Index,
    unread: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<String, usize> {
    duplicates(records, index, out);
    let mut skipped = BTreeMap::new();
    let all: Vec<usize> = (0..records.len()).collect();
    for found in unresolved(records, &all, kinds, index, unread) {
        out.extend(found.dangling);
        for k in found.unchecked {
            *skipped.entry(k.to_owned()).or_insert(0) += 1;
        }
    }
    skipped
}

/// What checking one record's references found.
#[derive(Default)]
pub struct Resolved<'k> {
    /// REF001: the references that name no record.
    pub dangling: Vec<Diagnostic>,
    /// The kinds of the references that were not checked (they name an `unread` kind).
    pub unchecked: Vec<&'k str>,
    /// Whether every reference named a record (so nothing but the ids of the records
    /// decided the result).
    pub all_resolve: bool,
}

/// Per record of `targets` (places in `records`), what checking its references found.
/// `records` are all of them: the hints of a dangling reference look at every record of
/// the kinds it names.
pub fn unresolved<'k>(
    records: &[Record],
    targets: &[usize],
    kinds: &'k Kinds,
    index: &Index,
    unread: &BTreeSet<String>,
) -> Vec<Resolved<'k>> {
    let open: Vec<Vec<Open<'k>>> = targets
        .par_iter()
        .map(|&i| open_references(&records[i], kinds, index))
        .collect();
    // The hints are worked out once, in parallel, over the kinds that a reference that
    // does not resolve names: none at all on a clean repository.
    let wanted: BTreeSet<&str> = open
        .iter()
        .flatten()
        .flat_map(|o| o.known.iter().map(|k| k.as_str()))
        .collect();
    let names: HashSet<String> = open
        .iter()
        .flatten()
        .map(|o| suggest::squeeze(&o.target))
        .collect();
    let hints = (!wanted.is_empty()).then(|| Hints::new(records, &wanted, &names));
    open.into_par_iter()
        .zip(targets.par_iter())
        .map(|(open, &i)| {
            let mut found = Resolved {
                all_resolve: open.is_empty(),
                ..Resolved::default()
            };
            let Some(hints) = &hints else {
                return found;
            };
            for o in open {
                // `id: 007` is read as the number 7: its SCH003 covers the `'007'`
                // that names it.
                if hints.numbered(&o.known, &o.target) {
                    continue;
                }
                if let Some(k) = o.known.iter().find(|k| unread.contains(k.as_str())) {
                    found.unchecked.push(k.as_str());
                    continue;
                }
                let d = dangling(&records[i], &o.pointer, &o.target, &o.known, hints);
                found.dangling.push(d);
            }
            found
        })
        .collect()
}

/// A reference that names no record: where, what, and the kinds it may name.
struct Open<'k> {
    pointer: String,
    target: String,
    known: Vec<&'k String>,
}

/// The references of `r` that resolve to no record of a kind grclint has.
fn open_references<'k>(r: &Record, kinds: &'k Kinds, index: &Index) -> Vec<Open<'k>> {
    let mut open = Vec::new();
    let Some(def) = kinds.get(&r.kind) else {
        return open;
    };
    let mut vals = Vec::new();
    let mut ids = Vec::new();
    for field in &def.refs {
        let known: Vec<&String> = field
            .kinds
            .iter()
            .filter(|k| kinds.get(k).is_some())
            .collect();
        if known.is_empty() {
            continue;
        }
        // Pointers are made only for a record with a reference that does not resolve.
        ids.clear();
        field.ids(&r.value, &mut ids);
        let resolves = |target: &str| known.iter().any(|k| index.lookup(k, target).is_some());
        if ids.iter().all(|t| resolves(t)) {
            continue;
        }
        vals.clear();
        field.values(&r.value, &mut vals);
        for (ptr, target) in &vals {
            if !resolves(target) {
                open.push(Open {
                    pointer: ptr.to_string(),
                    target: target.to_string(),
                    known: known.clone(),
                });
            }
        }
    }
    open
}

/// REF002 for each record whose id an earlier record of its kind has.
pub fn duplicates(records: &[Record], index: &Index, out: &mut Vec<Diagnostic>) {
    for (i, r) in records.iter().enumerate() {
        let Some(id) = &r.id else { continue };
        let first = index.lookup(&r.kind, id);
        if let Some(first) = first.filter(|&f| f != i) {
            let other = &records[first];
            let span = r.span_of("/id");
            let kind = crate::i18n::kind_name(&r.kind);
            let mut d = Diagnostic::error(EngineCode::Ref002, crate::tr!("another {kind} already has the id `{id}`", "ID `{id}` は別の{kind}がすでに使っている"))
                .at_opt(span)
                .help(crate::i18n::t("Give each record its own id; references cannot tell two records with one id apart.", "レコードごとに別の ID を付けてください。同じ ID の二つのレコードは、参照から見分けられません。"))
                .record(record_ref(r, "/id"));
            if let Some(s) = other.span_of("/id") {
                d = d.label(s, crate::i18n::t("first used here", "最初にここで使用"));
            }
            out.push(d);
        }
    }
}

/// REF001 for `target` at `ptr` of `r`, which names no record of the `known` kinds.
fn dangling(
    r: &Record,
    ptr: &str,
    target: &str,
    known: &[&String],
    hints: &Hints<'_>,
) -> Diagnostic {
    let what = known
        .iter()
        .map(|k| crate::i18n::kind_name(k))
        .collect::<Vec<_>>()
        .join(crate::i18n::t(" or ", "または"));
    let field_name = messages::display_path(ptr);
    let help = match hints.named(known, target) {
        Some(id) => {
            let key = crate::base::last_segment(ptr);
            let write = if key.parse::<usize>().is_ok() {
                format!("`{id}`")
            } else {
                format!("`{key}: {id}`")
            };
            crate::tr!(
                "{target} is {id}: a reference is written with the id, {write}.",
                "{target} の ID は {id} です。参照は ID で {write} と書きます。"
            )
        }
        None => crate::tr!(
            "Use the id of an existing {what} record, or add the missing record.",
            "存在する{what}のレコードの ID を使うか、足りないレコードを追加してください。"
        ),
    };
    Diagnostic::error(
        EngineCode::Ref001,
        crate::tr!(
            "`{field_name}` names {what} `{target}`, which does not exist",
            "`{field_name}` が指す{what} `{target}` は存在しない"
        ),
    )
    .at_opt(r.span_of(ptr))
    .help(help)
    .record(record_ref(r, ptr))
}

/// What a dangling reference may have meant, worked out once (only when one dangles):
/// the ids YAML read as numbers, and each record's id by its name.
#[derive(Default)]
struct Hints<'r> {
    /// (kind, number) of each `id: 007`.
    numbered: HashSet<(&'r str, i64)>,
    /// (kind, name without spaces) → the id, or None when two records share the name.
    named: HashMap<(&'r str, String), Option<&'r str>>,
}

impl<'r> Hints<'r> {
    /// Over the records of the `wanted` kinds, the names among the `targets` (without
    /// spaces) of the references that dangle.
    fn new(records: &'r [Record], wanted: &BTreeSet<&str>, targets: &HashSet<String>) -> Self {
        records
            .par_iter()
            .filter(|r| wanted.contains(r.kind.as_str()))
            .fold(Hints::default, |mut h, r| {
                h.add(r, targets);
                h
            })
            .reduce(Hints::default, Hints::merge)
    }

    fn add(&mut self, r: &'r Record, targets: &HashSet<String>) {
        if let Some(n) = r.value.get("id").and_then(Value::as_i64) {
            self.numbered.insert((r.kind.as_str(), n));
        }
        let (Some(name), Some(id)) = (r.value.get("name").and_then(Value::as_str), r.id.as_deref())
        else {
            return;
        };
        let mut add = |name: &str| {
            let key = match name.contains(char::is_whitespace) {
                true => std::borrow::Cow::Owned(suggest::squeeze(name)),
                false => std::borrow::Cow::Borrowed(name),
            };
            if targets.contains(key.as_ref()) {
                self.name((r.kind.as_str(), key.into_owned()), Some(id));
            }
        };
        add(name);
        if let Some(bare) = suggest::without_reading(name) {
            add(bare);
        }
    }

    /// A name that stands for `id`; a name that two ids share stands for none.
    fn name(&mut self, key: (&'r str, String), id: Option<&'r str>) {
        let slot = self.named.entry(key).or_insert(id);
        if *slot != id {
            *slot = None;
        }
    }

    /// Both halves' hints: the same in whichever order the records were split.
    fn merge(mut self, other: Hints<'r>) -> Self {
        self.numbered.extend(other.numbered);
        for (key, id) in other.named {
            self.name(key, id);
        }
        self
    }

    /// Whether `text` is the number of an `id: 007` of these kinds: its SCH003 covers it.
    fn numbered(&self, kinds: &[&String], text: &str) -> bool {
        text.trim().parse::<i64>().is_ok_and(|n| {
            kinds
                .iter()
                .any(|k| self.numbered.contains(&(k.as_str(), n)))
        })
    }

    /// The id of the one record of these kinds named `text`.
    fn named(&self, kinds: &[&String], text: &str) -> Option<&'r str> {
        let key = suggest::squeeze(text);
        let mut ids = kinds
            .iter()
            .filter_map(|k| *self.named.get(&(k.as_str(), key.clone()))?);
        let id = ids.next()?;
        ids.next().is_none().then_some(id)
    }
}
