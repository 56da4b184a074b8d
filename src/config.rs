//! The config file, as one checked document (YAML with spans → its schema → a typed
//! struct) → Settings the engine trusts. Every problem is a diagnostic at the key; any one
//! of them exits 2.

use crate::base::push_segment;
use crate::diagnostic::{Diagnostic, EngineCode, Severity, Span};
use crate::discover::Selection;
use crate::discover::exclude::Origin;
use crate::document::{self, Checked, Documents, Pairs, Spec};
use crate::load::Limits;
use crate::load::spans::SpanTable;
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::kinds::{CONFIG_SCHEMA, compile};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// The largest config file grclint reads.
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// `.grclint.yaml` as its schema (`schemas/config.schema.json`) describes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    packs: Option<Vec<String>>,
    #[serde(default)]
    kinds: Pairs<Vec<String>>,
    #[serde(default)]
    schemas: Vec<String>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    today: Option<String>,
    fail_on: Option<String>,
    organisation: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    rule_settings: Pairs<RuleSetting>,
    #[serde(default)]
    limits: Limits,
}

/// One entry of `rule_settings`: `off`, or a severity and params for the code.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum RuleSetting {
    Off(Off),
    Tune {
        severity: Option<Severity>,
        params: Option<Map<String, Value>>,
    },
}

/// The word `off`.
#[derive(Clone, Copy, Debug, Deserialize)]
pub enum Off {
    #[serde(rename = "off")]
    Off,
}

static SCHEMA: LazyLock<(Value, jsonschema::Validator)> = LazyLock::new(|| {
    let schema: Value =
        serde_json::from_str(CONFIG_SCHEMA).expect("the config schema is valid JSON");
    let validator = compile(&schema).expect("the config schema compiles");
    (schema, validator)
});

pub struct Settings {
    pub root: PathBuf,
    pub config_file: Option<FileId>,
    pub packs: Vec<String>,
    pub schema_dirs: Vec<PathBuf>,
    pub rule_dirs: Vec<PathBuf>,
    /// Which files discovery reads: the root, `exclude`, `kinds` and the folders above.
    pub selection: Selection,
    pub today: Option<String>,
    pub fail_on: Option<String>,
    /// The organisation's name, for the cover of `grclint report`.
    pub organisation: Option<String>,
    /// Checked against the rules by the evaluate stage (their keys' spans are in `spans`).
    pub rule_settings: Pairs<RuleSetting>,
    pub spans: SpanTable,
    pub limits: Limits,
}

impl AsRef<Selection> for Settings {
    fn as_ref(&self) -> &Selection {
        &self.selection
    }
}

impl Settings {
    pub fn rule_setting(&self, code: &str) -> Option<&RuleSetting> {
        self.rule_settings.get(code)
    }

    pub fn defaults(root: PathBuf) -> Settings {
        Settings {
            selection: Selection::new(root.clone()),
            root,
            config_file: None,
            packs: vec!["isms".to_owned()],
            schema_dirs: Vec::new(),
            rule_dirs: Vec::new(),
            today: None,
            fail_on: None,
            organisation: None,
            rule_settings: Pairs::default(),
            spans: SpanTable::default(),
            limits: Limits::default(),
        }
    }

    /// The span of a config key (for messages about rule_settings and the like).
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        let file = self.config_file?;
        let (_, s) = self.spans.nearest(pointer)?;
        let (a, b) = s.key.unwrap_or(s.value);
        Some(Span::new(file, a, b))
    }

    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        let file = self.config_file?;
        let (_, s) = self.spans.nearest(pointer)?;
        Some(Span::new(file, s.value.0, s.value.1))
    }
}

/// Reads the config (the given file, or `.grclint.yaml` at the root when present).
pub fn load(
    root: PathBuf,
    explicit: Option<&Path>,
    sources: &mut Sources,
) -> Result<Settings, Vec<Diagnostic>> {
    let mut settings = Settings::defaults(root.clone());
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = root.join(".grclint.yaml");
            if std::fs::symlink_metadata(&p).is_err() {
                return Ok(settings);
            }
            p
        }
    };
    // The repository's own config must be a regular file in it; one given with --config may
    // be reached through a link (the user's choice), but it too must be a regular file of a
    // bounded size: a FIFO would hang the run, /dev/zero fill the memory.
    let read = match explicit {
        Some(_) => match std::fs::canonicalize(&path) {
            Ok(target) => crate::source::read_regular(&target, MAX_CONFIG_SIZE),
            Err(e) => Err(e.to_string()),
        },
        None => crate::source::read_regular(&path, MAX_CONFIG_SIZE),
    };
    let text = read.map_err(|e| {
        vec![Diagnostic::error(
            EngineCode::Cfg001,
            crate::tr!(
                "cannot read the config file {}: {e}",
                "設定ファイル {} を読み取れない: {e}",
                path.display()
            ),
        )]
    })?;
    let rel = crate::base::relative(&root, &path).unwrap_or_else(|| path.display().to_string());
    let file = sources.add(SourceFile::new(
        rel,
        Some(path.clone()),
        Arc::from(text.as_str()),
    ));
    settings.config_file = Some(file);
    let spec = Spec {
        code: EngineCode::Cfg001,
        schema: &SCHEMA.0,
        validator: &SCHEMA.1,
        noun: crate::i18n::t("the config", "設定ファイル"),
        unknown: Some(crate::i18n::t(
            "a setting grclint knows",
            "grclint が知っている設定",
        )),
        documents: Documents::First,
    };
    let checked: Checked<ConfigFile> = document::check(file, &text, &spec)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or(root);
    let mut errors = Vec::new();
    settings.apply(checked, &base, &mut errors);
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

impl Settings {
    /// What a checked config file sets; problems the schema cannot see go to `errors`.
    fn apply(&mut self, checked: Checked<ConfigFile>, base: &Path, errors: &mut Vec<Diagnostic>) {
        let c = &checked.value;
        if let Some(packs) = &c.packs {
            self.packs = packs.clone();
        }
        self.schema_dirs = c.schemas.iter().map(|d| base.join(d)).collect();
        self.rule_dirs = c.rules.iter().map(|d| base.join(d)).collect();
        let root_real = self.root.canonicalize().ok();
        folders_exist(
            &checked,
            "schemas",
            &self.schema_dirs,
            root_real.as_deref(),
            errors,
        );
        folders_exist(
            &checked,
            "rules",
            &self.rule_dirs,
            root_real.as_deref(),
            errors,
        );
        for (i, g) in c.exclude.iter().enumerate() {
            if let Err(e) = self.selection.exclude.add(g, Origin::Config) {
                let span = checked
                    .spans
                    .get(&format!("/exclude/{i}"))
                    .map(|s| Span::new(checked.file, s.value.0, s.value.1));
                errors.push(
                    Diagnostic::error(
                        EngineCode::Cfg001,
                        crate::tr!(
"`{g}` is not a valid path pattern: {e}",
"`{g}` は正しいパスのパターンではない: {e}"),
                    )
                    .at_opt(span)
                    .help(crate::i18n::t("Write paths from the repository root as in a .gitignore: `archive/`, `/docs/**`, `**/templates`.", ".gitignore と同じく、リポジトリの最上位からのパスで書いてください: `archive/`、`/docs/**`、`**/templates`。")),
                );
            }
        }
        for (kind, globs) in c.kinds.iter() {
            let mut ptr = "/kinds".to_owned();
            push_segment(&mut ptr, kind);
            let set = glob_set(&checked, &ptr, globs, errors);
            self.selection.kind_globs.push((kind.clone(), set));
        }
        self.selection.skip_dirs = self
            .rule_dirs
            .iter()
            .chain(&self.schema_dirs)
            .cloned()
            .collect();
        let c = checked.value;
        self.today = c.today;
        self.fail_on = c.fail_on;
        self.organisation = c.organisation;
        crate::i18n::from_config(c.lang.as_deref().and_then(crate::i18n::Lang::parse));
        self.rule_settings = c.rule_settings;
        self.limits = c.limits;
        self.spans = checked.spans;
    }
}

/// Each folder listed under `key` must exist, inside the repository.
fn folders_exist<T>(
    checked: &Checked<T>,
    key: &str,
    dirs: &[PathBuf],
    root: Option<&Path>,
    errors: &mut Vec<Diagnostic>,
) {
    for (i, dir) in dirs.iter().enumerate() {
        let span = checked
            .spans
            .get(&format!("/{key}/{i}"))
            .map(|s| Span::new(checked.file, s.value.0, s.value.1));
        let inside = match (dir.canonicalize(), root) {
            (Ok(d), Some(r)) => d.starts_with(r),
            _ => true,
        };
        if dir.is_dir() && !inside {
            errors.push(
                Diagnostic::error(
                    EngineCode::Cfg001,
                    crate::tr!(
                        "`{key}` names a folder outside the repository",
                        "`{key}` がリポジトリの外のフォルダーを指している"
                    ),
                )
                .at_opt(span)
                .help(crate::i18n::t(
                    "grclint reads rules and schemas only from inside the repository it checks.",
                    "grclint は、点検するリポジトリの中にあるルールとスキーマだけを読みます。",
                )),
            );
        } else if !dir.is_dir() {
            errors.push(
                Diagnostic::error(
                    EngineCode::Cfg001,
                    crate::tr!(
                        "the folder `{}` listed under `{key}` does not exist",
                        "`{key}` に挙げたフォルダー `{}` は存在しない",
                        dir.display()
                    ),
                )
                .at_opt(span),
            );
        }
    }
}

/// The globs listed at `ptr`, compiled; one that cannot be read is an error at its line.
fn glob_set<T>(
    checked: &Checked<T>,
    ptr: &str,
    globs: &[String],
    errors: &mut Vec<Diagnostic>,
) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for (i, g) in globs.iter().enumerate() {
        match Glob::new(g) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => {
                let span = checked
                    .spans
                    .get(&format!("{ptr}/{i}"))
                    .map(|s| Span::new(checked.file, s.value.0, s.value.1));
                errors.push(
                    Diagnostic::error(
                        EngineCode::Cfg001,
                        crate::tr!(
                            "`{g}` is not a valid path glob: {e}",
                            "`{g}` は有効なパスのグロブではない: {e}"
                        ),
                    )
                    .at_opt(span),
                );
            }
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}
