//! A page's bytes to text, in SPEC's order: the BOM, then bytes that are
//! valid UTF-8 (pages often declare a charset they do not use), then bytes
//! that are UTF-8 but for a few bad sequences (a stray byte from a botched
//! copy: U+FFFD, with a warning), then the declared charset (`<meta
//! charset>`, `http-equiv`, the HTTP header) through encoding_rs, then
//! Windows-1252, which maps every byte.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

/// How far into the page a `<meta charset>` is looked for (browsers use
/// 1024 bytes; saved pages put comments and scripts first, so more).
const PRESCAN_BYTES: usize = 8192;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]{1,40})"#)
        .expect("valid regex")
});

/// The text of the page and, when the encoding was a guess, a warning.
pub fn decode_page(bytes: &[u8], header_charset: Option<&str>) -> (String, Option<String>) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = enc.decode_without_bom_handling(rest);
        return (text.into_owned(), None);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    if let Some((text, warning)) = super::super::encoding::nearly_utf8(bytes) {
        return (text, Some(warning));
    }
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes))
        // A page declaring UTF-8 that is not UTF-8 is, in practice, 1252.
        .filter(|enc| *enc != UTF_8);
    match declared {
        Some(enc) => {
            let (text, _, _) = enc.decode(bytes);
            (text.into_owned(), None)
        }
        None => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            let warning =
                "web page not valid UTF-8 and no usable charset declared; decoded as Windows-1252";
            (text.into_owned(), Some(warning.to_string()))
        }
    }
}

/// The charset a `<meta charset=…>` or `<meta http-equiv content="…;
/// charset=…">` near the top declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN_BYTES.min(bytes.len()))?;
    let label = META_CHARSET.captures(head)?.get(1)?;
    Encoding::for_label(label.as_bytes())
}

/// The `charset=` parameter of an HTTP `Content-Type` value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order() {
        let cp1251 = b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_page(cp1251, None).0.contains("Привет"));
        // The header's charset wins over a missing meta.
        let bare = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_page(bare, Some("cp1251")).0.contains("Привет"));
        // Valid UTF-8 wins over a wrong declaration.
        let utf8 = "<meta charset=windows-1251><p>Привет</p>".as_bytes();
        assert!(decode_page(utf8, None).0.contains("Привет"));
        let latin = b"<p>caf\xe9</p>";
        let (text, warning) = decode_page(latin, None);
        assert!(text.contains("café") && warning.is_some());
        // UTF-8 but for one stray byte: UTF-8, also over a declared charset.
        let stray = "<meta charset=windows-1252><p>Gdańsk, Zürich \u{2013} ".repeat(50);
        let mut stray = stray.into_bytes();
        stray.extend_from_slice(b"\x96 end</p>");
        let (text, warning) = decode_page(&stray, None);
        assert!(text.contains("Gdańsk, Zürich – ") && text.contains("\u{FFFD} end"));
        assert!(warning.unwrap().contains("replaced with U+FFFD"));
        assert_eq!(
            content_type_charset("text/html; charset=\"Shift_JIS\"").as_deref(),
            Some("Shift_JIS")
        );
    }
}
