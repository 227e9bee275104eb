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

/// True when the bytes are not text: a binary format's signature (images,
/// PDFs, archives, executables, audio, video, office files — by `infer`),
/// or NUL bytes denser than text ever has them. One stray NUL in a mail
/// that was pasted into the archive does not make it binary.
pub fn is_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    let signature = infer::get(bytes).is_some_and(|t| t.matcher_type() != infer::MatcherType::Text);
    signature || nul_dense(bytecount_nul(bytes), bytes.len())
}

fn bytecount_nul(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == 0).count()
}

/// More than one NUL per 1,000 bytes (files under 1,000 bytes are counted
/// as 1,000, so a short file may hold one).
fn nul_dense(nuls: usize, len: usize) -> bool {
    nuls.saturating_mul(1000) > len.max(1000)
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
    let nuls = text.chars().filter(|&c| c == '\0').count();
    if nuls == 0 {
        return Ok(Decoded {
            text: normalise_newlines(&text),
            warning,
        });
    }
    if nul_dense(nuls, text.len()) {
        return Err(SkipReason::Binary);
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
    fn binary_by_signature_or_nul_density() {
        // One stray NUL in text is text (its NUL removed, with a warning);
        // NUL-dense bytes and binary signatures are binary.
        assert!(!is_binary(b"a\0b"));
        let d = decode(b"mail\0 body").unwrap();
        assert_eq!(d.text, "mail body");
        assert_eq!(d.warning.as_deref(), Some("1 stray NUL byte removed"));
        assert!(is_binary(&[b'a', 0].repeat(600)));
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(is_binary(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"));
        assert!(is_binary(b"\xff\xd8\xff\xe0\0\x10JFIF"));
        assert!(!is_binary(b"\xFF\xFEh\0"));
        assert_eq!(decode(b"\xFF\xFE\0\0\0\0"), Err(SkipReason::Binary));
    }
}
