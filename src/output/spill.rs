//! A place for the body of an output whose head can only be written at the
//! end of the run: SARIF lists, before any result, a descriptor for every
//! code a result uses (and a code no rule produces is known only once it
//! occurs); JUnit's root element carries the run's totals.
//!
//! The body goes to an anonymous temporary file, so memory stays that of one
//! report whatever the size of the run; at the end the head is written and
//! the body copied after it. On Unix the file is unlinked as soon as it is
//! created: it has no name, so neither an interrupted run nor a crash can
//! leave it behind. When no temporary file can be created (a read-only
//! temporary directory), the body is kept in memory instead: the output is
//! the same, only the memory bound is lost.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;

pub struct Spill {
    to: To,
}

enum To {
    File {
        file: BufWriter<File>,
        /// Removed on drop where the file could not be unlinked at once.
        path: Option<PathBuf>,
    },
    Memory(Vec<u8>),
}

impl Spill {
    pub fn new() -> Self {
        let to = match create() {
            Ok((file, path)) => To::File {
                file: BufWriter::new(file),
                path,
            },
            Err(_) => To::Memory(Vec::new()),
        };
        Spill { to }
    }

    /// Copies everything written so far into `w`.
    pub fn copy_into(&mut self, w: &mut dyn Write) -> io::Result<()> {
        match &mut self.to {
            To::File { file, .. } => {
                file.flush()?;
                let f = file.get_mut();
                f.seek(SeekFrom::Start(0))?;
                io::copy(f, w)?;
                // Back at the end, so that more writes append.
                f.seek(SeekFrom::End(0))?;
                Ok(())
            }
            To::Memory(bytes) => w.write_all(bytes),
        }
    }
}

impl Default for Spill {
    fn default() -> Self {
        Spill::new()
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.to {
            To::File { file, .. } => file.write(buf),
            To::Memory(bytes) => bytes.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.to {
            To::File { file, .. } => file.flush(),
            To::Memory(_) => Ok(()),
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let To::File {
            path: Some(path), ..
        } = &self.to
        {
            // Nothing to tell anyone if it is already gone.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new file in the temporary directory, open for reading and writing;
/// its path only where it could not be unlinked at once.
fn create() -> io::Result<(File, Option<PathBuf>)> {
    let dir = std::env::temp_dir();
    let mut n = 0;
    loop {
        let path = dir.join(format!(".pilotlint-spill.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                // Unix keeps an unlinked file for as long as it is open;
                // elsewhere removing an open file fails, and drop removes it.
                let kept = std::fs::remove_file(&path).err().map(|_| path);
                return Ok((file, kept));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_comes_back_whole_and_more_can_follow() {
        let mut spill = Spill::new();
        let big = "x".repeat(100_000);
        spill.write_all(b"head ").expect("written");
        spill.write_all(big.as_bytes()).expect("written");
        let mut out = Vec::new();
        spill.copy_into(&mut out).expect("copied");
        assert_eq!(out.len(), 5 + big.len());
        assert!(out.starts_with(b"head xxx"));
        spill.write_all(b"!").expect("written");
        let mut again = Vec::new();
        spill.copy_into(&mut again).expect("copied");
        assert_eq!(again.last(), Some(&b'!'));
        assert_eq!(again.len(), out.len() + 1);
    }
}
