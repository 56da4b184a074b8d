//! `grclint schema`: a kind's JSON Schema, self-contained, for editors and other validators.

use super::print_fatal;
use crate::cli::SchemaArgs;
use crate::config;
use crate::discover;
use crate::pipeline::Fatal;
use crate::source::Sources;
use crate::validate::kinds::Kinds;
use serde_json::Value;
use std::path::PathBuf;

pub fn schema(args: &SchemaArgs) -> i32 {
    let root = discover::find_root(&args.path);
    let mut sources = Sources::default();
    let loaded = config::load(root.clone(), None, &mut sources)
        .and_then(|s| Kinds::load(&s.packs, &s.schema_dirs, &root, &mut sources));
    let kinds = match loaded {
        Ok(k) => k,
        Err(diagnostics) => {
            print_fatal(&Fatal {
                diagnostics,
                sources,
            });
            return 2;
        }
    };
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("a schema serialises") + "\n";
    if args.all {
        for (name, def) in &kinds.defs {
            let text = pretty(&def.schema);
            match &args.out {
                Some(dir) => {
                    let path: PathBuf = dir.join(format!("{name}.schema.json"));
                    if let Err(e) = std::fs::create_dir_all(dir)
                        .and_then(|_| std::fs::write(&path, text))
                        .and_then(|_| crate::validate::export::write_ledger(dir, name, &def.schema))
                    {
                        eprintln!("grclint: cannot write {}: {e}", path.display());
                        return 2;
                    }
                }
                None => print!("{text}"),
            }
        }
        return 0;
    }
    let kind = args.kind.as_deref().unwrap_or_default();
    match kinds.get(kind) {
        Some(def) => {
            print!("{}", pretty(&def.schema));
            0
        }
        None => {
            let known: Vec<&str> = kinds.names().collect();
            eprintln!(
                "{}",
                crate::tr!(
                    "grclint: `{kind}` is not a kind grclint knows; known kinds: {}",
                    "grclint: `{kind}` は grclint の知らない種別。既知の種別: {}",
                    known.join(", ")
                )
            );
            2
        }
    }
}
