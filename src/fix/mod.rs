//! Fixes: text edits on a file's original bytes that resolve a finding, shared by
//! `grclint fix` and the language server's quick fixes. Only the bytes of the fixed node
//! change: comments, order and formatting elsewhere stay as they were.
//!
//! A fix is *safe* when it cannot change what the record means beyond the mistake it
//! repairs (a misspelt key renamed, a date rewritten as YYYY-MM-DD); an *unsafe* one needs
//! a person to finish it (a missing field inserted with an empty value).

pub mod diff;
mod make;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Workspace;
use std::path::PathBuf;

/// What the command line gives `grclint fix`.
#[derive(clap::Args, Debug, Default)]
pub struct FixArgs {
    /// Files or folders to fix (default: the whole repository)
    pub paths: Vec<PathBuf>,
    /// Print what would change as a unified diff, and write nothing
    #[arg(long)]
    pub diff: bool,
    /// Also apply fixes that need a person to finish them (a missing field added empty)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Config file (default: .grclint.yaml at the repository root)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to check against, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// Replace the bytes `start..end` of a file with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

/// What resolves one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The code of the finding it resolves.
    pub code: String,
    /// What it does, in plain words: "rename `clasification` to `classification`".
    pub title: String,
    pub safe: bool,
    pub edits: Vec<Edit>,
}

/// The fix of one finding, if grclint knows one.
pub fn fix_for(ws: &Workspace, d: &Diagnostic) -> Option<Fix> {
    if d.suppressed.is_some() {
        return None;
    }
    make::fix(ws, d)
}

/// The fixes of the findings in a repository-relative file, in file order.
pub fn fixes(ws: &Workspace, path: &str) -> Vec<Fix> {
    let mut out: Vec<Fix> = ws
        .findings_for(path)
        .filter_map(|d| fix_for(ws, d))
        .collect();
    out.sort_by_key(|f| f.edits.first().map(|e| e.start));
    out.dedup();
    out
}

/// The text of a repository-relative file as the workspace holds it.
pub fn text_of<'w>(ws: &'w Workspace, path: &str) -> Option<&'w str> {
    ws.sources()
        .iter()
        .find(|(_, f)| f.path == path)
        .map(|(_, f)| &*f.text)
}

/// Applies the fixes whose edits do not overlap an earlier one's; returns the new text and
/// the fixes applied.
pub fn apply<'f>(text: &str, fixes: &'f [Fix]) -> (String, Vec<&'f Fix>) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    for f in fixes {
        let clash = f.edits.iter().any(|e| {
            e.start > e.end
                || e.end as usize > text.len()
                || !text.is_char_boundary(e.start as usize)
                || !text.is_char_boundary(e.end as usize)
                || taken
                    .iter()
                    .any(|t| e.start < t.end.max(t.start + 1) && t.start < e.end.max(e.start + 1))
        });
        if !clash {
            taken.extend(&f.edits);
            applied.push(f);
        }
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for e in taken {
        out.push_str(&text[at..e.start as usize]);
        out.push_str(&e.text);
        at = e.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: u32, end: u32, text: &str) -> Edit {
        Edit {
            start,
            end,
            text: text.to_owned(),
        }
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            code: "SCH002".into(),
            title: "t".into(),
            safe: true,
            edits,
        }
    }

    #[test]
    fn overlapping_fixes_apply_the_first_only() {
        let text = "abc: 1\ndef: 2\n";
        let fixes = [
            fix(vec![edit(0, 3, "xyz")]),
            fix(vec![edit(1, 2, "Q")]),
            fix(vec![edit(7, 10, "uvw")]),
        ];
        let (out, applied) = apply(text, &fixes);
        assert_eq!(out, "xyz: 1\nuvw: 2\n");
        assert_eq!(applied.len(), 2);
        // Two insertions at one place clash too: their order would be a guess.
        let two = [fix(vec![edit(6, 6, "a")]), fix(vec![edit(6, 6, "b")])];
        let (out, applied) = apply(text, &two);
        assert_eq!((out.as_str(), applied.len()), ("abc: 1a\ndef: 2\n", 1));
    }

    #[test]
    fn an_edit_off_a_character_boundary_is_refused() {
        let text = "名前: x\n";
        let inside = [fix(vec![edit(1, 3, "y")])];
        let (out, applied) = apply(text, &inside);
        assert_eq!((out.as_str(), applied.len()), (text, 0));
    }
}
