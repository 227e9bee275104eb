//! What the index remembers of files that were not (wholly) articles: their
//! skip reasons and warnings, keyed by path and stamp. A file that has not
//! changed is then not read again just to say the same thing — a 1 GB crawl
//! with non-article records is read once, and reported on every run.
//!
//! Kept beside the index in `problems.json`, written (temp + rename) after
//! each run's commit. It only ever saves work: a record that does not match
//! a file's size and mtime, or the parser version, is ignored and the file
//! is read, so a run killed before writing it loses nothing.
//!
//! Files with scans always have a record: the OCR languages they were read
//! in, which OCR settings are checked against (`scans.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{IndexWarning, SkippedFile};
use crate::schema::FileStamp;

const FILE_NAME: &str = "problems.json";

/// One file's skips and warnings, as of the stamp it had when read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Problems {
    size: u64,
    mtime_ns: i64,
    #[serde(default)]
    pub skipped: Vec<SkippedFile>,
    #[serde(default)]
    pub warnings: Vec<IndexWarning>,
    /// Items that were not articles, counted in a warning rather than
    /// listed (`Parsed::items_skipped`).
    #[serde(default)]
    pub items_counted: u64,
    /// A file with scans (a PDF's scanned pages, an image), and whether
    /// OCR read them (`scans.rs`: a run with OCR on reads it again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scans: Option<Scanned>,
}

/// How a file's scans were read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Scanned {
    /// The OCR languages (`deu+eng`); none: not read.
    pub ocr: Option<String>,
}

impl Problems {
    pub fn new(
        stamp: FileStamp,
        skipped: Vec<SkippedFile>,
        warnings: Vec<IndexWarning>,
    ) -> Problems {
        Problems {
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
            skipped,
            warnings,
            items_counted: 0,
            scans: None,
        }
    }

    /// Items skipped inside the file at `rel`: those listed (`rel#N`) and
    /// those only counted.
    pub fn items_skipped(&self, rel: &str) -> u64 {
        let listed = self.skipped.iter().filter(|s| s.path != rel).count() as u64;
        listed + self.items_counted
    }

    /// Whether this record describes the file as it is now.
    pub fn matches(&self, stamp: FileStamp) -> bool {
        self.size == stamp.size && self.mtime_ns == stamp.mtime_ns
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct ProblemFile {
    /// The parser version the records were made with.
    parser: u32,
    pub files: BTreeMap<String, Problems>,
}

impl ProblemFile {
    /// The records of the index at `dir`, if they were made by this parser
    /// version; none otherwise (a missing or unreadable file is no error).
    pub fn load(dir: &Path, parser: u32) -> ProblemFile {
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<ProblemFile>(&bytes).ok())
            .filter(|p| p.parser == parser)
            .unwrap_or_default()
    }

    pub fn new(parser: u32, files: BTreeMap<String, Problems>) -> ProblemFile {
        ProblemFile { parser, files }
    }

    /// Written to a temporary file, then renamed over the old one.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec(self)?)?;
        std::fs::rename(&tmp, dir.join(FILE_NAME))
    }
}
