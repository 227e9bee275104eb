//! Bytes to text. Archives mix encodings: most files are UTF-8 (some with a
//! BOM), Windows tools leave UTF-16 with a BOM, and old scrapes are
//! Windows-1252. Every file comes out as a `String` with `\n` line endings,
//! or as the reason it is not text at all.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::SkipReason;

/// Decoded text and, when the decoding was a guess, a warning to report.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Signatures of binary formats that may contain no NUL byte in their first
/// bytes (a PNG signature alone, a PDF), so that they are reported as binary
/// even under a `.txt` name.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
];

/// True when the bytes are not text: a NUL byte outside UTF-16, or a known
/// binary signature.
pub fn is_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    bytes.contains(&0) || BINARY_MAGIC.iter().any(|m| bytes.starts_with(m))
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// Decodes `bytes`: UTF-16 with a BOM, UTF-8 (BOM removed), or — when the
/// bytes are not valid UTF-8 — Windows-1252, which maps every byte and is
/// what such files almost always are. Line endings become `\n`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let (text, warning): (Cow<str>, Option<String>) = if let Some(enc) = utf16_bom(bytes) {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        let warning =
            had_errors.then(|| format!("invalid {} sequences replaced with U+FFFD", enc.name()));
        (text, warning)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), None),
            Err(e) => {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                let warning = format!(
                    "not valid UTF-8 (first bad byte at offset {}); decoded as Windows-1252",
                    e.valid_up_to()
                );
                (text, Some(warning))
            }
        }
    };
    // A UTF-16 file can still hold NULs (or be UTF-32 behind a UTF-16 BOM).
    if text.contains('\0') {
        return Err(SkipReason::Binary);
    }
    Ok(Decoded {
        text: normalise_newlines(&text),
        warning,
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
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        let cases: &[(&[u8], &str, bool)] = &[
            (b"plain", "plain", false),
            (b"\xEF\xBB\xBFbom", "bom", false),
            (b"a\r\nb\rc", "a\nb\nc", false),
            (
                b"Caf\xe9 \x93quoted\x94",
                "Caf\u{e9} \u{201c}quoted\u{201d}",
                true,
            ),
            (b"\xFF\xFEh\0i\0", "hi", false),
            (b"\xFE\xFF\0h\0i", "hi", false),
        ];
        for (bytes, text, warned) in cases {
            let d = decode(bytes).unwrap();
            assert_eq!(d.text, *text);
            assert_eq!(d.warning.is_some(), *warned, "{bytes:?}");
        }
    }

    #[test]
    fn binary() {
        assert!(is_binary(b"a\0b"));
        assert!(is_binary(b"\x89PNG\r\n\x1a\n"));
        assert!(!is_binary(b"\xFF\xFEh\0"));
        assert_eq!(decode(b"\xFF\xFE\0\0\0\0"), Err(SkipReason::Binary));
    }
}
