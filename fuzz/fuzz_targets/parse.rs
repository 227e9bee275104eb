//! `parse::parse` on arbitrary bytes; the first byte picks the file name
//! (and so the format), the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.txt",
    "a",
    "2024/06/24/a.txt",
    "a.md",
    "a.markdown",
    "a.json",
    "a.jsonl",
    "a.ndjson",
    "a.png",
    "a.html",
    "a.html.gz",
    "a.warc",
    "a.warc.gz",
    "a.docx",
    "a.odt",
    "a.rtf",
    "a.eml",
    "a.mbox",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let parsed = atlas_search::parse::parse(name, bytes);
    for item in &parsed.articles {
        assert!(!item.article.title.is_empty());
        assert!(item.article.id.starts_with(name));
    }
});
