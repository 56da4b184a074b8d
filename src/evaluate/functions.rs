//! The functions the engine adds to CEL. All pure and deterministic; every cross-record
//! question is an index lookup.

use super::budget;
use super::dates;
use super::world::World;
use cel::common::types::{CelList, CelNull, CelString};
use cel::common::value::{CowVal, Val};
use cel::{Context, ExecutionError, FunctionContext, Value};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The names rule expressions may call beyond CEL's standard library.
pub const FUNCTIONS: &[&str] = &[
    "today",
    "days_since",
    "days_until",
    "date_add",
    "days",
    "hours",
    "record_of",
    "has_record",
    "count",
    "records",
    "referenced_by",
    "referenced_count",
    "file_exists",
    "path_escapes",
];

/// The hidden variable holding the index of the record being evaluated.
pub const SELF: &str = "__record_index";

type R<T> = Result<T, ExecutionError>;

/// Why a function that hands out records failed when the rule's budget ran out.
const OVER_BUDGET: crate::i18n::Text = crate::i18n::Text::new(
    "the rule went over its budget of record visits",
    "ルールが読めるレコード数の上限を超えた",
);

/// A function as CEL registers it: its result may borrow from the evaluation's variables.
type Function =
    Box<dyn for<'c, 'k> Fn(&mut FunctionContext<'c, 'k>) -> R<CowVal<'c, 'k>> + Send + Sync>;

fn fail(function: &str, message: impl ToString) -> ExecutionError {
    ExecutionError::function_error(function, message)
}

fn date(function: &str, s: &str) -> R<jiff::civil::Date> {
    dates::parse_date(s).map_err(|e| fail(function, e))
}

fn duration(function: &str, s: &str) -> R<Option<jiff::Span>> {
    dates::parse_duration(s).map_err(|e| fail(function, e))
}

fn current(ftx: &FunctionContext) -> Option<usize> {
    let v = ftx.ptx.get_variable(SELF)?;
    match Value::try_from(v.as_ref()).ok()? {
        Value::Int(i) if i >= 0 => Some(i as usize),
        _ => None,
    }
}

/// The hidden variable holding every record as a CEL value, read in place from the world
/// (`World::values`). Functions that hand records to a rule borrow them from it, so that
/// what they return lives exactly as long as the evaluation.
pub const RECORDS: &str = "__records";

/// The records variable of the evaluation a function is called in.
fn lent<'c, 'k>(ftx: &FunctionContext<'c, 'k>) -> R<&'c CelList<'k>> {
    let missing = || {
        fail(
            ftx.name,
            crate::i18n::t(
                "the records are not in this evaluation",
                "この評価にはレコードが渡されていない",
            ),
        )
    };
    match ftx.ptx.get_variable(RECORDS).ok_or_else(missing)? {
        CowVal::Borrowed(v) => v.downcast_ref::<CelList>().ok_or_else(missing),
        CowVal::Owned(_) => Err(missing()),
    }
}

/// The argument at `idx` as text.
fn text_arg(ftx: &FunctionContext, idx: usize) -> R<String> {
    let arg = ftx
        .args
        .get(idx)
        .ok_or_else(|| ExecutionError::invalid_argument_count(idx + 1, ftx.args.len()))?;
    match arg.downcast_ref::<CelString>() {
        Some(s) => Ok(s.inner().to_string()),
        None => Err(ExecutionError::UnexpectedType {
            got: format!("{:?}", arg.as_ref()),
            want: "string".to_owned(),
        }),
    }
}

/// A function that hands records to a rule: `f(world, records, ftx)`.
fn lending<F>(world: &Arc<World>, f: F) -> Function
where
    F: for<'c, 'k> Fn(&World, &'c CelList<'k>, &FunctionContext<'c, 'k>) -> R<CowVal<'c, 'k>>
        + Send
        + Sync
        + 'static,
{
    let w = world.clone();
    Box::new(move |ftx: &mut FunctionContext| f(&w, lent(ftx)?, ftx))
}

/// `record_of(kind, id)`: the record, or null.
fn record_of<'c, 'k>(
    w: &World,
    all: &'c CelList<'k>,
    ftx: &FunctionContext<'c, 'k>,
) -> R<CowVal<'c, 'k>> {
    let kind = text_arg(ftx, 0)?;
    let id = ftx.args.get(1).and_then(|v| v.downcast_ref::<CelString>());
    Ok(match id.and_then(|id| w.index.lookup(&kind, id.inner())) {
        Some(i) => CowVal::Borrowed(all[i].as_ref()),
        None => CowVal::owned(CelNull),
    })
}

/// `records(kind)`: every record of the kind.
fn records<'c, 'k>(
    w: &World,
    all: &'c CelList<'k>,
    ftx: &FunctionContext<'c, 'k>,
) -> R<CowVal<'c, 'k>> {
    let kind = text_arg(ftx, 0)?;
    let ids = w.index.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
    if !budget::spend(ids.len()) {
        return Err(fail(ftx.name, OVER_BUDGET.now()));
    }
    let list: Vec<Box<dyn Val + 'k>> = ids.iter().map(|&i| all[i].clone()).collect();
    Ok(CowVal::owned(CelList::from(list)))
}

/// `referenced_by(kind)`: the records of the kind that name the record being evaluated.
fn referenced_by<'c, 'k>(
    w: &World,
    all: &'c CelList<'k>,
    ftx: &FunctionContext<'c, 'k>,
) -> R<CowVal<'c, 'k>> {
    let kind = text_arg(ftx, 0)?;
    let list: Vec<Box<dyn Val + 'k>> = referrers(w, ftx, &kind).map(|i| all[i].clone()).collect();
    if !budget::spend(list.len()) {
        return Err(fail(ftx.name, OVER_BUDGET.now()));
    }
    Ok(CowVal::owned(CelList::from(list)))
}

/// A root context with the standard library and the engine's functions.
pub(crate) fn root_context(world: Arc<World>) -> Context<'static, 'static> {
    let mut ctx = Context::default();
    let w = world.clone();
    let _ = ctx.add_function("today", move || -> Arc<String> { w.today_str.clone() });
    let w = world.clone();
    let _ = ctx.add_function("days_since", move |d: Arc<String>| -> R<i64> {
        Ok(dates::days_between(date("days_since", &d)?, w.today))
    });
    let w = world.clone();
    let _ = ctx.add_function("days_until", move |d: Arc<String>| -> R<i64> {
        Ok(dates::days_between(w.today, date("days_until", &d)?))
    });
    let _ = ctx.add_function(
        "date_add",
        move |d: Arc<String>, span: Arc<String>| -> R<Arc<String>> {
            let sum = dates::add(date("date_add", &d)?, duration("date_add", &span)?)
                .map_err(|e| fail("date_add", e))?;
            Ok(Arc::new(sum.to_string()))
        },
    );
    let w = world.clone();
    let _ = ctx.add_function("days", move |span: Arc<String>| -> R<i64> {
        dates::days(w.today, duration("days", &span)?).map_err(|e| fail("days", e))
    });
    let w = world.clone();
    let _ = ctx.add_function("hours", move |span: Arc<String>| -> R<i64> {
        dates::hours(w.today, duration("hours", &span)?).map_err(|e| fail("hours", e))
    });
    let _ = ctx.add_function("record_of", lending(&world, record_of));
    let w = world.clone();
    let _ = ctx.add_function("has_record", move |kind: Arc<String>, id: Value| -> bool {
        matches!(&id, Value::String(id) if w.index.lookup(&kind, id).is_some())
    });
    let w = world.clone();
    let _ = ctx.add_function("count", move |kind: Arc<String>| -> i64 {
        w.index.count(&kind) as i64
    });
    let _ = ctx.add_function("records", lending(&world, records));
    let _ = ctx.add_function("referenced_by", lending(&world, referenced_by));
    let w = world.clone();
    let _ = ctx.add_function(
        "referenced_count",
        move |ftx: &FunctionContext, kind: Arc<String>| -> i64 {
            referrers(&w, ftx, &kind).count() as i64
        },
    );
    let w = world.clone();
    let _ = ctx.add_function(
        "file_exists",
        move |ftx: &FunctionContext, path: Arc<String>| -> bool {
            resolve_in_repo(&w.root, record_file(&w, ftx), &path)
                .is_some_and(|p| exists_inside(&w.root, &p))
        },
    );
    let w = world;
    let _ = ctx.add_function(
        "path_escapes",
        move |ftx: &FunctionContext, path: Arc<String>| -> bool {
            path_escapes(&w.root, record_file(&w, ftx), &path)
        },
    );
    ctx
}

/// The records of `kind` that name the record being evaluated.
fn referrers<'a>(
    w: &'a World,
    ftx: &FunctionContext,
    kind: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let from = current(ftx)
        .and_then(|me| {
            let r = &w.records[me];
            Some(w.index.referrers(&w.records, &r.kind, r.id.as_deref()?))
        })
        .unwrap_or_default();
    from.iter()
        .copied()
        .filter(move |&i| w.records[i].kind == kind)
}

/// The repository path of the file of the record being evaluated ("" for the repository).
fn record_file<'w>(w: &'w World, ftx: &FunctionContext) -> &'w str {
    current(ftx)
        .map(|i| w.paths[w.records[i].file.0 as usize].as_str())
        .unwrap_or("")
}

/// Whether a path written in a record leads out of the repository: absolute, climbing above
/// its root, or (through a symlink inside it) resolving outside. Never opens the file.
pub fn path_escapes(root: &Path, record_file: &str, path: &str) -> bool {
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes()[0].is_ascii_alphabetic();
    if Path::new(path).is_absolute() || path.starts_with(['/', '\\']) || drive {
        return true;
    }
    let mut depth = record_file.matches('/').count();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth == 0 => return true,
            Component::ParentDir => depth -= 1,
            _ => return true,
        }
    }
    let (Some(p), Ok(real_root)) = (
        resolve_in_repo(root, record_file, path),
        root.canonicalize(),
    ) else {
        return false;
    };
    if p.as_os_str().len() > 4096 {
        return false; // longer than any path the system resolves
    }
    // The nearest part of the path that exists says where it leads.
    let mut q = p.as_path();
    loop {
        if let Ok(real) = q.canonicalize() {
            return !real.starts_with(&real_root);
        }
        match q.parent() {
            Some(parent) if parent.starts_with(root) && parent != root => q = parent,
            _ => return false,
        }
    }
}

/// A path written in a record, relative to that record's file, as a path inside the
/// repository; None when it is absolute or climbs out of the repository.
pub fn resolve_in_repo(root: &Path, record_file: &str, path: &str) -> Option<PathBuf> {
    if path.is_empty()
        || Path::new(path).is_absolute()
        || path.starts_with('\\')
        || path.contains(':')
    {
        return None;
    }
    let mut parts: Vec<String> = record_file.split('/').map(str::to_owned).collect();
    parts.pop();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    Some(root.join(parts.join("/")))
}

/// Exists, and (through any symlink) stays inside the repository. Never opens the file.
/// For a document path that does not exist from the record's folder but does from the
/// repository's top folder (a common slip): the path to write instead, from the record's
/// folder.
pub fn path_from_record(root: &Path, record_file: &str, path: &str) -> Option<String> {
    let here = resolve_in_repo(root, record_file, path)?;
    if exists_inside(root, &here) || path_escapes(root, "", path) {
        return None;
    }
    let top = resolve_in_repo(root, "", path)?;
    if !exists_inside(root, &top) {
        return None;
    }
    let mut dir: Vec<&str> = record_file.split('/').collect();
    dir.pop();
    let target: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; dir.len() - common];
    out.extend(&target[common..]);
    Some(out.join("/"))
}

fn exists_inside(root: &Path, p: &Path) -> bool {
    if std::fs::symlink_metadata(p).is_err() {
        return false;
    }
    match (p.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    }
}
