//! Criterion benchmarks of the three stages, separately: parsing and
//! checking the shipped rule packs, loading a report (YAML to the spanned
//! tree), and evaluating the shipped packs on a loaded report; then the
//! whole `check_report` of one file for reference. The report is the
//! shipped `examples/xian-2021-h2.yaml` (122 measures, 38 KB) and one with
//! planted mistakes, so the finding path is timed too.
//!
//! `cargo bench --bench pipeline` (see bench/README.md).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const REPORTS: [(&str, &str); 2] = [
    (
        "xian-2021-h2",
        include_str!("../examples/xian-2021-h2.yaml"),
    ),
    (
        "suzhou-2022-mistakes",
        include_str!("../examples/suzhou-2022-mistakes.yaml"),
    ),
];

fn rules() -> pilotlint::rules::RuleSet {
    pilotlint::load_rules(pilotlint::builtin::all(true)).expect("the shipped packs load")
}

fn parse_rules(c: &mut Criterion) {
    let sources = pilotlint::builtin::all(true);
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let mut g = c.benchmark_group("parse_rules");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("shipped_packs", |b| {
        b.iter(|| pilotlint::load_rules(black_box(sources.clone())).is_ok())
    });
    g.finish();
}

fn load_report(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_report");
    for (name, text) in REPORTS {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| pilotlint::report::load(black_box(text)).map(|l| l.documents.len()))
        });
    }
    g.finish();
}

fn evaluate(c: &mut Criterion) {
    let rules = rules();
    let mut g = c.benchmark_group("evaluate");
    for (name, text) in REPORTS {
        let docs = pilotlint::report::load(text)
            .expect("the example is valid YAML")
            .documents;
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut findings = Vec::new();
                for doc in &docs {
                    pilotlint::eval::evaluate(&rules, black_box(doc), &mut findings);
                }
                findings.len()
            })
        });
    }
    g.finish();
}

fn check_report(c: &mut Criterion) {
    let rules = rules();
    let mut g = c.benchmark_group("check_report");
    for (name, text) in REPORTS {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                pilotlint::check_report(&rules, name, black_box(text.as_bytes()))
                    .findings
                    .len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse_rules, load_report, evaluate, check_report);
criterion_main!(benches);
