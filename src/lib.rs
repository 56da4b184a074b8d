//! grclint: a policy-as-code linter for governance records kept as YAML in git.
//!
//! The pipeline: discover → load → validate → evaluate → report (see `pipeline`).

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod evaluate;
pub mod index;
pub mod init;
pub mod load;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod source;
pub mod validate;
