//! One evaluation of a rule's expressions: the variables lent to CEL, the outcome of a
//! condition, a rendered template, and the finding for a rule that broke. Shared by the
//! record rules (`engine`) and the repository rules (`repository`).

use super::functions::{RECORDS, SELF};
use super::json_val::display;
use super::rule::{Expr, Part, Rule, Template};
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::load::Record;
use crate::validate::record_ref;
use cel::common::types::CelBool;
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;

pub fn boxed(v: cel::Value) -> Box<dyn Val> {
    v.try_into().expect("JSON values convert to CEL")
}

/// The variables of one evaluation, lent to CEL without copying.
pub struct Vars<'a> {
    pub record: &'a dyn Val,
    pub item: Option<Box<dyn Val + 'a>>,
    pub params: &'a dyn Val,
    pub kind: &'a dyn Val,
    pub file: &'a dyn Val,
    pub missing: Option<Box<dyn Val + 'a>>,
    pub index: &'a dyn Val,
    pub records: &'a dyn Val,
}

impl VariableResolver for Vars<'_> {
    fn resolve<'b>(&'b self, name: &str) -> Option<CowVal<'b, 'b>> {
        let v: &dyn Val = match name {
            "record" => self.record,
            "item" => self.item.as_deref()?,
            "params" => self.params,
            "kind" => self.kind,
            "file" => self.file,
            "missing" => self.missing.as_deref()?,
            SELF => self.index,
            RECORDS => self.records,
            _ => return None,
        };
        Some(CowVal::Borrowed(v))
    }
}

pub enum Outcome {
    Pass,
    Fail,
    Broken(String),
}

pub fn run_bool(expr: &Expr, ctx: &cel::Context) -> Outcome {
    match cel::Value::resolve_val(&expr.tree, ctx) {
        Ok(v) => match v.downcast_ref::<CelBool>().map(|b| *b.inner()) {
            Some(true) => Outcome::Pass,
            Some(false) => Outcome::Fail,
            None => Outcome::Broken(crate::tr!(
                "`{}` gave {} instead of true or false",
                "`{}` の結果が true でも false でもなく {} だった",
                expr.source,
                display(v.as_ref())
            )),
        },
        Err(e) => Outcome::Broken(format!("`{}` failed: {e}", expr.source)),
    }
}

pub fn render(t: &Template, ctx: &cel::Context) -> Result<String, String> {
    let mut s = String::new();
    for p in &t.parts {
        match p {
            Part::Text(x) => {
                let wide = |c: Option<char>| c.is_some_and(|c| crate::i18n::char_width(c) == 2);
                let mut chars = x.chars();
                let joined = t.tight
                    && chars.next() == Some(' ')
                    && wide(chars.next())
                    && wide(s.chars().next_back());
                s.push_str(if joined { &x[1..] } else { x });
            }
            Part::Expr(e) => match cel::Value::resolve_val(&e.tree, ctx) {
                Ok(v) => s.push_str(&display(v.as_ref())),
                Err(err) => {
                    return Err(crate::tr!(
                        "`{{{{ {} }}}}` failed: {err}",
                        "`{{{{ {} }}}}` を評価できない: {err}",
                        e.source
                    ));
                }
            },
        }
    }
    Ok(s.trim().to_owned())
}

pub fn broken(rule: &Rule, r: Option<&Record>, span: Option<Span>, why: &str) -> Diagnostic {
    let whose = match r {
        Some(r) => crate::tr!(
            " on {} `{}`",
            "（{} `{}`）",
            crate::i18n::kind_name(&r.kind),
            r.id.as_deref()
                .unwrap_or(crate::i18n::t("(no id)", "ID なし"))
        ),
        None => String::new(),
    };
    let code = &rule.code;
    let mut d = Diagnostic::error(EngineCode::Rul001, crate::tr!("rule {code} could not be evaluated{whose}: {why}", "ルール {code} を評価できなかった{whose}: {why}"))
        .at_opt(span)
        .help(crate::tr!(
            "This is a bug in the rule file {}: guard optional fields with has(...), and check dates and durations.",
            "ルールファイル {} の不具合です。任意の項目は has(...) で確かめてから使い、日付と期間を確認してください。",
            rule.origin
        ));
    if let Some(r) = r {
        d = d.record(record_ref(r, ""));
    }
    d
}
