//! This run's OCR: `atlas index --ocr` and each folder's `[ocr]` decide,
//! file by file, whether scans are read and in which languages. Tesseract
//! is looked for once, when the first scan needs it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Ocr;

/// The run's switch: the flag, and where the cache is.
#[derive(Debug, Default)]
pub struct Switch {
    /// `--ocr`: on for every folder, whatever its `[ocr] enabled`.
    flag: bool,
    index_dir: Option<PathBuf>,
    found: OnceLock<Result<Ocr, String>>,
}

/// How one file's scans are read.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Not at all, for this reason (`OCR is off (--ocr)`, `OCR needs
    /// tesseract-ocr …`).
    Off(String),
    /// By this Tesseract; when OCR is off, from its cache only (what was
    /// OCR'd before keeps its text).
    On(Ocr),
}

impl Switch {
    /// `flag`: `--ocr`; the cache in `index_dir` (none: no cache).
    pub fn new(flag: bool, index_dir: Option<&Path>) -> Switch {
        Switch {
            flag,
            index_dir: index_dir.map(Path::to_path_buf),
            found: OnceLock::new(),
        }
    }

    /// Whether OCR is on for a folder whose `[ocr] enabled` is `enabled`.
    pub fn on(&self, enabled: bool) -> bool {
        self.flag || enabled
    }

    /// How scans are read under `[ocr] enabled` and `languages`.
    pub fn mode(&self, enabled: bool, languages: &[String]) -> Mode {
        let found = (self.found).get_or_init(|| Ocr::new(&[], self.index_dir.as_deref()));
        match (self.on(enabled), found) {
            (true, Ok(ocr)) => Mode::On(ocr.with(languages, false)),
            (true, Err(reason)) => Mode::Off(reason.clone()),
            (false, Ok(ocr)) => Mode::On(ocr.with(languages, true)),
            (false, Err(_)) => Mode::Off(crate::parse::Scans::off().unread),
        }
    }
}
