//! What rules can see: the records, their indexes and CEL values, the date, the root.
//! Built once after validation; shared by every evaluation.

use crate::index::Index;
use crate::load::Record;
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt,
};
use cel::common::value::Val;
use cel::objects::{Key, Map};
use jiff::civil::Date;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub struct World {
    pub today: Date,
    pub today_str: Arc<String>,
    pub root: PathBuf,
    pub records: Vec<Record>,
    pub index: Index,
    /// Repository-relative path of each source file, by file id.
    pub paths: Vec<String>,
    /// Per record: it passed its schema (rules that fail on broken records stay silent).
    pub schema_ok: Vec<bool>,
    /// Records handed to rules by `record_of` and friends, converted on first use.
    cache: Vec<OnceLock<cel::Value>>,
}

impl World {
    pub fn new(
        today: Date,
        root: PathBuf,
        records: Vec<Record>,
        index: Index,
        paths: Vec<String>,
        schema_ok: Vec<bool>,
    ) -> World {
        let cache = (0..records.len()).map(|_| OnceLock::new()).collect();
        World {
            today_str: Arc::new(today.to_string()),
            today,
            root,
            records,
            index,
            paths,
            schema_ok,
            cache,
        }
    }

    /// A record as a CEL value (for functions that hand records to a rule).
    pub fn value(&self, i: usize) -> cel::Value {
        self.cache[i]
            .get_or_init(|| to_cel(&self.records[i].value, &mut HashMap::new()))
            .clone()
    }

    /// Every record of a kind, as one CEL list. Built for each call and not kept: it is
    /// meant for repository-level rules and small kinds, and a large kind kept whole in CEL
    /// form would double the memory of a run.
    pub fn list(&self, kind: &str) -> cel::Value {
        let mut keys = HashMap::new();
        let ids = self
            .index
            .by_kind
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        cel::Value::List(Arc::new(
            ids.iter()
                .map(|&i| to_cel(&self.records[i].value, &mut keys))
                .collect(),
        ))
    }
}

/// A record as CEL sees it, borrowing its strings and keys from the JSON value: the only
/// allocations are the containers.
pub fn to_val(v: &Json) -> Box<dyn Val + '_> {
    match v {
        Json::Null => Box::new(CelNull),
        Json::Bool(b) => Box::new(CelBool::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Box::new(CelInt::from(i)),
            None => match n.as_u64() {
                Some(u) => Box::new(CelUInt::from(u)),
                None => Box::new(CelDouble::from(n.as_f64().unwrap_or(0.0))),
            },
        },
        Json::String(s) => Box::new(CelString::from(s.as_str())),
        Json::Array(a) => Box::new(CelList::from(a.iter().map(to_val).collect::<Vec<_>>())),
        Json::Object(m) => {
            let map: HashMap<CelMapKey<'_>, Box<dyn Val + '_>> = m
                .iter()
                .map(|(k, x)| (CelMapKey::from(k.as_str()), to_val(x)))
                .collect();
            Box::new(CelMap::from(map))
        }
    }
}

/// JSON → CEL, sharing one allocation per distinct key name.
pub fn to_cel(v: &Json, keys: &mut HashMap<String, Arc<String>>) -> cel::Value {
    match v {
        Json::Null => cel::Value::Null,
        Json::Bool(b) => cel::Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => n
                .as_u64()
                .map(cel::Value::UInt)
                .unwrap_or_else(|| cel::Value::Float(n.as_f64().unwrap_or(0.0))),
        },
        Json::String(s) => cel::Value::String(Arc::new(s.clone())),
        Json::Array(a) => cel::Value::List(Arc::new(a.iter().map(|x| to_cel(x, keys)).collect())),
        Json::Object(m) => {
            let mut map = HashMap::with_capacity(m.len());
            for (k, x) in m {
                let key = match keys.get(k) {
                    Some(k) => k.clone(),
                    None => {
                        let a = Arc::new(k.clone());
                        keys.insert(k.clone(), a.clone());
                        a
                    }
                };
                map.insert(Key::String(key), to_cel(x, keys));
            }
            cel::Value::Map(Map { map: Arc::new(map) })
        }
    }
}

/// A CEL value as text in a message: strings bare, lists joined, nothing as "(none)".
pub fn display(v: &cel::Value) -> String {
    match v {
        cel::Value::String(s) => s.to_string(),
        cel::Value::Int(i) => i.to_string(),
        cel::Value::UInt(u) => u.to_string(),
        cel::Value::Float(f) => f.to_string(),
        cel::Value::Bool(b) => b.to_string(),
        cel::Value::Null => "(none)".to_owned(),
        cel::Value::List(l) => l.iter().map(display).collect::<Vec<_>>().join(", "),
        cel::Value::Map(m) => {
            let mut parts: Vec<String> = m
                .map
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        Key::String(s) => s.to_string(),
                        Key::Int(i) => i.to_string(),
                        Key::Uint(u) => u.to_string(),
                        Key::Bool(b) => b.to_string(),
                    };
                    format!("{k}: {}", display(v))
                })
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(", "))
        }
        other => format!("{other:?}"),
    }
}
