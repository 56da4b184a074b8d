//! What rules can see: the records, their indexes and CEL values, the date, the root.
//! Built once after validation; shared by every evaluation.

use crate::index::Index;
use crate::load::Record;
use cel::objects::{Key, Map};
use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub struct World {
    pub today: Date,
    pub today_str: Arc<String>,
    pub root: PathBuf,
    pub records: Vec<Record>,
    pub index: Index,
    /// Each record as a CEL value, converted once.
    pub values: Vec<cel::Value>,
    /// Repository-relative path of each source file, by file id.
    pub paths: Vec<String>,
    /// Per record: it passed its schema (rules that fail on broken records stay silent).
    pub schema_ok: Vec<bool>,
    /// kind → all its records as one CEL list, for `records(kind)`.
    pub lists: HashMap<String, cel::Value>,
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
        let values: Vec<cel::Value> = records
            .par_iter()
            .map_init(HashMap::new, |keys, r| to_cel(&r.value, keys))
            .collect();
        let lists = index
            .by_kind
            .iter()
            .map(|(k, ids)| {
                (
                    k.clone(),
                    cel::Value::List(Arc::new(ids.iter().map(|&i| values[i].clone()).collect())),
                )
            })
            .collect();
        World {
            today_str: Arc::new(today.to_string()),
            today,
            root,
            records,
            index,
            values,
            paths,
            schema_ok,
            lists,
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
