//! A PDF's bytes into pages of glyph rows, through `pdf-extract` (on
//! `lopdf`), behind the guards its own code lacks (BENCHMARKS.md, "PDF
//! text"): a stream that inflates too far, a page tree or form that draws
//! itself, and a time budget are refused before or while it runs; a panic
//! in it is a broken PDF; it runs on a thread of its own with a large stack.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError};

use super::guards::{
    check_forms, check_page_tree, check_streams, deref, page_has_images, spell_out_quote_operators,
};
use super::layout::{self, Glyph, Row};
use crate::parse::SkipReason;

/// What the information dictionary says, as written.
#[derive(Debug, Default)]
pub(crate) struct Info {
    pub(crate) title: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) created: Option<String>,
}

/// A read PDF: each page's rows (top to bottom), and whether the page
/// draws an image (a page with an image and no text is a scan).
#[derive(Debug, Default)]
pub(crate) struct Pages {
    pub(crate) info: Info,
    pub(crate) pages: Vec<Vec<Row>>,
    pub(crate) has_images: Vec<bool>,
}

/// A document's text may take this long to read; past it the PDF is
/// refused (an honest print edition of hundreds of pages takes seconds).
const TIME_BUDGET: Duration = Duration::from_secs(60);
/// Glyphs on one page (a dense broadsheet page has ~60,000).
const MAX_PAGE_GLYPHS: usize = 2_000_000;
/// The reader's stack: `pdf-extract` recurses through forms and pages.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Reads `bytes` on a thread of its own, within the time budget.
pub(crate) fn read(bytes: &[u8]) -> Result<Pages, SkipReason> {
    read_within(bytes, TIME_BUDGET)
}

fn read_within(bytes: &[u8], budget: Duration) -> Result<Pages, SkipReason> {
    let deadline = Instant::now() + budget;
    let (tx, rx) = mpsc::channel();
    let owned = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("atlas-pdf".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            quiet_panics();
            let result = std::panic::catch_unwind(|| read_now(&owned, deadline));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(SkipReason::PdfRefused(format!("no thread to read it: {e}")));
    }
    // A little past the budget: the reader checks it itself between glyphs
    // and pages, and answers at once; one stuck inside a parse is left.
    match rx.recv_timeout(budget + Duration::from_secs(5)) {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => Err(SkipReason::BrokenPdf(format!(
            "the PDF reader failed ({})",
            panic_message(&panic)
        ))),
        Err(_) => Err(too_slow(budget)),
    }
}

fn too_slow(budget: Duration) -> SkipReason {
    SkipReason::PdfRefused(format!("took longer than {} s to read", budget.as_secs()))
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = (panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}

thread_local! {
    /// Set on the reader's threads: their panics are reported as skips.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The default hook prints every panic; the reader's are a file's skip
/// reason, not the program's failure, so they are not printed.
fn quiet_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
}

fn read_now(bytes: &[u8], deadline: Instant) -> Result<Pages, SkipReason> {
    let mut doc = Document::load_mem(bytes).map_err(|e| broken(&e.to_string()))?;
    if doc.is_encrypted() {
        // Most "encrypted" PDFs only restrict printing: the empty user
        // password opens them.
        if doc.decrypt("").is_err() || doc.is_encrypted() {
            return Err(SkipReason::Encrypted);
        }
    }
    check_streams(&doc)?;
    let pages = doc.get_pages();
    check_page_tree(&doc, &pages)?;
    check_forms(&doc, &pages)?;
    spell_out_quote_operators(&mut doc, &pages);
    let info = info(&doc);
    let has_images = pages
        .values()
        .map(|&id| page_has_images(&doc, id))
        .collect();
    let mut out = Collect {
        deadline,
        glyphs: Vec::new(),
        pages: Vec::new(),
        height: 0.0,
        timed_out: false,
        too_many: false,
    };
    let result = pdf_extract::output_doc(&doc, &mut out);
    if out.timed_out {
        return Err(too_slow(TIME_BUDGET));
    }
    if out.too_many {
        return Err(SkipReason::PdfRefused(format!(
            "a page draws more than {MAX_PAGE_GLYPHS} characters"
        )));
    }
    if let Err(e) = result {
        return Err(broken(&e.to_string()));
    }
    Ok(Pages {
        info,
        pages: out.pages,
        has_images,
    })
}

fn broken(error: &str) -> SkipReason {
    let first = error.lines().next().unwrap_or("unreadable");
    SkipReason::BrokenPdf(first.chars().take(160).collect())
}

fn info(doc: &Document) -> Info {
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Info::default();
    };
    let text = |key: &[u8]| match dict.get(key).ok().and_then(|o| deref(doc, o)) {
        Some(Object::String(bytes, _)) => Some(text_string(bytes)).filter(|s| !s.trim().is_empty()),
        _ => None,
    };
    Info {
        title: text(b"Title"),
        author: text(b"Author"),
        created: text(b"CreationDate"),
    }
}

/// A PDF text string: UTF-16BE with its mark, UTF-8 with its mark, else
/// PDFDocEncoding (Latin-1 but for a few punctuation marks).
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes
        .iter()
        .map(|&b| match b {
            0x84 => '—',
            0x85 => '–',
            0x8D => '“',
            0x8E => '”',
            0x8F => '‘',
            0x90 => '’',
            0x91 => '‚',
            0x92 => '™',
            b => b as char,
        })
        .collect()
}

/// The reader's output device: glyphs of the page being drawn, laid out
/// into rows when it ends.
struct Collect {
    deadline: Instant,
    glyphs: Vec<Glyph>,
    pages: Vec<Vec<Row>>,
    height: f64,
    timed_out: bool,
    too_many: bool,
}

impl Collect {
    fn stop(&mut self) -> Result<(), OutputError> {
        Err(OutputError::FormatError(std::fmt::Error))
    }
}

impl OutputDev for Collect {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            self.timed_out = true;
            return self.stop();
        }
        self.height = media_box.ury - media_box.lly;
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let glyphs = std::mem::take(&mut self.glyphs);
        self.pages.push(layout::rows(glyphs));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs.len() % 1024 == 1023 && Instant::now() > self.deadline {
            self.timed_out = true;
            return self.stop();
        }
        if self.glyphs.len() >= MAX_PAGE_GLYPHS {
            self.too_many = true;
            return self.stop();
        }
        // The size as drawn: the font size through the text matrix.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        self.glyphs.push(Glyph {
            x: trm.m31 as f32,
            y: (self.height - trm.m32) as f32,
            w: (width * size) as f32,
            size: size as f32,
            text: char.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
