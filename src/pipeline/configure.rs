//! Before anything is read: the config, the date, the schemas, every rule and the settings
//! that tune them, each known to be good.

use super::{Fatal, Request};
use crate::config::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::evaluate::deps::Reads;
use crate::evaluate::engine::Active;
use crate::evaluate::settings::Overrides;
use crate::evaluate::{self, rules};
use crate::source::Sources;
use crate::validate::kinds::Kinds;
use std::path::{Path, PathBuf};

/// A repository's configuration, checked.
pub struct Configured {
    pub root: PathBuf,
    pub settings: Settings,
    pub today: jiff::civil::Date,
    pub kinds: Kinds,
    pub rules: Vec<rules::Rule>,
    /// Per rule (in `rules` order): which other records its result depends on.
    pub reads: Vec<Reads>,
    /// Codes the config turns off (`None`) or reports at another severity.
    pub overrides: Overrides,
    pub sources: Sources,
}

impl Configured {
    /// The rules as the settings leave them (checked when configured).
    pub fn active(&self) -> Vec<Active<'_>> {
        evaluate::settings::apply(&self.rules, &self.settings)
            .map(|(active, _)| active)
            .unwrap_or_default()
    }
}

pub fn configure(root: PathBuf, request: &Request) -> Result<Configured, Fatal> {
    let mut sources = Sources::default();
    match configure_into(root, request, &mut sources) {
        Ok(c) => Ok(Configured { sources, ..c }),
        Err(diagnostics) => Err(Fatal {
            diagnostics,
            sources,
        }),
    }
}

/// The config, the kinds and the rules, for the commands that only list or explain them.
pub fn catalog(
    root: &Path,
    request: &Request,
) -> Result<(Settings, Kinds, Vec<rules::Rule>), Fatal> {
    let mut sources = Sources::default();
    load_catalog(root, request, &mut sources).map_err(|diagnostics| Fatal {
        diagnostics,
        sources,
    })
}

fn load_catalog(
    root: &Path,
    request: &Request,
    sources: &mut Sources,
) -> Result<(Settings, Kinds, Vec<rules::Rule>), Vec<Diagnostic>> {
    let mut settings = config::load(root.to_path_buf(), request.config.as_deref(), sources)?;
    for p in &request.exclude {
        settings
            .selection
            .exclude
            .add(p, crate::discover::exclude::Origin::Flag)
            .map_err(|e| {
                vec![Diagnostic::error(
                    crate::diagnostic::Code::Usage,
                    crate::tr!(
                        "--exclude `{p}` is not a valid path pattern: {e}",
                        "--exclude `{p}` は正しいパスのパターンではない: {e}"
                    ),
                )]
            })?;
    }
    let kinds = Kinds::load(&settings.packs, &settings.schema_dirs, root, sources)?;
    let rules = rules::load(&settings.packs, &settings.rule_dirs, root, &kinds, sources)?;
    Ok((settings, kinds, rules))
}

fn configure_into(
    root: PathBuf,
    request: &Request,
    sources: &mut Sources,
) -> Result<Configured, Vec<Diagnostic>> {
    let (settings, kinds, rules) = load_catalog(&root, request, sources)?;
    let today = resolve_today(request.today.as_deref(), &settings).map_err(|f| f.diagnostics)?;
    let (_, overrides) = evaluate::settings::apply(&rules, &settings)?;
    let reads = rules.iter().map(|r| r.reads.clone()).collect();
    Ok(Configured {
        root,
        settings,
        today,
        kinds,
        rules,
        reads,
        overrides,
        sources: Sources::default(),
    })
}

/// The date the checks use: `--today`, else `GRCLINT_TODAY`, else the config's `today`,
/// else the system date.
pub fn resolve_today(arg: Option<&str>, settings: &Settings) -> Result<jiff::civil::Date, Fatal> {
    let env = std::env::var("GRCLINT_TODAY").ok();
    let (text, from) = match (arg, env.as_deref(), settings.today.as_deref()) {
        (Some(t), _, _) => (t.to_owned(), "--today"),
        (None, Some(t), _) if !t.is_empty() => (t.to_owned(), "GRCLINT_TODAY"),
        (None, _, Some(t)) => (
            t.to_owned(),
            crate::i18n::t("today in the config", "設定ファイルの today"),
        ),
        _ => return Ok(jiff::ZonedDateTime::now().date()),
    };
    text.parse::<jiff::civil::Date>().map_err(|_| {
        Fatal::usage(crate::tr!(
            "{from} is `{text}`, which is not a date (YYYY-MM-DD)",
            "{from} が `{text}` になっており、日付（YYYY-MM-DD）ではない"
        ))
    })
}
