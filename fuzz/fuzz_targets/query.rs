//! The query language: `parse_query` on any text, then the tantivy query
//! and the highlight set built from what it accepts.
#![no_main]

use atlas_search::query::{Highlight, QueryBuilder, parse_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (_, fields) = atlas_search::schema::build_schema();
    if let Ok(expr) = parse_query(text) {
        let _ = QueryBuilder::new(fields).build(&expr);
        let _ = Highlight::from_expr(&expr);
    }
    let _ = atlas_search::query::parse_date_bound(text);
});
