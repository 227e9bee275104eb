//! The RTF reader on hand-written RTF: text, Unicode, tables, footnotes,
//! `\info`, skipped destinations, traps.

use super::*;

#[test]
fn text_unicode_tables_and_skipped_destinations() {
    let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times;}}{\info{\title Flood Report}{\author Jane Doe}{\creatim\yr2024\mo6\dy24}}
{\pard First para caf\'e9 and \u8364\'3f price.\par}
{\*\shpinst ignored}{\pard Second{\footnote Note text.} para.\par}
\trowd A\cell B\cell\row
}";
    let d = read(rtf).unwrap();
    assert_eq!(d.meta.title.as_deref(), Some("Flood Report"));
    assert_eq!(d.meta.authors, ["Jane Doe"]);
    assert_eq!(d.meta.date.as_deref(), Some("2024-06-24"));
    assert_eq!(
        d.body,
        "First para café and € price.\n\nSecond para.\n\nA | B\n\nNote text."
    );
}

#[test]
fn a_zero_creation_time_is_no_date() {
    // As LibreOffice writes an RTF whose creation time was never set.
    let rtf = br"{\rtf1\ansi{\info{\creatim\yr0\mo0\dy0\hr0\min0}}{\pard Text.\par}}";
    let d = read(rtf).unwrap();
    assert_eq!(d.meta.date, None);
    assert_eq!(d.body, "Text.");
}

#[test]
fn traps_are_refused() {
    let deep = format!("{{\\rtf1 {}", "{".repeat(5000));
    assert!(matches!(
        read(deep.as_bytes()),
        Err(SkipReason::TooDeep { .. })
    ));
    assert!(read(b"hello").is_err());
    // A `\bin` past the end, an unterminated escape: no panic.
    assert!(read(br"{\rtf1 Text\bin99999999999 x").is_ok());
    assert!(read(br"{\rtf1 Text\'").is_ok());
}
