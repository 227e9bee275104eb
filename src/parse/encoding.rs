//! Bytes to text. Archives mix encodings: most files are UTF-8 (some with a
//! BOM, some with a stray bad byte from a botched copy), Windows tools leave
//! UTF-16 (with or without a BOM), and old scrapes are Windows-1252. Every
//! file comes out as a `String` with `\n` line endings, or as the reason it
//! is not text at all.
//!
//! Whether a file is text is decided by its bytes (SPEC "Nothing is lost to
//! a guess"), never by a signature made of printable letters: an article
//! whose headline starts `BMW` is not a bitmap, one starting `MZ` not a
//! program. `infer` only names what the bytes already showed to be binary,
//! and recognises signatures that no text can begin with (`\x89PNG\r\n\x1a`).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::SkipReason;

/// Decoded text and, when the decoding was a guess, a warning to report.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// How much of a file the text test looks at.
const TEXT_TEST_BYTES: usize = 64 * 1024;

/// `None` when the bytes are text; otherwise the file is binary, with the
/// kind `infer` names when it knows it (`Some("PNG image")`).
///
/// Binary means the first 64 KB (read as UTF-16 units when the file is
/// UTF-16) hold more than one NUL per 1,000 bytes, or C0 controls other
/// than tab, newline, carriage return, form feed and escape in more than
/// 1 % of them; or the file opens with a signature that needs bytes no
/// text has (`non_text_signature`).
pub fn binary_kind(bytes: &[u8]) -> Option<Option<String>> {
    let head = bytes
        .get(..bytes.len().min(TEXT_TEST_BYTES))
        .unwrap_or(bytes);
    let (nuls, controls, units) = match utf16(head) {
        Some((enc, bom)) => tally_units(utf16_units(head.get(bom..).unwrap_or(&[]), enc)),
        None => tally_units(head.iter().map(|&b| u16::from(b))),
    };
    let fails_test = nul_dense(nuls, units) || controls_dense(controls, units);
    if fails_test {
        return Some(infer::get(head).and_then(kind_name));
    }
    if utf16(head).is_some() {
        return None;
    }
    non_text_signature(head).map(Some)
}

/// NULs, the other C0 controls but `\t \n \x0c \r \x1b` (NUL has its own
/// rule), and the number of units.
fn tally_units(units: impl Iterator<Item = u16>) -> (usize, usize, usize) {
    let (mut nuls, mut controls, mut n) = (0, 0, 0);
    for u in units {
        n += 1;
        if u == 0 {
            nuls += 1;
        }
        if u < 0x20 && !matches!(u, 0x00 | 0x09 | 0x0A | 0x0C | 0x0D | 0x1B) {
            controls += 1;
        }
    }
    (nuls, controls, n)
}

fn utf16_units<'a>(bytes: &'a [u8], enc: &'static Encoding) -> impl Iterator<Item = u16> + 'a {
    let le = enc == UTF_16LE;
    bytes.chunks_exact(2).map(move |pair| match pair {
        [a, b] if le => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    })
}

/// A signature `infer` recognises at the start of `head` that needs a
/// byte outside printable ASCII (`\x89PNG\r\n\x1a\n`, gzip's `\x1f\x8b`):
/// certain, unlike one made of letters. Found by asking `infer` again with
/// every other byte blanked: a signature that still matches is made of
/// printable letters and says nothing about a text file.
fn non_text_signature(head: &[u8]) -> Option<String> {
    let head = head.get(..head.len().min(8192)).unwrap_or(head);
    let kind = infer::get(head).filter(|t| t.matcher_type() != infer::MatcherType::Text)?;
    let printable: Vec<u8> = head
        .iter()
        .map(|&b| if is_printable(b) { b } else { b' ' })
        .collect();
    let same = |t: infer::Type| t.extension() == kind.extension();
    if infer::get(&printable).is_some_and(same) {
        return None;
    }
    Some(kind_name(kind).unwrap_or_else(|| kind.mime_type().to_string()))
}

/// Printable ASCII and the whitespace text is made of.
pub(crate) fn is_printable(b: u8) -> bool {
    matches!(b, 0x20..=0x7E | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// "PNG image", "PDF document", "GZ archive": what a binary file is, for
/// its skip reason.
fn kind_name(t: infer::Type) -> Option<String> {
    use infer::MatcherType as M;
    let what = match (t.extension(), t.matcher_type()) {
        (_, M::Text | M::Custom) => return None,
        ("pdf" | "rtf" | "ps", _) | (_, M::Doc) => "document",
        (_, M::App) => "program",
        (_, M::Archive) => "archive",
        (_, M::Audio) => "audio",
        (_, M::Book) => "e-book",
        (_, M::Font) => "font",
        (_, M::Image) => "image",
        (_, M::Video) => "video",
    };
    Some(format!("{} {what}", t.extension().to_uppercase()))
}

/// More than one NUL per 1,000 bytes (files under 1,000 bytes are counted
/// as 1,000, so a short file may hold one).
fn nul_dense(nuls: usize, len: usize) -> bool {
    nuls.saturating_mul(1000) > len.max(1000)
}

/// Controls in more than 1 % of the units (files under 100 bytes are
/// counted as 100, so a short file may hold one stray control).
fn controls_dense(controls: usize, len: usize) -> bool {
    controls.saturating_mul(100) > len.max(100)
}

/// The UTF-16 byte order of `bytes` and the length of its BOM: by the BOM,
/// or without one by the alternating-NUL pattern of text in Latin scripts
/// (one byte of each pair NUL in most pairs, the other almost never).
fn utf16(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some((UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => return Some((UTF_16BE, 2)),
        _ => {}
    }
    let head = bytes
        .get(..bytes.len().min(TEXT_TEST_BYTES))
        .unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair.first() == Some(&0));
        odd += usize::from(pair.get(1) == Some(&0));
    }
    let mostly = |n: usize| n * 10 >= pairs * 6;
    let rarely = |n: usize| n * 100 <= pairs;
    if mostly(odd) && rarely(even) {
        Some((UTF_16LE, 0))
    } else if mostly(even) && rarely(odd) {
        Some((UTF_16BE, 0))
    } else {
        None
    }
}

/// Valid multi-byte sequences and invalid sequences in bytes read as UTF-8.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct Utf8Tally {
    pub multibyte: u64,
    pub bad: u64,
    /// Offset of the first invalid sequence.
    pub first_bad: Option<u64>,
}

impl Utf8Tally {
    /// Counts `bytes`; `offset` is where they start in the file. A sequence
    /// cut off at the end counts as bad only at the `end` of the input.
    pub fn add(&mut self, bytes: &[u8], offset: u64, end: bool) {
        let mut rest = bytes;
        let mut at = offset;
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => return self.add_valid(rest),
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.add_valid(valid);
                    if e.error_len().is_none() && !end {
                        return;
                    }
                    self.bad += 1;
                    self.first_bad.get_or_insert(at + valid.len() as u64);
                    let skip = e.error_len().unwrap_or(after.len()).max(1);
                    at += (valid.len() + skip) as u64;
                    rest = after.get(skip..).unwrap_or(&[]);
                }
            }
        }
    }

    /// Counts bytes already known to be valid UTF-8.
    pub fn add_valid(&mut self, valid: &[u8]) {
        self.multibyte += valid.iter().filter(|&&b| b >= 0xC0).count() as u64;
    }

    /// UTF-8 but for a few bad sequences (SPEC): at least one valid
    /// multi-byte sequence, and bad ones under 1 % of the non-ASCII ones.
    pub fn nearly_utf8(&self) -> bool {
        self.multibyte >= 1 && self.bad > 0 && self.bad * 100 < self.multibyte + self.bad
    }

    /// The warning for text decoded as UTF-8 with U+FFFD.
    pub fn warning(&self) -> String {
        let n = self.bad;
        format!(
            "{n} invalid UTF-8 sequence{} (first at byte {}) replaced with U+FFFD",
            if n == 1 { "" } else { "s" },
            self.first_bad.unwrap_or(0)
        )
    }
}

/// `bytes` as UTF-8 with U+FFFD for its few bad sequences, and the warning,
/// when they are UTF-8 but for those (`Utf8Tally::nearly_utf8`).
pub fn nearly_utf8(bytes: &[u8]) -> Option<(String, String)> {
    let mut tally = Utf8Tally::default();
    tally.add(bytes, 0, true);
    tally
        .nearly_utf8()
        .then(|| (String::from_utf8_lossy(bytes).into_owned(), tally.warning()))
}

/// Decodes `bytes`: UTF-16 (by BOM or by its NUL pattern), UTF-8 (BOM
/// removed; a few bad sequences become U+FFFD), or — when the bytes are not
/// UTF-8 — Windows-1252, which maps every byte and is what such files
/// almost always are. Line endings become `\n`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let (text, warning): (Cow<str>, Option<String>) = if let Some((enc, bom)) = utf16(bytes) {
        let rest = bytes.get(bom..).unwrap_or(&[]);
        let (text, had_errors) = enc.decode_without_bom_handling(rest);
        let mut notes = Vec::new();
        if bom == 0 {
            notes.push(format!("no byte-order mark; read as {}", enc.name()));
        }
        if had_errors {
            notes.push(format!(
                "invalid {} sequences replaced with U+FFFD",
                enc.name()
            ));
        }
        (text, (!notes.is_empty()).then(|| notes.join("; ")))
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), None),
            Err(e) => match nearly_utf8(bytes) {
                Some((text, warning)) => (Cow::Owned(text), Some(warning)),
                None => {
                    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                    let warning = format!(
                        "not valid UTF-8 (first bad byte at offset {}); decoded as Windows-1252",
                        e.valid_up_to()
                    );
                    (text, Some(warning))
                }
            },
        }
    };
    // A UTF-16 file can still hold NULs (or be UTF-32 behind a UTF-16 BOM).
    let nuls = text.chars().filter(|&c| c == '\0').count();
    if nuls == 0 {
        return Ok(Decoded {
            text: normalise_newlines(&text),
            warning,
        });
    }
    if nul_dense(nuls, text.len()) {
        return Err(SkipReason::Binary(None));
    }
    let removed = format!(
        "{nuls} stray NUL byte{} removed",
        if nuls == 1 { "" } else { "s" }
    );
    Ok(Decoded {
        text: normalise_newlines(&text.replace('\0', "")),
        warning: Some(match warning {
            Some(w) => format!("{w}; {removed}"),
            None => removed,
        }),
    })
}

/// `\r\n` and lone `\r` (old Mac files) become `\n`.
pub fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
#[path = "encoding_tests.rs"]
mod tests;
