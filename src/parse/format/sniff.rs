//! Files without a real extension (wire feeds drop
//! `tag_example.com,2016_newsml_ABC123_1` or `story.0012`) are recognised by
//! their first bytes after a BOM and whitespace.

use std::io::Read;

use super::Format;
use crate::parse::clean;

/// A word of 1–5 letters (`txt`, `json`, `xml`): a real extension.
pub fn is_word_extension(ext: &str) -> bool {
    (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphabetic())
}

/// True for files named without a word-like extension.
pub fn needs_sniffing(rel_path: &str) -> bool {
    clean::extension(rel_path)
        .is_none_or(|e| !is_word_extension(&e) && e != "markdown" && e != "ndjson")
}

/// Whether a file's bytes are a PDF: `%PDF-` at the very start, and the
/// `.pdf` extension or the `%%EOF` trailer in the last kilobyte. Header and
/// trailer together are the format's structure, not a few letters that
/// happen to open an article (`infer` finds `%PDF` anywhere in the first
/// kilobyte, which text can hold). Such files go to the PDF reader (SPEC
/// "Documents"), never to a text reader.
pub fn is_pdf(rel_path: &str, bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"%PDF-") {
        return false;
    }
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or(bytes);
    let trailer = tail.windows(5).any(|w| w == b"%%EOF");
    let pdf_ext = clean::extension(rel_path).is_some_and(|e| e == "pdf");
    pdf_ext || trailer
}

/// The format of a file whose name says nothing, and whether it is
/// gzipped. Pages and web archives are recognised in the first 4 kB,
/// inflated when gzipped, so that a compressed crawl is not rejected as
/// binary; the other formats in the bytes as they are (gzipped, they are
/// binary).
pub fn file_format(bytes: &[u8]) -> (Format, bool) {
    if is_pdf("", bytes) {
        return (Format::Pdf, false);
    }
    let gzip = bytes.starts_with(b"\x1f\x8b");
    let head = if gzip {
        let mut head = Vec::new();
        let decoder = flate2::read::MultiGzDecoder::new(bytes);
        // A damaged stream still yields what it inflated before the damage.
        let _ = decoder.take(4096).read_to_end(&mut head);
        std::borrow::Cow::Owned(head)
    } else {
        std::borrow::Cow::Borrowed(bytes.get(..bytes.len().min(4096)).unwrap_or(bytes))
    };
    match format(&head) {
        web @ (Format::Html | Format::Warc) => (web, gzip),
        // A page's head past the first 4 kB is not taken for a page.
        _ => match format(bytes) {
            Format::Html | Format::Warc => (Format::Text, false),
            other => (other, false),
        },
    }
}

/// The format of a file by its first bytes.
pub fn format(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if crate::parse::mail::mbox::looks_like_mbox(bytes) {
        return Format::Mbox;
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = bytes
        .get(start..bytes.len().min(start + 512))
        .unwrap_or(&[]);
    let lower = String::from_utf8_lossy(head).to_lowercase();
    if lower.starts_with("warc/1.") {
        return Format::Warc;
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<!-- saved from url=")
        || lower.starts_with("<html")
    {
        return Format::Html;
    }
    if lower.starts_with("<?xml") || lower.starts_with("<!--") || lower.starts_with("<!doctype") {
        // The declaration may precede an HTML root.
        return if lower.contains("<html") {
            Format::Html
        } else {
            Format::Xml
        };
    }
    if lower.starts_with('<') && lower.chars().nth(1).is_some_and(|c| c.is_alphabetic()) {
        return Format::Xml;
    }
    if lower.starts_with('{') || lower.starts_with('[') {
        let objects = String::from_utf8_lossy(bytes)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .filter(|l| l.trim_start().starts_with('{') && l.trim_end().ends_with('}'))
            .count();
        return if objects >= 2 {
            Format::JsonLines
        } else {
            Format::Json
        };
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        let cases: &[(&[u8], Format)] = &[
            (b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><nitf/>", Format::Xml),
            (b"<newsItem/>", Format::Xml),
            (b"<!DOCTYPE html><html>", Format::Html),
            (
                b"<!-- saved from url=(0014)about:internet -->",
                Format::Html,
            ),
            (b"WARC/1.1\r\n", Format::Warc),
            (b"{\"a\":1}\n{\"a\":2}\n", Format::JsonLines),
            (b"[{\"a\":1}]", Format::Json),
            (b"Headline\n\nBody", Format::Text),
            (b"<3 this", Format::Text),
        ];
        for (bytes, want) in cases {
            assert_eq!(format(bytes), *want, "{:?}", String::from_utf8_lossy(bytes));
        }
        assert!(needs_sniffing("tag_example.com,2016_newsml_ABC123_1"));
        assert!(needs_sniffing("story.0012"));
        assert!(needs_sniffing("wire/STORY"));
        assert!(!needs_sniffing("a.xml"));
    }
}
