//! JUnit XML for CI test reports: one test case per checked file; a file with findings
//! gets one failed test case per finding instead, so each finding is its own failure.
//!
//! Written to validate against the Jenkins xUnit plugin's `junit-10.xsd`, the strictest
//! consumer: no `skipped` on `<testsuites>`, test-case names unique (GitLab keeps only the
//! first of two with one name), line breaks in attributes written as `&#10;` (a raw one
//! is read back as a space). The `file` attribute GitLab shows is not in that schema: it
//! is written with `--junit-file`.

use super::markup::{attr, text as body};
use super::options::place;
use super::{Report, Reporter};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

pub struct Junit;

struct Case {
    name: String,
    classname: String,
    file: Option<String>,
    failure: Option<Failure>,
}

struct Failure {
    message: String,
    code: String,
    description: String,
}

fn cases(report: &Report<'_>) -> Vec<Case> {
    let mut by_file: BTreeMap<String, Vec<Case>> = report
        .checked
        .iter()
        .map(|p| (p.clone(), Vec::new()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let (path, mut name, file) = match (d.primary.is_some(), place(report, d)) {
            (true, Some((path, line, column))) => (
                path.to_owned(),
                format!("{path}:{line}:{column} {}", d.code),
                Some(path.to_owned()),
            ),
            (_, anchor) => (
                "(repository)".to_owned(),
                format!("(repository) {}", d.code),
                anchor.map(|(p, _, _)| p.to_owned()),
            ),
        };
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let _ = write!(name, " #{n}");
        }
        let description = format!(
            "{}: {}\n{}",
            d.severity,
            d.message,
            d.help.as_deref().unwrap_or_default()
        );
        by_file.entry(path.clone()).or_default().push(Case {
            name,
            classname: path,
            file,
            failure: Some(Failure {
                message: d.message.clone(),
                code: d.code.to_string(),
                description: description.trim().to_owned(),
            }),
        });
    }
    let mut out = Vec::new();
    for (path, found) in by_file {
        if found.is_empty() {
            out.push(Case {
                name: path.clone(),
                classname: path.clone(),
                file: Some(path),
                failure: None,
            });
        } else {
            out.extend(found);
        }
    }
    out
}

impl Reporter for Junit {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let cases = cases(report);
        let failures = cases.iter().filter(|c| c.failure.is_some()).count();
        let tests = cases.len();
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<testsuites name=\"grclint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
        );
        let _ = writeln!(
            x,
            "    <testsuite name=\"grclint\" tests=\"{tests}\" skipped=\"0\" errors=\"0\" failures=\"{failures}\">"
        );
        for c in &cases {
            let _ = write!(
                x,
                "        <testcase name=\"{}\" classname=\"{}\"",
                attr(&c.name),
                attr(&c.classname)
            );
            if let (true, Some(f)) = (report.options.junit_file, &c.file) {
                let _ = write!(x, " file=\"{}\"", attr(f));
            }
            match &c.failure {
                None => x.push_str("/>\n"),
                Some(f) => {
                    let _ = writeln!(
                        x,
                        ">\n            <failure message=\"{}\" type=\"{}\">{}</failure>\n        </testcase>",
                        attr(&f.message),
                        attr(&f.code),
                        body(&f.description)
                    );
                }
            }
        }
        x.push_str("    </testsuite>\n</testsuites>\n");
        out.write_all(x.as_bytes())
    }
}
