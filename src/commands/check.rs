//! `grclint check` and `grclint baseline`.

use super::{print_fatal, rule_infos};
use crate::cli::{BaselineArgs, CheckArgs, Color, FailOn};
use crate::diagnostic::Diagnostic;
use crate::discover::exclude::Origin;
use crate::discover::git;
use crate::evaluate::suppress::baseline::{self, Baseline};
use crate::output::{write_atomically, write_atomically_with};
use crate::pipeline::{self, Fatal, Input, Request, Workspace};
use crate::report::{Report, Summary, fingerprint, human::Human};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// A workspace opened for the command line, and the files the report is about.
struct Run {
    ws: Workspace,
    /// Repository-relative paths to report on; None means the whole repository.
    scope: Option<Vec<String>>,
    /// With a scope, in git: the findings of the version the change started from, by
    /// fingerprint (how many of each). A finding outside the scope that is not among them
    /// was introduced by the change, and is reported too.
    before: Option<HashMap<String, usize>>,
}

impl Run {
    fn open(args: &CheckArgs) -> Result<Run, i32> {
        let fail = |f: Fatal| {
            print_fatal(&f);
            2
        };
        let (root, scope) =
            pipeline::root_and_scope(&args.paths, args.changed_since.as_deref()).map_err(fail)?;
        let request = Request {
            config: args.config.clone(),
            today: args.today.clone(),
            input: if args.staged {
                Input::Staged
            } else {
                Input::WorkingTree
            },
            exclude: args.exclude.clone(),
            cache: !args.no_cache,
        };
        let before = scope
            .as_ref()
            .and_then(|_| findings_before(&root, &request, args.changed_since.as_deref()));
        let ws = Workspace::open(root, &request).map_err(fail)?;
        if args.timings {
            for (stage, took) in &ws.laps {
                eprintln!("grclint: {stage}: {:.1} ms", took.as_secs_f64() * 1000.0);
            }
            let n = ws.from_cache;
            let lines = [
                crate::tr!(
                    "grclint: {} files' records taken from the cache",
                    "grclint: キャッシュからレコードを取ったファイル: {} 件",
                    n.records
                ),
                crate::tr!(
                    "grclint: {} files' findings of the rules that read only their own record taken from the cache",
                    "grclint: 自分のレコードだけを読むルールの指摘をキャッシュから取ったファイル: {} 件",
                    n.findings
                ),
                crate::tr!(
                    "grclint: {} rules' findings (rules that read other records) taken from the cache, on the files that did not change",
                    "grclint: キャッシュから指摘を取った、他のレコードを読むルール（変わっていないファイルの分）: {} 件",
                    n.rules
                ),
                crate::tr!(
                    "grclint: {} files' reference checks taken from the cache (all their references resolve)",
                    "grclint: 参照の確認結果（すべて解決）をキャッシュから取ったファイル: {} 件",
                    n.references
                ),
            ];
            for line in lines {
                eprintln!("{line}");
            }
        }
        if args.verbose {
            let passed = ws
                .passed_over()
                .iter()
                .map(|(p, w)| (p.as_str(), w.as_str()));
            let mut skipped: Vec<(&str, &str)> = passed.chain(ws.skipped()).collect();
            skipped.sort();
            for (path, why) in skipped {
                eprintln!(
                    "grclint: {}",
                    crate::tr!("skipped {path}: {why}", "{path} を読み飛ばした: {why}")
                );
            }
        }
        for p in ws.settings().selection.exclude.unmatched() {
            let from = match p.origin {
                Origin::Config => crate::i18n::t("`exclude` in the config", "設定の `exclude`"),
                Origin::Flag => "--exclude",
            };
            let text = &p.text;
            eprintln!(
                "grclint: {}",
                crate::tr!(
                    "warning: the pattern `{text}` ({from}) matches no file or folder; patterns are paths from the repository root, as in a .gitignore: `archive/`, `/docs/**`, `**/templates`",
                    "警告: パターン `{text}`（{from}）に当てはまるファイルもフォルダもない。パターンは .gitignore と同じく、リポジトリの最上位からのパスで書く: `archive/`、`/docs/**`、`**/templates`"
                )
            );
        }
        if ws.record_files() == 0 {
            let root = ws.root().display();
            eprintln!(
                "grclint: {}",
                crate::tr!(
                    "no governance records were found in {root}: none of its YAML files holds records (a file in a record folder such as assets/ or policies/, or one with a grclint `kind:`). To start, run `grclint init` (or `grclint init --config-only` in an existing repository); `--verbose` lists the files that were skipped, and why.",
                    "{root} に管理記録が見つからない。どの YAML ファイルにもレコードがない（assets/ や policies/ などレコードのフォルダにあるファイル、または grclint の `kind:` を持つファイル）。始めるには `grclint init` を実行してください（既存のリポジトリでは `grclint init --config-only`）。`--verbose` を付けると、読み飛ばしたファイルとその理由を表示します。"
                )
            );
        }
        Ok(Run { ws, scope, before })
    }

    fn path_in_scope(&self, path: &str) -> bool {
        match &self.scope {
            None => true,
            Some(scope) => scope.iter().any(|s| crate::discover::is_under(path, s)),
        }
    }

    /// The findings the command reports: selected, and in scope or introduced elsewhere
    /// by the change.
    fn findings(&self, args: &CheckArgs) -> Vec<Diagnostic> {
        let sources = self.ws.sources();
        let mut before = self.before.clone();
        let mut introduced = |d: &Diagnostic| match before.as_mut() {
            Some(known) if d.suppressed.is_none() => {
                match known.get_mut(&fingerprint(d, sources)).filter(|n| **n > 0) {
                    Some(n) => {
                        *n -= 1;
                        false
                    }
                    None => true,
                }
            }
            _ => false,
        };
        self.ws
            .findings()
            .iter()
            .filter(|d| {
                (args.select.is_empty() || matches_code(&d.code, &args.select))
                    && !matches_code(&d.code, &args.ignore)
                    && (match d.primary {
                        Some(span) => self.path_in_scope(&sources.get(span.file).path),
                        None => self.scope.is_none(),
                    } || introduced(d))
            })
            .cloned()
            .collect()
    }
}

/// The findings of the version a change started from — `HEAD`, or with `--changed-since`
/// the merge base — by fingerprint; None outside git (nothing to compare with).
fn findings_before(
    root: &Path,
    request: &Request,
    changed_since: Option<&str>,
) -> Option<HashMap<String, usize>> {
    git::top_level(root).ok()?;
    let rev = match changed_since {
        Some(rev) => git::merge_base(root, rev).ok()?,
        None => "HEAD".to_owned(),
    };
    let base = Request {
        input: Input::Revision(rev.clone()),
        ..request.clone()
    };
    let ws = match Workspace::open(root.to_path_buf(), &base) {
        Ok(ws) => ws,
        Err(f) => {
            let why = f.diagnostics.first().map(|d| d.message.clone());
            eprintln!(
                "grclint: {}: {}",
                crate::tr!(
                    "cannot check {rev} to tell what this change introduces elsewhere",
                    "{rev} を点検できないため、この変更が他の場所にもたらす指摘を判断できない"
                ),
                why.unwrap_or_default()
            );
            return None;
        }
    };
    let mut known = HashMap::new();
    for d in ws.findings().iter().filter(|d| d.suppressed.is_none()) {
        *known.entry(fingerprint(d, ws.sources())).or_insert(0) += 1;
    }
    std::mem::forget(ws);
    Some(known)
}

fn matches_code(code: &str, patterns: &[String]) -> bool {
    patterns
        .iter()
        .any(|p| !p.trim().is_empty() && code.starts_with(p.trim()))
}

pub fn check(args: &CheckArgs) -> i32 {
    let run = match Run::open(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut diags = run.findings(args);
    let ws = &run.ws;
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        match Baseline::read(path, ws.settings().limits.max_file_size) {
            Ok(known) => baselined = known.apply(&mut diags, ws.sources()),
            Err(e) => {
                print_fatal(&Fatal::usage(format!("--baseline {}: {e}", path.display())));
                return 2;
            }
        }
    }

    let fail_on = args
        .fail_on
        .or_else(|| ws.settings().fail_on.as_deref().and_then(FailOn::parse))
        .unwrap_or(FailOn::Error);
    let failing = fail_on.threshold().is_some_and(|t| {
        diags
            .iter()
            .any(|d| d.suppressed.is_none() && d.severity >= t)
    });

    let mut summary = Summary {
        files: ws.record_files(),
        records: ws.records().len(),
        ..Summary::default()
    };
    summary.count(&diags);
    summary.baselined = baselined;
    if run.scope.is_some() {
        let in_scope = ws.record_paths().filter(|p| run.path_in_scope(p)).count();
        summary.reported = Some(in_scope);
    }
    let human = human_options(args);
    let rule_info = rule_infos(ws.rules());
    let checked: Vec<String> = ws
        .record_paths()
        .filter(|p| run.path_in_scope(p))
        .map(str::to_owned)
        .collect();
    let report = Report {
        diagnostics: &diags,
        sources: ws.sources(),
        summary,
        rules: &rule_info,
        checked: &checked,
        options: crate::report::options::Options {
            columns: args.columns,
            repository_file: crate::report::options::repository_file(
                ws.settings().config_file.map(|f| ws.sources().get(f)),
                &checked,
            ),
            junit_file: args.junit_file,
            ..Default::default()
        },
    };
    let reporter = args.format.reporter(human);
    // The report goes only where the user asked: standard output, or --output (whole or
    // not at all).
    let written = match &args.output {
        Some(path) => write_atomically_with(path, |w| reporter.render(&report, w)),
        None => {
            let mut out = std::io::stdout().lock();
            reporter.render(&report, &mut out).and_then(|_| out.flush())
        }
    };
    if let Err(e) = written
        && !crate::output::reader_gone(&e)
    {
        match &args.output {
            Some(path) => eprintln!(
                "grclint: {}: {e}",
                crate::tr!(
                    "cannot write the report to {}",
                    "報告を {} に書き込めない",
                    path.display()
                )
            ),
            None => eprintln!(
                "grclint: {}: {e}",
                crate::i18n::t("cannot write the report", "報告を書き込めない")
            ),
        }
        return 2;
    }
    // The process ends here: freeing a large repository's records one by one is wasted work.
    std::mem::forget(diags);
    std::mem::forget(run);
    if failing { 1 } else { 0 }
}

/// The human report's options, as the command line sets them.
fn human_options(args: &CheckArgs) -> Human {
    Human {
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                args.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        },
        quiet: args.quiet,
        statistics: args.statistics,
        show_suppressed: args.show_suppressed,
    }
}

/// Records today's unsuppressed findings by fingerprint, written atomically.
pub fn baseline(args: &BaselineArgs) -> i32 {
    let check_args = CheckArgs {
        paths: args.paths.clone(),
        config: args.config.clone(),
        today: args.today.clone(),
        exclude: args.exclude.clone(),
        ..CheckArgs::default()
    };
    let run = match Run::open(&check_args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let diags = run.findings(&check_args);
    let (doc, n) = baseline::document(&diags, run.ws.sources());
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| run.ws.root().join(".grclint-baseline.json"));
    let text = serde_json::to_string_pretty(&doc).expect("serialises") + "\n";
    match write_atomically(&target, text.as_bytes()) {
        Ok(()) => {
            let plural = if n == 1 { "" } else { "s" };
            eprintln!(
                "grclint: {}",
                crate::tr!(
                    "recorded {n} finding{plural} in {}",
                    "{n} 件の指摘を {} に記録した",
                    target.display()
                )
            );
            0
        }
        Err(e) => {
            eprintln!(
                "grclint: {}: {e}",
                crate::tr!("cannot write {}", "{} に書き込めない", target.display())
            );
            2
        }
    }
}
