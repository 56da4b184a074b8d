//! Records as CEL sees them, read in place from the loaded JSON.
//!
//! A mapping is a [`JsonMap`]: a pointer to the loaded map, whose fields become CEL values
//! only when a rule reads them, so a rule that looks at two fields of a forty-field record
//! converts two. Scalars become CEL's own types borrowing their text; lists become CEL lists
//! of the same (they are short, and CEL's list operations then all apply).

use crate::load::lazy::LazyValue;
use cel::ExecutionError;
use cel::common::traits::{Container, Indexer, Iterable, Iterator as CelIterator, Sizer, Zeroer};
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelNull, CelString, CelUInt, Kind, MAP_TYPE, Type,
};
use cel::common::value::{CowVal, Val};
use serde_json::{Map, Value as Json};
use std::sync::{Arc, OnceLock};

/// A JSON value as a CEL value, borrowing its text and its maps.
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
        Json::Object(m) => Box::new(JsonMap::new(m)),
    }
}

/// A record as a CEL value. A record not yet decoded from the cache is decoded when a
/// rule first reads it (records are mappings), not when the list of all records is made.
pub fn record_val(v: &LazyValue) -> Box<dyn Val + '_> {
    match v.is_built() {
        true => to_val(v),
        false => Box::new(JsonMap {
            src: Src::Record(v),
            keys: OnceLock::new(),
        }),
    }
}

/// A JSON mapping seen as a CEL `map(string, dyn)`; fields are converted when read.
#[derive(Debug)]
pub struct JsonMap<'a> {
    src: Src<'a>,
    /// The keys as CEL strings, made only when a rule iterates over the map.
    keys: OnceLock<Vec<CelString<'a>>>,
}

/// Where a map's fields are: in a loaded map, or in a record still to be decoded.
#[derive(Debug, Clone, Copy)]
enum Src<'a> {
    Map(&'a Map<String, Json>),
    Record(&'a LazyValue),
}

/// What a record that is not a mapping reads as (none is: the loader reports it).
static NO_FIELDS: std::sync::LazyLock<Map<String, Json>> = std::sync::LazyLock::new(Map::new);

impl<'a> JsonMap<'a> {
    pub fn new(map: &'a Map<String, Json>) -> Self {
        JsonMap {
            src: Src::Map(map),
            keys: OnceLock::new(),
        }
    }

    fn map(&self) -> &'a Map<String, Json> {
        match self.src {
            Src::Map(m) => m,
            Src::Record(v) => {
                let v: &'a Json = v;
                v.as_object().unwrap_or(&NO_FIELDS)
            }
        }
    }

    fn field(&self, key: &dyn Val) -> Result<Option<&'a Json>, ExecutionError> {
        match key.downcast_ref::<CelString>() {
            Some(k) => Ok(crate::load::field(self.map(), k.inner())),
            None => Err(ExecutionError::UnexpectedType {
                got: key.get_type().name().to_owned(),
                want: "map key".to_owned(),
            }),
        }
    }
}

fn no_such_key(key: &dyn Val) -> ExecutionError {
    let name = key
        .downcast_ref::<CelString>()
        .map(|s| s.inner().to_owned())
        .unwrap_or_default();
    ExecutionError::NoSuchKey(Arc::new(name))
}

impl Val for JsonMap<'_> {
    fn get_type(&self) -> &Type {
        &MAP_TYPE
    }

    fn cel_type() -> &'static Type {
        &MAP_TYPE
    }

    fn as_container(&self) -> Option<&dyn Container> {
        Some(self)
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(self)
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        if other.get_type().kind() != Kind::Map
            || other.as_sizer().map(|s| *s.size().inner()) != Some(self.map().len() as i64)
        {
            return false;
        }
        let Some(theirs) = other.as_indexer() else {
            return false;
        };
        self.map().iter().all(|(k, v)| {
            theirs
                .get(&CelString::from(k.as_str()))
                .is_ok_and(|o| to_val(v).equals(o.as_ref()))
        })
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(JsonMap {
            src: self.src,
            keys: OnceLock::new(),
        })
    }
}

impl Container for JsonMap<'_> {
    fn contains(&self, key: &dyn Val) -> Result<bool, ExecutionError> {
        Ok(self.field(key)?.is_some())
    }
}

impl<'a> Indexer for JsonMap<'a> {
    fn get<'b, 'w>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match self.field(key)? {
            Some(v) => Ok(CowVal::Owned(to_val(v))),
            None => Err(no_such_key(key)),
        }
    }

    fn steal<'w>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match self.field(key)? {
            Some(v) => Ok(to_val(v)),
            None => Err(no_such_key(key)),
        }
    }
}

impl<'a> Iterable for JsonMap<'a> {
    fn iter<'b, 'w>(&'b self) -> Box<dyn CelIterator<'b, 'w> + 'b>
    where
        Self: 'w,
    {
        let keys = self.keys.get_or_init(|| {
            self.map()
                .keys()
                .map(|k| CelString::from(k.as_str()))
                .collect()
        });
        Box::new(Keys(keys.iter()))
    }
}

struct Keys<'b, 'a>(std::slice::Iter<'b, CelString<'a>>);

impl<'b, 'a: 'w, 'w> CelIterator<'b, 'w> for Keys<'b, 'a> {
    fn next(&mut self) -> Option<&'b (dyn Val + 'w)> {
        self.0.next().map(|k| k as &(dyn Val + 'w))
    }
}

impl Sizer for JsonMap<'_> {
    fn size(&self) -> CelInt {
        CelInt::from(self.map().len() as i64)
    }
}

impl Zeroer for JsonMap<'_> {
    fn is_zero_value(&self) -> bool {
        self.map().is_empty()
    }
}

/// Most items of a list a message shows.
const LIST_MAX: usize = 20;

/// Most characters of one string a message shows (a rule's own text included).
const STRING_MAX: usize = 300;

/// A CEL value as text in a message: strings bare (a long one by its start), lists joined
/// (a long one by its first items), maps as `{k: v}` sorted by key, nothing as "(none)".
pub fn display(v: &dyn Val) -> String {
    match v.get_type().kind() {
        Kind::List => {
            let mut parts = Vec::new();
            // A long list is shown by its first items and its length.
            let mut more = 0;
            if let Some(items) = v.as_iterable() {
                let mut it = items.iter();
                while let Some(x) = it.next() {
                    if parts.len() < LIST_MAX {
                        parts.push(display(x));
                    } else {
                        more += 1;
                    }
                }
            }
            if more > 0 {
                parts.push(crate::tr!("… and {more} more", "…ほか {more} 件"));
            }
            parts.join(", ")
        }
        Kind::Map => {
            let mut parts = Vec::new();
            if let (Some(keys), Some(ix)) = (v.as_iterable(), v.as_indexer()) {
                let mut it = keys.iter();
                while let Some(k) = it.next() {
                    let value = ix.get(k).map(|x| display(x.as_ref())).unwrap_or_default();
                    parts.push(format!("{}: {value}", display(k)));
                }
            }
            parts.sort();
            format!("{{{}}}", parts.join(", "))
        }
        Kind::NullType => "(none)".to_owned(),
        _ => match cel::Value::try_from(v) {
            Ok(cel::Value::String(s)) => crate::diagnostic::shorten(&s, STRING_MAX).into_owned(),
            Ok(cel::Value::Int(i)) => i.to_string(),
            Ok(cel::Value::UInt(u)) => u.to_string(),
            Ok(cel::Value::Float(f)) => f.to_string(),
            Ok(cel::Value::Bool(b)) => b.to_string(),
            Ok(other) => format!("{other:?}"),
            Err(_) => format!("{v:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(expr: &str, record: &Json) -> String {
        let program = cel::Program::compile(expr).unwrap();
        let mut ctx = cel::Context::default();
        ctx.add_variable_as_val("record", to_val(record));
        let v = cel::Value::resolve_val(program.expression(), &ctx).unwrap();
        display(v.as_ref())
    }

    #[test]
    fn maps_read_in_place_behave_like_cel_maps() {
        let r = json!({"id": "A-1", "owner": {"dept": "総務", "name": "Sato"},
                       "scope": ["all", "sales"], "n": 3, "none": null});
        assert_eq!(eval("record.owner.dept", &r), "総務");
        assert_eq!(eval("has(record.owner.name)", &r), "true");
        assert_eq!(eval("has(record.owner.email)", &r), "false");
        assert_eq!(eval("has(record.none)", &r), "true");
        assert_eq!(eval("'scope' in record", &r), "true");
        assert_eq!(eval("size(record)", &r), "5");
        assert_eq!(eval("record.scope.exists(s, s == 'sales')", &r), "true");
        assert_eq!(eval("record.owner", &r), "{dept: 総務, name: Sato}");
        assert_eq!(eval("record.scope + ['x']", &r), "all, sales, x");
        assert_eq!(eval("record.filter(k, k.startsWith('o'))", &r), "owner");
        assert_eq!(
            eval("record.owner == {'dept': '総務', 'name': 'Sato'}", &r),
            "true"
        );
        assert_eq!(eval("record.owner == record.owner", &r), "true");
        assert_eq!(eval("record.owner == {'dept': '総務'}", &r), "false");
        assert_eq!(eval("record['n'] + 1", &r), "4");
        assert_eq!(eval("record.none", &r), "(none)");
        let many = json!({"ids": (0..25).map(|i| format!("A-{i}")).collect::<Vec<_>>()});
        assert!(eval("record.ids", &many).ends_with("A-19, … and 5 more"));
        let program = cel::Program::compile("record.missing").unwrap();
        let mut ctx = cel::Context::default();
        ctx.add_variable_as_val("record", to_val(&r));
        assert!(cel::Value::resolve_val(program.expression(), &ctx).is_err());
    }
}
