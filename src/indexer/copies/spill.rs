//! This run's bodies beyond the in-memory budget, written once to an
//! unnamed temporary file in the index directory so that `settle` reads
//! them back (a few kilobytes, from the page cache) instead of reading and
//! parsing their files again for every block of pairs they are in. On a 1M
//! rebuild of the synthetic corpus that is ~4M body fetches, each one a
//! file read, a parse and a tokenisation (BENCHMARKS.md, `bench:large`).
//!
//! The file has no name (`tempfile::tempfile_in`: `O_TMPFILE` on Linux,
//! created and unlinked at once elsewhere), so a killed run leaves nothing
//! behind. It costs disk, not memory: ~4 bytes a distinct shingle, about
//! half the input's size, read back with positioned reads rather than a
//! mapping so the pages never count as the process's own. Any IO error
//! turns it off: the bodies it lacks are read from their files as before.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::copies::Body;
use crate::store::pread::read_at;

/// No body spilled for this slot.
const NONE: u64 = u64::MAX;

#[derive(Default)]
pub(super) struct Spill {
    /// `None` before the first body and after an IO error.
    out: Option<BufWriter<File>>,
    failed: bool,
    /// End of what has been written.
    len: u64,
    /// Per fresh slot: where its record starts, or [`NONE`].
    at: Vec<u64>,
    scratch: Vec<u8>,
}

impl Spill {
    /// Writes `body` for `slot` (replacing an earlier one for that slot).
    pub(super) fn put(&mut self, dir: &Path, slot: u32, body: &Body) {
        if self.failed {
            return;
        }
        if self.out.is_none() {
            match tempfile::tempfile_in(dir) {
                Ok(file) => self.out = Some(BufWriter::with_capacity(1 << 20, file)),
                Err(_) => return self.fail(),
            }
        }
        self.scratch.clear();
        body.encode(&mut self.scratch);
        let n = self.scratch.len() as u32;
        let out = self.out.as_mut().expect("opened above");
        let wrote = out
            .write_all(&n.to_le_bytes())
            .and_then(|()| out.write_all(&self.scratch));
        if wrote.is_err() {
            return self.fail();
        }
        let slot = slot as usize;
        if self.at.len() <= slot {
            self.at.resize(slot + 1, NONE);
        }
        self.at[slot] = self.len;
        self.len += 4 + u64::from(n);
    }

    /// Forgets the body of `slot` (its article was removed or replaced).
    pub(super) fn forget(&mut self, slot: u32) {
        if let Some(at) = self.at.get_mut(slot as usize) {
            *at = NONE;
        }
    }

    /// Makes what was written readable; call before [`Spill::get`].
    pub(super) fn finish_writing(&mut self) {
        if let Some(out) = &mut self.out
            && out.flush().is_err()
        {
            self.fail();
        }
    }

    /// Whether `slot`'s body can be read back.
    pub(super) fn has(&self, slot: u32) -> bool {
        !self.failed && self.at.get(slot as usize).is_some_and(|&at| at != NONE)
    }

    /// `slot`'s body, or `None` when it was not spilled or cannot be read
    /// (the caller then reads the file again).
    pub(super) fn get(&self, slot: u32) -> Option<Body> {
        if !self.has(slot) {
            return None;
        }
        let file = self.out.as_ref()?.get_ref();
        let at = self.at[slot as usize];
        let mut len = [0u8; 4];
        read_at(file, &mut len, at).ok()?;
        let mut buf = vec![0u8; u32::from_le_bytes(len) as usize];
        read_at(file, &mut buf, at + 4).ok()?;
        Body::decode(&buf)
    }

    fn fail(&mut self) {
        self.failed = true;
        self.out = None;
        self.at = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        Body::new(&crate::copies::fold_words(text))
    }

    #[test]
    fn bodies_read_back_equal_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let long = "the council voted on the budget for the new harbour ".repeat(12);
        let bodies = [body(&long), body("a short wire brief"), body("")];
        let mut spill = Spill::default();
        for (slot, b) in bodies.iter().enumerate() {
            spill.put(dir.path(), slot as u32 * 2, b);
        }
        spill.forget(2);
        spill.finish_writing();
        assert_eq!(spill.get(0).as_ref(), Some(&bodies[0]));
        assert_eq!(spill.get(2), None, "forgotten");
        assert_eq!(spill.get(4).as_ref(), Some(&bodies[2]));
        assert_eq!(spill.get(1), None, "never written");
        assert_eq!(spill.get(99), None);
    }

    #[test]
    fn an_unwritable_directory_turns_the_spill_off() {
        let mut spill = Spill::default();
        spill.put(Path::new("/nonexistent/atlas-spill"), 0, &body("one two"));
        spill.finish_writing();
        assert!(!spill.has(0));
        assert_eq!(spill.get(0), None);
    }
}
