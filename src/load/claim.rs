//! Claiming: which YAML documents are governance records. A repository holds YAML of many
//! tools (Kubernetes manifests, Helm templates, Ansible inventories, docs-site data); a
//! linter that reports on them is switched off. Each document is judged on its own:
//!
//! - a document with `apiVersion:` is never a record (every Kubernetes-style object has one);
//! - outside the record folders only an exact grclint `kind:` claims a document; a near miss
//!   (`kind: aset`) claims it only when it otherwise looks like one of ours: an `id` and
//!   mostly that kind's fields;
//! - in a record folder a document without a `kind:` is a record when it looks like one
//!   (an `id` and another of the folder kind's fields, or mostly the kind's fields); one
//!   with nothing of ours (no `id`, no field of the kind) is not; one in between (an `id`
//!   alone among other keys, a few of the kind's fields without an `id`) is *unsure*.
//!
//! A file is a record file when one of its documents is a record. A file in a record folder
//! with no record in it is skipped; when one of its documents is unsure, it is reported once
//! (KND002), since a person may have meant it as records.

use super::field;
use serde_json::{Map, Value};

/// What claiming needs to know of the kinds.
pub trait Known: Sync {
    /// Whether grclint has a schema for this kind.
    fn is_kind(&self, kind: &str) -> bool;
    /// The kind this one is a near miss of (a typo of it), if any.
    fn near_miss(&self, kind: &str) -> Option<String>;
    /// Whether `key` is a field of `kind`.
    fn has_field(&self, kind: &str, key: &str) -> bool;
}

/// A plain predicate on kind names: every kind it accepts is known, with every field (for
/// tests, and for callers that already know the text is records, such as an import).
impl<F: Fn(&str) -> bool + Sync> Known for F {
    fn is_kind(&self, kind: &str) -> bool {
        self(kind)
    }
    fn near_miss(&self, _: &str) -> Option<String> {
        None
    }
    fn has_field(&self, _: &str, _: &str) -> bool {
        true
    }
}

/// The verdict on one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A record, or a ledger of them.
    Record,
    /// Nothing to read: an empty document, or an empty list.
    Empty,
    /// A lone value (text, a number): not a record, but a mistake in a record file.
    Stray,
    /// Not a record, and why.
    Foreign(String),
    /// Some of a record's marks, not enough to be sure, and why.
    Unsure(String),
}

/// What the documents of a file come to.
#[derive(Debug)]
pub struct FileClaim {
    /// Per document, whether its records are read.
    pub keep: Vec<bool>,
    /// Why no document is a record (when none is).
    pub skip: Option<String>,
    /// The first unsure document (its index), when the file is skipped because of it.
    pub unsure: Option<usize>,
}

impl FileClaim {
    pub fn claimed(&self) -> bool {
        self.skip.is_none()
    }
}

/// The kind a mapping names with `kind:`, if it names one as text.
pub fn own_kind(v: &Value) -> Option<&str> {
    v.as_object()
        .and_then(|m| field(m, "kind"))
        .and_then(Value::as_str)
}

/// Whether the text holds template markers (Helm, Jinja): it is a template, not YAML data.
pub fn has_template_markers(text: &str) -> bool {
    (text.contains("{{") && text.contains("}}")) || (text.contains("{%") && text.contains("%}"))
}

/// How much of a mapping is ours for `kind`: whether it has an `id`, how many of its keys
/// (other than `kind`) are fields of the kind, and how many keys there are.
fn fit(m: &Map<String, Value>, kind: &str, known: &dyn Known) -> (bool, usize, usize) {
    let has_id = field(m, "id").is_some_and(|v| !v.is_null());
    let keys = m.keys().filter(|k| k.as_str() != "kind");
    let (mut ours, mut all) = (0, 0);
    for k in keys {
        all += 1;
        if k == "id" || known.has_field(kind, k) {
            ours += 1;
        }
    }
    (has_id, ours, all)
}

/// An `id` and at least half of the keys fields of the kind.
fn looks_ours(m: &Map<String, Value>, kind: &str, known: &dyn Known) -> bool {
    let (has_id, ours, all) = fit(m, kind, known);
    has_id && ours * 2 >= all
}

fn noun(kind: &str) -> String {
    kind.replace('_', " ")
}

/// The verdict on one mapping, `path_kind` being the kind its folder gives.
fn mapping(m: &Map<String, Value>, path_kind: Option<&str>, known: &dyn Known) -> Verdict {
    if field(m, "apiVersion").is_some() {
        return Verdict::Foreign(
            crate::i18n::t(
                "it has `apiVersion:`, as Kubernetes and similar tools write their objects",
                "Kubernetes などのツールが書くオブジェクトと同じく `apiVersion:` がある",
            )
            .into(),
        );
    }
    match field(m, "kind").and_then(Value::as_str) {
        Some(k) if known.is_kind(k) => Verdict::Record,
        Some(k) => match known.near_miss(k) {
            Some(near) if looks_ours(m, &near, known) => Verdict::Record,
            _ => Verdict::Foreign(crate::tr!(
                "`kind: {k}` is not a grclint kind",
                "`kind: {k}` は grclint の種別ではない"
            )),
        },
        None => {
            let Some(kind) = path_kind else {
                return Verdict::Foreign(NO_KIND.now().into());
            };
            // An `id` with another of the kind's fields is a record, however many keys
            // are misspelt; without an `id`, most keys must be the kind's.
            let (has_id, ours, all) = fit(m, kind, known);
            if all == 0 || (has_id && ours >= 2) || (ours * 2 >= all && ours >= 2) {
                Verdict::Record
            } else if !has_id && ours == 0 {
                let (en, ja) = (a(&noun(kind)), crate::i18n::kind_name(kind));
                Verdict::Foreign(crate::tr!(
                    "it has no `id` and none of its keys is a field of {en}",
                    "`id` がなく、どのキーも{ja}の項目ではない"
                ))
            } else {
                Verdict::Unsure(unsure(has_id, ours, all, kind))
            }
        }
    }
}

/// Why a mapping may or may not be a record of `kind`: its `id`, and how many of its keys
/// are the kind's fields.
fn unsure(has_id: bool, ours: usize, all: usize, kind: &str) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::Ja {
        let id = if has_id {
            "`id` はある"
        } else {
            "`id` がない"
        };
        let name = crate::i18n::kind_name(kind);
        return format!("{id}が、キー {all} 個のうち{name}の項目は {ours} 個");
    }
    let what = if has_id { "an `id`" } else { "no `id`" };
    let are = if ours == 1 {
        "is a field"
    } else {
        "are fields"
    };
    format!(
        "it has {what}, and {ours} of its {all} keys {are} of {}",
        a(&noun(kind))
    )
}

/// Why a file in no record folder and without `kind:` is not read.
const NO_KIND: crate::i18n::Text = crate::i18n::Text::new(
    "neither its folder nor a `kind:` key makes it a record file",
    "フォルダからも `kind:` キーからもレコードのファイルとは決まらない",
);

fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// The verdict on one document.
pub fn document(value: &Value, path_kind: Option<&str>, known: &dyn Known) -> Verdict {
    match value {
        Value::Null => Verdict::Empty,
        Value::Object(m) => mapping(m, path_kind, known),
        Value::Array(items) => {
            let mut first = None;
            let mut unsure = None;
            for item in items {
                let Value::Object(m) = item else { continue };
                match mapping(m, path_kind, known) {
                    Verdict::Record => return Verdict::Record,
                    Verdict::Unsure(why) => {
                        unsure.get_or_insert(why);
                    }
                    other => {
                        first.get_or_insert(other);
                    }
                }
            }
            match (unsure, first) {
                (Some(why), _) => Verdict::Unsure(why),
                (None, Some(v)) => v,
                (None, None) if items.is_empty() => Verdict::Empty,
                (None, None) => Verdict::Foreign(
                    crate::i18n::t(
                        "it is a list of plain values, not of records",
                        "レコードではなく、ただの値のリストである",
                    )
                    .into(),
                ),
            }
        }
        _ => Verdict::Stray,
    }
}

/// The verdicts on a file's documents, summed up. `text` is the file's text (for template
/// markers); `path_kind` the kind its folder gives.
pub fn file(
    values: &[&Value],
    text: &str,
    path_kind: Option<&str>,
    known: &dyn Known,
) -> FileClaim {
    let verdicts: Vec<Verdict> = values
        .iter()
        .map(|v| document(v, path_kind, known))
        .collect();
    if verdicts.contains(&Verdict::Record) {
        // The file is ours: its unsure documents and stray values are read (and reported),
        // and a document without a kind but with an id is a record that lost its kind.
        let keep = values
            .iter()
            .zip(&verdicts)
            .map(|(v, verdict)| match verdict {
                Verdict::Record | Verdict::Stray | Verdict::Unsure(_) => true,
                Verdict::Empty => false,
                Verdict::Foreign(_) => {
                    path_kind.is_none()
                        && v.as_object().is_some_and(|m| {
                            field(m, "kind").is_none()
                                && field(m, "apiVersion").is_none()
                                && field(m, "id").is_some()
                        })
                }
            })
            .collect();
        return FileClaim {
            keep,
            skip: None,
            unsure: None,
        };
    }
    let keep = vec![false; values.len()];
    let markers = has_template_markers(text);
    if markers {
        return FileClaim {
            keep,
            skip: Some(
                crate::i18n::t(
                    "it holds template markers (`{{ … }}`): it is a template, not records",
                    "テンプレートの記号（`{{ … }}`）があり、レコードではなくテンプレートである",
                )
                .into(),
            ),
            unsure: None,
        };
    }
    let unsure = verdicts
        .iter()
        .position(|v| matches!(v, Verdict::Unsure(_)));
    let why = verdicts.iter().find_map(|v| match v {
        Verdict::Unsure(w) | Verdict::Foreign(w) => Some(w.clone()),
        _ => None,
    });
    let skip = match (why, path_kind) {
        (Some(w), _) => w,
        (None, None) => NO_KIND.now().into(),
        (None, Some(k)) => {
            let (en, ja) = (noun(k), crate::i18n::kind_name(k));
            crate::tr!("it holds no {en} record", "{ja}のレコードがない")
        }
    };
    FileClaim {
        keep,
        skip: Some(skip),
        unsure: if path_kind.is_some() { unsure } else { None },
    }
}

/// File names that belong to other tools: never records, whatever their folder.
pub fn tool_file(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))?;
    let tool = match stem {
        ".grclint" => "grclint's own configuration",
        ".pre-commit-config" | ".pre-commit-hooks" => "pre-commit",
        "chart" | "chart.lock" | "values" | "helmfile" => "Helm",
        "mkdocs" => "MkDocs",
        "_config" => "Jekyll",
        "kustomization" => "Kustomize",
        "skaffold" => "Skaffold",
        "pnpm-lock" | "pnpm-workspace" => "pnpm",
        ".gitlab-ci" => "GitLab CI",
        ".travis" => "Travis CI",
        "azure-pipelines" => "Azure Pipelines",
        "bitbucket-pipelines" => "Bitbucket Pipelines",
        "appveyor" | ".appveyor" => "AppVeyor",
        "cloudbuild" => "Cloud Build",
        "buildspec" => "CodeBuild",
        "codecov" | ".codecov" => "Codecov",
        "dependabot" => "Dependabot",
        "action" => "a GitHub Action",
        "taskfile" => "Task",
        "environment" => "conda",
        "serverless" => "the Serverless Framework",
        "pulumi" => "Pulumi",
        "devfile" => "Devfile",
        ".readthedocs" => "Read the Docs",
        ".golangci" => "golangci-lint",
        ".yamllint" => "yamllint",
        ".clang-format" | ".clang-tidy" => "clang",
        "pubspec" | "pubspec.lock" => "Dart",
        _ if stem.starts_with("docker-compose")
            || stem == "compose"
            || stem.starts_with("compose.")
            || stem.starts_with("compose-") =>
        {
            "Docker Compose"
        }
        _ if stem.starts_with("values-") || stem.starts_with("values.") => "Helm",
        _ => return None,
    };
    Some(tool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The built-in kinds as the pipeline knows them, with fields from their schemas.
    struct Builtin;

    impl Known for Builtin {
        fn is_kind(&self, kind: &str) -> bool {
            crate::builtin::BUILTIN_KINDS
                .iter()
                .any(|(k, _)| *k == kind)
        }
        fn near_miss(&self, kind: &str) -> Option<String> {
            let names: Vec<String> = crate::builtin::BUILTIN_KINDS
                .iter()
                .map(|(k, _)| (*k).to_owned())
                .collect();
            names
                .into_iter()
                .find(|k| strsim::damerau_levenshtein(k, kind) <= 2)
        }
        fn has_field(&self, kind: &str, key: &str) -> bool {
            let text = crate::builtin::BUILTIN_KINDS
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, t)| *t);
            text.and_then(|t| serde_json::from_str::<Value>(t).ok())
                .is_some_and(|s| s["properties"].get(key).is_some())
        }
    }

    fn verdict(v: Value, path_kind: Option<&str>) -> Verdict {
        document(&v, path_kind, &Builtin)
    }

    #[test]
    fn an_api_version_is_never_a_record() {
        let v = json!({"apiVersion": "v1", "kind": "Service", "id": "A-1", "name": "x"});
        assert!(matches!(
            verdict(v.clone(), Some("service")),
            Verdict::Foreign(_)
        ));
        assert!(matches!(verdict(v, None), Verdict::Foreign(_)));
    }

    #[test]
    fn a_near_miss_claims_only_what_looks_like_ours() {
        // `Task` is two letters from `risk`; a Tekton task has no id and none of its fields.
        let tekton = json!({"kind": "Task", "metadata": {"name": "x"}, "spec": {}});
        assert!(matches!(verdict(tekton, None), Verdict::Foreign(_)));
        let typo = json!({"kind": "rsik", "id": "R-1", "title": "t", "threat": "x"});
        assert_eq!(verdict(typo, None), Verdict::Record);
        let exact = json!({"kind": "risk", "nothing": "of ours"});
        assert_eq!(verdict(exact, None), Verdict::Record);
    }

    #[test]
    fn in_a_record_folder_the_content_decides() {
        let ansible = json!({"bin_dir": "/usr/local/bin", "ntp_enabled": false});
        assert!(matches!(
            verdict(ansible, Some("asset")),
            Verdict::Foreign(_)
        ));
        let nav = json!([{"title": "Home", "url": "/"}]);
        assert!(matches!(verdict(nav, Some("asset")), Verdict::Foreign(_)));
        let asset = json!([{"id": "A-1", "name": "PC", "locaton": "office"}]);
        assert_eq!(verdict(asset, Some("asset")), Verdict::Record);
        let no_id = json!({"name": "PC", "medium": "device", "owner": {}});
        assert_eq!(verdict(no_id, Some("asset")), Verdict::Record);
        let wide = json!({"id": "A-1", "name": "PC", "a": 1, "b": 2, "c": 3});
        assert_eq!(verdict(wide, Some("asset")), Verdict::Record);
        let between = json!({"id": "X", "a": 1, "b": 2, "c": 3});
        assert!(matches!(
            verdict(between, Some("asset")),
            Verdict::Unsure(_)
        ));
    }

    #[test]
    fn a_file_is_ours_when_one_document_is() {
        let record = json!({"kind": "risk", "id": "R-1"});
        let manifest = json!({"apiVersion": "v1", "kind": "ConfigMap"});
        let lost = json!({"id": "R-2", "title": "t"});
        let claim = file(&[&record, &manifest, &lost], "", None, &Builtin);
        assert_eq!(claim.keep, [true, false, true]);
        let claim = file(&[&manifest], "", Some("service"), &Builtin);
        assert!(!claim.claimed());
        let helm = json!({"name": "x"});
        let claim = file(&[&helm], "name: {{ .Values.x }}", Some("service"), &Builtin);
        assert!(claim.skip.unwrap().contains("template"));
    }

    #[test]
    fn tool_files_are_named() {
        assert_eq!(tool_file("docker-compose.prod.yml"), Some("Docker Compose"));
        assert_eq!(tool_file("Chart.yaml"), Some("Helm"));
        assert_eq!(tool_file("values-staging.yaml"), Some("Helm"));
        assert_eq!(tool_file("ledger.yaml"), None);
        assert_eq!(tool_file("README.md"), None);
    }
}
