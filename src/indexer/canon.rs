//! Desks and authors differing only in case are one (SPEC "Desks"): the
//! first spelling the index saw is the one every article displays.

use std::collections::HashMap;

use tantivy::Searcher;

use crate::analysis::exact_key;
use crate::article::Article;
use crate::schema::name;
use crate::store::columns::all_terms;

/// One display spelling per desk and per author, whatever the case they
/// were written in: the first spelling the index saw wins.
#[derive(Default)]
pub(super) struct Canon {
    desks: HashMap<String, String>,
    authors: HashMap<String, String>,
}

impl Canon {
    pub(super) fn from_index(searcher: &Searcher) -> tantivy::Result<Canon> {
        let mut canon = Canon::default();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            for (column, map) in [
                (name::DESK_EXACT, &mut canon.desks),
                (name::AUTHOR_EXACT, &mut canon.authors),
            ] {
                if let Some(col) = ff.str(column)? {
                    for display in all_terms(&col)? {
                        map.entry(exact_key(&display)).or_insert(display);
                    }
                }
            }
        }
        Ok(canon)
    }

    pub(super) fn apply(&mut self, article: &mut Article) {
        fn one(map: &mut HashMap<String, String>, value: &mut String) {
            let display = map.entry(exact_key(value)).or_insert_with(|| value.clone());
            value.clone_from(display);
        }
        if let Some(desk) = article.desk.as_mut() {
            one(&mut self.desks, desk);
        }
        for author in &mut article.authors {
            one(&mut self.authors, author);
        }
    }
}
