//! `grclint rules` and `grclint explain`: the registry of codes, for people and scripts.

use crate::config::{RuleSetting, Settings};
pub use crate::evaluate::registry::Entry;
use crate::evaluate::registry::Registry;
use crate::evaluate::rules::Rule;
use crate::i18n::{Lang, lang, pad, t, width};
use crate::tr;
use serde_json::{Value, json};
use std::fmt::Write;

/// Every code as the catalog lists it, sorted by code.
pub fn entries(rules: &[Rule]) -> Vec<Entry<'_>> {
    Registry::new(rules).entries()
}

/// References in one line: `IPA: …; ISO 27001: A.5.9, A.5.10`.
pub fn references_line(v: &Value) -> String {
    let Value::Object(m) = v else {
        return String::new();
    };
    m.iter()
        .map(|(k, v)| {
            let label = match k.as_str() {
                "ipa" => "IPA",
                "iso27001" => "ISO/IEC 27001",
                "appi" => t("APPI", "個人情報保護法"),
                "guideline" => t("IPA guideline", "IPA ガイドライン"),
                other => other,
            };
            let text = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().unwrap_or_default().to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{label}: {text}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How `grclint rules` lists the registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    #[default]
    Table,
    Md,
    Json,
}

pub fn render(rules: &[Rule], format: CatalogFormat) -> String {
    let entries = entries(rules);
    match format {
        CatalogFormat::Json => {
            let list: Vec<Value> = entries
                .iter()
                .map(|e| {
                    json!({
                        "code": e.code, "name": e.name, "kind": e.kind, "severity": e.severity,
                        "summary": e.summary, "references": e.references,
                        "params": e.params.cloned().map(Value::Object).unwrap_or(Value::Null),
                        "source": e.origin,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("serialises") + "\n"
        }
        CatalogFormat::Md => {
            let mut s = String::from(t(
                "| code | name | kind | severity | summary | references |\n|---|---|---|---|---|---|\n",
                "| コード | 名前 | 種別 | 重大度 | 概要 | 出典 |\n|---|---|---|---|---|---|\n",
            ));
            for e in &entries {
                let cell = |t: &str| t.replace('|', "\\|");
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} |",
                    e.code,
                    e.name,
                    e.kind,
                    severity_word(e.severity),
                    cell(e.summary),
                    cell(&references_line(&e.references))
                );
            }
            s
        }
        CatalogFormat::Table => table(&entries),
    }
}

/// The severity as a person reads it (the JSON keeps `error`, `warning`, `info`).
pub fn severity_word(s: crate::codes::Severity) -> &'static str {
    use crate::codes::Severity::*;
    match s {
        Error => t("error", "エラー"),
        Warning => t("warning", "警告"),
        Info => t("info", "情報"),
    }
}

/// Columns padded by display width: a Japanese heading or summary takes two per character.
fn table(entries: &[Entry<'_>]) -> String {
    let heads = match lang() {
        Lang::En => ["code", "name", "kind", "severity", "summary"],
        Lang::Ja => ["コード", "名前", "種別", "重大度", "概要"],
    };
    let col = |i: usize, f: &dyn Fn(&Entry) -> usize| {
        entries
            .iter()
            .map(f)
            .max()
            .unwrap_or(0)
            .max(width(heads[i]))
    };
    let w = [
        col(0, &|e| width(e.code)).max(8),
        col(1, &|e| width(e.name)),
        col(2, &|e| width(&e.kind)),
        col(3, &|e| width(severity_word(e.severity))).max(8),
    ];
    let row = |cells: [&str; 5]| {
        let mut line: Vec<String> = (0..4).map(|i| pad(cells[i], w[i])).collect();
        line.push(cells[4].to_owned());
        line.join(" ").trim_end().to_owned() + "\n"
    };
    let mut s = row(heads);
    for e in entries {
        s.push_str(&row([
            e.code,
            e.name,
            &e.kind,
            severity_word(e.severity),
            e.summary,
        ]));
    }
    s
}

/// A rule's page: summary, docs rendered for a terminal, params, references, source.
pub fn explain(rules: &[Rule], settings: &Settings, code: &str) -> Option<String> {
    let e = Registry::new(rules).find(code)?;
    let mut s = String::new();
    let title = tr!(
        "{} {} ({}, {})",
        "{} {}（{}、{}）",
        e.code,
        e.name,
        severity_word(e.severity),
        e.kind
    );
    let _ = writeln!(s, "{title}\n{}\n", "═".repeat(width(&title)));
    let _ = writeln!(s, "{}\n", e.summary);
    s.push_str(&markdown_for_terminal(e.docs));
    if let Some(params) = e.params.filter(|p| !p.is_empty()) {
        let overrides = match settings.rule_setting(e.code) {
            Some(RuleSetting::Tune { params, .. }) => params.as_ref(),
            _ => None,
        };
        let _ = writeln!(s, "{}", heading(t("Params", "パラメーター")));
        for (k, v) in params {
            let shown = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            match overrides.and_then(|o| o.get(k)) {
                Some(o) => {
                    let o = o
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| o.to_string());
                    let note = tr!(
                        "(your config; default {shown})",
                        "（設定ファイルの値。既定は {shown}）"
                    );
                    let _ = writeln!(s, "  {k} = {o}   {note}");
                }
                None => {
                    let note = t("(default)", "（既定）");
                    let _ = writeln!(s, "  {k} = {shown}   {note}");
                }
            }
        }
    }
    match settings.rule_setting(e.code) {
        Some(RuleSetting::Off(_)) => {
            let _ = writeln!(
                s,
                "\n{}",
                t(
                    "Your config turns this rule off.",
                    "設定ファイルでこのルールは無効になっています。"
                )
            );
        }
        Some(RuleSetting::Tune {
            severity: Some(sev),
            ..
        }) => {
            let sev = severity_word(*sev);
            let _ = writeln!(
                s,
                "\n{}",
                tr!(
                    "Your config reports it as {sev}.",
                    "設定ファイルで重大度を{sev}にしています。"
                )
            );
        }
        _ => {}
    }
    let refs = references_line(&e.references);
    if !refs.is_empty() {
        let _ = writeln!(s, "{}", heading(t("References", "出典")));
        for part in refs.split("; ") {
            let _ = writeln!(s, "  {part}");
        }
    }
    if e.kind != "(engine)" || ["SCH", "REF", "KND"].iter().any(|p| e.code.starts_with(p)) {
        s.push_str(&how_to_silence(e.code));
    }
    let _ = writeln!(s, "\n{} {}", t("Source:", "定義元:"), e.origin);
    Some(s)
}

/// A heading of `explain`, underlined to its display width.
fn heading(h: &str) -> String {
    format!("\n{h}\n{}", "─".repeat(width(h)))
}

/// The three ways to silence a finding, from the narrowest.
fn how_to_silence(code: &str) -> String {
    if lang() == Lang::Ja {
        return format!(
            "{}\n\
             できればレコードを直してください。指摘が当てはまらない場合は、次の方法があります。\n\
             \x20 一つのレコードだけ: 指摘の行かレコードの先頭行にコメントを書きます。\n\
             \x20   # grclint: ignore[{code}] ここで当てはまらない理由\n\
             \x20 期限付きで承認者とともに: waivers/ に例外承認のレコードを置き、`rule: {code}`、\n\
             \x20   `target`（レコードの ID かファイルのグロブ）、`reason`、`approved_by`、`approved_on`、\n\
             \x20   `expires` を書きます。期限が近づくと grclint が知らせます。\n\
             \x20 すべての場所で: .grclint.yaml に `rule_settings: {{{code}: off}}` と書きます。\n",
            heading("抑止の方法")
        );
    }
    format!(
        "\nHow to silence it\n─────────────────\n\
         Fix the record if you can. If the finding does not apply:\n\
         \x20 one record: a comment on the line of the finding or on the record's first line,\n\
         \x20   # grclint: ignore[{code}] why it does not apply here\n\
         \x20 for a while, with an approver: a waiver record under waivers/ with `rule: {code}`,\n\
         \x20   `target` (the record's id or a file glob), `reason`, `approved_by`, `approved_on`\n\
         \x20   and `expires`; grclint reminds you before it expires\n\
         \x20 everywhere: in .grclint.yaml, `rule_settings: {{{code}: off}}`\n"
    )
}

/// Headings underlined, code blocks indented, the rest as written.
fn markdown_for_terminal(md: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let _ = writeln!(out, "    │ {line}");
        } else if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("# "))
            .or_else(|| line.strip_prefix("### "))
        {
            let _ = writeln!(out, "{h}\n{}", "─".repeat(width(h)));
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
