//! Writing the output to a file (`--output FILE`) so that the file is either
//! the whole output or untouched: a CI step that uploads `results.sarif`
//! must never find half a log there, not even one left by an earlier run.
//!
//! The output goes to a new temporary file in the same directory (a rename
//! is atomic only within one file system), is flushed to disk, and is then
//! renamed over `path`. On any error the temporary file is removed, so a
//! failed write leaves nothing behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Calls `write` with a writer into a temporary file beside `path`, then
/// puts the file in place of `path`.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (temp, file) = create_temp(path)?;
    let result = fill(file, write).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        // The error that matters is the one above; a temporary file that
        // cannot be removed either is no reason to hide it.
        let _ = fs::remove_file(&temp);
    }
    result
}

fn fill(file: File, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
    // On disk before the rename, so a crash cannot leave an empty file
    // under the final name.
    file.sync_all()
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
