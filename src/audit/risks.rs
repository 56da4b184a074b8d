//! The risk heat map: likelihood × impact, 3 × 3, from the risk records.

use crate::pipeline::Workspace;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct HeatMap {
    /// Nine cells, likelihood 1..3 × impact 1..3, in that order.
    pub cells: Vec<Cell>,
    /// How many risks take each treatment (reduce, avoid, transfer, accept).
    pub treatments: BTreeMap<String, usize>,
    pub accepted: Vec<Accepted>,
    /// Risks whose likelihood or impact is not 1, 2 or 3 (the schema reports them).
    pub unplaced: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    pub likelihood: u8,
    pub impact: u8,
    pub count: usize,
    pub risks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Accepted {
    pub risk: String,
    pub title: String,
    pub approved_by: Option<String>,
    pub expires: Option<String>,
}

pub fn heat_map(ws: &Workspace) -> HeatMap {
    let mut cells: Vec<Cell> = (1..=3u8)
        .flat_map(|l| {
            (1..=3u8).map(move |i| Cell {
                likelihood: l,
                impact: i,
                count: 0,
                risks: Vec::new(),
            })
        })
        .collect();
    let mut treatments = BTreeMap::new();
    let mut accepted = Vec::new();
    let mut unplaced = Vec::new();
    let mut risks: Vec<_> = ws.records().iter().filter(|r| r.kind == "risk").collect();
    risks.sort_by(|a, b| a.id.cmp(&b.id));
    for r in risks {
        let id = r.id.clone().unwrap_or_default();
        let v = &r.value;
        let level = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_u64())
                .filter(|n| (1..=3).contains(n))
        };
        match (level("likelihood"), level("impact")) {
            (Some(l), Some(i)) => {
                let cell = &mut cells[((l - 1) * 3 + (i - 1)) as usize];
                cell.count += 1;
                cell.risks.push(id.clone());
            }
            _ => unplaced.push(id.clone()),
        }
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        if let Some(t) = text("treatment") {
            *treatments.entry(t.clone()).or_insert(0) += 1;
            if t == "accept" {
                let acc = v.get("acceptance");
                let field = |k: &str| {
                    acc.and_then(|a| a.get(k))
                        .and_then(|x| x.as_str())
                        .map(str::to_owned)
                };
                accepted.push(Accepted {
                    risk: id,
                    title: text("title").unwrap_or_default(),
                    approved_by: field("approved_by"),
                    expires: field("expires"),
                });
            }
        }
    }
    HeatMap {
        cells,
        treatments,
        accepted,
        unplaced,
    }
}
