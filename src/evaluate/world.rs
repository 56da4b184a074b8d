//! What rules can see: the records, their indexes and CEL values, the date, the root.
//! Built once after validation; shared by every evaluation.

use super::json_val::to_val;
use crate::index::Index;
use crate::load::Record;
use cel::common::types::CelList;
use cel::common::value::Val;
use jiff::civil::Date;
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
    /// Per record: the JSON pointers of its values that failed the schema (rules that read
    /// them are not run on it).
    pub bad: Vec<Box<[String]>>,
    /// `limits.max_rule_visits`: the budget of each rule (see `budget`).
    pub max_rule_visits: u64,
}

impl World {
    pub fn new(
        today: Date,
        root: PathBuf,
        records: Vec<Record>,
        index: Index,
        paths: Vec<String>,
        schema_ok: Vec<bool>,
        bad: Vec<Box<[String]>>,
    ) -> World {
        World {
            today_str: Arc::new(today.to_string()),
            today,
            root,
            records,
            index,
            paths,
            schema_ok,
            bad,
            max_rule_visits: crate::load::Limits::default().max_rule_visits,
        }
    }

    /// The kinds with a record whose values failed the schema: a rule that reads records
    /// of one of them may break on such a value, and says nothing then.
    pub fn bad_kinds(&self) -> std::collections::HashSet<&str> {
        self.records
            .iter()
            .zip(&self.bad)
            .filter(|(_, b)| !b.is_empty())
            .map(|(r, _)| r.kind.as_str())
            .collect()
    }

    /// A record as a CEL value, read in place: nothing is copied.
    pub fn value(&self, i: usize) -> Box<dyn Val + '_> {
        to_val(&self.records[i].value)
    }

    /// Every record as one CEL list, read in place: what the functions that hand records
    /// to a rule borrow from (see `functions::RECORDS`). Made once per evaluation.
    pub fn values(&self) -> CelList<'_> {
        CelList::from(
            self.records
                .iter()
                .map(|r| super::json_val::record_val(&r.value))
                .collect::<Vec<_>>(),
        )
    }
}
