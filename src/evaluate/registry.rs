//! One registry of codes: the engine's own checks and every loaded rule.

use crate::diagnostic::Severity;

pub struct EngineCode {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
}

const fn e(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    docs: &'static str,
) -> EngineCode {
    EngineCode {
        code,
        name,
        severity,
        summary,
        docs,
    }
}

use Severity::{Error, Info, Warning};

/// Every code a suppression may name: the rules' and the engine's own.
pub fn known_codes(rules: &[super::rules::Rule]) -> std::collections::HashSet<String> {
    rules
        .iter()
        .map(|r| r.code.clone())
        .chain(ENGINE_CODES.iter().map(|e| e.code.to_owned()))
        .collect()
}

/// The checks the engine makes itself, without a rule file.
pub const ENGINE_CODES: &[EngineCode] = &[
    e(
        "YAML001",
        "yaml-syntax",
        Error,
        "The file is not valid YAML",
        "## What it does\nReports where the YAML parser stopped.\n\n## Why it matters\nNothing in a file that does not parse can be checked: every other finding in it is hidden until it is fixed.\n\n## How to fix\nFix the syntax at the position shown: an unclosed bracket or quote, a `:` without a space after it, or a tab used for indentation.",
    ),
    e(
        "YAML002",
        "duplicate-key",
        Error,
        "A key appears twice in one mapping",
        "## What it does\nReports the second of two equal keys in one mapping, and points at the first.\n\n## Why it matters\nYAML tools disagree on which value wins; a reviewer reads one value while a tool uses the other.\n\n## How to fix\nDelete one of the two lines. grclint uses the first.",
    ),
    e(
        "YAML003",
        "input-refused",
        Error,
        "The input was refused by a limit",
        "## What it does\nRefuses a file that is too big, nested too deep, expands aliases too far, holds too many documents or records, or is not UTF-8.\n\n## Why it matters\nSuch input is either a mistake or an attempt to exhaust the machine that runs the check.\n\n## How to fix\nSave the file as UTF-8, split it, or raise the limit under `limits:` in `.grclint.yaml`.",
    ),
    e(
        "SCH001",
        "missing-field",
        Error,
        "A required field is missing",
        "## What it does\nReports a field that the kind's schema requires and the record lacks.\n\n## Why it matters\nThe register is incomplete: an asset without an owner or an inventory date cannot be managed.\n\n## How to fix\nAdd the field; `grclint schema KIND` shows what each field means.",
    ),
    e(
        "SCH002",
        "unknown-field",
        Error,
        "A field the kind's schema does not know",
        "## What it does\nReports a field that is not part of the kind, and suggests the closest known one.\n\n## Why it matters\nA misspelt field is silently ignored by every check: `last_inventroy` hides a missing `last_inventory`.\n\n## How to fix\nCorrect the spelling, or remove the field. To keep extra fields, add your own schema for the kind.",
    ),
    e(
        "SCH003",
        "invalid-value",
        Error,
        "A value of the wrong type or form",
        "## What it does\nReports a value that is not allowed: not one of the listed values, not a real date, not a duration, out of range, or of the wrong type.\n\n## Why it matters\nRules compare dates and classifications; a value they cannot read makes them blind.\n\n## How to fix\nUse one of the values the message lists. Dates are YYYY-MM-DD; durations look like 90d, 12w, 18mo, 5y, 24h or P5Y. Quote ids that look like numbers (`'007'`).",
    ),
    e(
        "KND001",
        "unknown-kind",
        Error,
        "`kind:` names a kind that has no schema",
        "## What it does\nReports a record whose kind grclint does not know.\n\n## Why it matters\nAn unknown kind is not checked at all.\n\n## How to fix\nCorrect the kind, or add `<kind>.schema.json` to a folder listed under `schemas:`.",
    ),
    e(
        "REF001",
        "dangling-reference",
        Error,
        "A reference names a record that does not exist",
        "## What it does\nChecks every field the schema marks with `x-ref`: the id it holds must be the id of a record of that kind.\n\n## Why it matters\nAn owner who is not in the personnel ledger, or a risk about an asset that is not in the asset ledger, is a gap an auditor finds first.\n\n## How to fix\nCorrect the id, or add the missing record.",
    ),
    e(
        "REF002",
        "duplicate-id",
        Error,
        "Two records of one kind share an id",
        "## What it does\nReports the second record that uses an id already used by a record of the same kind.\n\n## Why it matters\nReferences to that id become ambiguous, and one of the two records is checked against the other's relations.\n\n## How to fix\nGive each record its own id.",
    ),
    e(
        "RUL001",
        "rule-failed",
        Error,
        "A rule's expression failed on a schema-valid record",
        "## What it does\nReports a rule whose CEL expression could not be evaluated on a record that passed its schema.\n\n## Why it matters\nA broken rule that silently passed would hide the very findings it exists for.\n\n## How to fix\nFix the rule file named in the message: guard optional fields with `has(record.field)`, and check the types of dates and durations.",
    ),
    e(
        "IGN001",
        "bad-suppression",
        Warning,
        "A suppression comment names an unknown code or gives no reason",
        "## What it does\nChecks `# grclint: ignore[CODE] reason` comments.\n\n## Why it matters\nA suppression without a reason cannot be reviewed; one with a misspelt code silences nothing.\n\n## How to fix\nName existing codes and say why the finding does not apply.",
    ),
    e(
        "IGN002",
        "unused-suppression",
        Warning,
        "A suppression or waiver that suppressed nothing",
        "## What it does\nReports a suppression comment, or an unexpired waiver, that silenced no finding.\n\n## Why it matters\nStale exceptions hide future problems.\n\n## How to fix\nRemove it.",
    ),
    e(
        "WAI001",
        "waiver-expired",
        Error,
        "A waiver has expired",
        "## What it does\nReports a waiver whose `expires` date has passed; it silences nothing any more.\n\n## Why it matters\nAn exception is a decision with a date; after it, the risk must be decided again.\n\n## How to fix\nFix the finding, or have the exception approved again with a new `expires`.",
    ),
    e(
        "WAI002",
        "waiver-expiring",
        Info,
        "A waiver expires within 30 days",
        "## What it does\nReports a waiver that expires within 30 days.\n\n## Why it matters\nIt gives time to fix the finding or renew the approval before the check starts failing.\n\n## How to fix\nPlan the fix or the renewal.",
    ),
];

pub fn engine_code(code: &str) -> Option<&'static EngineCode> {
    ENGINE_CODES.iter().find(|c| c.code == code)
}
