//! Compiling a rule's CEL and checking that it names only what the environment has:
//! its variables, the `params` it declares, CEL's standard functions and the engine's.

use super::functions::FUNCTIONS;
use crate::base::closest;
use crate::diagnostic::Span;
use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use serde_json::{Map, Value};
use std::sync::OnceLock;

pub struct Env<'a> {
    pub vars: &'a [&'a str],
    pub params: &'a Map<String, Value>,
}

pub struct Problem {
    pub message: String,
    pub help: Option<String>,
    /// Character range of the problem in the expression.
    pub offset: Option<(usize, usize)>,
}

/// The most operators, brackets and selections one expression may hold: the parser and the
/// checks recurse once per level, and rules come from the repository.
const MAX_OPERATORS: usize = 400;

pub fn compile(src: &str, env: &Env<'_>) -> Result<cel::Program, Problem> {
    let operators = src
        .chars()
        .filter(|c| "+-*/%<>=!&|?.([{,".contains(*c))
        .count();
    if operators > MAX_OPERATORS {
        return Err(Problem {
            message: crate::tr!(
"is too complex ({operators} operators; at most {MAX_OPERATORS})",
"が複雑すぎる（演算子 {operators} 個、上限 {MAX_OPERATORS} 個）"),
            help: Some(
                crate::i18n::t("Split the condition over `when`, `require` and `assert`, or into several rules.", "条件を `when`、`require`、`assert` に分けるか、複数のルールに分けてください。")
                    .to_owned(),
            ),
            offset: None,
        });
    }
    let program = cel::Program::compile(src).map_err(|e| {
        let first = e.errors.first();
        let offset = first.map(|p| {
            let o = char_offset(src, p.pos.0, p.pos.1);
            (o, o + 1)
        });
        let raw = first
            .map(|p| p.msg.clone())
            .unwrap_or_else(|| e.to_string());
        let msg = match raw.split_once(" expecting") {
            Some((head, _)) if head.contains("'<EOF>'") => crate::i18n::t(
                "the expression ends where more was expected",
                "式が途中で終わっている",
            )
            .to_owned(),
            Some((head, _)) => head
                .trim_start_matches("Syntax error: ")
                .replace("mismatched input", "unexpected"),
            None => raw.trim_start_matches("Syntax error: ").to_owned(),
        };
        Problem {
            message: crate::tr!(
                "is not a valid CEL expression: {msg}",
                "は正しい CEL の式ではない: {msg}"
            ),
            help: None,
            offset,
        }
    })?;
    let mut problems = Vec::new();
    walk(program.expression(), env, &mut Vec::new(), &mut problems);
    match problems.into_iter().next() {
        None => Ok(program),
        Some((id, message, help, mark)) => {
            let offset = program.source_info().offset_for(id).map(|(s, e)| {
                let (s, e) = (s as usize, e as usize);
                match mark {
                    Mark::Node => (s, e.max(s)),
                    Mark::Before(n) => (s.saturating_sub(n), s.saturating_sub(1)),
                    Mark::After(n) => (s + 1, s + n),
                }
            });
            Err(Problem {
                message,
                help,
                offset,
            })
        }
    }
}

/// (line 1-based, column 0-based) → character offset.
fn char_offset(src: &str, line: isize, col: isize) -> usize {
    let mut off = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i as isize + 1 == line {
            return off + col.max(0) as usize;
        }
        off += l.chars().count();
    }
    off
}

/// Whether CEL's standard library declares a function of this name.
fn is_standard(name: &str) -> bool {
    static SCRATCH: OnceLock<std::sync::Mutex<cel::Context<'static, 'static>>> = OnceLock::new();
    let ctx = SCRATCH.get_or_init(|| std::sync::Mutex::new(cel::Context::default()));
    let mut ctx = ctx.lock().unwrap_or_else(|p| p.into_inner());
    // Adding a function named like a standard overload is refused: that refusal is the test.
    ctx.add_function(name, |_: i64| 0i64).is_err()
}

/// How to turn a node's position into the characters to underline.
#[derive(Clone, Copy)]
enum Mark {
    /// The node's own range.
    Node,
    /// A call's position is its `(`: underline the name before it.
    Before(usize),
    /// A selection's position is its `.`: underline the field after it.
    After(usize),
}

type Found = (u64, String, Option<String>, Mark);

fn walk(e: &IdedExpr, env: &Env<'_>, bound: &mut Vec<String>, out: &mut Vec<Found>) {
    match &e.expr {
        Expr::Ident(name) => {
            if let Some(f) = unknown_name(e.id, name, env, bound) {
                out.push(f);
            }
        }
        Expr::Call(call) => {
            if let Some(f) = unknown_function(e.id, &call.func_name) {
                out.push(f);
            }
            if let Some(t) = &call.target {
                walk(t, env, bound, out);
            }
            for a in &call.args {
                walk(a, env, bound, out);
            }
        }
        Expr::Select(sel) => {
            if let Expr::Ident(root) = &sel.operand.expr
                && root == "params"
                && !bound.iter().any(|b| b == "params")
                && let Some(f) = undeclared_param(e.id, &sel.field, env)
            {
                out.push(f);
            }
            walk(&sel.operand, env, bound, out);
        }
        Expr::Comprehension(c) => {
            walk(&c.iter_range, env, bound, out);
            walk(&c.accu_init, env, bound, out);
            let n = bound.len();
            bound.push(c.iter_var.clone());
            if let Some(v) = &c.iter_var2 {
                bound.push(v.clone());
            }
            bound.push(c.accu_var.clone());
            walk(&c.loop_cond, env, bound, out);
            walk(&c.loop_step, env, bound, out);
            walk(&c.result, env, bound, out);
            bound.truncate(n);
        }
        Expr::List(l) => l.elements.iter().for_each(|x| walk(x, env, bound, out)),
        Expr::Map(m) => {
            for entry in &m.entries {
                match &entry.expr {
                    EntryExpr::MapEntry(me) => {
                        walk(&me.key, env, bound, out);
                        walk(&me.value, env, bound, out);
                    }
                    EntryExpr::StructField(f) => walk(&f.value, env, bound, out),
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    walk(&f.value, env, bound, out);
                }
            }
        }
        Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// A name that is neither a variable of the environment nor bound by a macro.
fn unknown_name(id: u64, name: &str, env: &Env<'_>, bound: &[String]) -> Option<Found> {
    if name.starts_with('@')
        || name.starts_with("__")
        || bound.iter().any(|b| b == name)
        || env.vars.contains(&name)
    {
        return None;
    }
    let known: Vec<String> = env.vars.iter().map(|s| (*s).to_owned()).collect();
    let help = match closest(name, &known) {
        Some(k) => crate::tr!("did you mean `{k}`?", "`{k}` の誤りではありませんか？"),
        None => crate::tr!(
            "The names a rule can use are: {}.",
            "ルールで使える名前: {}。",
            env.vars.join(", ")
        ),
    };
    Some((
        id,
        crate::tr!(
            "names `{name}`, which is not in the rule environment",
            "が、ルールの環境にない `{name}` を使っている"
        ),
        Some(help),
        Mark::Node,
    ))
}

/// A call of a function that neither CEL nor grclint has (operators are CEL's own).
fn unknown_function(id: u64, f: &str) -> Option<Found> {
    let operator = !f.starts_with(|c: char| c.is_ascii_alphabetic());
    if operator || FUNCTIONS.contains(&f) || is_standard(f) {
        return None;
    }
    let standard = [
        "size",
        "has",
        "exists",
        "all",
        "startsWith",
        "endsWith",
        "contains",
    ];
    let known: Vec<String> = FUNCTIONS
        .iter()
        .chain(&standard)
        .map(|s| (*s).to_owned())
        .collect();
    let help = match closest(f, &known) {
        Some(k) => crate::tr!("did you mean `{k}`?", "`{k}` の誤りではありませんか？"),
        None => crate::tr!(
            "The engine adds: {}; CEL's standard functions are also available.",
            "grclint が加える関数: {}。CEL の標準関数も使えます。",
            FUNCTIONS.join(", ")
        ),
    };
    Some((
        id,
        crate::tr!(
            "calls `{f}`, which is not a function grclint knows",
            "が、grclint の知らない関数 `{f}` を呼んでいる"
        ),
        Some(help),
        Mark::Before(f.chars().count()),
    ))
}

/// `params.x` where the rule declares no param `x`.
fn undeclared_param(id: u64, field: &str, env: &Env<'_>) -> Option<Found> {
    if env.params.contains_key(field) {
        return None;
    }
    let known: Vec<String> = env.params.keys().cloned().collect();
    let help = match closest(field, &known) {
        Some(k) => Some(crate::tr!(
            "did you mean `params.{k}`?",
            "`params.{k}` の誤りではありませんか？"
        )),
        None if known.is_empty() => Some(
            crate::i18n::t(
                "Declare it under `params:` in the rule.",
                "ルールの `params:` で宣言してください。",
            )
            .to_owned(),
        ),
        None => Some(crate::tr!(
            "This rule's params are: {}.",
            "このルールの params: {}。",
            known.join(", ")
        )),
    };
    Some((
        id,
        crate::tr!(
            "uses `params.{field}`, which the rule does not declare",
            "が、ルールで宣言していない `params.{field}` を使っている"
        ),
        help,
        Mark::After(field.chars().count()),
    ))
}

/// Points at a character of an expression written as a YAML scalar (single-line plain or
/// quoted); for other styles, at the scalar's start.
pub fn point_into(scalar: Span, file_text: &str, offset: Option<(usize, usize)>) -> Span {
    let Some((offset, stop)) = offset else {
        return scalar;
    };
    let text = &file_text[scalar.start as usize..scalar.end as usize];
    if text.contains('\n') || text.starts_with(['|', '>']) {
        return scalar;
    }
    let (body, skip) = if text.starts_with(['"', '\'']) {
        (&text[1..], 1)
    } else {
        (text, 0)
    };
    let byte = body
        .char_indices()
        .nth(offset)
        .map(|(b, _)| b)
        .unwrap_or(body.len());
    let start = scalar.start + skip + byte as u32;
    let len: usize = body[byte..]
        .chars()
        .take(stop.saturating_sub(offset) + 1)
        .map(char::len_utf8)
        .sum();
    let len = len as u32;
    Span {
        file: scalar.file,
        start,
        end: start + len,
    }
}
