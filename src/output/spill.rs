//! A place for the body of an output whose head can only be written at the
//! end of the run: SARIF lists, before any result, a descriptor for every
//! code a result uses (and a code no rule produces is known only once it
//! occurs); JUnit's root element carries the run's totals.
//!
//! The library has no file system of its own, so the storage comes from
//! the front end: the command line gives an anonymous temporary file, so
//! memory stays that of one report whatever the size of the run; other
//! callers (tests, an editor) keep the body in memory ([`Spill::in_memory`]).
//! At the end the head is written and the body copied after it.

use std::io::{self, BufWriter, Cursor, Read, Seek, SeekFrom, Write};

/// Storage a [`Spill`] can write, then read back from the start.
pub trait Scratch: Read + Write + Seek + Send {}

impl<T: Read + Write + Seek + Send> Scratch for T {}

pub struct Spill {
    storage: BufWriter<Box<dyn Scratch>>,
}

impl Spill {
    /// A spill into `storage` (such as an anonymous temporary file), which
    /// should be empty.
    pub fn new(storage: Box<dyn Scratch>) -> Self {
        Spill {
            storage: BufWriter::new(storage),
        }
    }

    /// A spill kept in memory.
    pub fn in_memory() -> Self {
        Spill::new(Box::new(Cursor::new(Vec::new())))
    }

    /// Copies everything written so far into `w`.
    pub fn copy_into(&mut self, w: &mut dyn Write) -> io::Result<()> {
        self.storage.flush()?;
        let storage = self.storage.get_mut();
        storage.seek(SeekFrom::Start(0))?;
        io::copy(storage, w)?;
        // Back at the end, so that more writes append.
        storage.seek(SeekFrom::End(0))?;
        Ok(())
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.storage.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.storage.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_comes_back_whole_and_more_can_follow() {
        let mut spill = Spill::in_memory();
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
