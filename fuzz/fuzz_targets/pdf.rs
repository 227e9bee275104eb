//! The PDF reader on arbitrary bytes (seed it with tests/fixtures/pdf/*.pdf):
//! an article or a skip, never a panic or a hang; page starts ascend and
//! fall on character boundaries of the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = atlas_search::parse::parse("a.pdf", data);
    for item in &parsed.articles {
        let a = &item.article;
        assert!(!a.title.is_empty());
        assert!(a.page_starts.windows(2).all(|w| w[0] <= w[1]));
        assert!(a.page_starts.iter().all(|&s| a.body.is_char_boundary(s)));
    }
});
