//! What is built into the binary, as `build.rs` found it: every rule file of `rules/<pack>/`
//! and every kind schema of `schemas/`, with the conventional folders of each kind.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
