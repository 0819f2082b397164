//! Writing the output to a file (`--output FILE`) so that the file is either
//! the whole output or untouched: a CI step that uploads `results.sarif`
//! must never find half a log there, not even one left by an earlier run.
//!
//! The output goes to a new temporary file in the same directory (a rename
//! is atomic only within one file system), is flushed to disk, and is then
//! renamed over `path`. On any error the temporary file is removed, so a
//! failed write leaves nothing behind.
//!
//! The output is streamed into the temporary file as the run goes. If the
//! run is interrupted (SIGINT, SIGTERM, SIGHUP; Ctrl-C on Windows), a handler
//! removes the temporary file and exits with status 130, so an interrupted
//! run leaves the target as it was and no temporary file beside it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use super::exit::Exit;

/// The temporary files not yet renamed into place; the interrupt handler
/// removes them. A rename happens under this lock, so the handler never
/// removes a file that has just become the finished output.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock cannot leave the list inconsistent (a
    // push or a retain), so a poisoned lock is still good.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Installs the interrupt handler, once per process.
fn on_interrupt_remove_pending() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Without a handler (another library installed one first) an
        // interrupt may leave a temporary file; the output is still never
        // half written under the target's name.
        let _ = ctrlc::set_handler(|| {
            let pending = pending();
            for temp in pending.iter() {
                let _ = fs::remove_file(temp);
            }
            // Exit holding the lock: no rename can follow.
            std::process::exit(i32::from(Exit::Interrupted.code()));
        });
    });
}

/// Makes an interrupt end the process with status 130 (and remove any
/// temporary file), for a run that writes no `--output` but must still end
/// cleanly on Ctrl-C (`--watch`).
pub fn exit_on_interrupt() {
    on_interrupt_remove_pending();
}

/// A file being written in place of `path`: written to a temporary file
/// beside it, put in place by [`AtomicFile::commit`], removed if dropped
/// before that.
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    w: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        on_interrupt_remove_pending();
        let mut pending = pending();
        let (temp, file) = create_temp(path)?;
        pending.push(temp.clone());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            w: Some(BufWriter::new(file)),
        })
    }

    /// Flushes the file to disk and renames it over the target; on failure
    /// the temporary file is removed.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(w) = self.w.take() else {
            return Ok(());
        };
        let synced = w
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            // On disk before the rename, so a crash cannot leave an empty
            // file under the final name.
            .and_then(|file| file.sync_all());
        let mut pending = pending();
        let result = synced.and_then(|()| fs::rename(&self.temp, &self.path));
        if result.is_err() {
            // The error that matters is the one above; a temporary file that
            // cannot be removed either is no reason to hide it.
            let _ = fs::remove_file(&self.temp);
        }
        pending.retain(|p| *p != self.temp);
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.w {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.w {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.w.take().is_some() {
            let mut pending = pending();
            // Dropped unfinished: whatever stopped the run is what gets
            // reported, not a file that will not go away.
            let _ = fs::remove_file(&self.temp);
            pending.retain(|p| *p != self.temp);
        }
    }
}

/// Calls `write` with a writer into a temporary file beside `path`, then
/// puts the file in place of `path`.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    write(&mut file)?;
    file.commit()
}

/// A new hidden file `.NAME.PID.N.tmp` in the directory of `path`; never an
/// existing file, so two runs writing to one directory cannot clash.
fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut n = 0;
    loop {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.{n}.tmp", std::process::id()));
        let temp = dir.join(temp_name);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pilotlint-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a temporary directory");
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_file_is_replaced_whole_and_no_temporary_file_remains() {
        let dir = temp_dir("atomic-ok");
        let path = dir.join("out.txt");
        fs::write(&path, "old and longer\n").expect("an old file");
        write_atomically(&path, |w| w.write_all(b"new\n")).expect("written");
        assert_eq!(fs::read_to_string(&path).expect("readable"), "new\n");
        assert_eq!(entries(&dir), ["out.txt"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file_and_nothing_else() {
        let dir = temp_dir("atomic-fail");
        let path = dir.join("out.txt");
        fs::write(&path, "old\n").expect("an old file");
        let err = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        })
        .expect_err("the writer failed");
        assert_eq!(err.to_string(), "disk on fire");
        assert_eq!(fs::read_to_string(&path).expect("readable"), "old\n");
        assert_eq!(entries(&dir), ["out.txt"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_path_that_names_no_file_is_an_error() {
        let err = write_atomically(Path::new("/"), |_| Ok(())).expect_err("no file name");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
