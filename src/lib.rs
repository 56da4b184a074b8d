//! grclint: a policy-as-code linter for governance records kept as YAML in git.
//!
//! The pipeline: discover → load → validate → evaluate → report (see `pipeline`).

#![deny(unsafe_code)]

pub mod audit;
pub mod base;
pub mod builtin;
pub mod catalog;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod evaluate;
pub mod fix;
pub mod i18n;
pub mod index;
pub mod init;
pub mod load;
pub mod lsp;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod sheet;
pub mod source;
pub mod validate;
