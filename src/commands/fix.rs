//! `grclint fix`: applies the fix engine's fixes, writes the files atomically (or prints a
//! diff and writes nothing), checks again and says what changed and what is left.

use super::print_fatal;
use crate::fix::{self, FixArgs, diff};
use crate::output::write_atomically;
use crate::pipeline::{self, Request, Workspace};
use std::collections::BTreeMap;

/// One applied fix, for the summary.
struct Done {
    path: String,
    line: u32,
    code: String,
    title: String,
}

/// Fixes rounds until nothing more applies (a fix can reveal another): 5 at most.
const ROUNDS: usize = 5;

/// Exit codes: 0 nothing is left to fix or report; 1 findings are left (with `--diff`:
/// there are changes to make); 2 the repository could not be opened or written.
pub fn run(args: &FixArgs) -> i32 {
    let (root, scope) = match pipeline::root_and_scope(&args.paths, None) {
        Ok(v) => v,
        Err(f) => {
            print_fatal(&f);
            return 2;
        }
    };
    let request = Request {
        config: args.config.clone(),
        today: args.today.clone(),
        ..Request::default()
    };
    let mut ws = match Workspace::open(root.clone(), &request) {
        Ok(ws) => ws,
        Err(f) => {
            print_fatal(&f);
            return 2;
        }
    };
    let in_scope = |p: &str| {
        scope
            .as_ref()
            .is_none_or(|s| s.iter().any(|s| crate::discover::is_under(p, s)))
    };
    let (fixed, done) = fix_all(&mut ws, &in_scope, args.unsafe_fixes);
    if args.diff {
        for (p, old, new) in &fixed {
            print!("{}", diff::unified(p, old, new));
        }
        let n = done.len();
        eprintln!("{}", {
            let es = if n == 1 { "" } else { "es" };
            crate::tr!(
                "grclint fix: {n} fix{es} would be applied; nothing was written",
                "grclint fix: {n} 件の修正を適用できる。何も書き込んでいない"
            )
        });
        return i32::from(n > 0);
    }
    for (p, _, new) in &fixed {
        if let Err(e) = write_atomically(&root.join(p), new.as_bytes()) {
            eprintln!(
                "{}",
                crate::tr!(
                    "grclint fix: could not write {p}: {e}",
                    "grclint fix: {p} に書き込めなかった: {e}"
                )
            );
            return 2;
        }
    }
    for d in &done {
        println!("fixed {}:{}: {} {}", d.path, d.line, d.code, d.title);
    }
    // Checked again from disk: what the files now say.
    match Workspace::open(root, &request) {
        Ok(ws) => left(&ws, &in_scope, done.len(), args.unsafe_fixes),
        Err(f) => {
            print_fatal(&f);
            2
        }
    }
}

/// Applies the fixes in memory, round after round; returns each changed file's path, old
/// and new text, and the fixes applied.
fn fix_all(
    ws: &mut Workspace,
    in_scope: &dyn Fn(&str) -> bool,
    unsafe_fixes: bool,
) -> (Vec<(String, String, String)>, Vec<Done>) {
    let mut original: BTreeMap<String, String> = BTreeMap::new();
    let mut done = Vec::new();
    for _ in 0..ROUNDS {
        let paths: Vec<String> = ws
            .record_paths()
            .filter(|p| in_scope(p))
            .map(str::to_owned)
            .collect();
        let mut changed = false;
        for path in paths {
            let fixes: Vec<fix::Fix> = fix::fixes(ws, &path)
                .into_iter()
                .filter(|f| f.safe || unsafe_fixes)
                .collect();
            let Some(text) = fix::text_of(ws, &path).filter(|_| !fixes.is_empty()) else {
                continue;
            };
            let (new, applied) = fix::apply(text, &fixes);
            let file = ws
                .sources()
                .iter()
                .find(|(_, f)| f.path == path)
                .map(|(_, f)| f);
            for f in &applied {
                let start = f.edits.first().map_or(0, |e| e.start);
                done.push(Done {
                    path: path.clone(),
                    line: file.map_or(0, |file| file.line(start)),
                    code: f.code.clone(),
                    title: f.title.clone(),
                });
            }
            if new != text {
                original
                    .entry(path.clone())
                    .or_insert_with(|| text.to_owned());
                ws.set_file(&path, new.into_bytes());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let fixed = original
        .into_iter()
        .filter_map(|(p, old)| {
            let new = fix::text_of(ws, &p)?.to_owned();
            Some((p, old, new))
        })
        .collect();
    (fixed, done)
}

/// Says what is left; 1 when findings are left.
fn left(ws: &Workspace, in_scope: &dyn Fn(&str) -> bool, fixed: usize, unsafe_fixes: bool) -> i32 {
    let shown = |d: &&crate::diagnostic::Diagnostic| {
        d.suppressed.is_none()
            && d.primary
                .is_none_or(|p| in_scope(&ws.sources().get(p.file).path))
    };
    let left: Vec<_> = ws.findings().iter().filter(shown).collect();
    let fixable = left
        .iter()
        .filter_map(|d| fix::fix_for(ws, d))
        .filter(|f| !f.safe && !unsafe_fixes)
        .count();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    println!(
        "{}",
        if crate::i18n::lang() == crate::i18n::Lang::Ja {
            format!(
                "grclint fix: {fixed} 件の修正を適用した。残る指摘は {} 件",
                left.len()
            )
        } else {
            format!(
                "grclint fix: {fixed} fix{} applied; {} finding{} left",
                if fixed == 1 { "" } else { "es" },
                left.len(),
                s(left.len())
            )
        }
    );
    for d in left.iter().take(20) {
        match d.primary {
            Some(p) => {
                let f = ws.sources().get(p.file);
                println!(
                    "left {}:{}: {} {}",
                    f.path,
                    f.line(p.start),
                    d.code,
                    d.message
                );
            }
            None => println!("left: {} {}", d.code, d.message),
        }
    }
    if left.len() > 20 {
        println!("… and {} more", left.len() - 20);
    }
    if fixable > 0 {
        println!(
            "{}",
            crate::tr!(
                "{fixable} of them can be fixed with --unsafe-fixes (they add fields you must fill in)",
                "そのうち {fixable} 件は --unsafe-fixes で修正できる（記入が必要な項目を追加する）"
            )
        );
    }
    if !left.is_empty() {
        println!(
            "{}",
            crate::tr!(
                "Run `grclint check` to see them.",
                "`grclint check` で内容を確認してください。"
            )
        );
    }
    i32::from(!left.is_empty())
}
