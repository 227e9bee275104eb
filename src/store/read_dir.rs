//! The directory the end-of-run merge and the quote index's sync read
//! through ([`super::Access::Read`]): tantivy's `MmapDirectory` for
//! everything but reading, which is positioned reads (`pread`) into
//! short-lived buffers instead of a mapping.
//!
//! A merge reads every byte of the segments it merges. Through a mapping
//! each page read stays counted in the process's resident set until the
//! merge ends: the four merges of a 1M build held ~1.5 GB of mapped index
//! files on top of the writer's memory (BENCHMARKS.md, "1M articles").
//! Read this way, the pages stay in the page cache, which the kernel owns,
//! and the process holds only what it is merging at the moment: a term's
//! postings, one segment's doc store while it is copied.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::Directory;
use tantivy::HasLen;

use super::pread::read_at;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle,
    WritePtr,
};

#[derive(Clone, Debug)]
pub(crate) struct ReadDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl ReadDirectory {
    pub(crate) fn open(root: &Path) -> tantivy::Result<ReadDirectory> {
        Ok(ReadDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
        })
    }
}

/// tantivy-common's `WrapFile` reads the same way, but fails on an empty
/// range (an empty file or slice of one), which atlas must read as empty.
#[derive(Debug)]
struct ReadFile {
    file: File,
    len: usize,
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let end = range.end.min(self.len);
        if range.start >= end {
            return Ok(OwnedBytes::empty());
        }
        let mut buf = vec![0; end - range.start];
        read_at(&self.file, &mut buf, range.start as u64)?;
        Ok(OwnedBytes::new(buf))
    }
}

impl Directory for ReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let opened = File::open(&full).and_then(|file| {
            let len = file.metadata()?.len() as usize;
            Ok(ReadFile { file, len })
        });
        match opened {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, full)),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_of_a_file_and_reports_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        std::fs::write(dir.path().join("a.store"), &data).unwrap();
        let read_dir = ReadDirectory::open(dir.path()).unwrap();
        let handle = read_dir.get_file_handle(Path::new("a.store")).unwrap();
        assert_eq!(handle.len(), data.len());
        let bytes = handle.read_bytes(4_000..4_100).unwrap();
        assert_eq!(bytes.as_slice(), &data[4_000..4_100]);
        // An empty range (an empty file or slice) reads as empty, not an error.
        assert!(handle.read_bytes(7..7).unwrap().is_empty());
        let slice = read_dir.open_read(Path::new("a.store")).unwrap();
        assert_eq!(slice.read_bytes().unwrap().as_slice(), &data[..]);
        assert!(matches!(
            read_dir.get_file_handle(Path::new("gone.idx")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
