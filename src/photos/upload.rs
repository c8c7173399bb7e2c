//! An upload as it arrives: in memory up to [`IN_MEMORY`], in an unnamed temporary file
//! in the data folder beyond (gone when dropped, or when the process dies), so that the
//! uploads waiting their turn to be decoded hold no memory: sixteen 10 MB photos sent at
//! once held 151 MB in memory before.
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use tempfile::SpooledTempFile;

const IN_MEMORY: usize = 256 * 1024;

pub struct Upload {
    file: SpooledTempFile,
    len: u64,
}

impl Upload {
    pub fn new_in(folder: &Path) -> Self {
        Self {
            file: SpooledTempFile::new_in(IN_MEMORY, folder),
            len: 0,
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its first bytes (at most `n`), read again from the start.
    pub fn head(&mut self, n: usize) -> io::Result<Vec<u8>> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut head = Vec::with_capacity(n);
        (&mut self.file).take(n as u64).read_to_end(&mut head)?;
        Ok(head)
    }

    /// A reader from the start, leaving the upload to be read again.
    pub fn reader(&mut self) -> io::Result<BufReader<&mut SpooledTempFile>> {
        self.file.seek(SeekFrom::Start(0))?;
        Ok(BufReader::new(&mut self.file))
    }

    /// A reader from the start that owns the upload.
    pub fn into_reader(mut self) -> io::Result<BufReader<SpooledTempFile>> {
        self.file.seek(SeekFrom::Start(0))?;
        Ok(BufReader::new(self.file))
    }
}

impl Write for Upload {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl From<&[u8]> for Upload {
    /// An upload in memory (tests, and bodies already read whole).
    fn from(bytes: &[u8]) -> Self {
        let mut upload = Self {
            file: SpooledTempFile::new(usize::MAX),
            len: 0,
        };
        upload.write_all(bytes).expect("writing to memory");
        upload
    }
}
