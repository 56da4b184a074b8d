//! What rules can see: the records, their indexes and CEL values, the date, the root.
//! Built once after validation; shared by every evaluation.

use super::json_val::to_val;
use crate::index::Index;
use crate::load::Record;
use cel::common::types::CelList;
use cel::common::value::Val;
use cel::objects::{Key, Map};
use jiff::civil::Date;
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
    /// Repository-relative path of each source file, by file id.
    pub paths: Vec<String>,
    /// Per record: it passed its schema (rules that fail on broken records stay silent).
    pub schema_ok: Vec<bool>,
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
        World {
            today_str: Arc::new(today.to_string()),
            today,
            root,
            records,
            index,
            paths,
            schema_ok,
        }
    }

    /// A record as a CEL value, read in place: nothing is copied.
    pub fn value(&self, i: usize) -> Box<dyn Val + '_> {
        to_val(&self.records[i].value)
    }

    /// Every record of a kind, as one CEL list of records read in place: a pointer each.
    pub fn list(&self, kind: &str) -> Box<dyn Val + '_> {
        let ids = self
            .index
            .by_kind
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        Box::new(CelList::from(
            ids.iter().map(|&i| self.value(i)).collect::<Vec<_>>(),
        ))
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
