//! Names → ids: a sheet writes 山田 太郎 where the record wants P-007.

use super::mapping::normalize_header;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The repository's records by kind: their ids, and their ids by name.
#[derive(Default)]
pub struct Lookup {
    ids: HashMap<String, BTreeSet<String>>,
    /// kind → normalised name → ids.
    names: HashMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// kind → id → the name to write back (export).
    display: HashMap<String, HashMap<String, String>>,
}

/// `桜井 一郎 (Ichiro Sakurai)` is also `桜井一郎`: the part in brackets is a reading.
fn name_keys(name: &str) -> Vec<String> {
    let mut keys = vec![normalize_header(name)];
    let bare = match name.find(['(', '（']) {
        Some(i) => &name[..i],
        None => name,
    };
    let bare = normalize_header(bare);
    if !bare.is_empty() && !keys.contains(&bare) {
        keys.push(bare);
    }
    keys
}

impl Lookup {
    pub fn add(&mut self, kind: &str, id: &str, name: Option<&str>) {
        self.ids
            .entry(kind.to_owned())
            .or_default()
            .insert(id.to_owned());
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            let names = self.names.entry(kind.to_owned()).or_default();
            for key in name_keys(name) {
                names.entry(key).or_default().insert(id.to_owned());
            }
            self.display
                .entry(kind.to_owned())
                .or_default()
                .insert(id.to_owned(), name.to_owned());
        }
    }

    /// The id a sheet's text stands for, or the ids that share the name (none if nobody
    /// has it).
    pub fn resolve(&self, kind: &str, text: &str) -> Result<String, Vec<String>> {
        let text = text.trim();
        if self.ids.get(kind).is_some_and(|ids| ids.contains(text)) {
            return Ok(text.to_owned());
        }
        let Some(names) = self.names.get(kind) else {
            return Err(Vec::new());
        };
        let mut found: BTreeSet<String> = BTreeSet::new();
        for key in name_keys(text) {
            if let Some(ids) = names.get(&key) {
                found.extend(ids.iter().cloned());
                break;
            }
        }
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            _ => Err(found.into_iter().collect()),
        }
    }

    /// The name export writes for an id: one that imports back to the same id.
    pub fn name_of(&self, kind: &str, id: &str) -> Option<&str> {
        let name = self.display.get(kind)?.get(id)?;
        (self.resolve(kind, name).ok().as_deref() == Some(id)).then_some(name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_ids_unless_they_are_shared() {
        let mut l = Lookup::default();
        l.add("person", "P-001", Some("桜井 一郎 (Ichiro Sakurai)"));
        l.add("person", "P-002", Some("山田 花子"));
        l.add("person", "P-003", Some("山田 花子"));
        assert_eq!(l.resolve("person", "P-001"), Ok("P-001".into()));
        assert_eq!(l.resolve("person", "桜井一郎"), Ok("P-001".into()));
        assert_eq!(l.resolve("person", "桜井　一郎"), Ok("P-001".into()));
        assert_eq!(
            l.resolve("person", "桜井 一郎 (Ichiro Sakurai)"),
            Ok("P-001".into())
        );
        assert_eq!(
            l.resolve("person", "山田 花子"),
            Err(vec!["P-002".into(), "P-003".into()])
        );
        assert_eq!(l.resolve("person", "鈴木"), Err(vec![]));
        assert_eq!(
            l.name_of("person", "P-001"),
            Some("桜井 一郎 (Ichiro Sakurai)")
        );
        assert_eq!(l.name_of("person", "P-002"), None);
    }
}
