//! The report's areas (the radar's axes) and which findings and checks belong to each.

use crate::evaluate::rules::Rule;
use crate::pipeline::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The areas, in the radar's order: (key, rule-code prefixes, record kinds).
pub const AREAS: [(&str, &[&str], &[&str]); 11] = [
    ("assets", &["AST", "ARE", "OPS"], &["asset", "area"]),
    ("people", &["PER"], &["person"]),
    ("suppliers", &["SUP"], &["supplier"]),
    ("contracts", &["CON"], &["contract"]),
    ("policies", &["POL"], &["policy"]),
    ("risks", &["RSK"], &["risk"]),
    ("incident_response", &["IRP"], &["incident_plan"]),
    ("continuity", &["BCP"], &["continuity_plan"]),
    ("services", &["SVC"], &["service"]),
    ("networks", &["NET"], &["network"]),
    ("soa", &["SOA"], &["soa"]),
];

/// The area (its index in [`AREAS`]) of a finding: by its rule's code, else by the kind of
/// the record it is about; None for what belongs to no area (the config, waivers).
pub fn area_of(code: &str, kind: Option<&str>) -> Option<usize> {
    AREAS
        .iter()
        .position(|(_, prefixes, _)| prefixes.iter().any(|p| code.starts_with(p)))
        .or_else(|| kind.and_then(|k| AREAS.iter().position(|(_, _, kinds)| kinds.contains(&k))))
}

/// One axis of the radar.
#[derive(Clone, Debug, Serialize)]
pub struct AreaScore {
    pub area: &'static str,
    /// One check is one rule on one record of its kind (a repository rule: one check).
    pub checks: usize,
    /// Checks with an open (not suppressed) finding.
    pub failing: usize,
    /// Percent of the checks that pass, rounded down; None when the area has no checks.
    pub score: Option<u32>,
}

/// The radar's axes: per area, the checks of its rules and those that fail.
pub fn scores(ws: &Workspace) -> Vec<AreaScore> {
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for r in ws.records() {
        *per_kind.entry(r.kind.as_str()).or_default() += 1;
    }
    let mut checks = [0usize; 11];
    for rule in ws.rules() {
        if let Some(a) = area_of(&rule.code, None) {
            checks[a] += applicable(rule, &per_kind);
        }
    }
    let mut failing: [BTreeSet<(String, String)>; 11] = Default::default();
    for d in ws.findings().iter().filter(|d| d.suppressed.is_none()) {
        if d.code.engine().is_some() {
            continue;
        }
        if let Some(a) = area_of(&d.code, None) {
            // A rule fails a record once, however many of its list items fail.
            let place = d.record.as_ref().map_or_else(String::new, |r| match &r.id {
                Some(id) => format!("{}:{id}", r.kind),
                // No id (an SoA entry): each finding's place stands for its record.
                None => format!("{}@{:?}", r.kind, d.primary.map(|p| (p.file.0, p.start))),
            });
            failing[a].insert((d.code.to_string(), place));
        }
    }
    AREAS
        .iter()
        .enumerate()
        .map(|(i, (key, _, _))| {
            let failing = failing[i].len().min(checks[i]);
            AreaScore {
                area: key,
                checks: checks[i],
                failing,
                score: (checks[i] > 0).then(|| ((checks[i] - failing) * 100 / checks[i]) as u32),
            }
        })
        .collect()
}

fn applicable(rule: &Rule, per_kind: &BTreeMap<&str, usize>) -> usize {
    if rule.repository {
        return 1;
    }
    rule.kinds
        .iter()
        .map(|k| per_kind.get(k.as_str()).copied().unwrap_or(0))
        .sum()
}
