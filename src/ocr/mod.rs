//! OCR of scans (SPEC "Scans"): images and scanned PDF pages read by
//! Tesseract, only when OCR is on (`atlas index --ocr`, `[ocr] enabled`).
//! Results are cached by content hash + languages + Tesseract version in a
//! folder beside the index (`ocr-cache/`, which `--rebuild` keeps), so no
//! page is read twice.

mod switch;
mod tool;

use std::path::{Path, PathBuf};

pub use switch::{Mode, Switch};

/// Tesseract's language when `[ocr] languages` names none.
pub const DEFAULT_LANGUAGE: &str = "eng";

/// Whether `name` can be a Tesseract language pack (`eng`, `chi_sim`,
/// `deu_latf`): it is passed to `-l`, so nothing else gets through.
pub fn is_language(name: &str) -> bool {
    (1..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The extensions of images that OCR reads (and that are set aside, in one
/// counted warning, when it is off).
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "tif", "tiff"];

/// The cache's folder inside an index directory.
pub const CACHE_DIR: &str = "ocr-cache";

/// Resolution scanned PDF pages are rendered at (Tesseract reads best
/// at ~300 dpi).
const RENDER_DPI: &str = "300";

/// Whether `rel_path` names an image OCR reads.
pub fn is_image(rel_path: &str) -> bool {
    let name = rel_path
        .rsplit('/')
        .next()
        .unwrap_or(rel_path)
        .to_lowercase();
    (name.rsplit_once('.'))
        .is_some_and(|(stem, ext)| !stem.is_empty() && IMAGE_EXTENSIONS.contains(&ext))
}

/// Tesseract, ready to read in the given languages.
#[derive(Debug, Clone)]
pub struct Ocr {
    tesseract: PathBuf,
    pdftoppm: Option<PathBuf>,
    /// `tesseract 5.3.0`: part of every cache key.
    version: String,
    languages: Vec<String>,
    cache: Option<PathBuf>,
    /// Only what the cache holds is read (OCR is off, but a file OCR'd
    /// before keeps its text: SPEC "a run without OCR keeps the OCR'd
    /// articles").
    cache_only: bool,
}

/// Why OCR cannot run: the reason scans are skipped with.
pub const NEEDS_TESSERACT: &str = "OCR needs tesseract-ocr (not found on PATH)";
/// Why scanned PDF pages cannot be rendered for it.
pub const NEEDS_PDFTOPPM: &str =
    "OCR of PDF pages needs poppler-utils (pdftoppm, not found on PATH)";

impl Ocr {
    /// Tesseract from `PATH` with `languages` (`["eng"]` when empty), its
    /// cache in `index_dir`; `Err` with the reason to give when it is not
    /// installed.
    pub fn new(languages: &[String], index_dir: Option<&Path>) -> Result<Ocr, String> {
        let tesseract = tool::find("tesseract").ok_or(NEEDS_TESSERACT)?;
        let out = tool::run(&tesseract, &["--version"], b"")?;
        let version = String::from_utf8_lossy(&out)
            .lines()
            .next()
            .unwrap_or("tesseract")
            .trim()
            .to_string();
        let languages = if languages.is_empty() {
            vec![DEFAULT_LANGUAGE.to_string()]
        } else {
            languages.to_vec()
        };
        let cache = index_dir.map(|d| d.join(CACHE_DIR));
        if let Some(dir) = &cache {
            let _ = std::fs::create_dir_all(dir);
        }
        Ok(Ocr {
            tesseract,
            pdftoppm: tool::find("pdftoppm"),
            version,
            languages,
            cache,
            cache_only: false,
        })
    }

    /// The same Tesseract in other languages, or reading only its cache.
    pub fn with(&self, languages: &[String], cache_only: bool) -> Ocr {
        Ocr {
            languages: languages.to_vec(),
            cache_only,
            ..self.clone()
        }
    }

    /// Reads (not only what the cache holds).
    pub fn reads(&self) -> bool {
        !self.cache_only
    }

    /// The languages, as Tesseract's `-l` takes them (`deu+eng`).
    pub fn languages(&self) -> String {
        self.languages.join("+")
    }

    /// What OCR reads of the scanned `pages` of a PDF, one page after
    /// another (files are read in parallel already); a page it cannot
    /// read says why.
    pub fn pdf_pages(&self, pdf: &[u8], pages: &[usize]) -> crate::parse::Scans {
        let mut scans = crate::parse::Scans::off();
        for &page in pages {
            scans.pages.insert(page, self.pdf_page_text(pdf, page));
        }
        scans
    }

    /// The text Tesseract reads in an image (PNG, JPEG, TIFF bytes).
    pub fn image_text(&self, image: &[u8]) -> Result<String, String> {
        self.cached(&[image], || {
            let langs = self.languages.join("+");
            let out = tool::run(&self.tesseract, &["stdin", "stdout", "-l", &langs], image)?;
            Ok(String::from_utf8_lossy(&out).into_owned())
        })
    }

    /// The text of page `page` (from 1) of a PDF, rendered by `pdftoppm`.
    pub fn pdf_page_text(&self, pdf: &[u8], page: usize) -> Result<String, String> {
        let page_key = page.to_string();
        self.cached(&[pdf, page_key.as_bytes()], || {
            let pdftoppm = self.pdftoppm.as_ref().ok_or(NEEDS_PDFTOPPM)?;
            let args = [
                "-r", RENDER_DPI, "-gray", "-png", "-f", &page_key, "-l", &page_key, "-",
            ];
            let image = tool::run(pdftoppm, &args, pdf)?;
            let langs = self.languages.join("+");
            let out = tool::run(&self.tesseract, &["stdin", "stdout", "-l", &langs], &image)?;
            Ok(String::from_utf8_lossy(&out).into_owned())
        })
    }

    /// `read()`, or its answer from the cache (content hash + languages +
    /// Tesseract version), saved there when new.
    fn cached(
        &self,
        content: &[&[u8]],
        read: impl FnOnce() -> Result<String, String>,
    ) -> Result<String, String> {
        let mut hasher = blake3::Hasher::new();
        for part in content {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(self.languages.join("+").as_bytes());
        hasher.update(b"\0");
        hasher.update(self.version.as_bytes());
        let key = hasher.finalize().to_hex();
        let file = self
            .cache
            .as_ref()
            .map(|d| d.join(format!("{}.txt", &key[..32])));
        if let Some(text) = file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()) {
            return Ok(text);
        }
        if self.cache_only {
            return Err(crate::parse::Scans::off().unread);
        }
        let text = read()?;
        if let Some(file) = file {
            // Atomically: a killed run leaves no half entry.
            let tmp = file.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, &text).is_ok() {
                let _ = std::fs::rename(&tmp, &file);
            }
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tesseract here, or `None` with a notice; where CI sets
    /// `ATLAS_REQUIRE_OCR` (it installs tesseract-ocr), its absence fails.
    fn ocr(dir: &Path) -> Option<Ocr> {
        match Ocr::new(&[], Some(dir)) {
            Ok(ocr) => Some(ocr),
            Err(reason) => {
                assert!(std::env::var_os("ATLAS_REQUIRE_OCR").is_none(), "{reason}");
                eprintln!("skipped: {reason}");
                None
            }
        }
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
        std::fs::read(dir.join(name)).unwrap()
    }

    #[test]
    fn a_scan_is_read_and_cached() {
        let dir = tempfile::tempdir().unwrap();
        let Some(ocr) = ocr(dir.path()) else {
            return;
        };
        let text = ocr.image_text(&fixture("scan.png")).unwrap();
        assert!(text.contains("New Ferry Terminal"), "{text}");
        let cached: Vec<_> = std::fs::read_dir(dir.path().join(CACHE_DIR))
            .unwrap()
            .collect();
        assert_eq!(cached.len(), 1);
        // The second read is the cache's (same text, no new entry).
        assert_eq!(ocr.image_text(&fixture("scan.png")).unwrap(), text);
        let page = ocr.pdf_page_text(&fixture("scanned.pdf"), 1).unwrap();
        assert!(page.contains("Port Authority today announced"), "{page}");
        // Reading only the cache: what is there, in its languages, and
        // nothing else (no Tesseract run, no new entry).
        let eng = [DEFAULT_LANGUAGE.to_string()];
        let cached_only = ocr.with(&eng, true);
        assert!(!cached_only.reads());
        assert_eq!(cached_only.image_text(&fixture("scan.png")).unwrap(), text);
        let other = ocr.with(&["osd".to_string()], true);
        assert_eq!(
            other.image_text(&fixture("scan.png")),
            Err("OCR is off (--ocr)".to_string())
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join(CACHE_DIR))
                .unwrap()
                .count(),
            2
        );
    }

    #[test]
    fn languages_are_pack_names_only() {
        for yes in ["eng", "chi_sim", "deu_latf"] {
            assert!(is_language(yes), "{yes}");
        }
        for no in ["", "-l", "eng+deu", "../x", "a b", &"x".repeat(33)] {
            assert!(!is_language(no), "{no}");
        }
    }

    #[test]
    fn images_by_name() {
        assert!(is_image("scans/a.PNG") && is_image("b.tiff") && is_image("c.jpeg"));
        assert!(!is_image("a.pdf") && !is_image(".png") && !is_image("png"));
    }
}
