//! What text output shows of strings that come from files: names, ids and
//! metadata anyone may have written. A file name holding a newline, a fake
//! `error:` line or `ESC[2J` must print as visible escapes, never as a new
//! line or a screen command, so every text printer passes such strings
//! through [`text`] (article bodies through [`body`], which keeps their line
//! breaks). JSON is exact and never goes through here. [`unescape`] reads
//! the printed form back (`atlas show` accepts an id as it was printed), and
//! [`path_text`] writes the bytes of a path that is not UTF-8 as `\xNN`.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write as _;

/// C0 and C1 controls and DEL (`char::is_control`), and the bidirectional
/// formatting controls (Unicode's `Bidi_Control`), which can make a line
/// read in another order than its bytes (the "Trojan Source" trick).
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` for a terminal, on one line: every control as `\n`, `\t` or
/// `\u{…}` (lowercase hex, as Rust writes it). Borrowed when there is
/// nothing to escape, which is nearly always.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, is_escaped)
}

/// An article body for a terminal: like [`text`], but its line breaks and
/// tabs stay what they are.
pub fn body(s: &str) -> Cow<'_, str> {
    escape(s, |c| c != '\n' && c != '\t' && is_escaped(c))
}

fn escape(s: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if escaped(c) => out.push_str("\\n"),
            '\t' if escaped(c) => out.push_str("\\t"),
            c if escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The string [`text`] printed as `shown`, when `shown` holds escapes it
/// writes (`\n`, `\t`, `\u{1b}`…); `None` when there are none. Only what
/// [`text`] writes is read back: `\u{41}` or `\x` stay as typed, so an id
/// that really holds a backslash is still found under its own name.
pub fn unescape(shown: &str) -> Option<String> {
    let mut out = String::with_capacity(shown.len());
    let mut changed = false;
    let mut rest = shown;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match read_escape(tail) {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
                changed = true;
            }
            None => {
                out.push('\\');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The escape at the start of `s` (which starts with `\`): the character
/// and the escape's length in bytes.
fn read_escape(s: &str) -> Option<(char, usize)> {
    if s.starts_with("\\n") {
        return Some(('\n', 2));
    }
    if s.starts_with("\\t") {
        return Some(('\t', 2));
    }
    let hex = s.strip_prefix("\\u{")?;
    let end = hex.find('}')?;
    if end == 0 || end > 6 {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(&hex[..end], 16).ok()?)?;
    is_escaped(c).then_some((c, end + 4))
}

/// A path component as text: valid UTF-8 as it is, each byte that is not
/// written `\xNN` ([`bytes_text`]), so two names differing only in such
/// bytes keep different ids.
pub fn path_text(name: &OsStr) -> Cow<'_, str> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        bytes_text(name.as_bytes())
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy()
    }
}

/// Bytes as text: valid UTF-8 as it is, each byte that is not written
/// `\xNN` (lowercase hex, as Python's `backslashreplace` writes it).
pub fn bytes_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_and_read_back() {
        let cases = [
            ("plain name.txt", "plain name.txt"),
            ("a\nerror: fake\x1b[2J.txt", "a\\nerror: fake\\u{1b}[2J.txt"),
            ("tab\there", "tab\\there"),
            ("cr\rdel\x7fnul\0", "cr\\u{d}del\\u{7f}nul\\u{0}"),
            ("c1\u{85}\u{9b}", "c1\\u{85}\\u{9b}"),
            (
                "bidi\u{202e}txt.exe\u{2066}\u{061c}\u{200f}",
                "bidi\\u{202e}txt.exe\\u{2066}\\u{61c}\\u{200f}",
            ),
            ("Zürich – “quotes” 東京", "Zürich – “quotes” 東京"),
        ];
        for (raw, shown) in cases {
            assert_eq!(text(raw), shown, "{raw:?}");
            let back = unescape(shown);
            if raw == shown {
                assert_eq!(back, None, "{shown}");
            } else {
                assert_eq!(back.as_deref(), Some(raw), "{shown}");
            }
        }
    }

    #[test]
    fn only_escapes_text_writes_are_read_back() {
        for literal in [
            "a\\u{41}.txt",
            "dir\\x.txt",
            "a\\u{}.txt",
            "a\\u{1b.txt",
            "a\\",
            "a\\xff.txt",
        ] {
            assert_eq!(unescape(literal), None, "{literal}");
        }
        assert_eq!(unescape("a\\\\n").as_deref(), Some("a\\\n"));
    }

    #[test]
    fn bodies_keep_their_lines() {
        assert_eq!(
            body("one\n\ttwo\x1b[2J\u{202e}"),
            "one\n\ttwo\\u{1b}[2J\\u{202e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn invalid_utf8_bytes_are_written_as_hex() {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"caf\xe9 \xff\xfe.txt");
        assert_eq!(path_text(name), "caf\\xe9 \\xff\\xfe.txt");
        assert_eq!(path_text(OsStr::new("café.txt")), "café.txt");
    }
}
