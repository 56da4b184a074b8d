//! Evaluate: rule files (CEL), the engine's own checks, settings, suppressions.

pub mod budget;
pub mod compile;
pub mod dates;
pub mod deps;
pub mod engine;
pub mod fields;
pub mod functions;
pub mod json_val;
pub mod names;
pub mod registry;
pub mod repository;
pub mod rewrite;
pub mod rule;
pub mod rules;
pub mod run;
pub mod settings;
pub mod soa;
pub mod suppress;
pub mod world;
