//! Documents as articles: a PDF with where its pages start, and the text
//! OCR read from scans (SPEC "Scans").
//!
//! OCR is IO (Tesseract and pdftoppm run as processes, a cache on disk), so
//! it is not done here: parsing stays bytes in, articles out. The indexer
//! parses a PDF once, sees the pages that are scans (`Parsed::scanned_pages`),
//! has them read (`crate::ocr`) and parses the PDF again with their text
//! (`parse_scanned`); an image's text comes the same way (`parse_image`).
//! The seam is the text: what Tesseract read is data, like the file's bytes.

use std::collections::BTreeMap;

use super::pdf::{self, OCR_OFF};
use super::{Item, ParseOptions, Parsed, Skip, SkipReason, finish, push_item, text};

/// What OCR read from a document's scanned pages, handed to the parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Scans {
    /// Page (from 1) → Tesseract's text, or why it could not be read.
    pub pages: BTreeMap<usize, Result<String, String>>,
    /// Why a scanned page that is not in `pages` was not read.
    pub unread: String,
}

impl Scans {
    /// No page read: OCR is off.
    pub fn off() -> Scans {
        Scans::unread(OCR_OFF)
    }

    /// No page read, for this reason (`OCR needs tesseract-ocr …`).
    pub fn unread(reason: &str) -> Scans {
        Scans {
            pages: BTreeMap::new(),
            unread: reason.to_string(),
        }
    }
}

/// Why a scanned page that OCR read gave nothing.
pub(crate) const NO_WORDS: &str = "OCR found no text";

/// Tesseract's text as paragraphs of lines: a blank line (or a form feed,
/// its page end) closes a paragraph; lines without a letter or digit
/// (specks read as `.` or `|`) are dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut open = false;
    for line in text.split(['\n', '\x0c']) {
        let line = super::clean::normalize_space(line);
        if !line.chars().any(char::is_alphanumeric) {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(p) if open => p.push(line),
            _ => out.push(vec![line]),
        }
        open = true;
    }
    out
}

/// A PDF becomes one article, with where its pages start; its scanned
/// pages are left unread (`scanned_pages` says which they are).
pub(super) fn parse_pdf_into(
    rel_path: &str,
    bytes: &[u8],
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    parse_pdf_with(rel_path, bytes, &Scans::off(), opts, out)
}

fn parse_pdf_with(
    rel_path: &str,
    bytes: &[u8],
    scans: &Scans,
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    let (doc, scanned) = pdf::parse_pdf(rel_path, bytes, scans, &mut out.warnings);
    out.scanned_pages = scanned;
    push_document(rel_path, doc?, opts, out);
    Ok(())
}

/// A PDF parsed again with the text OCR read from its scanned pages (those
/// of `Parsed::scanned_pages` from its first parse): text pages and
/// scanned pages in one body, in page order.
pub fn parse_scanned(rel_path: &str, bytes: &[u8], opts: &ParseOptions, scans: &Scans) -> Parsed {
    let mut out = Parsed::default();
    if let Err(reason) = parse_pdf_with(rel_path, bytes, scans, opts, &mut out) {
        out.skipped.push(Skip {
            path: rel_path.to_string(),
            reason,
        });
    }
    out
}

/// An image (`.png`, `.jpg`, `.tif` …) as the article its OCR text makes,
/// read like a plain-text article (title, byline, dateline), its lines
/// joined into paragraphs; `no text in image` when OCR found no words.
pub fn parse_image(rel_path: &str, text: Result<String, String>, opts: &ParseOptions) -> Parsed {
    let mut out = Parsed::default();
    let skip = |reason| Skip {
        path: rel_path.to_string(),
        reason,
    };
    let text = match text {
        Ok(text) => text,
        Err(reason) => {
            out.skipped.push(skip(SkipReason::OcrFailed(reason)));
            return out;
        }
    };
    let keep = |_: &str, _: &str| false;
    let body: Vec<String> = (paragraphs(&text).iter())
        .map(|lines| {
            let mut p = String::new();
            for line in lines {
                pdf::layout::join_line(&mut p, line, &keep);
            }
            p
        })
        .collect();
    let draft = match text::parse_text(&body.join("\n\n")) {
        Ok(draft) if !draft.body.trim().is_empty() || draft.meta.title.is_some() => draft,
        Ok(_) => {
            out.skipped.push(skip(SkipReason::NoTextInImage));
            return out;
        }
        Err(reason) => {
            out.skipped.push(skip(reason));
            return out;
        }
    };
    let item = Item {
        fragment: None,
        draft,
    };
    push_item(rel_path, item, opts, &mut out);
    for item in &mut out.articles {
        item.article.ocr = true;
    }
    out
}

/// A document's draft as its article: `finish`, then its page starts,
/// which hold as long as `finish` kept the body as it was (the reader
/// hands over a body already clean).
fn push_document(rel_path: &str, doc: pdf::Document, opts: &ParseOptions, out: &mut Parsed) {
    let pdf::Document {
        draft,
        page_starts,
        ocr,
    } = doc;
    let len = draft.body.len();
    let mut article = finish(
        rel_path.to_string(),
        rel_path,
        draft,
        opts,
        &mut out.warnings,
    );
    if article.body.len() == len {
        article.page_starts = page_starts;
    }
    article.ocr = ocr;
    out.articles.push(super::ParsedArticle { article });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_text_as_paragraphs() {
        let text =
            "FERRY TERMINAL\n\nThe Port Authority to-\nday announced\n |\n\nA new line.\n\x0c";
        assert_eq!(
            paragraphs(text),
            [
                vec!["FERRY TERMINAL".to_string()],
                vec![
                    "The Port Authority to-".to_string(),
                    "day announced".to_string()
                ],
                vec!["A new line.".to_string()],
            ]
        );
    }

    #[test]
    fn an_image_is_an_article_from_its_text() {
        let opts = ParseOptions::default();
        let text = "Ferry Terminal Opens\n\nThe Port Authority to-\nday announced a new ferry.\n";
        let parsed = parse_image("scans/clip.png", Ok(text.to_string()), &opts);
        let article = &parsed.articles[0].article;
        assert_eq!(article.title, "Ferry Terminal Opens");
        assert!(
            article.body.contains("today announced a new ferry."),
            "{}",
            article.body
        );
        assert!(article.ocr);
        let blank = parse_image("scans/sky.png", Ok(" \n|\n".to_string()), &opts);
        assert!(blank.articles.is_empty());
        assert_eq!(blank.skipped[0].reason.to_string(), "no text in image");
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
        std::fs::read(dir.join(name)).unwrap()
    }

    #[test]
    fn a_scanned_page_is_read_in_its_place() {
        let opts = ParseOptions::default();
        let mixed = fixture("mixed.pdf");
        let first = crate::parse::parse_with("print/mixed.pdf", &mixed, &opts);
        assert_eq!(first.scanned_pages, [4]);
        assert!(!first.articles[0].article.ocr);
        let text = "FERRY TERMINAL\n\nThe Port Authority to-\nday announced a terminal.\n";
        let scans = Scans {
            pages: BTreeMap::from([(4, Ok(text.to_string()))]),
            unread: "unused".into(),
        };
        let again = parse_scanned("print/mixed.pdf", &mixed, &opts, &scans);
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        let article = &again.articles[0].article;
        assert!(article.ocr);
        assert_eq!(article.page_starts.len(), 4);
        let page4 = &article.body[article.page_starts[3]..];
        assert_eq!(
            page4,
            "FERRY TERMINAL\n\nThe Port Authority today announced a terminal."
        );
        // The text pages are as they were.
        let before = &first.articles[0].article;
        assert_eq!(&article.body[..before.body.len()], before.body);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(12))]
        /// Whatever Tesseract writes, page starts stay true (ascending, on
        /// character boundaries) and nothing panics.
        #[test]
        fn any_ocr_text_keeps_page_starts_true(page in "(.|\n|-\n){0,300}", image in "(.|\n){0,300}") {
            let opts = ParseOptions::default();
            let scans = Scans {
                pages: BTreeMap::from([(4, Ok(page))]),
                unread: "unused".into(),
            };
            let parsed = parse_scanned("mixed.pdf", &fixture("mixed.pdf"), &opts, &scans);
            let a = &parsed.articles[0].article;
            proptest::prop_assert!(a.page_starts.len() == 4 || a.page_starts.is_empty());
            proptest::prop_assert!(a.page_starts.windows(2).all(|w| w[0] <= w[1]));
            proptest::prop_assert!(a.page_starts.iter().all(|&at| a.body.is_char_boundary(at)));
            let _ = parse_image("x.png", Ok(image), &opts);
        }
    }
}
