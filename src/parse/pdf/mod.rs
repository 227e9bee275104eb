//! PDF documents (SPEC "Documents"): one article per file, its text layer
//! in reading order, paragraphs kept, running headers and page numbers
//! dropped, and where each page starts (each hit's page).
//!
//! - `extract`: bytes → pages of glyph rows and the document information,
//!   behind the guards (encryption, bombs, loops, a time budget);
//! - `layout`: a page's glyphs → rows → columns → paragraphs;
//! - `pages`: pages → one body (furniture dropped, page starts);
//! - `meta`: which `Title`, `Author` and `CreationDate` to believe.

mod extract;
mod guards;
pub(crate) mod layout;
mod lines;
mod meta;
pub(crate) mod pages;

use super::header::Meta;
use super::{Draft, SkipReason, Warning, date};
use crate::article::DateSource;

/// Why a PDF's scanned pages were not read (OCR comes later in the run, or
/// not at all): the reason a PDF of nothing but scans is skipped with.
pub(crate) const OCR_OFF: &str = "OCR is off (--ocr)";

/// A document's draft, and what only documents have.
pub(crate) struct Document {
    pub(crate) draft: Draft,
    pub(crate) page_starts: Vec<usize>,
    pub(crate) ocr: bool,
}

/// Reads one PDF into a draft with its page starts. A document with no
/// text layer at all is a scan (`SkipReason::Scanned`); scanned pages among
/// text pages are named in a warning.
pub(crate) fn parse_pdf(
    rel_path: &str,
    bytes: &[u8],
    warnings: &mut Vec<Warning>,
) -> Result<Document, SkipReason> {
    let doc = extract::read(bytes)?;
    let scanned: Vec<usize> = (doc.pages.iter().zip(&doc.has_images))
        .enumerate()
        .filter(|(_, (rows, images))| rows.is_empty() && **images)
        .map(|(i, _)| i + 1)
        .collect();
    let mut pages = doc.pages;
    if pages.iter().all(Vec::is_empty) {
        return Err(if scanned.is_empty() {
            SkipReason::NoText
        } else {
            SkipReason::Scanned(OCR_OFF.to_string())
        });
    }
    if !scanned.is_empty() {
        let list: Vec<String> = scanned.iter().take(10).map(usize::to_string).collect();
        let more = if scanned.len() > 10 { ", …" } else { "" };
        warnings.push(Warning {
            path: rel_path.to_string(),
            message: format!(
                "{} scanned page(s) not read ({}{more}): {OCR_OFF}",
                scanned.len(),
                list.join(", ")
            ),
        });
    }
    pages::drop_furniture(&mut pages);
    let text = pages::assemble(&pages);
    let info = doc.info;
    let title = (info.title.as_deref().and_then(meta::real_title))
        .or(text.headline)
        .or(text.first_line);
    let mut draft_meta = Meta {
        title,
        authors: info
            .author
            .as_deref()
            .map(meta::person_authors)
            .unwrap_or_default(),
        ..Meta::default()
    };
    // Print editions are filed by day; `CreationDate` is when the file was
    // made (often the day before), so the path wins.
    let date_hint = match date::path_date(rel_path) {
        Some(d) => Some((d, DateSource::Path)),
        None => {
            draft_meta.date = (info.created.as_deref())
                .and_then(meta::pdf_date)
                .map(|d| d.to_string());
            None
        }
    };
    Ok(Document {
        draft: Draft {
            meta: draft_meta,
            body: text.body,
            bio: None,
            date_hint,
        },
        page_starts: text.page_starts,
        ocr: false,
    })
}
