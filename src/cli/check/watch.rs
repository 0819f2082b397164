//! `--watch`: check, then check again whenever a report, a rule file, a
//! schema or data file a rule file names, the configuration or the
//! baseline changes, for a clerk editing a report beside a terminal.
//!
//! Each run records what it read ([`Inputs`]); those paths are watched
//! with the `notify` crate, each directory on its own: a directory walked
//! for reports or rules through every directory the walk goes through
//! (not hidden ones, nor what `.gitignore` and `.ignore` files leave out,
//! so a `target/` is not watched), a file through its directory (so an
//! editor that saves by renaming is still seen). What is watched only
//! grows: a rule file with a syntax error is still watched. A change is a
//! creation, a write, a rename or a removal of a watched file, or in a
//! watched directory of a file named `*.yaml`, `*.yml`, `*.rules`,
//! `*.json` or `*.toml`, or of a directory (the next run walks it), that
//! is not hidden: editors' swap and backup files (`.x.swp`, `x.yaml~`)
//! and pilotlint's own reading (an access, not a change) start no run.
//! Changes are debounced: the run starts once no
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

use notify::event::{CreateKind, EventKind, ModifyKind, RemoveKind};
use notify::{RecursiveMode, Watcher};

use pilotlint::diagnostic::Diag;
use pilotlint::rules::RuleSet;
use pilotlint::syntax::ast::Item;

use super::CheckArgs;
use crate::cli::atomic::exit_on_interrupt;
use crate::cli::config::{Config, ConfigArgs, find, normalize};
use crate::cli::exit::Exit;
use crate::cli::inputs::{Job, walk_dirs};
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
    /// Directories walked: every file the walk would find below them (as
    /// [`EXTENSIONS`] say).
    dirs: BTreeSet<PathBuf>,
    /// Files, watched through their directories.
    files: BTreeSet<PathBuf>,
    /// The directories the walks of `dirs` go through ([`Inputs::walk`]),
    /// each watched on its own: not a hidden one, nor one an ignore file
    /// leaves out (a `target/` or `node_modules/` of thousands of
    /// directories would use up the system's watches, and a change there
    /// is no report's).
    tree: BTreeSet<PathBuf>,
    /// `--no-ignore`: the walks read no ignore file.
    no_ignore: bool,
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
        self.no_ignore = args.no_ignore;
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

    /// Walks `dirs` again for the directories to watch: new ones appear,
    /// removed ones go.
    fn walk(&mut self) {
        let ignore_files = !self.no_ignore;
        self.tree = self
            .dirs
            .iter()
            .flat_map(|d| walk_dirs(d, ignore_files))
            .map(|d| normalize(&d))
            .collect();
    }

    /// Whether a change of `path` (absolute, as the watcher gives it)
    /// should start a run: a file read, or in a directory walked a file
    /// with one of [`EXTENSIONS`], or a directory (`directory`: created,
    /// removed or renamed), which the next walk watches or drops; never a
    /// hidden name (an editor's `.x.swp`).
    fn wants(&self, path: &Path, directory: bool) -> bool {
        if self.files.contains(path) {
            return true;
        }
        if !path.parent().is_some_and(|p| self.tree.contains(p)) {
            return false;
        }
        let name = path.file_name().map(|n| n.to_string_lossy());
        if name.is_none_or(|n| n.starts_with('.')) {
            return false;
        }
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        directory || extension.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
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
    // The directories watched, each on its own (a directory removed stops
    // being watched by itself; one that comes back is watched again).
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first = true;
    loop {
        if !first && terminal {
            // Clear the screen and its scrollback, cursor home.
            print!("\x1b[H\x1b[2J\x1b[3J");
            let _ = io::stdout().flush();
        }
        first = false;
        let exit = once(&mut inputs);
        inputs.walk();
        let wanted = inputs.tree.iter().cloned().chain(
            inputs
                .files
                .iter()
                .filter_map(|f| f.parent().map(Path::to_path_buf)),
        );
        for path in wanted.collect::<Vec<_>>() {
            if !watched.insert(path.clone()) {
                continue;
            }
            if let Err(e) = watcher.watch(&path, RecursiveMode::NonRecursive) {
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
        Ok(e) => {
            is_change(&e.kind)
                && e.paths
                    .iter()
                    .any(|p| inputs.wants(p, is_directory(&e.kind, p)))
        }
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

/// Whether an event of `kind` at `path` is about a directory: created or
/// removed as one, or renamed with no extension (a rename's kind does not
/// say, and the old name no longer exists to ask).
fn is_directory(kind: &EventKind, path: &Path) -> bool {
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
        EventKind::Modify(ModifyKind::Name(_)) => path.extension().is_none(),
        _ => false,
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
        // As a walk of `watched` with `reports/` and `rules/` would give.
        for d in ["", "reports", "rules"] {
            inputs.tree.insert(normalize(&dir.join(d)));
        }
        inputs.add(Path::new("watched/../pilotlint.toml"));
        let wants = |p: &Path| inputs.wants(p, false);
        assert!(wants(&dir.join("reports/a.yaml")));
        assert!(wants(&dir.join("a.YML")));
        assert!(wants(&dir.join("rules/x.rules")));
        let config = std::path::absolute("pilotlint.toml").expect("absolute");
        assert!(wants(&config));
        assert!(!wants(&config.with_file_name("other.toml")));
        assert!(!wants(&dir.join("reports/.a.yaml.swp")));
        assert!(!wants(&dir.join("reports/a.yaml~")));
        assert!(!wants(&dir.join(".git/index.yaml")));
        assert!(!wants(&dir.join("4913")));
        assert!(!wants(Path::new("/elsewhere/a.yaml")));
        // Not walked (an ignore file leaves it out): not watched.
        assert!(!wants(&dir.join("reports/drafts/a.yaml")));
        // A directory made, removed or renamed where the walk goes.
        assert!(inputs.wants(&dir.join("reports/2024"), true));
        assert!(!inputs.wants(&dir.join("reports/.cache"), true));
        assert!(is_directory(
            &EventKind::Create(CreateKind::Folder),
            &dir.join("x.yaml")
        ));
        assert!(!is_directory(
            &EventKind::Create(CreateKind::File),
            &dir.join("x")
        ));
        assert!(is_directory(
            &EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::From)),
            &dir.join("2024")
        ));
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
