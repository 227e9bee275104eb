//! A file is binary by its bytes, never by a signature of printable letters
//! (SPEC "Nothing is lost to a guess"), through the real binary: an article
//! that begins with any printable-letter signature `infer` knows is
//! indexed; a real PNG, a NUL-filled file and a ZIP are skipped with their
//! reasons; a PDF (named or not) and gzipped pages reach their reader.

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use common::{Env, fixtures};

/// Every signature `infer` 0.22 recognises that printable ASCII can spell,
/// as (what infer calls it, [(offset, bytes)]). Found by reading each
/// matcher in `~/.cargo/registry/src/*/infer-0.22.0/src/matchers/*.rs` and
/// keeping those whose compared bytes are all printable (or `\n`). Left out,
/// because no text can spell them: signatures with a NUL or a byte above
/// 0x7E (PNG, JPEG, ZIP, gzip, TIFF, WOFF, OTF, RAR, 7z, xz, ELF, …) and
/// the ISO media boxes of HEIF/AVIF, whose first four bytes are a length
/// that printable bytes make at least 538 MB. The text matchers (HTML,
/// XML, `#!`) never made a file binary.
/// Bytes written at an offset.
type Placed = (usize, &'static [u8]);

const PRINTABLE_SIGNATURES: &[(&str, &[Placed])] = &[
    ("exe", &[(0, b"MZ")]),
    ("bc", &[(0, b"BC")]),
    ("dex", &[(0, b"dex\n"), (36, b"p")]),
    ("dey", &[(0, b"dey\n"), (40, b"dex\n"), (76, b"p")]),
    ("pem", &[(0, b"-----BEGIN ")]),
    ("gif", &[(0, b"GIF")]),
    ("webp", &[(8, b"WEBP")]),
    ("bmp", &[(0, b"BM")]),
    ("psd", &[(0, b"8BPS")]),
    ("djvu", &[(0, b"AT&TFORM"), (12, b"DJV")]),
    ("dwg", &[(0, b"AC1015")]),
    ("dwg", &[(0, b"AC2.10")]),
    ("tar", &[(257, b"ustar")]),
    ("bz2", &[(0, b"BZh")]),
    ("bz3", &[(0, b"BZ3v1")]),
    ("pdf", &[(0, b"%PDF")]),
    ("pdf", &[(700, b"%PDF")]),
    ("swf", &[(0, b"CWS")]),
    ("swf", &[(0, b"FWS")]),
    ("rtf", &[(0, b"{\\rtf")]),
    ("crx", &[(0, b"Cr24")]),
    ("cab", &[(0, b"MSCF")]),
    ("cab", &[(0, b"ISc(")]),
    ("ps", &[(0, b"%!")]),
    ("sqlite", &[(0, b"SQLi")]),
    ("deb", &[(0, b"!<arch>\ndebian-binary")]),
    ("ar", &[(0, b"!<arch>")]),
    ("lz", &[(0, b"LZIP")]),
    ("dcm", &[(128, b"DICM")]),
    ("cpio", &[(0, b"070701")]),
    ("midi", &[(0, b"MThd")]),
    ("mp3", &[(0, b"ID3")]),
    ("m4a", &[(0, b"M4A ")]),
    ("m4a", &[(4, b"ftypM4A")]),
    ("ogg", &[(0, b"OggS")]),
    ("opus", &[(0, b"OggS"), (28, b"OpusHead")]),
    ("flac", &[(0, b"fLaC")]),
    ("wav", &[(0, b"RIFF"), (8, b"WAVE")]),
    ("amr", &[(0, b"#!AMR\n")]),
    ("aiff", &[(0, b"FORM"), (8, b"AIFF")]),
    ("dsf", &[(0, b"DSD ")]),
    ("ape", &[(0, b"MAC ")]),
    ("mobi", &[(60, b"BOOKMOBI")]),
    ("m4v", &[(4, b"ftypM4V")]),
    ("mov", &[(4, b"ftypqt  ")]),
    ("mov", &[(4, b"moov")]),
    ("mov", &[(4, b"mdat")]),
    ("mov", &[(12, b"mdat")]),
    ("avi", &[(0, b"RIFF"), (8, b"AVI")]),
    ("mp4", &[(4, b"ftypisom")]),
    ("mp4", &[(4, b"ftypmp42")]),
    ("mp4", &[(4, b"ftypNDXS")]),
    ("mp4", &[(4, b"ftypF4V ")]),
];

/// An ordinary wire story, long enough for every offset above.
fn story(n: usize) -> Vec<u8> {
    format!(
        "Harbour workers end strike after nine days in port dispute number {n}\n\
         By Jane Roe\n\n\
         Dock workers returned to the container terminal on Monday after union \
         leaders accepted a revised pay offer, ending a stoppage that had left \
         dozens of ships waiting offshore and shops short of imported goods.\n\n\
         The agreement raises wages by six percent over two years and limits \
         night shifts, the union said. Port officials expect the backlog of \
         vessels to clear by the end of the week, although some shipping lines \
         warned that delays could last into next month as schedules recover.\n\n\
         Business groups welcomed the deal but called for a review of how \
         disputes at the port are settled, saying the strike had cost exporters \
         heavily during the busiest season of the year for fresh produce.\n"
    )
    .into_bytes()
}

/// `story(n)` with the signature's bytes written over it at their offsets.
fn spelled(n: usize, parts: &[Placed]) -> Vec<u8> {
    let mut bytes = story(n);
    for (at, sig) in parts {
        bytes.splice(*at..*at + sig.len(), sig.iter().copied());
    }
    bytes
}

fn index_json(env: &Env) -> serde_json::Value {
    let out = env
        .run(&["index", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn reasons(report: &serde_json::Value) -> BTreeMap<String, String> {
    (report["skipped"].as_array().unwrap().iter())
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn articles_that_begin_with_a_printable_signature_are_indexed() {
    let env = Env::empty();
    for (i, (kind, parts)) in PRINTABLE_SIGNATURES.iter().enumerate() {
        let bytes = spelled(i, parts);
        // The table is live: infer does take each of these for its kind.
        let found = infer::get(&bytes).map(|t| t.extension());
        let also = |ext: &str| infer::is(&bytes, ext);
        assert!(also(kind), "{kind}: infer says {found:?}");
        env.write(&format!("wire/{i:02}-{kind}.txt"), &bytes);
    }
    // And without an extension, as wire feeds deliver them.
    env.write("feed/BMW-000123", b"BMW recalls 40,000 cars over faulty airbags\n\nThe carmaker said on Tuesday that it would recall vehicles built between 2019 and 2021.\n");
    let report = index_json(&env);
    assert_eq!(reasons(&report), BTreeMap::new());
    let n = PRINTABLE_SIGNATURES.len() as u64 + 1;
    assert_eq!(report["added"], n);
    assert_eq!(report["articles"], n);
    // The article is the story, its first letters included.
    let bmw = env.search(&["recalls", "airbags"]);
    assert_eq!(bmw.hits.len(), 1);
    assert!(bmw.hits[0].title.starts_with("BMW recalls"));
}

#[test]
fn files_whose_bytes_are_not_text_are_skipped_with_their_reasons() {
    let env = Env::empty();
    let png = std::fs::read(fixtures().join("binary/photo.png")).unwrap();
    let pdf = std::fs::read(fixtures().join("binary/report.pdf")).unwrap();
    env.write("img/photo.png", &png);
    // A PNG saved under a text name is still a PNG.
    env.write("img/photo.txt", &png);
    env.write("docs/report.pdf", &pdf);
    // A PDF without its extension, as a mail attachment is saved.
    env.write("docs/attachment-0001", &pdf);
    env.write("junk/zeros.txt", vec![0u8; 4096]);
    env.write(
        "junk/controls.txt",
        b"\x01\x02\x03\x04 data \x05\x06".repeat(50),
    );
    let mut zip = zip_of("story.txt", &story(1));
    env.write("junk/archive.zip", &zip);
    zip.truncate(64);
    env.write("junk/archive-start", &zip);
    let report = index_json(&env);
    // An image by its name is not skipped one by one but set aside (SPEC
    // "Scans": OCR is off), counted in one warning.
    assert_eq!(report["files_set_aside"], 1, "{report}");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("img/photo.png") && warnings.contains("1 image(s) set aside"),
        "{warnings}"
    );
    let want: BTreeMap<String, String> = [
        ("img/photo.txt", "binary file (PNG image)"),
        ("junk/zeros.txt", "binary file"),
        ("junk/controls.txt", "binary file"),
        ("junk/archive.zip", "binary file (ZIP archive)"),
        ("junk/archive-start", "binary file (ZIP archive)"),
    ]
    .into_iter()
    .map(|(p, r)| (p.to_string(), r.to_string()))
    .collect();
    assert_eq!(reasons(&report), want);
    // The PDF is read by the PDF reader, named or not (never as text).
    assert_eq!(report["articles"], 2);
    let hits = env.search(&["harbour", "strike"]);
    let ids: Vec<&str> = hits.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"docs/report.pdf") && ids.contains(&"docs/attachment-0001"));
    assert!(
        hits.hits
            .iter()
            .all(|h| h.title == "Harbour strike ends after nine days")
    );
}

#[test]
fn gzipped_pages_still_reach_their_reader() {
    let env = Env::empty();
    let page = std::fs::read(fixtures().join("html/guardian-like.html")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&page).unwrap();
    let gz = gz.finish().unwrap();
    env.write("web/strike.html.gz", &gz);
    env.write("web/strike-0001", &gz);
    let report = index_json(&env);
    assert_eq!(reasons(&report), BTreeMap::new());
    assert_eq!(report["added"], 2);
}

/// A ZIP archive holding one stored (uncompressed) file, as `zip -0` writes.
fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = {
        let mut h = flate2::Crc::new();
        h.update(data);
        h.sum()
    };
    let (n, len) = (name.len() as u16, data.len() as u32);
    let mut z = Vec::new();
    z.extend(b"PK\x03\x04\x0a\0\0\0\0\0\0\0\0\0");
    z.extend(crc.to_le_bytes());
    z.extend(len.to_le_bytes());
    z.extend(len.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z.extend(name.as_bytes());
    z.extend(data);
    let central = z.len() as u32;
    z.extend(b"PK\x01\x02\x14\0\x0a\0\0\0\0\0\0\0\0\0");
    z.extend(crc.to_le_bytes());
    z.extend(len.to_le_bytes());
    z.extend(len.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend([0u8; 12]);
    z.extend(0u32.to_le_bytes());
    z.extend(name.as_bytes());
    let size = z.len() as u32 - central;
    z.extend(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    z.extend(size.to_le_bytes());
    z.extend(central.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}
