//! The run loop of `pilotlint check`: reports are checked on a rayon thread
//! pool and written, in input order, as soon as each one and all before it
//! are done, then dropped.
//!
//! Memory is that of the reports in flight, not of the run: the pool is
//! given at most a window of reports beyond the last one written, so a slow
//! report early in the run holds the others back rather than letting
//! finished ones pile up behind it. The output is the same whatever the
//! number of threads, because the order of writing is the input order.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::atomic::AtomicFile;
use pilotlint::CheckedReport;
use pilotlint::finding::{Finding, codes};
use pilotlint::output::{Failure, Output, Summary};
use pilotlint::syntax::ast::Severity;

/// How many reports per thread may be checked ahead of the writer: enough
/// to keep every thread busy when report sizes vary, few enough that memory
/// stays a small multiple of the largest report.
const WINDOW_PER_THREAD: usize = 4;

/// The rayon pool of a run, of `threads` threads (the front end decides how
/// many; 0 is rayon's default).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("pilotlint-check-{i}"))
        .build()
}

/// Applies `work` to every item on `pool` and hands the results to `sink`
/// in the order of `items`, each as soon as it and all before it are done.
/// `sink` runs on the calling thread; when it breaks, no further item is
/// started and the results of those in flight are dropped.
pub fn in_order<T: Sync, R: Send>(
    pool: &rayon::ThreadPool,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> ControlFlow<()>,
) {
    let window = pool.current_num_threads().max(1) * WINDOW_PER_THREAD;
    let work = &work;
    let (done, results) = mpsc::channel();
    pool.in_place_scope(|scope| {
        let mut started = 0;
        let mut written = 0;
        // Results that came back before an earlier one.
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        while written < items.len() {
            while started < items.len() && started < written + window {
                let (i, item, done) = (started, &items[started], done.clone());
                scope.spawn(move |_| {
                    // A panic is a bug of ours; it is passed on to the
                    // calling thread below rather than lost with the result.
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The receiver lives until every started item is back.
                    let _ = done.send((i, result));
                });
                started += 1;
            }
            // `done` is still held here, so `recv` cannot fail while items
            // are in flight; and one is: `written < started`.
            let Ok((i, result)) = results.recv() else {
                break;
            };
            match result {
                Ok(r) => {
                    waiting.insert(i, r);
                }
                Err(p) => panic::resume_unwind(p),
            }
            while let Some(r) = waiting.remove(&written) {
                written += 1;
                if sink(r).is_break() {
                    return;
                }
            }
        }
    });
}

/// What a run does to each report before it is counted and written, and
/// the reports it adds at the end: a baseline hides the findings it knows,
/// then says which of its entries matched nothing.
pub trait Screen {
    /// The report to count and write instead of `report`; `None` to keep
    /// it as it is.
    fn screen(&mut self, report: &CheckedReport) -> Option<CheckedReport>;
    /// The reports to write after every other.
    fn end(&mut self) -> Vec<CheckedReport>;
}

/// Where the output goes and what it is: the format's writer, opened when
/// the first report is written, and the counts the summary and the exit
/// status need.
pub struct Writer<'a> {
    out: Box<dyn Output + 'a>,
    screen: Option<Box<dyn Screen + 'a>>,
    /// The most findings shown of one report (`--max-findings`).
    max_findings: usize,
    to: To,
    path: Option<PathBuf>,
    summary: Summary,
    worst: Option<Severity>,
}

enum To {
    /// Nothing written yet.
    NotOpen,
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File(AtomicFile),
    /// Nothing more is written: the reader of standard output went away
    /// (`| head -1`) and the run goes on for the exit status, or writing
    /// failed (an unfinished file is removed when dropped).
    Done,
}

impl To {
    /// Runs `f` on the open writer; nothing when there is none.
    fn with(&mut self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        match self {
            To::Stdout(w) => f(w),
            To::File(w) => f(w),
            To::NotOpen | To::Done => Ok(()),
        }
    }
}

/// Why the output could not be written.
#[derive(Debug)]
pub struct WriteError {
    /// The `--output` file, or `None` for standard output.
    pub path: Option<PathBuf>,
    pub error: io::Error,
}

impl<'a> Writer<'a> {
    /// `out` writes the format; `path` is `--output`, or `None` for
    /// standard output; at most `max_findings` findings of a report are
    /// shown.
    pub fn new(out: Box<dyn Output + 'a>, path: Option<&Path>, max_findings: usize) -> Self {
        Writer {
            out,
            screen: None,
            max_findings,
            to: To::NotOpen,
            path: path.map(Path::to_path_buf),
            summary: Summary::default(),
            worst: None,
        }
    }

    /// The writer, with every report passed through `screen` first.
    pub fn screened(mut self, screen: Box<dyn Screen + 'a>) -> Self {
        self.screen = Some(screen);
        self
    }

    /// Counts `report` and writes it (opening the output for the first).
    pub fn report(&mut self, report: &CheckedReport) -> Result<(), WriteError> {
        let screened = self.screen.as_mut().and_then(|s| s.screen(report));
        let report = screened.as_ref().unwrap_or(report);
        self.summary.add(report);
        let worst = report.findings.iter().map(|f| f.severity).max();
        self.worst = self.worst.max(worst);
        if let To::NotOpen = self.to {
            self.open()?;
        }
        // The counts and the exit status take every finding; what is shown
        // stops at the cap, so no report can flood the output.
        let capped;
        let shown = if report.findings.len() > self.max_findings {
            let mut copy = report.clone();
            copy.truncate_findings(self.max_findings, not_shown);
            capped = copy;
            &capped
        } else {
            report
        };
        // Flushed per report, so a reader sees each report as it is done
        // (`pilotlint check | less` while a large run goes on).
        let result = self
            .to
            .with(|w| self.out.report(w, shown).and_then(|()| w.flush()));
        self.check(result)
    }

    /// Hands the outcomes of the rules across reports to the format
    /// ([`Output::set_outcomes`]).
    pub fn set_outcomes(&mut self, outcomes: &[pilotlint::eval::Outcome]) {
        self.out.set_outcomes(outcomes);
    }

    /// Opens the output and writes its head.
    fn open(&mut self) -> Result<(), WriteError> {
        self.to = match &self.path {
            Some(path) => match create_parent(path).and_then(|()| AtomicFile::create(path)) {
                Ok(f) => To::File(f),
                Err(e) => return Err(self.fail(e)),
            },
            None => To::Stdout(io::BufWriter::new(io::stdout().lock())),
        };
        let result = self.to.with(|w| self.out.begin(w));
        self.check(result)
    }

    /// Writes the end of the output, with `failures` (what kept the run
    /// from checking everything), and puts the file in place. With
    /// `always`, a run that wrote no report still writes its output (a
    /// machine-readable format says why nothing was checked); otherwise it
    /// writes nothing.
    pub fn finish(mut self, failures: Vec<Failure>, always: bool) -> Result<(), WriteError> {
        if let Some(mut screen) = self.screen.take() {
            for report in screen.end() {
                self.report(&report)?;
            }
        }
        if let To::NotOpen = self.to {
            if !always {
                return Ok(());
            }
            self.open()?;
        }
        let mut summary = std::mem::take(&mut self.summary);
        summary.failures = failures;
        let result = self
            .to
            .with(|w| self.out.finish(w, &summary).and_then(|()| w.flush()));
        self.check(result)?;
        if let To::File(file) = std::mem::replace(&mut self.to, To::Done) {
            file.commit().map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// The most severe finding of every report counted so far.
    pub fn worst(&self) -> Option<Severity> {
        self.worst
    }

    fn check(&mut self, result: io::Result<()>) -> Result<(), WriteError> {
        match result {
            Ok(()) => Ok(()),
            // A closed pipe means the reader has what it wants; the exit
            // status still tells what was found.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.path.is_none() => {
                self.to = To::Done;
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    fn fail(&mut self, error: io::Error) -> WriteError {
        self.to = To::Done;
        WriteError {
            path: self.path.clone(),
            error,
        }
    }
}

/// The note that ends the findings of a report over `--max-findings`.
pub(crate) fn not_shown(rest: usize) -> Finding {
    Finding {
        code: codes::FINDINGS_NOT_SHOWN.to_string(),
        severity: Severity::Info,
        message: format!(
            "{rest} more finding{} in this file {} not shown",
            if rest == 1 { "" } else { "s" },
            if rest == 1 { "is" } else { "are" }
        ),
        span: None,
        label: None,
        secondary: Vec::new(),
        help: Some(
            "they count in the summary and the exit status; raise `--max-findings` to see them"
                .to_string(),
        ),
        rule: None,
        file: None,
        related: Vec::new(),
    }
}

/// Creates the folders `--output sub/dir/out.sarif` names that are missing,
/// as Ruff's `-o` does: a CI step can name a report folder that no earlier
/// step made.
fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex};

    /// Results come in input order whatever the order they finish in.
    #[test]
    fn results_come_in_input_order() {
        let pool = pool(3).expect("a pool");
        let items: Vec<u64> = (0..50).collect();
        let mut got = Vec::new();
        in_order(
            &pool,
            &items,
            |&i| {
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_micros((50 - i) * 100));
                i * 2
            },
            |r| {
                got.push(r);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    /// While the first item is stuck, the pool starts no more than the
    /// window beyond it: results cannot pile up without bound.
    #[test]
    fn workers_stay_within_the_window_of_a_slow_first_item() {
        let threads = 2;
        let pool = pool(threads).expect("a pool");
        let items: Vec<usize> = (0..200).collect();
        let started = Arc::new(AtomicUsize::new(0));
        let release = Arc::new((Mutex::new(false), Condvar::new()));
        let started_when_released = Arc::new(AtomicUsize::new(0));
        {
            let (started, release, seen) = (
                Arc::clone(&started),
                Arc::clone(&release),
                Arc::clone(&started_when_released),
            );
            std::thread::spawn(move || {
                // Ample time for the other workers to run ahead if they could.
                std::thread::sleep(std::time::Duration::from_millis(300));
                seen.store(started.load(Ordering::SeqCst), Ordering::SeqCst);
                let (lock, cvar) = &*release;
                *lock.lock().expect("not poisoned") = true;
                cvar.notify_all();
            });
        }
        let mut count = 0;
        in_order(
            &pool,
            &items,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                if i == 0 {
                    let (lock, cvar) = &*release;
                    let mut free = lock.lock().expect("not poisoned");
                    while !*free {
                        free = cvar.wait(free).expect("not poisoned");
                    }
                }
                i
            },
            |r| {
                assert_eq!(r, count);
                count += 1;
                ControlFlow::Continue(())
            },
        );
        assert_eq!(count, items.len());
        let seen = started_when_released.load(Ordering::SeqCst);
        assert!(
            seen <= threads * WINDOW_PER_THREAD,
            "{seen} items started while the first was stuck"
        );
        // And the others did run meanwhile: the window is not one item.
        assert!(seen > threads, "{seen}");
    }

    /// A sink that breaks stops the run: nothing more is handed over.
    #[test]
    fn a_breaking_sink_stops_the_run() {
        let pool = pool(2).expect("a pool");
        let items: Vec<usize> = (0..100).collect();
        let mut got = Vec::new();
        in_order(
            &pool,
            &items,
            |&i| i,
            |r| {
                got.push(r);
                if r == 4 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(got, [0, 1, 2, 3, 4]);
    }
}
