//! Writes a corpus of progress reports for the benchmarks: realistic reports
//! of the trade-in-services pilot in the shape of `examples/xian-2021-h2.yaml`
//! (the header, the implementation plan, the summary, one entry per measure,
//! key issues and best practices), from 28 pilot areas over half-year periods
//! (one report per area and period), with a controllable share of planted violations.
//!
//! Everything is deterministic: the same arguments give the same bytes, so
//! two machines (or two runs a week apart) time the same input.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- DIR --reports 2000 --measures 150
//! cargo run --release --example gen-corpus -- DIR --reports 200 --measures 150 --violations 0.05
//! ```
//!
//! `--violations P` (default 0.02) is the probability that a measure carries
//! one planted mistake (an unknown status or task, an implemented measure
//! without evidence or completion date or completed after the period, an
//! overdue measure), and that a report carries one (plan not approved, a
//! summary that disagrees with the list, a key issue reported late). With
//! `--violations 0` every report is clean under the shipped packs.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-corpus DIR [--reports N] [--measures M] [--violations P] [--seed S]";

/// The 28 areas of the pilot's third round, with the province for the plan
/// and the code their measure ids start with: for the three areas of the
/// shipped registry (rules/data/pilot-areas.yaml), the registry's code, so
/// the national pack's NAT004 finds their ids right.
const AREAS: [(&str, &str, &str); 28] = [
    ("Beijing", "Beijing", "BJ"),
    ("Tianjin", "Tianjin", "TJ"),
    ("Shanghai", "Shanghai", "SH"),
    ("Chongqing", "Chongqing", "CQ"),
    ("Hainan", "Hainan", "HN"),
    ("Shenzhen", "Guangdong", "SZ"),
    ("Guangzhou", "Guangdong", "GZ"),
    ("Hangzhou", "Zhejiang", "HZ"),
    ("Nanjing", "Jiangsu", "NJ"),
    ("Suzhou", "Jiangsu", "SU"),
    ("Wuhan", "Hubei", "WH"),
    ("Chengdu", "Sichuan", "CD"),
    ("Xi'an", "Shaanxi", "XA"),
    ("Hefei", "Anhui", "HF"),
    ("Jinan", "Shandong", "JN"),
    ("Qingdao", "Shandong", "QD"),
    ("Weihai", "Shandong", "Weihai"),
    ("Dalian", "Liaoning", "DL"),
    ("Shenyang", "Liaoning", "SY"),
    ("Harbin", "Heilongjiang", "Harbin"),
    ("Changchun", "Jilin", "Changchun"),
    ("Xiamen", "Fujian", "XM"),
    ("Nanning", "Guangxi", "NN"),
    ("Kunming", "Yunnan", "KM"),
    ("Guiyang", "Guizhou", "GY"),
    ("Lanzhou", "Gansu", "LZ"),
    ("Urumqi", "Xinjiang", "UR"),
    ("Harbin New Area", "Heilongjiang", "HX"),
];

/// The eight pilot tasks, verbs and subjects that combine into titles.
const TASKS: [(&str, &[&str], &[&str]); 8] = [
    (
        "administration-system",
        &["Set up", "Streamline", "Coordinate"],
        &[
            "the services-trade joint meeting of municipal departments",
            "approval of delegated service-sector matters",
            "one-window filing for technology contracts",
        ],
    ),
    (
        "opening-up",
        &["Open", "Pilot", "Ease access to"],
        &[
            "international legal services",
            "patent agency services",
            "exhibition services",
        ],
    ),
    (
        "facilitation",
        &["Facilitate", "Simplify", "Digitise"],
        &[
            "cross-border movement of technology",
            "entry and exit of business personnel",
            "customs clearance of bonded repair goods",
        ],
    ),
    (
        "development-models",
        &["Develop", "Extend", "Promote"],
        &[
            "digital trade in services",
            "international ship maintenance and repair",
            "service outsourcing platforms",
        ],
    ),
    (
        "promotion-mechanism",
        &["Build", "Run", "Expand"],
        &[
            "a one-stop IP financing public service platform",
            "trade fairs for service enterprises",
            "an overseas services-trade network",
        ],
    ),
    (
        "policy-system",
        &["Introduce", "Pilot", "Extend"],
        &[
            "securitisation of intellectual property",
            "export credit insurance for services",
            "talent policies for services trade",
        ],
    ),
    (
        "supervision-model",
        &["Apply", "Pilot", "Improve"],
        &[
            "credit-based supervision of service enterprises",
            "risk monitoring of cross-border services",
            "joint supervision of bonded maintenance",
        ],
    ),
    (
        "statistics-system",
        &["Improve", "Pilot", "Publish"],
        &[
            "direct reporting of services-trade statistics",
            "statistics of digital trade",
            "a services-trade enterprise register",
        ],
    ),
];

const LEADS: [&str; 6] = [
    "Municipal Bureau of Commerce",
    "Municipal Development and Reform Commission",
    "Municipal Bureau of Finance",
    "Municipal Science and Technology Bureau",
    "Customs",
    "Municipal Market Regulation Administration",
];

/// The half-year period `k` steps before the first half of 2023 (so the
/// 90% target of STP001 is not yet due): (start, end, submitted). Report
/// `i` is about area `i % 28` and period `i / 28`, so no two reports are
/// about the same area and period, as in a real set of submissions; a
/// corpus larger than the 28 areas times the six periods of the trial
/// reaches back before it (the rules do not mind, and the rules across
/// reports see one report per area and period).
fn period(k: usize) -> (String, String, String) {
    let half = 2023 * 2 - k as i64;
    let (year, second) = (half.div_euclid(2), half.rem_euclid(2) == 1);
    let day = 10 + k % 5;
    if second {
        (
            format!("{year}-07-01"),
            format!("{year}-12-31"),
            format!("{}-01-{day:02}", year + 1),
        )
    } else {
        (
            format!("{year}-01-01"),
            format!("{year}-06-30"),
            format!("{year}-07-{day:02}"),
        )
    }
}

/// Whether measure `n` of area `a` is implemented: the same in every
/// period, so a measure does not go back from implemented between two
/// reports of an area unless a mistake is planted (about 85% are).
fn is_implemented(a: usize, n: usize) -> bool {
    let mut r = Rng((a as u64) << 32 | n as u64);
    r.below(100) < 85
}

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }
}

struct Options {
    dir: PathBuf,
    reports: usize,
    measures: usize,
    violations: f64,
    seed: u64,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut o = Options {
        dir: PathBuf::new(),
        reports: 200,
        measures: 150,
        violations: 0.02,
        seed: 2020,
    };
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("`{name}` needs a value"));
        match a.as_str() {
            "--reports" => o.reports = number(&value(&a)?)?,
            "--measures" => o.measures = number(&value(&a)?)?,
            "--seed" => o.seed = number(&value(&a)?)? as u64,
            "--violations" => {
                let v = value(&a)?;
                o.violations = v
                    .parse()
                    .ok()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or(format!("`--violations` takes 0 to 1, not `{v}`"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            _ if a.starts_with('-') => return Err(format!("unknown option `{a}`")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument `{a}`")),
        }
    }
    o.dir = dir.ok_or("missing DIR")?;
    Ok(o)
}

fn number(s: &str) -> Result<usize, String> {
    s.parse().map_err(|_| format!("`{s}` is not a number"))
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&o.dir) {
        eprintln!("gen-corpus: cannot create `{}`: {e}", o.dir.display());
        return ExitCode::from(2);
    }
    let mut rng = Rng(o.seed);
    let mut bytes = 0;
    for i in 0..o.reports {
        let (area, _, code) = AREAS[i % AREAS.len()];
        let period = i / AREAS.len();
        let name = format!(
            "{}-{:04}-{}.yaml",
            code.to_lowercase(),
            period,
            area.to_lowercase().replace(['\'', ' '], "-")
        );
        let text = report(&mut rng, &o, i);
        bytes += text.len();
        let path = o.dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen-corpus: cannot write `{}`: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "gen-corpus: {} reports, {} measures each, {:.1} MB in {}",
        o.reports,
        o.measures,
        bytes as f64 / 1e6,
        o.dir.display()
    );
    ExitCode::SUCCESS
}

/// One progress report; `i` picks the area and the period.
fn report(rng: &mut Rng, o: &Options, i: usize) -> String {
    let (area, province, code) = AREAS[i % AREAS.len()];
    let (start, end, submitted) = period(i / AREAS.len());
    let year: u32 = end[..4].parse().unwrap_or(2021);
    // Approved before the oldest period of the corpus, as every report of
    // an area is about the same approved plan.
    let oldest: u32 = period(o.reports.saturating_sub(1) / AREAS.len()).0[..4]
        .parse()
        .unwrap_or(2020);
    let plan = oldest.min(2020) - 1;
    let p = o.violations;
    let mut s = String::with_capacity(o.measures * 330 + 1024);
    // `write!` into a String cannot fail; the results are ignored below.
    let _ = writeln!(
        s,
        "# yaml-language-server: $schema=../schema/report.schema.json\n\
         # {area}, period ending {end}: generated by gen-corpus (report {i}).\n\
         report: progress\n\
         program: service-trade-pilot-2020\n\
         area:\n  name: \"{area}\"\n  province: \"{province}\"\n\
         period:\n  start: {start}\n  end: {end}\n\
         submitted: {submitted}\n\
         implementation_plan:\n  drafted_with: \"{province} Provincial People's Government\"\n  \
         submitted_for_approval: {plan}-10-20\n  approved: {}\n  approved_on: {plan}-12-02",
        !rng.chance(p)
    );

    let mut measures = String::with_capacity(o.measures * 330);
    let mut implemented = 0;
    for n in 1..=o.measures {
        let (task, verbs, subjects) = TASKS[(n - 1) * TASKS.len() / o.measures.max(1)];
        let verb = verbs[rng.below(verbs.len())];
        let subject = subjects[rng.below(subjects.len())];
        let lead = LEADS[rng.below(LEADS.len())];
        // About 85% implemented, the rest under way with a later deadline.
        let done = is_implemented(i % AREAS.len(), n);
        let mut status = if done { "implemented" } else { "in-progress" };
        let mut task_name = task;
        let mut deadline = format!("{}-12-31", year.max(2021));
        let mut completed = Some(format!("{}-{:02}-{:02}", year - 1, 1 + n % 12, 1 + n % 28));
        let mut evidence = true;
        if !done {
            completed = None;
            deadline = format!("{}-06-30", year + 1);
        }
        if rng.chance(p) {
            match rng.below(6) {
                0 => status = "done",
                1 => task_name = "opening",
                2 if done => evidence = false,
                3 if done => completed = None,
                4 if done => completed = Some(format!("{}-03-01", year + 1)),
                _ if !done => deadline = format!("{}-03-31", year - 1),
                _ => status = "finished",
            }
        }
        if status == "implemented" {
            implemented += 1;
        }
        let _ = write!(
            measures,
            "  - id: {code}-{n:03}\n    task: {task_name}\n    title: \"{verb} {subject}\"\n    \
             lead: \"{area} {lead}\"\n    status: {status}\n    deadline: {deadline}\n"
        );
        if let Some(c) = completed {
            let _ = writeln!(measures, "    completed_on: {c}");
        }
        if evidence && status == "implemented" {
            let _ = writeln!(
                measures,
                "    evidence: [\"{area} municipal notice {}-{n}\"]",
                year - 1
            );
        }
        let _ = writeln!(measures, "    adjusts_regulation: false");
    }
    let off_by = usize::from(rng.chance(p));
    let _ = write!(
        s,
        "summary:\n  measures_total: {}\n  measures_implemented: {}\nmeasures:\n{measures}",
        o.measures,
        implemented + off_by
    );
    // Reported within 10 days, or (planted) 20 days later.
    let late = if rng.chance(p) { 23 } else { 10 };
    let _ = write!(
        s,
        "key_issues:\n  - raised_on: {}-05-03\n    reported_to_province_on: {}-05-{late}\n    \
         summary: \"Security assessments of data export take longer than the measure's schedule\"\n\
         best_practices:\n  - title: \"One-stop IP financing public service platform\"\n    \
         task: promotion-mechanism\n",
        year, year,
    );
    s
}
