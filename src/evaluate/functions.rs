//! The functions the engine adds to CEL. All pure and deterministic; every cross-record
//! question is an index lookup.

use super::dates;
use super::world::World;
use cel::common::value::{CowVal, Val};
use cel::extractors::IntoResolveResult;
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

/// Records handed to a rule, read in place from the world.
struct Lent(Box<dyn Val + 'static>);

impl<'c, 'k> IntoResolveResult<'c, 'k> for Lent {
    fn into_resolve_result(self) -> Result<CowVal<'c, 'k>, ExecutionError> {
        Ok(CowVal::Owned(self.0))
    }
}

/// The world as the functions below lend it to CEL.
///
/// SAFETY: the `'static` is never observed. Each function holds an `Arc<World>` for as
/// long as the context it is registered in lives, and a value it returns is bounded by the
/// evaluation it was made in: `Value::resolve_val` ties its result to the borrow of the
/// context, and the engine (the only caller, `pub(crate)`) keeps no CEL value beyond an
/// evaluation: only the text it renders leaves. The world's records are never mutated.
fn lend(w: &World) -> &'static World {
    unsafe { &*(w as *const World) }
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
    let w = world.clone();
    let _ = ctx.add_function("record_of", move |kind: Arc<String>, id: Value| -> Lent {
        let w = lend(&w);
        Lent(match &id {
            Value::String(id) => w
                .index
                .lookup(&kind, id)
                .map(|i| w.value(i))
                .unwrap_or_else(|| Box::new(cel::common::types::CelNull)),
            _ => Box::new(cel::common::types::CelNull),
        })
    });
    let w = world.clone();
    let _ = ctx.add_function("has_record", move |kind: Arc<String>, id: Value| -> bool {
        matches!(&id, Value::String(id) if w.index.lookup(&kind, id).is_some())
    });
    let w = world.clone();
    let _ = ctx.add_function("count", move |kind: Arc<String>| -> i64 {
        w.index.count(&kind) as i64
    });
    let w = world.clone();
    let _ = ctx.add_function("records", move |kind: Arc<String>| -> Lent {
        Lent(lend(&w).list(&kind))
    });
    let w = world.clone();
    let _ = ctx.add_function(
        "referenced_by",
        move |ftx: &FunctionContext, kind: Arc<String>| -> Lent {
            let w = lend(&w);
            let list: Vec<Box<dyn Val>> = referrers(w, ftx, &kind).map(|i| w.value(i)).collect();
            Lent(Box::new(cel::common::types::CelList::from(list)))
        },
    );
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
            Some(w.index.referrers(&r.kind, r.id.as_deref()?))
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
fn exists_inside(root: &Path, p: &Path) -> bool {
    if std::fs::symlink_metadata(p).is_err() {
        return false;
    }
    match (p.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    }
}
