//! The command line in Japanese. clap's derive gives the English help from the doc
//! comments in `cli`; for a Japanese run every command's summary, every flag's help,
//! clap's own headings, defaults and possible values, and the usage errors are given here
//! instead. The language is chosen before parsing (`--lang` among the arguments, else the
//! locale): the config cannot be read before the command line is.

use super::Cli;
use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// The command line of this process, parsed; help and usage errors in the language the
/// arguments or the locale ask for. A usage error exits with code 2, as clap's do.
///
/// `--lang` is taken out before clap sees it: it may come before the command
/// (`grclint --lang ja rules`), where clap would take the command for a path to check.
pub fn parse() -> Cli {
    let (args, asked) = take_lang(std::env::args_os().collect());
    let lang = asked.unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()));
    let parsed = command(lang).try_get_matches_from(&args);
    let mut cli = match parsed.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) if lang == Lang::En || !e.use_stderr() => e.exit(),
        Err(e) => {
            eprint!("{}", error(&e));
            std::process::exit(2)
        }
    };
    cli.lang = asked.or(cli.lang);
    cli
}

/// The arguments without a valid `--lang ja`, `--lang=ja` (before any `--`), and the
/// language the last one asked for. An unknown language is left for clap to refuse.
pub fn take_lang(args: Vec<OsString>) -> (Vec<OsString>, Option<Lang>) {
    let mut kept = Vec::with_capacity(args.len());
    let mut lang = None;
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.next() {
        let text = a.to_str().unwrap_or_default();
        if text == "--" {
            kept.push(a);
            kept.extend(it);
            break;
        }
        let value = match text.strip_prefix("--lang=") {
            Some(v) => Lang::parse(v),
            None if text == "--lang" => {
                let next = it.peek().and_then(|v| v.to_str()).and_then(Lang::parse);
                if next.is_some() {
                    it.next();
                }
                next
            }
            None => None,
        };
        match value {
            Some(l) => lang = Some(l),
            None => kept.push(a),
        }
    }
    (kept, lang)
}

/// The whole command tree, its texts in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    if lang == Lang::Ja {
        cmd.build();
        cmd = localise(cmd, "");
    }
    cmd
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

fn localise(mut cmd: Command, name: &str) -> Command {
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("COMMAND");
    if let Some(about) = about(name) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| localise_arg(a, name));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |s| localise(s, &sub));
    }
    cmd
}

/// An argument's help, with clap's `[default: …]` and `[possible values: …]` said in
/// Japanese after it.
fn localise_arg(arg: Arg, command: &str) -> Arg {
    let Some(help) = arg_help(command, arg.get_id().as_str()) else {
        return arg;
    };
    let mut text = help.to_owned();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    let takes_value = arg.get_action().takes_values();
    if takes_value && !values.is_empty() {
        text.push_str(&format!("（使える値: {}）", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() {
        text.push_str(&format!("（既定値: {}）", defaults.join("、")));
    }
    let heading = if arg.is_positional() {
        "引数"
    } else {
        "オプション"
    };
    arg.help(text)
        .long_help(None)
        .hide_possible_values(true)
        .hide_default_value(true)
        .help_heading(heading)
}

/// A command's summary; `""` is grclint itself.
fn about(command: &str) -> Option<&'static str> {
    ABOUT.iter().find(|(c, _)| *c == command).map(|(_, t)| *t)
}

/// A flag's or argument's help: the command's own text, else the one its flags share.
pub fn arg_help(command: &str, id: &str) -> Option<&'static str> {
    let find = |c: &str| ARGS.iter().find(|(k, i, _)| *k == c && *i == id);
    find(command).or_else(|| find("")).map(|(_, _, t)| *t)
}

const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "YAML で管理するガバナンスの記録（ISMS）を、スキーマとルールで検査します",
    ),
    ("check", "リポジトリを検査します（既定のコマンド）"),
    (
        "schema",
        "種別の JSON Schema を、単体で使える形で表示します",
    ),
    (
        "rules",
        "すべてのルールを一覧にします: コード、名前、種別、重大度、概要",
    ),
    (
        "explain",
        "ルールの説明、パラメーター、参照する規格、定義元を表示します",
    ),
    (
        "init",
        "初期設定の .grclint.yaml と、種別ごとのレコードの例を書き出します",
    ),
    (
        "baseline",
        "現在の指摘を記録して、以後の実行では新しい指摘だけを報告します",
    ),
    (
        "import",
        "表計算ファイルの行を台帳ファイルに取り込みます（xlsx、xls、ods、csv）",
    ),
    (
        "export",
        "種別ごとのレコードを、監査人に渡す表計算ファイルに書き出します（xlsx、csv）",
    ),
    (
        "report",
        "監査人向けの報告書を作ります: 適用宣言書、リスクマップ、分野ごとのレーダー、期限の近いもの（HTML または JSON）",
    ),
    (
        "lsp",
        "エディター向けの言語サーバーを標準入出力で動かします",
    ),
    (
        "fix",
        "grclint が直せるものを修正します: キーや種別の綴りの誤り、数値として読まれる ID、別の書き方の日付",
    ),
    (
        "version",
        "バージョンと、ビルド元の git コミットを表示します",
    ),
    (
        "help",
        "このメッセージ、または指定したコマンドのヘルプを表示します",
    ),
];

/// (command, argument id, help). A command of `""` is the text every command with that
/// flag shares unless it has its own.
const ARGS: &[(&str, &str, &str)] = &[
    ("", "help", "ヘルプを表示します"),
    ("", "version", "バージョンを表示します"),
    (
        "",
        "lang",
        "メッセージ、ヘルプ、説明の言語（既定: 設定ファイルの lang、なければロケール）",
    ),
    (
        "",
        "paths",
        "報告するファイルまたはフォルダー（参照を確かめるため、リポジトリ全体を読み込みます）",
    ),
    (
        "baseline",
        "paths",
        "ファイルまたはフォルダー（check と同じ）",
    ),
    (
        "fix",
        "paths",
        "修正するファイルまたはフォルダー（既定: リポジトリ全体）",
    ),
    (
        "",
        "config",
        "設定ファイル（既定: リポジトリ直下の .grclint.yaml）",
    ),
    ("", "format", "出力形式"),
    ("rules", "format", "一覧の形式"),
    ("export", "format", "ファイル形式"),
    (
        "report",
        "format",
        "html（単体で開ける 1 ページ）または json（同じデータをツール向けに）",
    ),
    ("", "output", "報告を標準出力ではなく FILE に書き出します"),
    (
        "report",
        "output",
        "報告書を標準出力ではなく FILE に書き出します",
    ),
    (
        "baseline",
        "output",
        "ベースラインの書き出し先（既定: リポジトリ直下の .grclint-baseline.json）",
    ),
    (
        "import",
        "output",
        "書き出す、または更新する台帳（既定: assets/ledger.yaml、people/ledger.yaml など）",
    ),
    (
        "export",
        "output",
        "書き出し先（既定: 現在のフォルダーの <kind>-ledger.xlsx または .csv）",
    ),
    (
        "",
        "fail_on",
        "終了コードを 1 にする最も低い重大度（既定: error、または設定ファイルの fail_on）",
    ),
    (
        "",
        "select",
        "これらのコード、またはコードの先頭部分だけを対象にします（カンマ区切り: AST001,PER）",
    ),
    (
        "",
        "ignore",
        "これらのコード、またはコードの先頭部分を除外します（カンマ区切り）",
    ),
    (
        "",
        "today",
        "検査の基準日 YYYY-MM-DD（既定: GRCLINT_TODAY、設定ファイルの today、またはシステムの日付）",
    ),
    ("report", "today", "報告の基準日 YYYY-MM-DD（check と同じ）"),
    (
        "",
        "color",
        "human 形式の色付け（auto: 標準出力が端末で、NO_COLOR が設定されていないとき）",
    ),
    ("", "quiet", "集計の行だけを表示します（human 形式）"),
    (
        "",
        "exclude",
        "これらのパスを読みません。書き方は .gitignore と同じです: `dir/`、`/dir/**`、`**/x`（繰り返し指定できます。設定ファイルの exclude に加わります）",
    ),
    (
        "",
        "verbose",
        "読み飛ばしたファイル（隠しフォルダー、他のツールのファイル、レコードではない YAML）と、その理由も表示します",
    ),
    (
        "",
        "timings",
        "段階ごとの所要時間を標準エラー出力に表示します",
    ),
    (
        "",
        "staged",
        "作業ツリーではなく、git のインデックスにステージされた内容を検査します",
    ),
    (
        "",
        "no_cache",
        "変更のないファイルのレコードをキャッシュ（$XDG_CACHE_HOME/grclint、なければ ~/.cache/grclint）から取らず、すべてのファイルを読み直します",
    ),
    (
        "",
        "changed_since",
        "REV とのマージベース以降に変更されたファイルだけを報告します",
    ),
    (
        "",
        "baseline",
        "このベースラインファイルにない指摘だけを報告します",
    ),
    (
        "",
        "statistics",
        "報告の後に、コードごとの件数を表示します（human 形式）",
    ),
    (
        "",
        "show_suppressed",
        "抑止した指摘も、その理由と合わせて表示します（human 形式）",
    ),
    (
        "",
        "columns",
        "列の数え方: 文字数、UTF-16 のコード単位（多くのエディター）、またはバイト数",
    ),
    (
        "",
        "junit_file",
        "JUnit: 各テストケースに file 属性を付けます（GitLab 向け。junit-10.xsd では認められていません）",
    ),
    ("schema", "kind", "スキーマを表示する種別"),
    ("schema", "all", "すべての種別のスキーマ"),
    (
        "schema",
        "out",
        "--all と合わせて: <kind>.schema.json ファイルを DIR に書き出します",
    ),
    (
        "schema",
        "path",
        "設定ファイルとスキーマのフォルダーを使うリポジトリ",
    ),
    (
        "",
        "path",
        "設定ファイルとルールのフォルダーを使うリポジトリ",
    ),
    ("report", "path", "対象のリポジトリ"),
    ("export", "path", "書き出すレコードのあるリポジトリ"),
    ("explain", "code", "ルールのコード（例: AST001）"),
    ("init", "dir", "書き出し先のフォルダー"),
    (
        "init",
        "config_only",
        ".grclint.yaml だけを書き出します（レコードがすでにあるリポジトリ向け）",
    ),
    (
        "",
        "kind",
        "レコードの種別: asset、person、supplier（--mapping があれば、どの種別でも）",
    ),
    (
        "import",
        "file",
        "ブック（.xlsx、.xlsm、.xls、.xlsb、.ods）または .csv ファイル",
    ),
    (
        "import",
        "sheet",
        "読み込むシート（既定: マッピングファイルの指定、なければ最初のシート）",
    ),
    (
        "import",
        "mapping",
        "どの列をどのフィールドに入れるかを決めるマッピングファイル（既定: 組み込みのもの）",
    ),
    (
        "export",
        "mapping",
        "どのフィールドをどの列に出すかを決めるマッピングファイル（既定: 組み込みのもの）",
    ),
    (
        "import",
        "encoding",
        "CSV ファイルの文字コード（既定: 自動判定。UTF-8、BOM 付き UTF-8、Shift_JIS）",
    ),
    (
        "import",
        "strict",
        "スキーマに合わない行や、存在しないレコードを指す行が一つでもあれば、何も書き出しません",
    ),
    ("report", "due_within", "「期限の近いもの」に含める日数"),
    (
        "fix",
        "diff",
        "変更内容を unified diff 形式で表示し、ファイルには書き込みません",
    ),
    (
        "fix",
        "unsafe_fixes",
        "人の手で仕上げる必要のある修正も適用します（欠けているフィールドを空で加えるなど）",
    ),
    (
        "version",
        "json",
        "JSON で出力します: バージョン、コミット、コミット日、プラットフォーム（ツール向け）",
    ),
    ("help", "subcommand", "ヘルプを表示するコマンド"),
];

/// A usage error, said in Japanese, with the usage and where to read more.
fn error(e: &clap::Error) -> String {
    let ctx = |k: ContextKind| e.get(k).map(value).unwrap_or_default();
    let arg = ctx(ContextKind::InvalidArg);
    let got = ctx(ContextKind::InvalidValue);
    let mut text = match e.kind() {
        ErrorKind::InvalidValue if got.is_empty() => format!("`{arg}` に値がありません"),
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            format!("`{arg}` に `{got}` は指定できません（使える値: {valid}）")
        }
        ErrorKind::ValueValidation => format!("`{arg}` の値 `{got}` が正しくありません"),
        ErrorKind::UnknownArgument => format!("`{arg}` という引数はありません"),
        ErrorKind::InvalidSubcommand => format!(
            "`{}` というコマンドはありません",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("必要な引数がありません: {arg}"),
        ErrorKind::ArgumentConflict => format!(
            "`{arg}` と `{}` は同時に指定できません",
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("`{arg}` の値の数が正しくありません")
        }
        ErrorKind::InvalidUtf8 => "引数が UTF-8 ではありません".to_owned(),
        _ => "コマンドラインを読めません".to_owned(),
    };
    for (kind, hint) in [
        (ContextKind::SuggestedArg, "もしかして"),
        (ContextKind::SuggestedSubcommand, "もしかして"),
        (ContextKind::SuggestedValue, "もしかして"),
    ] {
        if let Some(s) = e.get(kind) {
            text.push_str(&format!("。{hint} `{}`？", value(s)));
        }
    }
    let usage = ctx(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let usage = match usage {
        "" => String::new(),
        u => format!("\n\n使い方: {u}"),
    };
    format!("grclint: エラー: {text}{usage}\n\n詳しくは `--help` を付けて実行してください。\n")
}

fn value(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => {
            let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            list.join("、")
        }
        ContextValue::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_taken_out_wherever_it_stands() {
        let (args, lang) = take_lang(os(&["g", "--lang", "ja", "rules"]));
        assert_eq!((args, lang), (os(&["g", "rules"]), Some(Lang::Ja)));
        let (args, lang) = take_lang(os(&["g", "check", "--lang=en", "x"]));
        assert_eq!((args, lang), (os(&["g", "check", "x"]), Some(Lang::En)));
        let (args, lang) = take_lang(os(&["g", "--", "--lang", "ja"]));
        assert_eq!((args, lang), (os(&["g", "--", "--lang", "ja"]), None));
        // clap refuses an unknown language, with the list of those it knows.
        let (args, lang) = take_lang(os(&["g", "--lang", "fr"]));
        assert_eq!((args, lang), (os(&["g", "--lang", "fr"]), None));
    }

    /// Every command and every flag a person can see has its Japanese text: a new flag
    /// without one fails here.
    #[test]
    fn every_command_and_flag_has_a_japanese_help() {
        fn walk(cmd: &Command, name: &str, missing: &mut Vec<String>) {
            if about(name).is_none() {
                missing.push(format!("command `{name}`"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg_help(name, a.get_id().as_str()).is_none() {
                    missing.push(format!("`{name} {}`", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, s.get_name(), missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Japanese help for {missing:?}");
    }
}
