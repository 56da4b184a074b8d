//! The report as one self-contained HTML page: inline CSS and SVG, no script, no external
//! reference of any kind, print CSS for A4.

use super::text::{Lang, Text};
use super::{Audit, Finding, areas::AREAS, due::Item, soa::Row, svg};
use crate::report::markup::text as esc;
use std::fmt::Write;

const CSS: &str = include_str!("report.css");

fn opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(String::new, esc)
}

pub fn page(a: &Audit, t: &Text) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        t.lang.as_str(),
        esc(t.title),
        esc(&a.cover.organisation)
    );
    cover(&mut s, a, t);
    areas(&mut s, a, t);
    risks(&mut s, a, t);
    soa(&mut s, &a.soa, t);
    due(&mut s, a, t);
    findings(&mut s, a, t);
    s.push_str("</body>\n</html>\n");
    s
}

fn cover(s: &mut String, a: &Audit, t: &Text) {
    let c = &a.cover;
    let commit = match (&c.commit, c.dirty) {
        (Some(h), Some(d)) => format!(
            "<code>{}</code> ({})",
            esc(h.get(..12).unwrap_or(h)),
            if d { t.dirty } else { t.clean }
        ),
        _ => esc(t.not_in_git),
    };
    let n = &a.summary;
    let _ = write!(
        s,
        "<header class=\"cover\">\n<h1>{}</h1>\n<p class=\"org\">{}</p>\n<dl>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{} / {}</dt><dd>{} / {}</dd>\n</dl>\n<table class=\"counts\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n<tr><td class=\"error\">{}</td><td class=\"warning\">{}</td><td class=\"info\">{}</td><td>{}</td></tr></table>\n",
        esc(t.title),
        esc(&c.organisation),
        esc(t.as_of),
        esc(&c.as_of),
        esc(t.version),
        esc(c.grclint_version),
        esc(t.commit),
        commit,
        esc(t.files),
        esc(t.records),
        n.files,
        n.records,
        esc(t.errors),
        esc(t.warnings),
        esc(t.infos),
        esc(t.suppressed),
        n.errors,
        n.warnings,
        n.infos,
        n.suppressed
    );
    let _ = write!(
        s,
        "<nav><h2>{}</h2><ol><li><a href=\"#areas\">{}</a></li><li><a href=\"#risks\">{}</a></li><li><a href=\"#soa\">{}</a></li><li><a href=\"#due\">{}</a></li><li><a href=\"#findings\">{}</a></li></ol></nav>\n</header>\n",
        esc(t.contents),
        esc(t.radar),
        esc(t.heat_map),
        esc(t.soa),
        esc(t.due),
        esc(t.findings)
    );
}

fn areas(s: &mut String, a: &Audit, t: &Text) {
    let _ = write!(
        s,
        "<section id=\"areas\">\n<h2>{}</h2>\n<p>{}</p>\n<div class=\"pair\">{}\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        esc(t.radar),
        esc(t.radar_note),
        svg::radar(&a.areas, t),
        esc(t.area),
        esc(t.score),
        esc(t.checks),
        esc(t.failing)
    );
    for (i, area) in a.areas.iter().enumerate() {
        let score = area
            .score
            .map_or_else(|| esc(t.no_records), |p| format!("{p}%"));
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{score}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(t.areas[i]),
            area.checks,
            area.failing
        );
    }
    s.push_str("</tbody></table></div>\n</section>\n");
}

fn risks(s: &mut String, a: &Audit, t: &Text) {
    let m = &a.heat_map;
    let _ = write!(
        s,
        "<section id=\"risks\">\n<h2>{}</h2>\n<p>{}</p>\n<div class=\"pair\">{}\n<div>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        esc(t.heat_map),
        esc(t.heat_note),
        svg::heat_map(m, t),
        esc(t.treatment),
        esc(t.risks_n)
    );
    for (k, n) in &m.treatments {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            esc(t.lang.value(k))
        );
    }
    let _ = write!(s, "</tbody></table>\n<h3>{}</h3>\n", esc(t.accepted));
    if m.accepted.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(t.none));
    } else {
        let _ = writeln!(
            s,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t.record),
            esc(t.approved_by),
            esc(t.expires)
        );
        for r in &m.accepted {
            let _ = writeln!(
                s,
                "<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.risk),
                esc(&r.title),
                opt(&r.approved_by),
                opt(&r.expires)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</div></div>\n</section>\n");
}

fn soa(s: &mut String, rows: &[Row], t: &Text) {
    let gaps: Vec<&str> = rows
        .iter()
        .filter(|r| !r.entry)
        .map(|r| r.control)
        .collect();
    let _ = write!(
        s,
        "<section id=\"soa\">\n<h2>{}</h2>\n<p>{}</p>\n",
        esc(t.soa),
        esc(t.soa_note)
    );
    if !gaps.is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"gap\">{}: {}</p>",
            esc(t.gaps),
            esc(&gaps.join(", "))
        );
    }
    let _ = writeln!(
        s,
        "<table class=\"soa\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.control),
        esc(t.name),
        esc(t.applicable),
        esc(t.status),
        esc(t.justification),
        esc(t.evidence),
        esc(t.rules)
    );
    for r in rows {
        let name = match (r.named, t.lang) {
            (false, Lang::Ja) => super::annex::control(r.control).map_or(r.name.as_str(), |c| c.ja),
            _ => r.name.as_str(),
        };
        if !r.entry {
            let _ = writeln!(
                s,
                "<tr class=\"gap\" id=\"{0}\"><td>{0}</td><td>{1}</td><td colspan=\"4\">{2}</td><td>{3}</td></tr>",
                esc(r.control),
                esc(name),
                esc(t.gap),
                esc(&r.rules.join(" "))
            );
            continue;
        }
        let applies = match r.applicable {
            Some(true) => t.yes,
            Some(false) => t.no,
            None => "",
        };
        let mut evidence = String::new();
        for e in &r.evidence {
            let what = match (&e.kind, &e.id) {
                (Some(k), Some(i)) => format!("{k} {i}"),
                _ => e.path.clone().unwrap_or_default(),
            };
            let place = match (&e.file, e.line) {
                (Some(f), Some(l)) => format!(" <span class=\"place\">{}:{l}</span>", esc(f)),
                (Some(f), None) => format!(" <span class=\"place\">{}</span>", esc(f)),
                _ => String::new(),
            };
            let _ = write!(evidence, "<div>{}{place}</div>", esc(&what));
        }
        let mut checks = esc(&r.rules.join(" "));
        if !r.open_findings.is_empty() {
            let _ = write!(
                checks,
                "<div class=\"open\">{}: {}</div>",
                esc(t.open_findings),
                esc(&r.open_findings.join(", "))
            );
        }
        if r.conflict {
            let _ = write!(
                checks,
                "<div class=\"conflict\">⚠ {}</div>",
                esc(t.conflict)
            );
        }
        let class = if r.applicable == Some(false) {
            " class=\"excluded\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<tr{class} id=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{evidence}</td><td>{checks}</td></tr>",
            esc(r.control),
            esc(name),
            esc(applies),
            esc(r.status.as_deref().map_or("", |v| t.lang.value(v))),
            opt(&r.justification)
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

fn due(s: &mut String, a: &Audit, t: &Text) {
    let note = t.due_note.replace("{}", &a.due.within_days.to_string());
    let _ = write!(
        s,
        "<section id=\"due\">\n<h2>{}</h2>\n<p>{}</p>\n",
        esc(t.due),
        esc(&note)
    );
    for (title, items) in [(t.overdue, &a.due.overdue), (t.upcoming, &a.due.upcoming)] {
        let _ = writeln!(s, "<h3>{}</h3>", esc(title));
        if items.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", esc(t.none));
            continue;
        }
        let _ = writeln!(
            s,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t.date),
            esc(t.days),
            esc(t.what),
            esc(t.record),
            esc(t.place)
        );
        for i in items {
            due_row(s, i, t);
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
}

fn due_row(s: &mut String, i: &Item, t: &Text) {
    let _ = writeln!(
        s,
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{} {}</td><td class=\"place\">{}</td></tr>",
        esc(&i.date),
        i.days,
        esc(t.due_kinds[i.what_index]),
        esc(&i.kind),
        opt(&i.record),
        esc(&i.path)
    );
}

fn findings(s: &mut String, a: &Audit, t: &Text) {
    let _ = write!(
        s,
        "<section id=\"findings\">\n<h2>{}</h2>\n<p>{}</p>\n",
        esc(t.findings),
        esc(t.findings_note)
    );
    if a.findings.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(t.nothing));
    }
    let mut groups: Vec<(Option<&str>, Vec<&Finding>)> = Vec::new();
    for f in &a.findings {
        match groups.last_mut() {
            Some((area, list)) if *area == f.area => list.push(f),
            _ => groups.push((f.area, vec![f])),
        }
    }
    for (area, list) in groups {
        let title = area
            .and_then(|k| AREAS.iter().position(|(key, _, _)| *key == k))
            .map_or("—", |i| t.areas[i]);
        let _ = writeln!(s, "<h3>{}</h3>", esc(title));
        finding_table(s, &list, t, false);
    }
    let _ = writeln!(s, "<h3>{}</h3>", esc(t.suppressed_title));
    if a.suppressed.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(t.none));
    } else {
        let list: Vec<&Finding> = a.suppressed.iter().collect();
        finding_table(s, &list, t, true);
    }
    s.push_str("</section>\n");
}

fn finding_table(s: &mut String, list: &[&Finding], t: &Text, suppressed: bool) {
    let extra = if suppressed {
        format!(
            "<th>{}</th><th>{}</th><th>{}</th>",
            esc(t.reason),
            esc(t.approved_by),
            esc(t.expires)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "<table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{extra}</tr></thead><tbody>",
        esc(t.record),
        esc(t.place),
        esc(t.severity),
        esc(t.message)
    );
    for f in list {
        let place = match (&f.path, f.line) {
            (Some(p), Some(l)) => format!("{}:{l}", esc(p)),
            (Some(p), None) => esc(p),
            _ => String::new(),
        };
        let record = match (&f.kind, &f.record) {
            (Some(k), Some(i)) => format!("{} {}", esc(k), esc(i)),
            (Some(k), None) => esc(k),
            _ => String::new(),
        };
        let help = f.help.as_deref().map_or_else(String::new, |h| {
            format!("<div class=\"help\">{}</div>", esc(h))
        });
        let severity = format!("{:?}", f.severity).to_lowercase();
        let _ = write!(
            s,
            "<tr><td>{record}</td><td class=\"place\">{place}</td><td class=\"{severity}\">{}</td><td><b>{}</b> {}{help}</td>",
            esc(&severity),
            esc(&f.code),
            esc(&f.message)
        );
        if suppressed {
            let reason = match &f.waiver {
                Some(w) => format!("{} {}", w, f.reason.as_deref().unwrap_or("")),
                None => f.reason.clone().unwrap_or_default(),
            };
            let _ = write!(
                s,
                "<td>{}</td><td>{}</td><td>{}</td>",
                esc(&reason),
                opt(&f.approved_by),
                opt(&f.expires)
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
}
