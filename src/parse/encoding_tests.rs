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
        // Without a BOM, by the alternating NULs.
        (b"H\0e\0a\0d\0l\0i\0n\0e\0", "Headline", true),
        (b"\0H\0e\0a\0d\0l\0i\0n\0e", "Headline", true),
    ];
    for (bytes, text, warned) in cases {
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, *text);
        assert_eq!(d.warning.is_some(), *warned, "{bytes:?}");
    }
}

#[test]
fn nearly_utf8_is_utf8_and_one_accent_in_1252_is_1252() {
    // Valid UTF-8 but for one stray byte: UTF-8, the stray byte U+FFFD.
    let mut stray = "Zürich, Köln und Gdańsk: ".repeat(40).into_bytes();
    stray.extend_from_slice(b"\x96 stray");
    let d = decode(&stray).unwrap();
    assert!(d.text.starts_with("Zürich, Köln und Gdańsk"), "{}", d.text);
    assert!(d.text.ends_with("\u{FFFD} stray"));
    let w = d.warning.unwrap();
    assert!(
        w.starts_with("1 invalid UTF-8 sequence (first at byte"),
        "{w}"
    );
    // Windows-1252 with one accented letter (no valid multi-byte sequence).
    let d = decode(b"Le caf\xe9 du coin").unwrap();
    assert_eq!(d.text, "Le café du coin");
    assert!(d.warning.unwrap().contains("Windows-1252"));
    // Many bad sequences beside a few good ones: not UTF-8.
    let mostly_bad = "é \u{e9}".as_bytes().iter().chain(b"\xe0\xe8\xf9").copied();
    let d = decode(&mostly_bad.collect::<Vec<u8>>()).unwrap();
    assert!(d.warning.unwrap().contains("Windows-1252"));
}

#[test]
fn tally_counts_sequences() {
    let mut t = Utf8Tally::default();
    t.add("aé€😀".as_bytes(), 0, true);
    t.add(b"\xff\xc3", 10, false);
    assert_eq!(
        (t.multibyte, t.bad),
        (3, 1),
        "a cut-off sequence is not bad yet"
    );
    t.add(b"\xc3", 12, true);
    assert_eq!(t.multibyte, 3);
    assert_eq!(t.bad, 2);
    assert!(!t.nearly_utf8());
    assert_eq!(t.first_bad, Some(10));
}

#[test]
fn binary_by_bytes_not_by_letters() {
    // One stray NUL in text is text (its NUL removed, with a warning).
    assert_eq!(binary_kind(b"a\0b"), None);
    let d = decode(b"mail\0 body").unwrap();
    assert_eq!(d.text, "mail body");
    assert_eq!(d.warning.as_deref(), Some("1 stray NUL byte removed"));
    // NULs throughout, controls throughout.
    assert_eq!(binary_kind(&[0u8; 300]), Some(None));
    assert_eq!(binary_kind(&b"a\x01b\x02".repeat(100)), Some(None));
    // Tab, newline, CR, form feed and escape are text.
    assert_eq!(binary_kind(&b"a\tb\nc\rd\x0ce\x1b".repeat(100)), None);
    // Real signatures that need a non-printable byte.
    let png = binary_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_eq!(png, Some(Some("PNG image".to_string())));
    assert_eq!(
        binary_kind(b"\xff\xd8\xff\xe0\0\x10JFIF"),
        Some(Some("JPG image".to_string()))
    );
    // Printable signatures (bitmap, executable, PDF anywhere) are not enough.
    for text in ["BMW sales rise", "MZ Racing wins", "Report: %PDF of votes"] {
        assert!(infer::get(text.as_bytes()).is_some(), "{text}");
        assert_eq!(binary_kind(text.as_bytes()), None, "{text}");
    }
    assert_eq!(decode(b"\xFF\xFE\0\0\0\0"), Err(SkipReason::Binary(None)));
    assert_eq!(binary_kind(b"\xFF\xFEh\0"), None);
}
