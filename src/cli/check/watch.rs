//! `--watch`: check, then check again whenever a report, a rule file, a
//! schema or data file a rule file names, the configuration or the
//! baseline changes, for a clerk editing a report beside a terminal.
//!
//! Each run records what it read ([`Inputs`]); those paths are watched
//! with the `notify` crate (directories recursively, a file through its
//! directory, so an editor that saves by renaming is still seen), and the
//! set only grows: a rule file with a syntax error is still watched. A
//! change is a creation, a write, a rename or a removal of a watched file,
//! or in a watched directory of a file named `*.yaml`, `*.yml`, `*.rules`,
//! `*.json` or `*.toml` that is not hidden: editors' swap and backup files
//! (`.x.swp`, `x.yaml~`) and pilotlint's own reading (an access, not a
//! change) start no run. Changes are debounced: the run starts once no
//! other change came for a moment, so saving several files is one run.
//!
//! On a terminal the screen is cleared before each run after the first;
//! piped, the runs follow each other. Ctrl-C (or SIGTERM) ends it, with the
//! exit status 130 of an interrupted run. A watch refuses `--gate` (a gate
//! is one run in CI), `--output` (the file would be rewritten behind the
//! reader's back, and could be a watched file itself), `--write-baseline`
//! and standard input (`-`, which cannot be read twice).

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

use pilotlint::diagnostic::Diag;
use pilotlint::rules::RuleSet;
use pilotlint::syntax::ast::Item;

use super::CheckArgs;
use crate::cli::atomic::exit_on_interrupt;
use crate::cli::config::{Config, ConfigArgs, find, normalize};
use crate::cli::exit::Exit;
use crate::cli::inputs::Job;
use crate::cli::sink::{Errors, describe_io};

/// How long the files must be quiet before a run starts.
const QUIET: Duration = Duration::from_millis(200);

/// The longest a run waits for the files to be quiet.
const MOST: Duration = Duration::from_secs(2);

/// The extensions of files whose change in a watched directory starts a
/// run.
const EXTENSIONS: [&str; 5] = ["yaml", "yml", "rules", "json", "toml"];

/// What one run read: what a watch watches.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// Directories: every file below them (as [`EXTENSIONS`] say).
    dirs: BTreeSet<PathBuf>,
    /// Files, watched through their directories.
    files: BTreeSet<PathBuf>,
}

impl Inputs {
    /// A path the run reads: a directory (walked) or a file.
    pub(crate) fn add(&mut self, path: &Path) {
        let builtin = path
            .to_str()
            .is_some_and(|p| p.starts_with(pilotlint::builtin::PREFIX));
        if path.as_os_str() == "-" || builtin {
            return;
        }
        // Lexically normal, as the watcher reports paths below what it
        // watches.
        let Ok(path) = std::path::absolute(path).map(|p| normalize(&p)) else {
            return;
        };
        if path.is_dir() {
            self.dirs.insert(path);
        } else {
            self.files.insert(path);
        }
    }

    /// The configuration file `args` name or find, read or not (one with
    /// a mistake is watched too, so fixing it starts a run).
    pub(crate) fn config(&mut self, args: &ConfigArgs) {
        if args.no_config {
            return;
        }
        if let Some(path) = args.config.clone().or_else(|| find(Path::new("."))) {
            self.add(&path);
        }
    }

    /// The reports of a run of `args`: the paths named, or the directory
    /// walked without them, and every file of `jobs`.
    pub(crate) fn reports(&mut self, args: &CheckArgs, config: Option<&Config>, jobs: &[Job]) {
        if args.paths.is_empty() {
            let dir = config.map_or(Path::new(""), |c| c.dir.as_path());
            self.add(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            });
        }
        for path in &args.paths {
            self.add(path);
        }
        for job in jobs {
            if let Job::File(path, _) = job {
                self.add(path);
            }
        }
    }

    /// The schemas and data files the rule files of `rules` name, relative
    /// to each rule file (the built-in packs' are embedded).
    pub(crate) fn named_by(&mut self, rules: &RuleSet) {
        for (source, file) in rules.sources.iter().zip(&rules.files) {
            if source.name.starts_with(pilotlint::builtin::PREFIX) {
                continue;
            }
            let dir = Path::new(&source.name).parent().unwrap_or(Path::new(""));
            for item in &file.items {
                match item {
                    Item::Schema(s) => self.add(&dir.join(&s.path.node)),
                    Item::Data(d) => {
                        self.add(&dir.join(&d.path.node));
                        if let Some((_, schema)) = d.schema.as_ref().and_then(|b| b.schema.as_ref())
                        {
                            self.add(&dir.join(&schema.node));
                        }
                    }
                    Item::Let(_) | Item::Rule(_) => {}
                }
            }
        }
    }

    /// Whether a change of `path` (absolute, as the watcher gives it)
    /// should start a run.
    fn wants(&self, path: &Path) -> bool {
        if self.files.contains(path) {
            return true;
        }
        let Some(dir) = self.dirs.iter().find(|d| path.starts_with(d)) else {
            return false;
        };
        let hidden = path
            .strip_prefix(dir)
            .into_iter()
            .flat_map(Path::components)
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        !hidden && extension.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
    }
}

/// Why `args` cannot be watched, if they cannot.
pub(crate) fn refused(args: &CheckArgs) -> Option<Diag<'static>> {
    let why = if args.gate {
        "`--watch` cannot be used with `--gate`: a gate checks once, in CI"
    } else if args.output.is_some() {
        "`--watch` cannot be used with `--output`: it writes to the terminal"
    } else if args.write_baseline.is_some() {
        "`--watch` cannot be used with `--write-baseline`: the baseline is written once"
    } else if args.paths.iter().any(|p| p.as_os_str() == "-") {
        "`--watch` cannot check standard input (`-`): it cannot be read again"
    } else {
        return None;
    };
    Some(Diag::error(why).with_help("run the command without `--watch`"))
}

/// Runs `check` with `args` now and after every change, until interrupted.
pub(crate) fn run(args: &CheckArgs, once: impl Fn(&mut Inputs) -> Exit) -> Exit {
    let mut errors = Errors::new(args.color.choice);
    if let Some(d) = refused(args) {
        errors.report(&d);
        return Exit::Failed;
    }
    // Ctrl-C ends the watch as it ends any run: status 130.
    exit_on_interrupt();
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            errors.report(&Diag::error(format!("cannot watch files: {e}")));
            return Exit::Failed;
        }
    };
    let terminal = io::stdout().is_terminal();
    let mut inputs = Inputs::default();
    // What is watched: a directory recursively, the directory of a file
    // on its own.
    let mut watched: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
    let mut first = true;
    loop {
        if !first && terminal {
            // Clear the screen and its scrollback, cursor home.
            print!("\x1b[H\x1b[2J\x1b[3J");
            let _ = io::stdout().flush();
        }
        first = false;
        let exit = once(&mut inputs);
        let wanted = inputs.dirs.iter().map(|d| (d.clone(), true)).chain(
            inputs
                .files
                .iter()
                .filter_map(|f| f.parent().map(|p| (p.to_path_buf(), false))),
        );
        for (path, recursive) in wanted.collect::<Vec<_>>() {
            if watched.iter().any(|(w, r)| *r && path.starts_with(w))
                || !watched.insert((path.clone(), recursive))
            {
                continue;
            }
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = watcher.watch(&path, mode) {
                let _ = writeln!(
                    io::stderr(),
                    "note: `{}` is not watched: {}",
                    path.display(),
                    watch_error(&e)
                );
            }
        }
        let _ = writeln!(
            io::stderr(),
            "{} watching for changes (Ctrl-C to stop)",
            match exit {
                Exit::Clean => "checked:",
                Exit::Findings => "findings:",
                Exit::Failed | Exit::Interrupted => "the check failed:",
            }
        );
        if !changed(&rx, &inputs) {
            errors.report(&Diag::error("the file watcher stopped"));
            return Exit::Failed;
        }
    }
}

/// Waits for a change `inputs` wants, then for the files to be quiet;
/// `false` when the watcher is gone.
fn changed(rx: &Receiver<notify::Result<notify::Event>>, inputs: &Inputs) -> bool {
    let wanted = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => is_change(&e.kind) && e.paths.iter().any(|p| inputs.wants(p)),
        Err(e) => {
            let _ = writeln!(io::stderr(), "note: watching: {}", watch_error(e));
            false
        }
    };
    loop {
        match rx.recv() {
            Ok(event) if wanted(&event) => break,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    let start = Instant::now();
    while start.elapsed() < MOST {
        match rx.recv_timeout(QUIET) {
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
    true
}

/// Whether an event of `kind` changes a file: reading one (an access, or
/// its access time) does not.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// notify's error, said as the other I/O errors are.
fn watch_error(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => describe_io(io),
        notify::ErrorKind::PathNotFound => "it does not exist".to_string(),
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of watched files is reached".to_string()
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_to_reports_rules_and_settings_count_and_editor_files_do_not() {
        let mut inputs = Inputs::default();
        let dir = std::path::absolute("watched").expect("absolute");
        inputs.dirs.insert(dir.clone());
        inputs.add(Path::new("watched/../pilotlint.toml"));
        assert!(inputs.wants(&dir.join("reports/a.yaml")));
        assert!(inputs.wants(&dir.join("a.YML")));
        assert!(inputs.wants(&dir.join("rules/x.rules")));
        let config = std::path::absolute("pilotlint.toml").expect("absolute");
        assert!(inputs.wants(&config));
        assert!(!inputs.wants(&config.with_file_name("other.toml")));
        assert!(!inputs.wants(&dir.join("reports/.a.yaml.swp")));
        assert!(!inputs.wants(&dir.join("reports/a.yaml~")));
        assert!(!inputs.wants(&dir.join(".git/index.yaml")));
        assert!(!inputs.wants(&dir.join("4913")));
        assert!(!inputs.wants(Path::new("/elsewhere/a.yaml")));
        assert!(!is_change(&EventKind::Access(
            notify::event::AccessKind::Any
        )));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            notify::event::DataChange::Any
        ))));
    }

    /// The schema and data files a rule file names are watched where the
    /// rule file says, relative to it; the built-in packs' are embedded.
    #[test]
    fn the_files_rule_files_name_are_watched_relative_to_them() {
        let mut rules = RuleSet::default();
        for (name, text) in [
            (
                "rules/x.rules",
                "schema \"../schema/s.json\"\ndata areas \"data/a.yaml\"\n",
            ),
            ("builtin:national", "data areas \"data/pilot-areas.yaml\"\n"),
        ] {
            let (file, errors) = pilotlint::syntax::parse(text);
            assert!(errors.is_empty(), "{errors:?}");
            rules
                .sources
                .push(std::sync::Arc::new(pilotlint::source::SourceText::new(
                    name, text,
                )));
            rules.files.push(file);
        }
        let mut inputs = Inputs::default();
        inputs.named_by(&rules);
        let abs = |p: &str| std::path::absolute(p).expect("absolute");
        assert_eq!(
            inputs.files.into_iter().collect::<Vec<_>>(),
            [abs("rules/data/a.yaml"), abs("schema/s.json")]
        );
    }
}
