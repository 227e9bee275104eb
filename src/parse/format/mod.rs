//! The one decision about a file's format, and everything that follows
//! from it: whether the indexer streams the file, how large it may be, and
//! which reader parses it.
//!
//! The name decides first (`.html`, `.warc.gz`, `.jsonl`); a name without a
//! real extension (wire feeds' `story.0012`, `STORY`) leaves it to the first
//! bytes (`sniff`). The indexer asks before reading, so it sees only the
//! name's answer: a file whose name says nothing is text to it, held whole
//! and bounded as an article. Every property below is an exhaustive match,
//! so a new format (a reader module and a variant) makes the compiler name
//! each decision it has to take.

use super::{
    Item, MAX_ARTICLE_FILE_BYTES, MAX_DOCUMENT_FILE_BYTES, MAX_EXPORT_FILE_BYTES, ParseOptions,
    Parsed, Reader, SkipReason, as_text_instead, clean, encoding, html, mail, office,
    parse_pdf_into, parse_text_formats, push_item, read_events, warc, xml,
};

mod sniff;

/// Every format atlas reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    /// WordPress WXR, NITF, NewsML-G2 (`xml::read`).
    Xml,
    /// A saved web page (`html`), also gzipped.
    Html,
    /// A web archive (`warc`), also gzipped.
    Warc,
    /// A PDF document (`pdf`).
    Pdf,
    /// Word (`.docx`), LibreOffice (`.odt`), Rich Text (`.rtf`): `office`.
    Docx,
    Odt,
    Rtf,
    /// One e-mail message (`.eml`) and a mailbox (`.mbox`, or sniffed by
    /// its `From ` line): `mail`.
    Eml,
    Mbox,
}

impl Format {
    /// Formats read as text, which the document and binary checks guard
    /// (so `photo.png` says "binary"). Pages may be gzipped and archives
    /// hold images: they are read from their bytes.
    fn is_text(self) -> bool {
        match self {
            Format::Text | Format::Markdown | Format::Json | Format::JsonLines | Format::Xml => {
                true
            }
            // Mail may carry 8-bit parts: its reader checks its headers.
            Format::Html
            | Format::Warc
            | Format::Pdf
            | Format::Docx
            | Format::Odt
            | Format::Rtf
            | Format::Eml
            | Format::Mbox => false,
        }
    }

    /// The reader of a format that can be read as a stream, item by item.
    fn stream_reader(self) -> Option<Reader> {
        match self {
            Format::Xml => Some(xml::read),
            Format::Warc => Some(warc::read),
            Format::Mbox => Some(mail::mbox::read),
            Format::Text
            | Format::Markdown
            | Format::Json
            | Format::JsonLines
            | Format::Html
            | Format::Pdf
            | Format::Docx
            | Format::Odt
            | Format::Rtf
            | Format::Eml => None,
        }
    }
}

/// The decision for one file: its format, and how it was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileFormat {
    pub(crate) format: Format,
    /// Known from the first bytes, not the name: a file that turns out not
    /// to be that format is read as plain text (SPEC "Nothing is lost to a
    /// guess").
    pub(crate) sniffed: bool,
    /// Gzip-compressed, by its name (`.html.gz`) or its first bytes.
    gzip: bool,
}

/// What a file's name says.
enum Named {
    Format(Format, bool),
    /// No real extension: the first bytes decide.
    Nothing,
    /// An extension atlas does not read.
    Unsupported(String),
}

/// By the lowercase file name, web names first (`.warc.gz`, `.html.gz` end
/// in the word `gz`), then the extension.
fn by_name(rel_path: &str) -> Named {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let name = name.to_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Named::Format(Format::Warc, name.ends_with(".gz"));
    }
    if name.ends_with(".html.gz") || name.ends_with(".htm.gz") {
        return Named::Format(Format::Html, true);
    }
    if html::PAGE_SUFFIXES.iter().any(|e| name.ends_with(e)) && !name.starts_with('.') {
        return Named::Format(Format::Html, false);
    }
    if sniff::needs_sniffing(rel_path) {
        return Named::Nothing;
    }
    let format = match clean::extension(rel_path).as_deref() {
        Some("txt") => Format::Text,
        Some("xml") => Format::Xml,
        Some("md" | "markdown") => Format::Markdown,
        Some("json") => Format::Json,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        Some("pdf") => Format::Pdf,
        Some("docx") => Format::Docx,
        Some("odt") => Format::Odt,
        Some("rtf") => Format::Rtf,
        Some("eml") => Format::Eml,
        Some("mbox") => Format::Mbox,
        Some(other) => return Named::Unsupported(other.to_string()),
        None => return Named::Nothing,
    };
    Named::Format(format, false)
}

impl FileFormat {
    /// By the name alone, as the indexer decides before reading: a name
    /// that says nothing is text until its bytes are seen. `Err(extension)`
    /// for an extension atlas does not read.
    pub(crate) fn of_name(rel_path: &str) -> Result<FileFormat, String> {
        match by_name(rel_path) {
            Named::Format(format, gzip) => Ok(FileFormat {
                format,
                sniffed: false,
                gzip,
            }),
            Named::Nothing => Ok(FileFormat {
                format: Format::Text,
                sniffed: true,
                gzip: false,
            }),
            Named::Unsupported(extension) => Err(extension),
        }
    }

    /// By the name, then by the first bytes when the name says nothing.
    pub(crate) fn of_file(rel_path: &str, bytes: &[u8]) -> Result<FileFormat, String> {
        match by_name(rel_path) {
            Named::Nothing => {
                let (format, gzip) = sniff::file_format(bytes);
                Ok(FileFormat {
                    format,
                    sniffed: true,
                    gzip,
                })
            }
            _ => FileFormat::of_name(rel_path),
        }
    }

    /// Read as a stream by the indexer, in bounded memory whatever the
    /// file's size (a sniffed file is already in memory).
    pub(crate) fn streams(self) -> bool {
        !self.sniffed && self.format.stream_reader().is_some()
    }

    /// The largest file read whole. Exports hold many articles; a sniffed
    /// file was held whole by the indexer as text, so it is bounded as an
    /// article whatever it turns out to be.
    pub(crate) fn size_limit(self) -> u64 {
        match self.format {
            // Read record by record, so only its records are bounded
            // (`warc::MAX_RECORD_BYTES`).
            Format::Warc => u64::MAX,
            // Read message by message (`mbox::MAX_MESSAGE_BYTES`).
            Format::Mbox if !self.sniffed => u64::MAX,
            Format::Eml => mail::mbox::MAX_MESSAGE_BYTES,
            Format::Html => html::MAX_PAGE_BYTES,
            // A sniffed PDF was held whole as text: bounded as an article.
            Format::Pdf if !self.sniffed => MAX_DOCUMENT_FILE_BYTES,
            Format::Docx | Format::Odt | Format::Rtf => MAX_DOCUMENT_FILE_BYTES,
            // Newsroom XML is streamed with a limit per item (`xml::MAX_ITEM_BYTES`).
            Format::Json | Format::JsonLines | Format::Xml if !self.sniffed => {
                MAX_EXPORT_FILE_BYTES
            }
            Format::Text
            | Format::Markdown
            | Format::Json
            | Format::JsonLines
            | Format::Xml
            | Format::Pdf
            | Format::Mbox => MAX_ARTICLE_FILE_BYTES,
        }
    }

    /// Hands the bytes to the format's reader. A sniffed stream that fails
    /// before it yields an article is read as text instead (a gzipped one
    /// would be binary as text, so its own error stands).
    fn read(
        self,
        rel_path: &str,
        bytes: &[u8],
        opts: &ParseOptions,
        out: &mut Parsed,
    ) -> Result<(), SkipReason> {
        if let Some(read) = self.format.stream_reader() {
            let mut attempt = Parsed::default();
            return match read_events(rel_path, bytes, read, opts, &mut attempt) {
                Err(e) if self.sniffed && !self.gzip && attempt.articles.is_empty() => {
                    let looked_like = match self.format {
                        Format::Warc => "a web archive",
                        Format::Mbox => "a mailbox",
                        _ => "XML",
                    };
                    as_text_instead(rel_path, bytes, looked_like, &e, opts, out)
                }
                result => {
                    out.append(attempt);
                    result
                }
            };
        }
        let office = match self.format {
            Format::Html => return html::parse_file(rel_path, bytes, self.gzip, opts, out),
            Format::Pdf => return parse_pdf_into(rel_path, bytes, opts, out),
            Format::Docx => office::read_docx,
            Format::Odt => office::read_odt,
            Format::Rtf => office::rtf::read,
            Format::Eml => return read_events(rel_path, bytes, mail::read_eml, opts, out),
            format => return parse_text_formats(rel_path, bytes, format, self.sniffed, opts, out),
        };
        let item = Item {
            fragment: None,
            draft: office(bytes)?,
        };
        push_item(rel_path, item, opts, out);
        Ok(())
    }
}

/// A document a reader takes whatever its name says (a PDF): how a mail
/// attachment named `scan` is known to be one.
pub(crate) fn is_document(rel_path: &str, bytes: &[u8]) -> bool {
    sniff::is_pdf(rel_path, bytes)
}

/// `rel_path` names a newsroom export or a web archive that `read_stream`
/// reads as a stream (by name: a file's bytes are not read to decide).
pub fn streams(rel_path: &str) -> bool {
    FileFormat::of_name(rel_path).is_ok_and(FileFormat::streams)
}

/// The size limit for a file at `rel_path` (by its name).
pub fn size_limit(rel_path: &str) -> u64 {
    FileFormat::of_name(rel_path).map_or(MAX_ARTICLE_FILE_BYTES, FileFormat::size_limit)
}

/// The reader `read_stream` uses for `rel_path`; newsroom XML for a name
/// that does not stream (the indexer asks `streams` first).
pub(crate) fn stream_reader(rel_path: &str) -> Reader {
    let format = FileFormat::of_name(rel_path).map(|f| f.format);
    format
        .ok()
        .and_then(Format::stream_reader)
        .unwrap_or(xml::read)
}

/// Parses one file held in memory. The checks run cheapest and most telling
/// first: size, emptiness, a document or binary content for the text
/// formats, the extension, then the format's reader.
pub(crate) fn parse_into(
    rel_path: &str,
    bytes: &[u8],
    opts: &ParseOptions,
    out: &mut Parsed,
) -> Result<(), SkipReason> {
    let found = FileFormat::of_file(rel_path, bytes);
    let size = bytes.len() as u64;
    let limit = found
        .as_ref()
        .map_or(MAX_ARTICLE_FILE_BYTES, |f| f.size_limit());
    if size > limit {
        return Err(SkipReason::TooLarge { size, limit });
    }
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    if found.as_ref().is_err_and(|ext| ext == "doc") {
        return Err(SkipReason::LegacyWord);
    }
    if found.as_ref().map_or(true, |f| f.format.is_text()) {
        // A PDF under a text name (`report.txt`) is still a PDF.
        if sniff::is_pdf(rel_path, bytes) {
            return parse_pdf_into(rel_path, bytes, opts, out);
        }
        // Before the extension, so that `photo.png` is reported as binary.
        if let Some(kind) = encoding::binary_kind(bytes) {
            return Err(SkipReason::Binary(kind));
        }
    }
    let found = found.map_err(SkipReason::UnsupportedExtension)?;
    found.read(rel_path, bytes, opts, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decided_by_name_then_bytes() {
        let named = |rel: &str| FileFormat::of_name(rel).map(|f| (f.format, f.sniffed));
        assert_eq!(named("a/b.WARC.gz"), Ok((Format::Warc, false)));
        assert_eq!(named("a/b.htm.gz"), Ok((Format::Html, false)));
        assert_eq!(named("a/b.shtml"), Ok((Format::Html, false)));
        assert_eq!(named("a/b.markdown"), Ok((Format::Markdown, false)));
        assert_eq!(named("a/b.ndjson"), Ok((Format::JsonLines, false)));
        assert_eq!(named("a/story.0012"), Ok((Format::Text, true)));
        assert_eq!(named("a/b.png"), Err("png".to_string()));
        let sniffed = |bytes: &[u8]| FileFormat::of_file("wire/STORY", bytes).map(|f| f.format);
        assert_eq!(sniffed(b"WARC/1.1\r\n"), Ok(Format::Warc));
        assert_eq!(sniffed(b"<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(sniffed(b"<nitf/>"), Ok(Format::Xml));
        assert_eq!(sniffed(b"%PDF-1.4\n1 0 obj\n%%EOF\n"), Ok(Format::Pdf));
        assert_eq!(named("a/B.PDF"), Ok((Format::Pdf, false)));
        // The name wins over the bytes.
        let txt = FileFormat::of_file("a.txt", b"<nitf/>").map(|f| f.format);
        assert_eq!(txt, Ok(Format::Text));
    }

    #[test]
    fn streams_and_limits_follow_the_decision() {
        assert!(streams("crawl.warc.gz") && streams("export.xml"));
        assert!(!streams("page.html") && !streams("wire/STORY") && !streams("a.json"));
        assert_eq!(size_limit("crawl.warc"), u64::MAX);
        assert_eq!(size_limit("a.json"), MAX_EXPORT_FILE_BYTES);
        assert_eq!(size_limit("page.html"), html::MAX_PAGE_BYTES);
        assert_eq!(size_limit("wire/STORY"), MAX_ARTICLE_FILE_BYTES);
        assert_eq!(size_limit("edition.pdf"), MAX_DOCUMENT_FILE_BYTES);
        // A sniffed export is held whole, so it is bounded as an article.
        let sniffed_xml = FileFormat::of_file("wire/STORY", b"<nitf/>").unwrap();
        assert_eq!(sniffed_xml.size_limit(), MAX_ARTICLE_FILE_BYTES);
        assert!(!sniffed_xml.streams());
    }
}
