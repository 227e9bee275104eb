//! A message's attachments: those atlas reads become articles of their own
//! through the same format seam as any file (a PDF attachment goes where
//! PDF files go; a forwarded message, `message/rfc822`, where `.eml` files
//! go), with the id `path#N/name` (`path/name` for a `.eml`); the others
//! are listed on the message.

use std::collections::HashMap;

use mail_parser::{Message, MimeHeaders};

use super::super::format::{self, FileFormat};
use super::super::{ParseOptions, Parsed, Skip, SkipReason, Warning};
use crate::article::{Attachment, DateSource};

/// An attachment to read as a file of its own.
pub(crate) struct Readable {
    /// What follows the mail file's path in the ids (`#3/report.docx`).
    suffix: String,
    /// The name its format is decided by (`part-4.txt` for an unnamed
    /// `text/plain` part).
    read_as: String,
    bytes: Vec<u8>,
    /// The message's day, for an attachment that has none.
    date: Option<chrono::NaiveDate>,
}

/// Extensions for the content types atlas reads, for a part whose name
/// does not say what it is.
fn extension_of(content_type: &str) -> Option<&'static str> {
    Some(match content_type {
        "text/plain" => "txt",
        "text/html" => "html",
        "text/markdown" => "md",
        "application/pdf" => "pdf",
        "application/rtf" | "text/rtf" => "rtf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/json" => "json",
        // A forwarded message: mail-parser hands over its raw bytes, and
        // parses no more than three levels of them (deeper ones are bytes
        // of no type atlas reads, so listed).
        "message/rfc822" => "eml",
        _ => return None,
    })
}

/// A file name atlas reads by its own name (not a guess from its bytes),
/// or whose bytes are a document a reader takes (a PDF).
fn reads(name: &str, bytes: &[u8]) -> bool {
    FileFormat::of_name(name).is_ok_and(|f| !f.sniffed) || format::is_document(name, bytes)
}

/// The message's attachments, split into those read as articles and those
/// listed. A name that is missing, used twice in the message, or holds `/`
/// or `#` is replaced by `part-K` (K: the part's number in the message).
pub(crate) fn sort(
    message: &Message,
    fragment: Option<&str>,
    date: Option<chrono::NaiveDate>,
) -> (Vec<Readable>, Vec<Attachment>) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for part in message.attachments() {
        if let Some(name) = part.attachment_name() {
            *counts.entry(name.to_string()).or_default() += 1;
        }
    }
    let mut readable = Vec::new();
    let mut listed = Vec::new();
    for &k in &message.attachments {
        let Some(part) = message.parts.get(k as usize) else {
            continue;
        };
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub).to_lowercase(),
                None => ct.ctype().to_lowercase(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_string());
        let given = part
            .attachment_name()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let safe = given.filter(|n| {
            !n.contains(['/', '#', '\\'])
                && counts.get(*n).copied() == Some(1)
                && *n != "."
                && *n != ".."
        });
        let name = safe.map_or_else(|| format!("part-{k}"), str::to_string);
        let bytes = part.contents();
        let read_as = if reads(&name, bytes) {
            Some(name.clone())
        } else {
            extension_of(&content_type).map(|ext| format!("{name}.{ext}"))
        };
        match read_as {
            Some(read_as) => readable.push(Readable {
                suffix: match fragment {
                    Some(n) => format!("#{n}/{name}"),
                    None => format!("/{name}"),
                },
                read_as,
                bytes: bytes.to_vec(),
                date,
            }),
            None => listed.push(Attachment {
                name: given.map_or(name, str::to_string),
                content_type,
                size: bytes.len() as u64,
            }),
        }
    }
    (readable, listed)
}

/// Why the scanned pages of an attached PDF are not read.
/// Attachments of attachments are read this deep (a forwarded message's
/// attachments, a message forwarded in one); deeper, each is a skip with
/// its reason, so a message nested thousands of times costs nothing.
const MAX_ATTACHMENT_DEPTH: u8 = 3;

pub(crate) const ATTACHMENT_SCANS: &str =
    "OCR does not read mail attachments (save it as a file for `atlas index --ocr`)";

/// Reads one attachment through the format seam, as a file named
/// `read_as` would be, and files what it gave under the mail file: ids
/// `path` + suffix, the message's date where it has none.
pub(crate) fn read_attachment(
    rel_path: &str,
    attachment: Readable,
    opts: &ParseOptions,
    out: &mut Parsed,
) {
    let Readable {
        suffix,
        read_as,
        bytes,
        date,
    } = attachment;
    if opts.attachment_depth >= MAX_ATTACHMENT_DEPTH {
        out.skipped.push(Skip {
            path: format!("{rel_path}{suffix}"),
            reason: SkipReason::BadDocument(format!(
                "an attachment nested more than {MAX_ATTACHMENT_DEPTH} deep (not read)"
            )),
        });
        return;
    }
    let opts = &ParseOptions {
        attachment_depth: opts.attachment_depth + 1,
        ..*opts
    };
    let mut read = Parsed::default();
    if let Err(reason) = format::parse_into(&read_as, &bytes, opts, &mut read) {
        read.skipped.push(Skip {
            path: read_as.clone(),
            reason,
        });
    }
    if !read.scanned_pages.is_empty() {
        // The indexer OCRs files, not what a mail holds: whatever `--ocr`
        // says, the scans are named with how to read them.
        let scans = crate::parse::Scans::unread(ATTACHMENT_SCANS);
        read = crate::parse::parse_scanned(&read_as, &bytes, opts, &scans);
    }
    // `part-4.txt#2` (an item of an attachment) is `mail.mbox#1/part-4#2`.
    let id_of = |p: &str| {
        format!(
            "{rel_path}{suffix}{}",
            p.strip_prefix(&read_as).unwrap_or("")
        )
    };
    for mut item in read.articles {
        let article = &mut item.article;
        article.id = id_of(&article.id);
        article.path = rel_path.to_string();
        if let (None, Some(day)) = (article.date, date) {
            article.date = Some(day);
            article.date_source = Some(DateSource::Explicit);
        }
        out.articles.push(item);
    }
    out.skipped.extend(read.skipped.into_iter().map(|s| Skip {
        path: id_of(&s.path),
        reason: s.reason,
    }));
    out.warnings
        .extend(read.warnings.into_iter().map(|w| Warning {
            path: id_of(&w.path),
            message: w.message,
        }));
    out.items_skipped += read.items_skipped;
}
