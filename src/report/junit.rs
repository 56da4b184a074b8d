//! JUnit XML for CI test reports: one test case per checked file; a file with findings
//! gets one failed test case per finding instead, so each finding is its own failure.

use super::{Report, Reporter, location};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct Junit;

impl Reporter for Junit {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut by_file: BTreeMap<String, Vec<TestCase>> = report
            .checked
            .iter()
            .map(|p| (p.clone(), Vec::new()))
            .collect();
        for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let (path, name) = match location(d, report.sources) {
                Some(l) => (
                    l.path.to_owned(),
                    format!("{}:{}:{} {}", l.path, l.line, l.column, d.code),
                ),
                None => (
                    "(repository)".to_owned(),
                    format!("(repository) {}", d.code),
                ),
            };
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(d.message.clone());
            status.set_type(d.code.as_str());
            status.set_description(
                format!(
                    "{}: {}\n{}",
                    d.severity,
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
                .trim()
                .to_owned(),
            );
            let mut case = TestCase::new(name, status);
            case.set_classname(path.clone());
            by_file.entry(path).or_default().push(case);
        }
        let mut suite = TestSuite::new("grclint");
        for (path, cases) in by_file {
            if cases.is_empty() {
                let mut ok = TestCase::new(path.clone(), TestCaseStatus::success());
                ok.set_classname(path);
                suite.add_test_case(ok);
            } else {
                suite.add_test_cases(cases);
            }
        }
        let mut r = quick_junit::Report::new("grclint");
        r.add_test_suite(suite);
        let xml = r.to_string().map_err(io::Error::other)?;
        out.write_all(xml.as_bytes())?;
        writeln!(out)
    }
}
