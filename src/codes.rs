//! Codes: the engine's own checks as one enum, with their docs; every code a diagnostic
//! carries (an engine check, a rule's code, or a usage error) as one type.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the catalog says of an engine check.
pub struct EngineInfo {
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
}

/// Declares the engine codes once: the enum, its strings and its docs cannot drift apart.
macro_rules! engine_codes {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident,
        $summary:literal, $docs:literal;)*) => {
        /// The checks the engine makes itself, without a rule file.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum EngineCode {
            $($variant),*
        }

        impl EngineCode {
            pub const ALL: &[EngineCode] = &[$(EngineCode::$variant),*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EngineCode::$variant => $code),*
                }
            }

            pub fn parse(code: &str) -> Option<EngineCode> {
                match code {
                    $($code => Some(EngineCode::$variant),)*
                    _ => None,
                }
            }

            pub const fn info(self) -> EngineInfo {
                match self {
                    $(EngineCode::$variant => EngineInfo {
                        name: $name,
                        severity: Severity::$severity,
                        summary: $summary,
                        docs: $docs,
                    }),*
                }
            }
        }
    };
}

engine_codes! {
    Yaml001 = "YAML001", "yaml-syntax", Error,
        "The file is not valid YAML",
        "## What it does\nReports where the YAML parser stopped.\n\n## Why it matters\nNothing in a file that does not parse can be checked: every other finding in it is hidden until it is fixed.\n\n## How to fix\nFix the syntax at the position shown: an unclosed bracket or quote, a `:` without a space after it, or a tab used for indentation.";
    Yaml002 = "YAML002", "duplicate-key", Error,
        "A key appears twice in one mapping",
        "## What it does\nReports the second of two equal keys in one mapping, and points at the first.\n\n## Why it matters\nYAML tools disagree on which value wins; a reviewer reads one value while a tool uses the other.\n\n## How to fix\nDelete one of the two lines. grclint uses the first.";
    Yaml003 = "YAML003", "input-refused", Error,
        "The input was refused by a limit",
        "## What it does\nRefuses a file that is too big, nested too deep, expands aliases too far, holds too many documents or records, or is not UTF-8.\n\n## Why it matters\nSuch input is either a mistake or an attempt to exhaust the machine that runs the check.\n\n## How to fix\nSave the file as UTF-8, split it, or raise the limit under `limits:` in `.grclint.yaml`.";
    Sch001 = "SCH001", "missing-field", Error,
        "A required field is missing",
        "## What it does\nReports a field that the kind's schema requires and the record lacks.\n\n## Why it matters\nThe register is incomplete: an asset without an owner or an inventory date cannot be managed.\n\n## How to fix\nAdd the field; `grclint schema KIND` shows what each field means.";
    Sch002 = "SCH002", "unknown-field", Error,
        "A field the kind's schema does not know",
        "## What it does\nReports a field that is not part of the kind, and suggests the closest known one.\n\n## Why it matters\nA misspelt field is silently ignored by every check: `last_inventroy` hides a missing `last_inventory`.\n\n## How to fix\nCorrect the spelling, or remove the field. To keep extra fields, add your own schema for the kind.";
    Sch003 = "SCH003", "invalid-value", Error,
        "A value of the wrong type or form",
        "## What it does\nReports a value that is not allowed: not one of the listed values, not a real date, not a duration, out of range, or of the wrong type.\n\n## Why it matters\nRules compare dates and classifications; a value they cannot read makes them blind.\n\n## How to fix\nUse one of the values the message lists. Dates are YYYY-MM-DD; durations look like 90d, 12w, 18mo, 5y, 24h or P5Y. Quote ids that look like numbers (`'007'`).";
    Knd001 = "KND001", "unknown-kind", Error,
        "`kind:` names a kind that has no schema",
        "## What it does\nReports a record whose kind grclint does not know: a `kind:` that is a near miss of a grclint kind (`aset`, `rsik`) in a document that otherwise looks like a record (an `id` and mostly that kind's fields), or a record with no `kind:` in a file that holds other records. Documents with `apiVersion:` and kinds of other tools (`Service`, `Task`, `Policy` of Kubernetes, Tekton or Kyverno) are never records and are not reported.\n\n## Why it matters\nAn unknown kind is not checked at all.\n\n## How to fix\nCorrect the kind, or add `<kind>.schema.json` to a folder listed under `schemas:`. If the file is not a governance record at all, add it to `exclude` in `.grclint.yaml`, or pass `--exclude PATH`.";
    Knd002 = "KND002", "not-a-record", Warning,
        "A file in a record folder does not look like records",
        "## What it does\nReports, once per file, a YAML file in a record folder (such as `assets/` or `services/`, at any depth) that grclint did not read as records because it does not look like them: it has some of a record's marks but not enough to be sure, such as an `id` and none of the folder kind's fields, or a few of the kind's fields and no `id`. Files that look nothing like records (no `id` and none of the kind's fields, an `apiVersion:`, a `kind:` of another tool, template markers such as `{{ … }}`) and files named for other tools (`docker-compose.yml`, `Chart.yaml`, `values.yaml`, `mkdocs.yml`, …) are skipped without a finding; `grclint check --verbose` lists every skipped file and why.\n\n## Why it matters\nA record file that grclint does not read is not checked at all; a file that is not a record file should not be reported field by field.\n\n## How to fix\nIf the file holds records, give each an `id` and the fields of its kind (`grclint schema KIND` lists them). If it is not a record file, add it to `exclude` in `.grclint.yaml` (`exclude: [\"docs/assets/**\"]`) or pass `--exclude PATH` to `grclint check`.";
    Ref001 = "REF001", "dangling-reference", Error,
        "A reference names a record that does not exist",
        "## What it does\nChecks every field the schema marks with `x-ref`: the id it holds must be the id of a record of that kind.\n\n## Why it matters\nAn owner who is not in the personnel ledger, or a risk about an asset that is not in the asset ledger, is a gap an auditor finds first.\n\n## How to fix\nCorrect the id, or add the missing record.";
    Ref002 = "REF002", "duplicate-id", Error,
        "Two records of one kind share an id",
        "## What it does\nReports the second record that uses an id already used by a record of the same kind.\n\n## Why it matters\nReferences to that id become ambiguous, and one of the two records is checked against the other's relations.\n\n## How to fix\nGive each record its own id.";
    Rul001 = "RUL001", "rule-failed", Error,
        "A rule's expression failed on a schema-valid record",
        "## What it does\nReports a rule whose CEL expression could not be evaluated on a record that passed its schema.\n\n## Why it matters\nA broken rule that silently passed would hide the very findings it exists for.\n\n## How to fix\nFix the rule file named in the message: guard optional fields with `has(record.field)`, and check the types of dates and durations.";
    Rul002 = "RUL002", "rule-over-budget", Error,
        "A rule would visit more records than its budget allows, and was stopped",
        "## What it does\nReports a rule that was not run, or was stopped part way, because it would visit more records than `limits.max_rule_visits` allows (default 10,000,000, and at least ten per record of the repository). Records are counted as `records()` and `referenced_by()` hand them to the rule; before the run, grclint also estimates the count from the rule's expressions and the number of records of each kind.\n\n## Why it matters\nA rule that goes through every record of a kind for each record it checks (a loop inside a loop) takes minutes on ten thousand records and can exhaust the memory of the machine that runs the check. Stopping it keeps the rest of the check going; the finding says its results are incomplete.\n\n## How to fix\nRewrite the rule so that it looks records up instead of going through all of them: `record_of(kind, id)`, `has_record(kind, id)`, `referenced_by(kind)` and `count(kind)` use the index. If the rule really needs more, raise `limits.max_rule_visits` in `.grclint.yaml`.";
    Ign001 = "IGN001", "bad-suppression", Warning,
        "A suppression comment names an unknown code or gives no reason",
        "## What it does\nChecks `# grclint: ignore[CODE] reason` comments.\n\n## Why it matters\nA suppression without a reason cannot be reviewed; one with a misspelt code silences nothing.\n\n## How to fix\nName existing codes and say why the finding does not apply.";
    Ign002 = "IGN002", "unused-suppression", Warning,
        "A suppression or waiver that suppressed nothing",
        "## What it does\nReports a suppression comment, or an unexpired waiver, that silenced no finding.\n\n## Why it matters\nStale exceptions hide future problems.\n\n## How to fix\nRemove it.";
    Wai001 = "WAI001", "waiver-expired", Error,
        "A waiver has expired",
        "## What it does\nReports a waiver whose `expires` date has passed; it silences nothing any more.\n\n## Why it matters\nAn exception is a decision with a date; after it, the risk must be decided again.\n\n## How to fix\nFix the finding, or have the exception approved again with a new `expires`.";
    Wai002 = "WAI002", "waiver-expiring", Info,
        "A waiver expires within 30 days",
        "## What it does\nReports a waiver that expires within 30 days.\n\n## Why it matters\nIt gives time to fix the finding or renew the approval before the check starts failing.\n\n## How to fix\nPlan the fix or the renewal.";
    Wai003 = "WAI003", "waiver-approver-left", Error,
        "A waiver's approver has left the company",
        "## What it does\nReports a waiver whose `approved_by` names a person with a `left` date on or before today. The waiver still silences its finding.\n\n## Why it matters\nAn accepted exception needs someone in the company who answers for it; an approver who has left cannot review it or be asked about it.\n\n## How to fix\nHave a current manager approve the exception again: set `approved_by` and `approved_on`.";
    Wai004 = "WAI004", "waiver-bad-dates", Error,
        "A waiver was approved in the future or after it expires",
        "## What it does\nReports a waiver whose `approved_on` is after today or after its own `expires`. Such a waiver silences nothing.\n\n## Why it matters\nAn approval dated tomorrow has not been given yet, and one dated after the expiry approved nothing that is still in force: both are usually typing mistakes that would otherwise hide a finding.\n\n## How to fix\nCorrect `approved_on` to the day the approval was given, and `expires` to the day it ends.";
    Wai005 = "WAI005", "waiver-bad-target", Error,
        "A waiver's target is a path pattern that cannot be read",
        "## What it does\nReports a waiver whose `target` looks like a path pattern (it has `/`, `*` or `?`) but is not a valid glob, such as `networks/[*.yaml`. It silences nothing.\n\n## Why it matters\nWithout this, the waiver would only be reported as having silenced nothing, which hides the real mistake.\n\n## How to fix\nWrite the target as a record id (`NET-002`) or a valid glob (`networks/*.yaml`).";
    Soa007 = "SOA007", "implemented-with-open-findings", Warning,
        "A control the SoA calls implemented has open findings under it",
        "## What it does\nReports an `soa` entry with `status: implemented` for a control under which grclint has open findings: findings of the rules whose `references.iso27001` name the control (`grclint explain CODE` shows a rule's references), that no comment or waiver silences. The finding lists them, with their place.\n\n## Why it matters\nThe Statement of Applicability tells the auditor what is in place. An auditor who samples a control called implemented and finds, say, assets without an owner under A.5.9 will doubt the rest of the statement.\n\n## How to fix\nFix the findings listed, or set `status` to `partial` until they are fixed. A finding that does not apply is silenced with a reason (`# grclint: ignore[CODE] reason` or a waiver); it then no longer counts here.";
    Lim001 = "LIM001", "findings-capped", Warning,
        "A file has more findings than are reported",
        "## What it does\nReports that a file gave more findings than `limits.max_findings_per_file` (default 1000), and how many more there were. The first ones, in the order of the report, are shown.\n\n## Why it matters\nThousands of findings in one file are one mistake repeated (a ledger pasted twice, a column shifted) or an input made to exhaust the machine that runs the check; a report of millions helps no one.\n\n## How to fix\nFix the first findings: the rest usually go with them. To see every finding, raise `limits.max_findings_per_file` in `.grclint.yaml`.";
    Cfg001 = "CFG001", "bad-config", Error,
        "The configuration file cannot be used",
        "## What it does\nReports a problem in `.grclint.yaml` (or the file given with `--config`): a setting grclint does not know, a value of the wrong form, a folder under `schemas:` or `rules:` that does not exist or lies outside the repository, a path glob that cannot be read, or a `rule_settings` entry that names no rule, a param the rule does not have or a param of the wrong type.\n\n## Why it matters\nA mistyped setting would otherwise be ignored without a word: `exlude` would exclude nothing, and a rule turned off under a misspelt code would keep running. grclint checks nothing until the config is right, and exits with code 2.\n\n## How to fix\nCorrect the setting at the line shown; the message says what is allowed there. `schemas/config.schema.json` lists every setting, and `grclint explain CODE` lists a rule's params and their defaults.";
    Cfg002 = "CFG002", "bad-rule", Error,
        "A rule file cannot be used",
        "## What it does\nReports a rule file (in a folder listed under `rules:`) that cannot be read or compiled: invalid YAML, a key the rule format does not have, a missing `message`, a CEL expression that does not parse, a name outside the rule's environment (a misspelt function, an undeclared `params.x`), a kind that has no schema, or a code already used by another rule or by a check of the engine.\n\n## Why it matters\nA rule that cannot run checks nothing, and a rule that silently passed would hide the very findings it exists for. grclint checks nothing until every rule compiles, and exits with code 2.\n\n## How to fix\nCorrect the rule file at the line and column shown. The README's section on writing rules lists the keys, the names and the functions a rule may use; give each rule its own code.";
    Cfg003 = "CFG003", "bad-schema", Error,
        "A schema file cannot be used",
        "## What it does\nReports a `<kind>.schema.json` (in a folder listed under `schemas:`) that cannot be read, is not valid JSON, or is not a JSON Schema grclint can compile, for example because it refers to another file or to the network.\n\n## Why it matters\nRecords of a kind without a usable schema cannot be checked at all. grclint checks nothing until every schema compiles, and exits with code 2.\n\n## How to fix\nCorrect the schema at the position shown. A schema may refer only to itself (`#/$defs/...`): grclint never downloads anything. `grclint schema KIND` prints a built-in schema to start from.";
}

mod ja;

impl EngineCode {
    /// The one-line summary in `lang`.
    pub fn summary(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::En => self.info().summary,
            crate::i18n::Lang::Ja => ja::texts(self).0,
        }
    }

    /// The docs page (markdown) in `lang`.
    pub fn docs(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::En => self.info().docs,
            crate::i18n::Lang::Ja => ja::texts(self).1,
        }
    }
}

impl fmt::Display for EngineCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The code of a diagnostic. It compares, hashes, orders, prints and serialises as its
/// text (`"AST001"`, `"SCH002"`), so that reports and tests read it as a string.
#[derive(Clone, Debug)]
pub enum Code {
    Engine(EngineCode),
    /// A rule's code, shared with the rule it came from.
    Rule(Arc<str>),
    /// Not a finding: the command line or the environment asked for something impossible.
    Usage,
}

impl Code {
    pub fn as_str(&self) -> &str {
        match self {
            Code::Engine(e) => e.as_str(),
            Code::Rule(r) => r,
            Code::Usage => "usage",
        }
    }

    pub fn engine(&self) -> Option<EngineCode> {
        match self {
            Code::Engine(e) => Some(*e),
            _ => None,
        }
    }
}

impl From<EngineCode> for Code {
    fn from(e: EngineCode) -> Code {
        Code::Engine(e)
    }
}

impl From<Arc<str>> for Code {
    fn from(rule: Arc<str>) -> Code {
        Code::Rule(rule)
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.as_str().to_owned()
    }
}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Code {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Code {}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<EngineCode> for Code {
    fn eq(&self, other: &EngineCode) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_code_reads_back_and_has_docs() {
        for &c in EngineCode::ALL {
            assert_eq!(EngineCode::parse(c.as_str()), Some(c));
            let info = c.info();
            for section in ["## What it does", "## Why it matters", "## How to fix"] {
                assert!(info.docs.contains(section), "{c}: no `{section}`");
            }
            assert!(!info.summary.is_empty() && !info.name.is_empty());
        }
        assert_eq!(EngineCode::parse("AST001"), None);
    }

    #[test]
    fn a_code_is_its_text() {
        let rule = Code::from(Arc::<str>::from("AST001"));
        assert_eq!(rule, "AST001");
        assert_eq!(Code::from(EngineCode::Ref001), "REF001");
        assert_eq!(Code::Usage.to_string(), "usage");
        assert_eq!(
            format!("{:<8}|", Code::from(EngineCode::Sch001)),
            "SCH001  |"
        );
        assert_eq!(serde_json::to_string(&rule).unwrap(), "\"AST001\"");
        let ign = Code::from(EngineCode::Ign001);
        assert!(rule < ign, "codes order as their text");
    }
}
