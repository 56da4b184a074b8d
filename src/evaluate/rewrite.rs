//! Rewrites of compiled expressions that mean the same and evaluate faster.
//!
//! The interpreter builds its "no such overload" error for `!x` before it knows whether it
//! needs it: a few allocations on every negation, in nearly every rule's `when`
//! (`!has(record.disposed)`) and in every step of `all` and `exists`. `x ? false : true`
//! gives the same result, and the same failure for anything but a bool, without them.

use cel::IdedExpr;
use cel::common::ast::operators::{CONDITIONAL, LOGICAL_NOT};
use cel::common::ast::{CallExpr, EntryExpr, Expr, LiteralValue};
use cel::common::types::CelBool;

pub fn rewrite(e: &mut IdedExpr) {
    match &mut e.expr {
        Expr::Call(call) => {
            if let Some(t) = call.target.as_deref_mut() {
                rewrite(t);
            }
            for a in &mut call.args {
                rewrite(a);
            }
            if call.func_name == LOGICAL_NOT && call.target.is_none() && call.args.len() == 1 {
                let operand = call.args.pop().expect("one argument");
                let literal = |b: bool| IdedExpr {
                    id: e.id,
                    expr: Expr::Literal(LiteralValue::Boolean(CelBool::from(b))),
                };
                e.expr = Expr::Call(CallExpr {
                    func_name: CONDITIONAL.to_owned(),
                    target: None,
                    args: vec![operand, literal(false), literal(true)],
                });
            }
        }
        Expr::Comprehension(c) => {
            for part in [
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ] {
                rewrite(part);
            }
        }
        Expr::List(l) => l.elements.iter_mut().for_each(rewrite),
        Expr::Map(m) => {
            for entry in &mut m.entries {
                if let EntryExpr::MapEntry(me) = &mut entry.expr {
                    rewrite(&mut me.key);
                    rewrite(&mut me.value);
                }
            }
        }
        Expr::Select(s) => rewrite(&mut s.operand),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<cel::Value, String> {
        let program = cel::Program::compile(src).unwrap();
        let mut e = program.expression().clone();
        rewrite(&mut e);
        let mut ctx = cel::Context::default();
        ctx.add_variable("n", 1).unwrap();
        ctx.add_variable("xs", vec![1, 2, 3]).unwrap();
        assert!(!has_negation(&e), "{src}: a negation is left");
        let plain = cel::Value::resolve(program.expression(), &ctx);
        let fast = cel::Value::resolve(&e, &ctx);
        assert_eq!(plain.is_ok(), fast.is_ok(), "{src}");
        if let (Ok(p), Ok(f)) = (&plain, &fast) {
            assert_eq!(p, f, "{src}");
        }
        fast.map_err(|e| e.to_string())
    }

    /// Whether `!` is called anywhere in the tree (its text shows every call by name).
    fn has_negation(e: &IdedExpr) -> bool {
        format!("{e:?}").contains(&format!("{LOGICAL_NOT:?}"))
    }

    #[test]
    fn negation_means_the_same() {
        use cel::Value::Bool;
        // The check below sees a negation where there is one.
        assert!(has_negation(
            cel::Program::compile("!true").unwrap().expression()
        ));
        assert_eq!(eval("!true"), Ok(Bool(false)));
        assert_eq!(eval("!(n == 2)"), Ok(Bool(true)));
        assert_eq!(eval("!!(n == 1)"), Ok(Bool(true)));
        assert_eq!(eval("xs.all(x, !(x > 3))"), Ok(Bool(true)));
        assert_eq!(eval("xs.exists(x, !(x < 3))"), Ok(Bool(true)));
        assert_eq!(eval("[!false, !true] == [true, false]"), Ok(Bool(true)));
        assert_eq!(eval("{'a': !false}.a"), Ok(Bool(true)));
        assert_eq!(eval("!(n > 0) || n == 1"), Ok(Bool(true)));
        // Not a bool: still an error.
        assert!(eval("!n").is_err());
        assert!(eval("!undefined_name").is_err());
    }
}
