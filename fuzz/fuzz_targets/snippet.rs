//! `snippet::make` on any body with the highlights of any query: the input
//! is `query NUL body`. Highlight ranges must be sorted, disjoint and on
//! character boundaries of the snippet.
#![no_main]

use atlas_search::query::{Highlight, parse_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (query, body) = text.split_once('\0').unwrap_or((text, text));
    let Ok(expr) = parse_query(query) else {
        return;
    };
    let s = atlas_search::snippet::make(body, &Highlight::from_expr(&expr));
    let mut last = 0;
    for &(a, b) in &s.highlights {
        assert!(a >= last && a < b && b <= s.text.len());
        assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
        last = b;
    }
    assert!(!s.text.contains("  "));
});
