//! Where the time of the rules across reports goes, on one thread: checks
//! every `.yaml` file of a directory with a built-in pack (the national
//! pack by default) as `check` does, keeps what the set rules read, then
//! times making the set's trees again and each set rule over them, with
//! the parts a run shares out among its threads (`parts`) or whole
//! (`whole`, one part a rule: what the parts cost beyond the rule).
//!
//! `cargo run --release --example set-rules -- DIR [parts|whole] [PACK]`
//! prints, to stdout, the reports kept, the time to make the trees, and
//! each set rule's time and parts. Wall times of one run on a noisy
//! machine: compare runs side by side, or run it under callgrind
//! (`--toggle-collect=pilotlint::eval::set::evaluate_set_rule_part`).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use pilotlint::eval::{evaluate_set_rule_part, parts, set_budget};
use pilotlint::pipeline::SetInput;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), whole) = (args.first(), args.get(1).is_some_and(|m| m == "whole")) else {
        eprintln!("usage: set-rules DIR [parts|whole] [PACK]");
        return ExitCode::from(2);
    };
    let pack = args.get(2).map_or("national", String::as_str);
    let Some(source) = pilotlint::builtin::get(pack) else {
        eprintln!("set-rules: no built-in pack `{pack}`");
        return ExitCode::from(2);
    };
    let rules = match pilotlint::load_rules(vec![source]) {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("set-rules: {e}");
            return ExitCode::from(2);
        }
    };
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(e) => {
            eprintln!("set-rules: {dir}: {e}");
            return ExitCode::from(2);
        }
    };
    files.sort();
    let mut set = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let report = pilotlint::check_report(&rules, &path.display().to_string(), &bytes);
        set.extend(report.for_set(&rules));
    }
    let kept = set.len();
    println!("{kept} reports kept of {} files", files.len());
    let started = Instant::now();
    let input = SetInput::new(&rules, set);
    println!("trees made again: {:.1?}", started.elapsed());
    let roots = input.roots();
    let budget = set_budget(roots);
    for (index, info) in rules.rules.iter().enumerate() {
        if !info.is_set() {
            continue;
        }
        let n = if whole { 1 } else { parts(&rules, index, kept) };
        let mut took = Duration::ZERO;
        for k in 0..n {
            let mut found = Vec::new();
            let started = Instant::now();
            evaluate_set_rule_part(&rules, roots, index, (k, n), budget, &mut found);
            took += started.elapsed();
        }
        println!("{}: {took:.1?} in {n} part(s)", info.id());
    }
    ExitCode::SUCCESS
}
