//! The word list prefixes are expanded from: the terms of the local mirror
//! index `atlas push` keeps beside the cluster file.
//!
//! SphinxQL's own wildcards expand over the engine's keywords with its own
//! rules and limits (and `CALL KEYWORDS` does not expand them at all), so a
//! prefix would match differently than locally. The mirror holds exactly
//! the terms the local index would, in the same fields.

use std::collections::BTreeSet;

use tantivy::Searcher;

use super::schema::mirror_field;
use crate::query::Languages;
use crate::query::fuzzy::{self, FUZZY_MAX_EXPANSIONS};
use crate::schema::Fields;
use crate::store::AtlasIndex;
use crate::variants::{self, Variants};

pub struct WordList {
    searcher: Searcher,
    fields: Fields,
    /// The `[variants]` the last push recorded with the mirror.
    pub variants: Variants,
}

impl WordList {
    pub fn new(mirror: &AtlasIndex) -> Result<WordList, crate::store::StoreError> {
        let searcher = mirror.searcher()?;
        let metas = searcher.index().load_metas().ok();
        Ok(WordList {
            variants: variants::of_payload(metas.as_ref().and_then(|m| m.payload.as_deref())),
            searcher,
            fields: mirror.fields,
        })
    }

    /// The languages of the pushed articles.
    pub fn languages(&self) -> Languages {
        Languages::present(&self.searcher, self.fields.lang)
    }

    /// The mirror's searcher and fields: what suggestions look words up in.
    pub fn vocabulary(&self) -> (&Searcher, Fields) {
        (&self.searcher, self.fields)
    }

    /// The words of `engine_field` within `distance` edits of `word`, those
    /// in the most articles first (as a local `word~` expands).
    pub fn fuzzy(&self, engine_field: &str, word: &str, distance: u8) -> Vec<String> {
        let Some(field) = mirror_field(self.fields, engine_field) else {
            return Vec::new();
        };
        fuzzy::expand(&self.searcher, field, word, distance, FUZZY_MAX_EXPANSIONS)
            .into_iter()
            .map(|e| e.word)
            .collect()
    }

    /// The first `limit` terms of `engine_field` (alphabetically) that
    /// start with `prefix`.
    pub fn starting_with(&self, engine_field: &str, prefix: &str, limit: usize) -> Vec<String> {
        let Some(field) = mirror_field(self.fields, engine_field) else {
            return Vec::new();
        };
        let mut words = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = index.terms().range().ge(prefix.as_bytes()).into_stream() else {
                continue;
            };
            let mut taken = 0;
            while taken < limit && stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(prefix) {
                    break;
                }
                // Common grams (`the american`) share the stemmed fields'
                // dictionaries; they are never words of their own.
                if !word.contains(' ') {
                    words.insert(word.to_string());
                    taken += 1;
                }
            }
        }
        words.into_iter().take(limit).collect()
    }
}
