//! The config file: raw YAML with spans → checked against its schema → Settings the
//! engine trusts. Every problem is a diagnostic at the key; any one of them exits 2.

use crate::base::push_segment;
use crate::diagnostic::{Diagnostic, EngineCode, Span};
use crate::discover::Selection;
use crate::load::spans::SpanTable;
use crate::load::{Limits, yaml};
use crate::source::{FileId, SourceFile, Sources};
use crate::validate::kinds::{CONFIG_SCHEMA, compile};
use crate::validate::messages::{Subject, map_error};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest config file grclint reads.
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

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
    /// Checked against the rules by the evaluate stage; kept with its spans.
    pub rule_settings: Value,
    pub spans: SpanTable,
    pub limits: Limits,
}

impl AsRef<Selection> for Settings {
    fn as_ref(&self) -> &Selection {
        &self.selection
    }
}

impl Settings {
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
            rule_settings: Value::Null,
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
    // The repository's own config must be a regular file in it; one given with --config is
    // the user's choice.
    let read = match explicit {
        Some(_) => std::fs::read_to_string(&path).map_err(|e| e.to_string()),
        None => crate::source::read_regular(&path, MAX_CONFIG_SIZE),
    };
    let text = read.map_err(|e| {
        vec![Diagnostic::error(
            EngineCode::Cfg001,
            format!("cannot read the config file {}: {e}", path.display()),
        )]
    })?;
    let rel = crate::base::relative(&root, &path).unwrap_or_else(|| path.display().to_string());
    let file = sources.add(SourceFile::new(
        rel,
        Some(path.clone()),
        Arc::from(text.as_str()),
    ));
    settings.config_file = Some(file);
    let root_real = root.canonicalize().ok();
    let base = path.parent().map(Path::to_path_buf).unwrap_or(root);

    let codes = yaml::Codes::all(EngineCode::Cfg001);
    let parsed = yaml::parse_as(&text, 0, file, &Limits::default(), codes);
    let mut errors: Vec<Diagnostic> = parsed.diagnostics;
    if parsed.refused {
        return Err(errors);
    }
    let doc = parsed.documents.into_iter().next();
    let (value, spans) = match doc {
        Some(d) => (d.value, SpanTable::from_entries(d.spans)),
        None => (Value::Null, SpanTable::default()),
    };
    let value = if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    };
    let schema: Value =
        serde_json::from_str(CONFIG_SCHEMA).expect("the config schema is valid JSON");
    let validator = compile(&schema).expect("the config schema compiles");
    let subject = Subject {
        file,
        spans: &spans,
        noun: "the config",
        head: Some(Span::new(file, 0, 0)),
        schema: &schema,
        code: Some(EngineCode::Cfg001),
        unknown: Some("a setting grclint knows"),
    };
    for err in validator.iter_errors(&value) {
        errors.extend(map_error(&err, &subject).into_iter().map(|m| m.diagnostic));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let strings = |key: &str| -> Vec<String> {
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    if value.get("packs").is_some() {
        settings.packs = strings("packs");
    }
    settings.schema_dirs = strings("schemas").iter().map(|d| base.join(d)).collect();
    settings.rule_dirs = strings("rules").iter().map(|d| base.join(d)).collect();
    let inside = |dir: &Path| match (dir.canonicalize(), root_real.as_ref()) {
        (Ok(d), Some(r)) => d.starts_with(r),
        _ => true,
    };
    for (i, dir) in settings
        .schema_dirs
        .iter()
        .chain(&settings.rule_dirs)
        .enumerate()
    {
        if dir.is_dir() && !inside(dir) {
            let (key, idx) = if i < settings.schema_dirs.len() {
                ("schemas", i)
            } else {
                ("rules", i - settings.schema_dirs.len())
            };
            let span = spans
                .get(&format!("/{key}/{idx}"))
                .map(|s| Span::new(file, s.value.0, s.value.1));
            errors.push(
                Diagnostic::error(
                    EngineCode::Cfg001,
                    format!("`{key}` names a folder outside the repository"),
                )
                .at_opt(span)
                .help("grclint reads rules and schemas only from inside the repository it checks."),
            );
            continue;
        }
        if !dir.is_dir() {
            let (key, idx) = if i < settings.schema_dirs.len() {
                ("schemas", i)
            } else {
                ("rules", i - settings.schema_dirs.len())
            };
            let ptr = format!("/{key}/{idx}");
            let span = spans
                .get(&ptr)
                .map(|s| Span::new(file, s.value.0, s.value.1));
            errors.push(
                Diagnostic::error(
                    EngineCode::Cfg001,
                    format!(
                        "the folder `{}` listed under `{key}` does not exist",
                        dir.display()
                    ),
                )
                .at_opt(span),
            );
        }
    }
    let mut glob_set = |ptr: &str, globs: &[String]| -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for (i, g) in globs.iter().enumerate() {
            match Glob::new(g) {
                Ok(g) => {
                    b.add(g);
                }
                Err(e) => {
                    let span = spans
                        .get(&format!("{ptr}/{i}"))
                        .map(|s| Span::new(file, s.value.0, s.value.1));
                    errors.push(
                        Diagnostic::error(
                            EngineCode::Cfg001,
                            format!("`{g}` is not a valid path glob: {e}"),
                        )
                        .at_opt(span),
                    );
                }
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    };
    settings.selection.exclude = glob_set("/exclude", &strings("exclude"));
    if let Some(Value::Object(kinds)) = value.get("kinds") {
        for (kind, globs) in kinds {
            let list: Vec<String> = globs
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut ptr = "/kinds".to_owned();
            push_segment(&mut ptr, kind);
            let set = glob_set(&ptr, &list);
            settings.selection.kind_globs.push((kind.clone(), set));
        }
    }
    settings.today = value
        .get("today")
        .and_then(Value::as_str)
        .map(str::to_owned);
    settings.fail_on = value
        .get("fail_on")
        .and_then(Value::as_str)
        .map(str::to_owned);
    settings.rule_settings = value.get("rule_settings").cloned().unwrap_or(Value::Null);
    if let Some(Value::Object(l)) = value.get("limits") {
        let get = |k: &str| l.get(k).and_then(Value::as_u64);
        if let Some(v) = get("max_file_size") {
            settings.limits.max_file_size = v;
        }
        if let Some(v) = get("max_depth") {
            settings.limits.max_depth = v as usize;
        }
        if let Some(v) = get("max_alias_expansion") {
            settings.limits.max_alias_expansion = v as usize;
        }
        if let Some(v) = get("max_documents") {
            settings.limits.max_documents = v as usize;
        }
        if let Some(v) = get("max_records") {
            settings.limits.max_records = v as usize;
        }
    }
    settings.selection.skip_dirs = settings
        .rule_dirs
        .iter()
        .chain(&settings.schema_dirs)
        .cloned()
        .collect();
    settings.spans = spans;
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}
